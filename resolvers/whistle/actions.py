"""Whistle rules: raise, accept (compare-and-set), chat, resolve, escalate, and the lists.

Every change writes the row and appends its events in one transaction (channel order: the
call, then the department desk, then the supervisors), and returns the events for the caller
to publish after the commit. Times come from ``utcnow`` here so that tests can freeze them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.listeners import Listeners
from hub.core.models import Department, HelpCall, HelpMessage, Item
from hub.core.models.enums import HELP_CALL_STATUS_LABELS, HelpCallStatus, Role
from hub.core.retry import retrying
from hub.core.viewer import Viewer, require_role, require_viewer
from realtime import log
from realtime.bus import EventBus
from realtime.log import LoggedEvent
from resolvers.whistle import presence, rules

logger = logging.getLogger(__name__)

CALL_FIELDS = (
    "id", "status", "caller_id", "caller__name", "service_point__name", "point_path",
    "routed_path", "department_id", "department__code", "department__name", "item_code",
    "item_name", "topic", "question", "case_ref", "expert_id", "raised_at", "accepted_at",
    "resolved_at", "escalated_at", "escalation_reason", "answer", "resolved_by_id",
    "response_seconds", "resolution_seconds",
)
ESCALATION_REASONS = {"TIMEOUT": "超时无人接单", "NO_EXPERT_ON_DUTY": "无在岗专家"}
OPEN_STATES = (HelpCallStatus.OPEN, HelpCallStatus.ACCEPTED)


escalated: Listeners[[BaseDBAsyncClient, dict[str, Any], datetime]] = Listeners("whistle escalated")


def on_escalated(listener: Callable[[BaseDBAsyncClient, dict[str, Any], datetime], Awaitable[None]]
                 ) -> Callable[[BaseDBAsyncClient, dict[str, Any], datetime], Awaitable[None]]:
    """Run ``listener(conn, call snapshot, at)`` when a call is escalated to the supervisors
    (no expert on duty when raised, or unanswered in time), in that transaction, once per call."""
    return escalated.add(listener)


def clock() -> datetime:
    """The current time for the GraphQL entry points (tests replace ``utcnow``)."""
    return utcnow()


async def expert_logged_in(staff_id: int, roles: frozenset[Role]) -> None:
    """Listens to staff logins (``resolvers.staff.actions.on_logged_in``): an expert who logs in
    counts as on duty (``presence.touch``)."""
    if Role.EXPERT in roles:
        await presence.touch(staff_id, clock())


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def _names(ids: list[int], conn: BaseDBAsyncClient | None = None) -> dict[int, str]:
    from hub.core.models import Staff

    wanted = [i for i in set(ids) if i is not None]
    if not wanted:
        return {}
    q = Staff.filter(id__in=wanted)
    if conn is not None:
        q = q.using_db(conn)
    return {r["id"]: r["name"] for r in await q.values("id", "name")}


def _snapshot(r: dict[str, Any], names: dict[int, str]) -> dict[str, Any]:
    """A call as events carry it (JSON-safe, camelCase); the GraphQL type reads this."""
    return {
        "id": r["id"], "status": str(r["status"]), "callerId": r["caller_id"],
        "callerName": r["caller__name"], "servicePointName": r["service_point__name"],
        "pointPath": r["point_path"], "routedPath": r["routed_path"],
        "departmentId": r["department_id"], "departmentCode": r["department__code"],
        "departmentName": r["department__name"], "itemCode": r["item_code"],
        "itemName": r["item_name"], "topic": r["topic"], "question": r["question"],
        "caseRef": r["case_ref"], "expertId": r["expert_id"],
        "expertName": names.get(r["expert_id"]), "raisedAt": _iso(r["raised_at"]),
        "acceptedAt": _iso(r["accepted_at"]), "resolvedAt": _iso(r["resolved_at"]),
        "escalatedAt": _iso(r["escalated_at"]),
        "escalationReason": ESCALATION_REASONS.get(r["escalation_reason"]),
        "answer": r["answer"], "resolvedByName": names.get(r["resolved_by_id"]),
        "responseSeconds": r["response_seconds"], "resolutionSeconds": r["resolution_seconds"],
    }


async def snapshots(rows: list[dict[str, Any]], conn: BaseDBAsyncClient | None = None
                    ) -> list[dict[str, Any]]:
    names = await _names([r["expert_id"] for r in rows] + [r["resolved_by_id"] for r in rows], conn)
    return [_snapshot(r, names) for r in rows]


async def load_call(call_id: int, conn: BaseDBAsyncClient | None = None) -> dict[str, Any]:
    q = HelpCall.filter(id=call_id)
    if conn is not None:
        q = q.using_db(conn)
    rows = await q.values(*CALL_FIELDS)
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, "吹哨不存在", "callId")
    return (await snapshots(rows, conn))[0]


def status_label(status: str) -> str:
    return HELP_CALL_STATUS_LABELS[HelpCallStatus(status)]


async def _announce(conn: BaseDBAsyncClient, kind: str, call: dict[str, Any], *, desk: bool = True,
                    supervisors: bool = False, extra: dict[str, Any] | None = None
                    ) -> list[LoggedEvent]:
    """Append ``kind`` to the call channel, then the desk, then the supervisors (fixed order)."""
    payload = {"call": call, **(extra or {})}
    events = [await log.append(conn, rules.call_channel(call["id"]), kind, payload)]
    if desk:
        events.append(await log.append(conn, rules.desk_channel(call["departmentCode"]), kind,
                                       {"call": call}))
    if supervisors:
        events.append(await log.append(conn, rules.ESCALATIONS_CHANNEL, kind, {"call": call}))
    return events


# --- raise --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RaiseRequest:
    question: str
    item_code: str | None = None
    department_code: str | None = None
    topic: str | None = None
    case_ref: str | None = None


def _text(value: str | None, limit: int, field: str, what: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise HubError(ErrorCode.INVALID, f"请填写{what}", field)
    if len(text) > limit:
        raise HubError(ErrorCode.INVALID, f"{what}不能超过 {limit} 字", field)
    return text


async def raise_call(
    viewer: Viewer | None, req: RaiseRequest, *, now: datetime, on_duty_minutes: int
) -> tuple[dict[str, Any], list[LoggedEvent]]:
    """The front desk blows the whistle: route to the on-duty experts of the department."""
    v = require_role(viewer, Role.FRONT_DESK, Role.ISSUER)
    question = _text(req.question, rules.MAX_QUESTION, "question", "问题", required=True)
    case_ref = _text(req.case_ref, rules.MAX_CASE_REF, "caseRef", "办件编号", required=False) or None
    item_code = (req.item_code or "").strip() or None
    if item_code is not None:
        item = await Item.get_or_none(code=item_code, active=True).values(
            "name", "department_id")
        if item is None:
            raise HubError(ErrorCode.NOT_FOUND, f"事项 {item_code} 不存在", "itemCode")
        department_id, item_name = item["department_id"], item["name"]
        topic = _text(req.topic, rules.MAX_TOPIC, "topic", "主题", required=False)
    else:
        topic = _text(req.topic, rules.MAX_TOPIC, "topic", "主题（或选择事项）", required=True)
        code = (req.department_code or "").strip()
        if not code:
            raise HubError(ErrorCode.INVALID, "未选择事项时，请选择求助的部门", "departmentCode")
        dept = await Department.get_or_none(code=code).values("id")
        if dept is None:
            raise HubError(ErrorCode.NOT_FOUND, f"部门 {code} 不存在", "departmentCode")
        department_id, item_name = dept["id"], ""
    levels = rules.chain(v.service_point_path)
    on_duty = await presence.on_duty_experts(department_id, levels, now, on_duty_minutes)
    routed = rules.route(v.service_point_path, [e["path"] for e in on_duty])

    async def attempt() -> tuple[dict[str, Any], list[LoggedEvent]]:
        async with in_transaction() as conn:
            row = await HelpCall.create(
                caller_id=v.staff_id, service_point_id=v.service_point_id,
                point_path=v.service_point_path, routed_path=routed if routed is not None else "",
                department_id=department_id, item_code=item_code, item_name=item_name,
                topic=topic, question=question, case_ref=case_ref, raised_at=now,
                escalated_at=None if routed is not None else now,
                escalation_reason="" if routed is not None else "NO_EXPERT_ON_DUTY",
                using_db=conn)
            call = await load_call(row.id, conn)
            events = await _announce(conn, "RAISED", call)
            if routed is None:  # nobody on duty: the supervisors hear of it at once
                events.append(await log.append(conn, rules.ESCALATIONS_CHANNEL, "ESCALATED",
                                               {"call": call}))
                await escalated.notify(conn, call, now)
            return call, events

    return await retrying(attempt)


# --- accept, chat, resolve ----------------------------------------------------------------


async def accept(viewer: Viewer | None, call_id: int, *, now: datetime
                 ) -> tuple[dict[str, Any], list[LoggedEvent]]:
    """The first expert to accept takes the call: a compare-and-set on its status."""
    v = require_role(viewer, Role.EXPERT)
    call = await load_call(call_id)
    if not rules.is_expert_for(v, call):
        raise HubError(ErrorCode.NOT_ALLOWED, "只能接本部门、本辖区的吹哨", "callId")
    if call["status"] == HelpCallStatus.RESOLVED:
        raise HubError(ErrorCode.CLOSED, "该吹哨已解决", "callId")

    async def attempt() -> tuple[dict[str, Any], list[LoggedEvent]]:
        async with in_transaction() as conn:
            won = await HelpCall.filter(id=call_id, status=HelpCallStatus.OPEN).using_db(conn) \
                .update(status=HelpCallStatus.ACCEPTED, expert_id=v.staff_id, accepted_at=now,
                        response_seconds=rules.seconds_between(
                            datetime.fromisoformat(call["raisedAt"]), now))
            fresh = await load_call(call_id, conn)
            if not won:
                if fresh["expertId"] == v.staff_id:
                    return fresh, []
                if fresh["status"] == HelpCallStatus.RESOLVED:
                    raise HubError(ErrorCode.CLOSED, "该吹哨已解决", "callId")
                raise HubError(ErrorCode.TAKEN, f"已由 {fresh['expertName'] or '其他专家'} 接单", "callId")
            events = await _announce(conn, "ACCEPTED", fresh,
                                     supervisors=fresh["escalatedAt"] is not None)
            return fresh, events

    return await retrying(attempt)


def _message(m: dict[str, Any], call: dict[str, Any]) -> dict[str, Any]:
    author = m["author_id"]
    role = "CALLER" if author == call["callerId"] else \
        "EXPERT" if author == call["expertId"] else "SUPERVISOR"
    return {"id": m["id"], "authorId": author, "authorName": m["author__name"], "role": role,
            "text": m["text"], "sentAt": _iso(m["sent_at"])}


MESSAGE_FIELDS = ("id", "author_id", "author__name", "text", "sent_at")


async def send_message(viewer: Viewer | None, call_id: int, text: str, *, now: datetime
                       ) -> tuple[dict[str, Any], list[LoggedEvent]]:
    v = require_viewer(viewer)
    call = await load_call(call_id)
    if not rules.is_party(v, call):
        raise PermissionDenied("只有吹哨的窗口人员、接单专家和管理者可以在此留言")
    if call["status"] == HelpCallStatus.RESOLVED:
        raise HubError(ErrorCode.CLOSED, "该吹哨已解决，不能再发送消息", "callId")
    body = _text(text, rules.MAX_MESSAGE, "text", "消息内容", required=True)

    async def attempt() -> tuple[dict[str, Any], list[LoggedEvent]]:
        async with in_transaction() as conn:
            row = await HelpMessage.create(call_id=call_id, author_id=v.staff_id, text=body,
                                           sent_at=now, using_db=conn)
            m = await HelpMessage.filter(id=row.id).using_db(conn).values(*MESSAGE_FIELDS)
            message = _message(m[0], call)
            event = await log.append(conn, rules.call_channel(call_id), "MESSAGE",
                                     {"message": message})
            return message, [event]

    return await retrying(attempt)


async def resolve(viewer: Viewer | None, call_id: int, answer: str, *, now: datetime
                  ) -> tuple[dict[str, Any], list[LoggedEvent]]:
    """The expert (or the caller, or a supervisor) closes the call with the answer kept."""
    v = require_viewer(viewer)
    call = await load_call(call_id)
    if not rules.is_party(v, call):
        raise PermissionDenied("只有吹哨的窗口人员、接单专家和管理者可以办结吹哨")
    if call["status"] == HelpCallStatus.RESOLVED:
        raise HubError(ErrorCode.CLOSED, "该吹哨已解决", "callId")
    text = _text(answer, rules.MAX_ANSWER, "answer", "解答", required=True)

    async def attempt() -> tuple[dict[str, Any], list[LoggedEvent]]:
        async with in_transaction() as conn:
            done = await HelpCall.filter(id=call_id, status__in=OPEN_STATES).using_db(conn).update(
                status=HelpCallStatus.RESOLVED, resolved_at=now, answer=text,
                resolved_by_id=v.staff_id, resolution_seconds=rules.seconds_between(
                    datetime.fromisoformat(call["raisedAt"]), now))
            if not done:
                raise HubError(ErrorCode.CLOSED, "该吹哨已解决", "callId")
            fresh = await load_call(call_id, conn)
            events = await _announce(conn, "RESOLVED", fresh,
                                     supervisors=fresh["escalatedAt"] is not None)
            return fresh, events

    return await retrying(attempt)


# --- escalation ---------------------------------------------------------------------------


async def escalate_overdue(now: datetime, minutes: int) -> list[LoggedEvent]:
    """Escalate every call still open ``minutes`` after it was raised (once: compare-and-set).

    Run whenever a console lists or subscribes, and every 30 s by the app; several instances
    may run it at once.
    """
    deadline = now - timedelta(minutes=minutes)
    ids = await HelpCall.filter(status=HelpCallStatus.OPEN, escalated_at__isnull=True,
                                raised_at__lte=deadline).values_list("id", flat=True)
    events: list[LoggedEvent] = []
    for call_id in ids:

        async def attempt(call_id: int = int(call_id)) -> list[LoggedEvent]:  # type: ignore[call-overload]
            async with in_transaction() as conn:
                won = await HelpCall.filter(id=call_id, status=HelpCallStatus.OPEN,
                                            escalated_at__isnull=True).using_db(conn).update(
                    escalated_at=now, escalation_reason="TIMEOUT", routed_path="")
                if not won:
                    return []
                call = await load_call(call_id, conn)
                await escalated.notify(conn, call, now)
                return await _announce(conn, "ESCALATED", call, supervisors=True)

        events += await retrying(attempt)
    return events


async def watch_escalations(bus: EventBus, minutes: int, every_seconds: float = 30) -> None:
    """The app's light background check: escalate overdue calls every ``every_seconds``."""
    while True:
        await asyncio.sleep(every_seconds)
        try:
            await bus.publish(await escalate_overdue(clock(), minutes))
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("whistle escalation check failed; retrying at the next beat")


# --- lists --------------------------------------------------------------------------------


def desk_mode(v: Viewer) -> str:
    if v.has_role(Role.EXPERT) and v.department_id is not None:
        return "EXPERT"
    if v.has_role(Role.SUPERVISOR):
        return "SUPERVISOR"
    raise PermissionDenied("专家坐席仅供业务专家和管理者使用")


async def desk_channel_of(v: Viewer) -> str:
    if desk_mode(v) == "SUPERVISOR":
        return rules.ESCALATIONS_CHANNEL
    from hub.core.models import Department as D

    dept = await D.get(id=v.department_id).values("code")
    return rules.desk_channel(dept["code"])


async def desk(viewer: Viewer | None, *, now: datetime, escalate_minutes: int
               ) -> tuple[str, int, list[dict[str, Any]], list[LoggedEvent]]:
    """The expert console: (mode, cursor, calls, escalation events to publish).

    Experts see the open calls routed to them and the calls they accepted; supervisors the
    escalated, unresolved calls of their subtree. The cursor is read before the rows, so a
    subscription from it replays anything that changed in between.
    """
    v = require_viewer(viewer)
    mode = desk_mode(v)
    events = await escalate_overdue(now, escalate_minutes)
    channel = await desk_channel_of(v)
    cursor = (await log.state(channel)).last_seq
    if mode == "EXPERT":
        q = HelpCall.filter(department_id=v.department_id, status__in=OPEN_STATES)
        wanted = rules.sees_on_desk
    else:
        q = HelpCall.filter(status__in=OPEN_STATES, escalated_at__isnull=False,
                            point_path__startswith=v.service_point_path)
        wanted = rules.supervises
    rows = await q.order_by("raised_at", "id").limit(200).values(*CALL_FIELDS)
    calls = [c for c in await snapshots(rows) if wanted(v, c)]
    if mode == "EXPERT":
        calls = [c for c in calls if c["status"] == HelpCallStatus.OPEN
                 or c["expertId"] == v.staff_id]
    return mode, cursor, calls, events


def visible_on_desk(v: Viewer, mode: str, call: dict[str, Any]) -> bool:
    return rules.sees_on_desk(v, call) if mode == "EXPERT" else rules.supervises(v, call)


async def my_calls(viewer: Viewer | None, limit: int = 20) -> list[dict[str, Any]]:
    v = require_viewer(viewer)
    rows = await HelpCall.filter(caller_id=v.staff_id).order_by("-raised_at", "-id") \
        .limit(limit).values(*CALL_FIELDS)
    return await snapshots(rows)


async def call_detail(viewer: Viewer | None, call_id: int
                      ) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    """A call with its chat and the call channel's cursor (read first: replay covers the gap).

    The parties read everything; an expert who may still accept the open call sees the
    question without the chat.
    """
    v = require_viewer(viewer)
    cursor = (await log.state(rules.call_channel(call_id))).last_seq
    call = await load_call(call_id)
    if rules.is_party(v, call):
        rows = await HelpMessage.filter(call_id=call_id).order_by("id").values(*MESSAGE_FIELDS)
        return call, [_message(m, call) for m in rows], cursor
    if call["status"] == HelpCallStatus.OPEN and rules.sees_on_desk(v, call):
        return call, [], cursor
    raise PermissionDenied("只有吹哨的窗口人员、接单专家和管理者可以查看此吹哨")


async def require_party(viewer: Viewer | None, call_id: int) -> Viewer:
    v = require_viewer(viewer)
    if not rules.is_party(v, await load_call(call_id)):
        raise PermissionDenied("只有吹哨的窗口人员、接单专家和管理者可以查看此吹哨")
    return v


async def answers(viewer: Viewer | None, item_code: str, limit: int) -> list[dict[str, Any]]:
    """Resolved answers about an item, newest first: the whistle's knowledge notes."""
    v = require_viewer(viewer)
    if v.has_role(Role.KIOSK, Role.BOARD):
        raise PermissionDenied("设备账号不能查看吹哨解答")
    rows = await HelpCall.filter(item_code=item_code, status=HelpCallStatus.RESOLVED) \
        .order_by("-resolved_at", "-id").limit(limit).values(*CALL_FIELDS)
    return await snapshots(rows)
