"""The one way a case changes state: compare-and-set on (status, version), an audit row, an
event on the case's channel, then the listeners registered with ``on_moved`` — all in the
caller's transaction. Domains built on cases (a joint application tracks its linked cases) register
their listeners from the composition root (``hub.web.hooks``); this module imports none of them.

A transition that finds the case in another status (someone else claimed it, the applicant
withdrew …) changes nothing and raises, so two approvers can never both decide one case.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.listeners import Listeners
from hub.core.models import Case, CaseLog
from hub.core.models.enums import CASE_STATUS_LABELS, CaseStatus
from realtime import log
from realtime.log import LoggedEvent
from resolvers.cases.actors import Actor


@dataclass(frozen=True)
class CaseMoved:
    """One status change, as its listeners see it."""

    case_id: int
    application_id: int | None  # the joint application (一件事联办) the case belongs to
    old: CaseStatus
    new: CaseStatus
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class CaseRecorded:
    """One case event (a status change or a step that keeps the status), as listeners see it."""

    case_id: int
    action: str
    detail: dict[str, Any]
    from_status: str | None
    to_status: str | None
    at: datetime


recorded: Listeners[[BaseDBAsyncClient, CaseRecorded]] = Listeners("case recorded")


def on_recorded(listener: Callable[[BaseDBAsyncClient, CaseRecorded], Awaitable[None]]
                ) -> Callable[[BaseDBAsyncClient, CaseRecorded], Awaitable[None]]:
    """Run ``listener(conn, CaseRecorded)`` after every case event (``record``), in its
    transaction; an exception from it rolls the event back."""
    return recorded.add(listener)


MoveListener = Callable[[BaseDBAsyncClient, CaseMoved], Awaitable[None]]
moved: Listeners[[BaseDBAsyncClient, CaseMoved]] = Listeners("case moved")


def on_moved(listener: MoveListener) -> MoveListener:
    """Run ``listener(conn, CaseMoved)`` after every status change, in the mover's transaction
    and in registration order; an exception from it rolls the change back."""
    return moved.add(listener)


def channel_of(case_id: int) -> str:
    """The event channel a case's tracking page follows."""
    return f"case:{case_id}"


async def record(conn: BaseDBAsyncClient, case_id: int, actor: Actor, action: str,
                 detail: dict[str, Any] | None = None, *, from_status: str | None = None,
                 to_status: str | None = None, at: datetime | None = None) -> LoggedEvent:
    """Append an audit row and a case event (for changes that keep the status)."""
    at = at or utcnow()
    await CaseLog.create(
        case_id=case_id, at=at, action=action, from_status=from_status, to_status=to_status,
        actor_id=actor.staff_id, actor_name=actor.name, channel=actor.channel,
        service_point_id=actor.service_point_id, detail=detail or {}, using_db=conn)
    event = await log.append(conn, channel_of(case_id), action, {
        "caseId": case_id, "action": action, "from": from_status, "to": to_status,
        "actor": actor.name, "channel": actor.channel, "at": at.isoformat()})
    await recorded.notify(conn, CaseRecorded(case_id, action, detail or {}, from_status, to_status, at))
    return event


@dataclass(frozen=True)
class Step:
    """One case event for ``record_each``."""

    action: str
    detail: dict[str, Any]
    from_status: str | None = None
    to_status: str | None = None


async def record_each(conn: BaseDBAsyncClient, case_id: int, actor: Actor, steps: list[Step],
                      at: datetime) -> list[LoggedEvent]:
    """``record`` for several events of one case at once, in order: their audit rows in one
    insert and their events in one append (the intake writes two), then the listeners of each."""
    await CaseLog.bulk_create([CaseLog(
        case_id=case_id, at=at, action=s.action, from_status=s.from_status, to_status=s.to_status,
        actor_id=actor.staff_id, actor_name=actor.name, channel=actor.channel,
        service_point_id=actor.service_point_id, detail=s.detail) for s in steps], using_db=conn)
    events = await log.append_many(conn, channel_of(case_id), [(s.action, {
        "caseId": case_id, "action": s.action, "from": s.from_status, "to": s.to_status,
        "actor": actor.name, "channel": actor.channel, "at": at.isoformat()}) for s in steps])
    for s in steps:
        await recorded.notify(conn, CaseRecorded(case_id, s.action, s.detail, s.from_status, s.to_status, at))
    return events


async def move(conn: BaseDBAsyncClient, case_id: int, *, expect: Iterable[CaseStatus],
               to: CaseStatus, actor: Actor, action: str, detail: dict[str, Any] | None = None,
               version: int | None = None, at: datetime | None = None,
               **updates: Any) -> LoggedEvent:
    """Move a case from one of ``expect`` to ``to``; ``version`` pins the exact revision the
    caller looked at. Raises CONFLICT (in Chinese) when the case moved on meanwhile."""
    expected = list(expect)
    rows = await Case.filter(id=case_id).using_db(conn).values("status", "version", "application_id")
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, "办件不存在", "caseId")
    current = CaseStatus(rows[0]["status"])
    if current not in expected or (version is not None and rows[0]["version"] != version):
        raise HubError(ErrorCode.CONFLICT, f"办件当前状态为“{CASE_STATUS_LABELS[current]}”，"
                       "已被他人处理或状态已变化，请刷新后重试", "caseId")
    changed = await Case.filter(id=case_id, status=current, version=rows[0]["version"]).using_db(
        conn).update(status=to, version=rows[0]["version"] + 1, **updates)
    if changed != 1:  # lost the compare-and-set to a concurrent transition
        raise HubError(ErrorCode.CONFLICT, "办件已被他人处理，请刷新后重试", "caseId")
    at = at or utcnow()
    event = await record(conn, case_id, actor, action, detail, from_status=current.value,
                         to_status=to.value, at=at)
    await moved.notify(conn, CaseMoved(case_id, rows[0]["application_id"], current, to, actor, at))
    return event
