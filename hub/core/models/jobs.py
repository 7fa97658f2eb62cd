"""Leases of periodic jobs (hub/core/jobs.py): one row per job, so one instance runs it at a time."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class JobLease(Model):
    """Who runs a periodic job now and until when. Taking the lease is a compare-and-set on
    ``lease_until``: when it has run out, exactly one instance's UPDATE matches."""

    name = fields.CharField(max_length=64, primary_key=True)
    holder = fields.CharField(max_length=32, default="")  # a random id of the running instance
    lease_until = fields.DatetimeField(null=True)
    last_run_at = fields.DatetimeField(null=True)  # when the job last finished

    class Meta:
        table = "job_lease"
