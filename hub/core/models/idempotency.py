"""Idempotency keys of retried writes (intake, joint application, booking, ticket)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class IdempotencyKey(Model):
    """A client's key for one write, stored in the write's own transaction: a retry with the same
    key by the same actor gets the first result (``result_id``); another payload is refused."""

    id = fields.IntField(primary_key=True)
    scope = fields.CharField(max_length=32)  # intakeCase, openApplication, bookAppointment, takeTicket
    actor = fields.CharField(max_length=64)  # staff:<id>, citizen:<person id> or anonymous
    key = fields.CharField(max_length=100)
    fingerprint = fields.CharField(max_length=64)  # sha256 of the request's payload
    result_id = fields.IntField()  # the case, application, appointment or ticket written
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_key"
        unique_together = (("scope", "actor", "key"),)
