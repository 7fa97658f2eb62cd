"""Retention: old events pruned (a follower behind them is told to reload), old callback
receipts and dead exam links removed, records kept; the job runs once per period however many
instances offer it at once (hub/core/jobs.py)."""

import asyncio
import secrets
from datetime import timedelta

import pytest
from tortoise.transactions import in_transaction

from hub.core import jobs
from hub.core.clock import utcnow
from hub.core.models import CallbackReceipt, Department, Event, Exam, ExamAttempt, JobLease, Staff
from hub.core.models.enums import AttemptStatus
from realtime import log
from realtime.bus import EventBus
from realtime.stream import Reset, follow
from resolvers.retention import RetentionPolicy, prune

pytestmark = pytest.mark.both_databases
CH = "hall:retention-test"


async def events(n: int, age_days: float) -> None:
    for _ in range(n):
        async with in_transaction() as conn:
            e = await log.append(conn, CH, "CALLED", {})
        await Event.filter(channel=CH, seq=e.seq).update(created_at=utcnow() - timedelta(days=age_days))


async def attempt(status: AttemptStatus, age_days: float, started: bool = False,
                  username: str = "xinren") -> int:
    # (one open link per person and exam: a second ISSUED one goes to someone else)
    exam, staff = await Exam.first(), await Staff.get(username=username)
    then = utcnow() - timedelta(days=age_days)
    a = await ExamAttempt.create(exam=exam, staff=staff, status=status, link_nonce=secrets.token_hex(8),
                                 link_expires_at=then + timedelta(hours=2), created_at=then,
                                 started_at=then if started else None)
    return a.id


async def test_retention_prunes_what_has_served_its_purpose_and_keeps_records(database):
    # given old and recent events, receipts and exam links
    await events(3, age_days=40)
    await events(2, age_days=1)
    dept = await Department.first()
    old = await CallbackReceipt.create(department=dept, key="old", case_number="X1", decision="APPROVED")
    await CallbackReceipt.filter(id=old.id).update(received_at=utcnow() - timedelta(days=100))
    await CallbackReceipt.create(department=dept, key="new", case_number="X2", decision="APPROVED")
    cancelled = await attempt(AttemptStatus.CANCELLED, 40)
    expired = await attempt(AttemptStatus.ISSUED, 40)
    taken = await attempt(AttemptStatus.SUBMITTED, 40, started=True)
    fresh = await attempt(AttemptStatus.ISSUED, 1, username="qiantai")
    # when retention runs with the default ages
    removed = await prune(RetentionPolicy(), utcnow())
    # then the old ones went and the rest stayed
    assert removed["events"] >= 3 and removed["callback_receipts"] >= 1 and removed["exam_links"] >= 2
    assert sorted(await Event.filter(channel=CH).values_list("seq", flat=True)) == [4, 5]
    assert await CallbackReceipt.filter(key="new").exists()
    assert not await CallbackReceipt.filter(key="old").exists()
    ids = [cancelled, expired, taken, fresh]
    left = set(await ExamAttempt.filter(id__in=ids).values_list("id", flat=True))
    assert left == {taken, fresh}
    # and a board whose cursor is in the pruned part is told to reload, then resumes
    stream = follow(EventBus(), CH, after=1)
    assert await anext(stream) == Reset(5)
    await stream.aclose()
    # and a second run finds nothing more
    assert sum((await prune(RetentionPolicy(), utcnow())).values()) == 0


async def test_the_retention_job_runs_once_per_period_across_instances(database):
    # given the retention job as every instance builds it, offered by five at the same moment
    from hub.web.wiring import retention_job
    from tests.conftest import test_settings

    await events(2, age_days=40)
    job = retention_job(test_settings(database))
    now = utcnow()
    results = await asyncio.gather(*(jobs.run_once(job, now) for _ in range(5)))
    # then exactly one ran it, and pruned the old events
    ran = [r for r in results if r is not None]
    assert len(ran) == 1 and ran[0]["events"] == 2
    assert (await JobLease.get(name="retention")).last_run_at is not None
    # and within the period nobody runs it again; after it, one does
    assert await jobs.run_once(job, now + job.every / 2) is None
    assert await jobs.run_once(job, now + job.every + timedelta(seconds=1)) is not None
