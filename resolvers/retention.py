"""Retention: what the hub prunes once it has served its purpose (a job of hub/core/jobs.py).

- **Event log** (realtime/log.py): events older than ``event_days``, per channel. A board or
  tracker whose cursor is older than what is left is told RESET and reloads (realtime/stream.py):
  nothing is silently skipped. The channel rows and their sequence numbers stay.
- **Department callback receipts**: the replay guard of /integration/callback needs only a
  window longer than any department retries in; after ``receipt_days`` a receipt goes.
- **Dead exam links**: attempts that never started — superseded by a newer link (CANCELLED) or
  never scanned before the link expired (ISSUED) — after ``exam_link_days``; they hold no answer
  and no result. Taken attempts and certificates are records and are kept.
- **SMS login codes** (resolvers/citizens/sms_login.py): every run, whatever the policy, the
  expired ones go, and the clear code in their SMS outbox messages is blanked first.

Staff and resident tokens are signed and expire by themselves: no table holds them.
Each kind is one DELETE (per channel for events); 0 days keeps that kind for ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import Q
from tortoise.functions import Max

from hub.core import metrics
from hub.core.models import CallbackReceipt, Event, ExamAttempt
from hub.core.models.enums import AttemptStatus
from realtime import log
from resolvers.citizens import sms_login


@dataclass(frozen=True)
class RetentionPolicy:
    event_days: int = 30
    receipt_days: int = 90
    exam_link_days: int = 30


async def prune_events(before: datetime) -> int:
    tops = await Event.filter(created_at__lt=before).group_by("channel") \
        .annotate(top=Max("seq")).values("channel", "top")
    return sum([await log.prune(row["channel"], int(row["top"])) for row in tops])


async def prune_receipts(before: datetime) -> int:
    return await CallbackReceipt.filter(received_at__lt=before).delete()


async def prune_exam_links(before: datetime) -> int:
    dead = Q(status=AttemptStatus.CANCELLED) | Q(status=AttemptStatus.ISSUED, link_expires_at__lt=before)
    return await ExamAttempt.filter(dead, created_at__lt=before, started_at__isnull=True).delete()


async def prune(policy: RetentionPolicy, now: datetime) -> dict[str, int]:
    """Prune every kind past its age; rows removed per kind."""
    removed: dict[str, int] = {}
    for kind, days, step in (("events", policy.event_days, prune_events),
                             ("callback_receipts", policy.receipt_days, prune_receipts),
                             ("exam_links", policy.exam_link_days, prune_exam_links)):
        if days > 0:
            removed[kind] = await step(now - timedelta(days=days))
            metrics.RETENTION_PRUNED.labels(kind).inc(removed[kind])
    removed["login_codes"] = await sms_login.prune(now)
    metrics.RETENTION_PRUNED.labels("login_codes").inc(removed["login_codes"])
    return removed
