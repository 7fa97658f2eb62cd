"""Periodic jobs that run once per period across every hub instance.

Each job has a row in ``job_lease``. An instance runs the job only when it takes the lease: a
compare-and-set UPDATE that matches when the lease has run out, and stamps a random holder and
``lease_until = now + every``. Of several instances polling at once exactly one UPDATE matches
(both databases serialise the row's update), so the job runs once per period; an instance that
dies mid-run leaves its lease to run out, and the next period runs elsewhere. The lease is
the period, so a job's work must be safe to repeat (pruning is). A run that fails gives its
lease back, so that the next poll (of any instance) tries again rather than the next period.

Every try is counted in ``owh_job_runs_total{job,outcome}`` (``ran``, ``skipped_lease_held``,
``failed``), and a finished run sets ``owh_job_last_success_timestamp_seconds{job}``: an alert
on that gauge's age (max over instances) sees a job that stopped running anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from hub.core import metrics
from hub.core.clock import utcnow
from hub.core.models import JobLease

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    work: Callable[[datetime], Awaitable[object]]  # given ``now``; its result is logged


async def take_lease(name: str, now: datetime, every: timedelta) -> str | None:
    """The holder id when this instance now holds ``name``'s lease, else None."""
    if not await JobLease.exists(name=name):
        # another instance may create the row at the same moment: fine
        with contextlib.suppress(IntegrityError):
            await JobLease.create(name=name)
    holder = secrets.token_hex(8)
    taken = await JobLease.filter(
        Q(name=name) & (Q(lease_until__isnull=True) | Q(lease_until__lte=now))
    ).update(holder=holder, lease_until=now + every)
    return holder if taken else None


async def run_once(job: Job, now: datetime | None = None) -> object | None:
    """Run ``job`` if its lease is free (then its result), else None."""
    now = now or utcnow()
    holder = await take_lease(job.name, now, job.every)
    if holder is None:
        metrics.JOB_RUNS.labels(job.name, "skipped_lease_held").inc()
        return None
    try:
        result = await job.work(now)
    except Exception:
        metrics.JOB_RUNS.labels(job.name, "failed").inc()
        # give the lease back (only if still ours), so that the next poll tries again
        with contextlib.suppress(Exception):
            await JobLease.filter(name=job.name, holder=holder).update(lease_until=None)
        raise
    finished = utcnow()
    await JobLease.filter(name=job.name, holder=holder).update(last_run_at=finished)
    metrics.JOB_RUNS.labels(job.name, "ran").inc()
    metrics.JOB_LAST_SUCCESS.labels(job.name).set(finished.timestamp())
    return result


async def run_periodically(job: Job, poll_seconds: float) -> None:
    """The background task of a hub process: try the job every ``poll_seconds`` (it runs
    once per ``job.every`` across instances) until cancelled."""
    while True:
        try:
            result = await run_once(job)
            if result is not None:
                logger.info("job %s: %s", job.name, result)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("job %s failed; trying again at the next poll", job.name)
        await asyncio.sleep(poll_seconds)
