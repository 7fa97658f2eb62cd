"""The working-day SLA sweep: 临期提醒 and 超期督办.

``sweep(now)`` is idempotent and safe to run from several hub processes at once: each case is
reminded once (``reminded_at``) and escalated once (``escalated_at``), claimed with a
compare-and-set UPDATE before anybody is told.

- a case waiting for its department (RECEIVED or IN_REVIEW, the clock running) on or past its
  reminder day: a REMINDER notice to the assignee (or A), and an unclaimed case is offered to
  B (AB岗) — audit row REMIND;
- the same past its promised due date: an ESCALATED notice to the supervisors of the deciding
  point's region (the deciding point and every point above it) — audit row ESCALATE.

A paused case (补件) is neither reminded nor escalated; its dates move when it resumes.
The app runs the sweep every minute (``watch``); administrators can run it (``runCaseSweep``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypedDict, cast

from tortoise.transactions import in_transaction

from hub.core.clock import local_date, utcnow
from hub.core.models import Case, ServicePoint, Staff
from hub.core.models.enums import CaseStatus, NoticeKind, Role
from realtime.log import LoggedEvent
from resolvers.cases import routing
from resolvers.cases.actors import Actor
from resolvers.cases.transitions import record

logger = logging.getLogger(__name__)

WAITING = [CaseStatus.RECEIVED.value, CaseStatus.IN_REVIEW.value]
BATCH = 200
CASE_FIELDS = ("id", "number", "item_name", "applicant_name", "status", "assignee_id", "department_id",
               "decide_point_id", "decide_path", "offered_to_backup", "due_on", "remind_on")


class DueCase(TypedDict):
    """A case as the sweep reads it (``CASE_FIELDS``)."""

    id: int
    number: str
    item_name: str
    applicant_name: str
    status: CaseStatus
    assignee_id: int | None
    department_id: int
    decide_point_id: int
    decide_path: str
    offered_to_backup: bool
    due_on: date | None
    remind_on: date | None


@dataclass(frozen=True)
class Swept:
    reminded: list[str]  # case numbers
    escalated: list[str]
    events: list[LoggedEvent]


async def sweep(now: datetime | None = None) -> Swept:
    now = now or utcnow()
    today = local_date(now)
    events: list[LoggedEvent] = []
    reminded: list[str] = []
    escalated: list[str] = []
    due = cast(list[DueCase], await Case.filter(
        status__in=WAITING, paused_since__isnull=True, reminded_at__isnull=True,
        remind_on__lte=today).order_by("remind_on", "id").limit(BATCH).values(*CASE_FIELDS))
    posts = await routing.posts_for((c["department_id"], c["decide_point_id"]) for c in due)
    for case in due:
        post = posts.get((case["department_id"], case["decide_point_id"]))
        async with in_transaction() as conn:
            if not await Case.filter(id=case["id"], reminded_at__isnull=True).using_db(conn).update(
                    reminded_at=now):
                continue  # another process reminded it first
            who = case["assignee_id"] or (post.primary_id if post else None)
            label = f"{case['number']}（{case['item_name']}），承诺办结日期 {case['due_on']}"
            if who:
                events += await routing.notify(conn, [(who, NoticeKind.REMINDER, f"临期提醒：{label}")],
                                               case["id"], now)
            events.append(await record(conn, case["id"], Actor.system(), "REMIND",
                                       {"dueOn": str(case["due_on"])}, at=now))
            if post and case["status"] == CaseStatus.RECEIVED.value:
                events += await routing.offer_to_backup(conn, case, post, "办件临期", now)
        reminded.append(case["number"])

    late = cast(list[DueCase], await Case.filter(
        status__in=WAITING, paused_since__isnull=True, escalated_at__isnull=True,
        due_on__lt=today).order_by("due_on", "id").limit(BATCH).values(*CASE_FIELDS))
    supervisors = await _supervisors({str(c["decide_path"]) for c in late})
    for case in late:
        async with in_transaction() as conn:
            if not await Case.filter(id=case["id"], escalated_at__isnull=True).using_db(conn).update(
                    escalated_at=now):
                continue
            bosses = [sid for path, sid in supervisors if str(case["decide_path"]).startswith(path)]
            events += await routing.notify(conn, [(sid, NoticeKind.ESCALATED,
                                         f"超期督办：{case['number']}（{case['item_name']}，"
                                         f"{case['applicant_name']}）已超过承诺办结日期 {case['due_on']}")
                                        for sid in bosses], case["id"], now)
            events.append(await record(conn, case["id"], Actor.system(), "ESCALATE",
                                       {"dueOn": str(case["due_on"]), "supervisors": len(bosses)}, at=now))
        escalated.append(case["number"])
    return Swept(reminded, escalated, events)


async def _supervisors(paths: set[str]) -> list[tuple[str, int]]:
    """(point path, staff id) of the active supervisors at any point on the given paths."""
    codes = {c for p in paths for c in p.split("/") if c}
    if not codes:
        return []
    points = dict(await ServicePoint.filter(code__in=codes).values_list("id", "path"))
    rows = await Staff.filter(active=True, service_point_id__in=list(points)).values(
        "id", "roles", "service_point_id")
    return [(str(points[r["service_point_id"]]), r["id"]) for r in rows
            if Role.SUPERVISOR.value in r["roles"]]


async def watch(publish: Callable[[list[LoggedEvent]], Awaitable[Any]], every_seconds: float = 60) -> None:
    """The app's background beat: run the sweep every minute, publish what it logged."""
    while True:
        await asyncio.sleep(every_seconds)
        try:
            swept = await sweep()
            if swept.events:
                await publish(swept.events)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("case SLA sweep failed; retrying at the next beat")
