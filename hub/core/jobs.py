"""Periodic jobs that run once per period across every hub instance.

Each job has a row in ``job_lease``. An instance runs the job only when it takes the lease: a
compare-and-set UPDATE that matches when the lease has run out, and stamps a random holder and
``lease_until = now + every``. Of several instances polling at once exactly one UPDATE matches
(both databases serialise the row's update), so the job runs once per period; an instance that
dies mid-run leaves its lease to run out, and the next period runs elsewhere. The lease is
the period, so a job's work must be safe to repeat (pruning is).
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
        return None
    result = await job.work(now)
    await JobLease.filter(name=job.name, holder=holder).update(last_run_at=utcnow())
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
