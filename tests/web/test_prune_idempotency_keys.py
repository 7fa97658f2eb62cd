"""Idempotency keys are pruned after their retention by a job that one instance at a time runs
(issue 15): of several instances polling at once exactly one takes the lease and prunes; the
others skip until the lease (the period) has run out. Both databases."""

import asyncio
from datetime import timedelta

import pytest

from hub.core import jobs
from hub.core.clock import utcnow
from hub.core.models import IdempotencyKey, JobLease
from hub.web.wiring import prune_keys_job
from tests.conftest import test_settings

pytestmark = pytest.mark.both_databases


async def keys(*ages_in_days: float) -> None:
    now = utcnow()
    for i, age in enumerate(ages_in_days):
        row = await IdempotencyKey.create(scope="takeTicket", actor="anonymous", key=f"k{i}",
                                          fingerprint="f" * 64, result_id=i)
        await IdempotencyKey.filter(id=row.id).update(created_at=now - timedelta(days=age))


async def test_old_keys_are_pruned_once_across_instances(database):
    await keys(10, 8, 6.9, 1, 0)
    job = prune_keys_job(test_settings(database))  # 7 days by default, hourly
    now = utcnow()
    # five instances poll at the same moment (on PostgreSQL, five connections at once)
    results = await asyncio.gather(*(jobs.run_once(job, now) for _ in range(5)))
    ran = [r for r in results if r is not None]
    assert ran == ["2 keys pruned"], results
    assert sorted(await IdempotencyKey.all().values_list("key", flat=True)) == ["k2", "k3", "k4"]
    lease = await JobLease.get(name=job.name)
    assert lease.last_run_at is not None and lease.lease_until == now + timedelta(hours=1)
    # within the hour nobody runs it again; once the lease has run out, one instance does
    await keys(30)
    assert await jobs.run_once(job, now + timedelta(minutes=59)) is None
    later = await asyncio.gather(*(jobs.run_once(job, now + timedelta(hours=1)) for _ in range(3)))
    assert [r for r in later if r is not None] == ["1 keys pruned"]


async def test_the_retention_is_a_setting(database):
    await keys(3, 1)
    job = prune_keys_job(test_settings(database, idempotency_retention_days=2))
    assert await jobs.run_once(job) == "1 keys pruned"
    assert await IdempotencyKey.all().count() == 1
