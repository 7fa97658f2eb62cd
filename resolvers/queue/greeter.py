"""The greeter's pre-check (导办) at the hall door.

The greeter finds the item the resident came for, answers its situation questions with them and
ticks the materials they carry against the tailored checklist. A required material that is not
carried, not 容缺 and not covered by an electronic licence means the resident would queue for
nothing: the pre-check ends SENT_HOME with the one-time list of what is missing (一次告知) and
no ticket. Otherwise (or when the greeter insists — the resident wants to ask at the window
anyway) a ticket is issued through the kiosk's ticket rules (``tickets.admit``: hours, category,
ID card, priority, daily cap) in the queue that serves the item's department, and the pre-check
is linked to it in the same transaction: the window that calls the ticket opens its intake with
the item, the answers and the pre-checked materials.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from tortoise.transactions import in_transaction

from hub.core import idempotency
from hub.core.clock import SHANGHAI, local_date, utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.idcard import parse_id_number
from hub.core.models import PreCheck, QueueCategory, ServicePoint
from hub.core.models.enums import MaterialRequirement, PreCheckOutcome, PriorityClass, Role
from hub.core.retry import retrying
from hub.core.viewer import Viewer, require_role
from realtime.log import LoggedEvent
from resolvers.catalog import checklists
from resolvers.catalog.situations import Checklist, require_complete
from resolvers.integration import basedata
from resolvers.queue import tickets

GREETERS = (Role.GREETER, Role.SUPERVISOR)
RECENT_MAX = 50  # a greeter's pre-checks listed for today, newest first
MAX_CARRIED = 100
PRE_CHECK_FIELDS = ("id", "greeter_id", "service_point_id", "item_code", "item_name", "answers",
                    "carried", "missing", "outcome", "insisted", "ticket_id", "created_at")
WITH_TICKET = {"ticket_number": "ticket__number"}


@dataclass(frozen=True)
class PreCheckRequest:
    item_code: str
    answers: Mapping[str, Any]  # question code -> raw answer (as the checklist query takes them)
    carried: tuple[int, ...] = ()  # material ids the resident shows
    service_point_code: str | None = None  # default: the greeter's own point
    id_number: str | None = None
    name: str | None = None
    priority: PriorityClass | None = None
    prefix: str | None = None  # default: the queue serving the item's department
    insist: bool = False  # issue a ticket although required materials are missing
    check_hours: bool = False  # HUB_KIOSK_OPENING_HOURS


@dataclass(frozen=True)
class PreCheckResult:
    pre_check: dict[str, Any]  # a pre_check row (PRE_CHECK_FIELDS)
    events: list[LoggedEvent] = field(default_factory=list)


def missing_lines(checklist: Checklist, carried: set[int]) -> list[dict[str, Any]]:
    """Required lines the resident does not carry and no licence covers: [{id, name}]."""
    return [{"id": line.material.id, "name": line.material.name}
            for line in checklist.lines
            if line.requirement == MaterialRequirement.REQUIRED and not line.satisfied_by
            and line.material.id not in carried]


async def submit(viewer: Viewer | None, req: PreCheckRequest, now: datetime | None = None
                 ) -> PreCheckResult:
    """Record one pre-check and, unless required materials are missing (or the greeter
    insists), issue its ticket; the key of a retried submission is recorded with it."""
    v = require_role(viewer, *GREETERS)
    now = now or utcnow()
    point = await _point(v, req.service_point_code)
    licences = None
    if req.id_number:
        parsed = parse_id_number(req.id_number, "idNumber")
        licences = (await basedata.fetch_applicant(parsed)).applicant.licences  # 电子证照
    tailored = await checklists.tailor_for(req.item_code, req.answers, licences)
    require_complete(tailored.checklist)
    on_list = {line.material.id for line in tailored.checklist.lines}
    carried = sorted(set(req.carried))
    if len(carried) > MAX_CARRIED or any(m not in on_list for m in carried):
        raise HubError(ErrorCode.UNKNOWN_MATERIAL, "勾选的材料不在该情形的办事清单上，请刷新清单后重新勾选",
                       "carried")
    missing = missing_lines(tailored.checklist, set(carried))
    row = {"greeter_id": v.staff_id, "service_point_id": point["id"],
           "item_code": tailored.item["code"], "item_name": tailored.item["name"],
           "answers": _plain(tailored.checklist), "carried": carried, "missing": missing,
           "created_at": now}
    if missing and not req.insist:
        return PreCheckResult(await _record(row, PreCheckOutcome.SENT_HOME))
    return await _with_ticket(v, req, point, tailored.item, row, bool(missing), now)


async def _point(v: Viewer, code: str | None) -> dict[str, Any]:
    query = (ServicePoint.get_or_none(code=code) if code
             else ServicePoint.get_or_none(id=v.service_point_id))
    point = await query.values("id", "code", "path")
    if point is None:
        raise HubError(ErrorCode.NOT_FOUND, "服务点不存在", "servicePointCode")
    if not v.covers(point["path"]):
        raise PermissionDenied("只能在本服务点（及下辖服务点）导办")
    return point


def _plain(checklist: Checklist) -> dict[str, Any]:
    """The parsed answers as JSON values (a date as its ISO text, several values as a list)."""
    out: dict[str, Any] = {}
    for code, value in checklist.answers.items():
        if isinstance(value, date):
            out[code] = value.isoformat()
        elif isinstance(value, (list, tuple, set, frozenset)):
            out[code] = [str(x) for x in value]
        elif isinstance(value, bool):
            out[code] = "true" if value else "false"
        elif isinstance(value, float):
            out[code] = str(int(value)) if value.is_integer() else str(value)
        else:
            out[code] = str(value)
    return out


async def _record(row: dict[str, Any], outcome: PreCheckOutcome) -> dict[str, Any]:
    async with in_transaction() as conn:
        created = await PreCheck.create(**row, outcome=outcome, using_db=conn)
        await idempotency.record(conn, created.id)
    return await PreCheck.get(id=created.id).values(*PRE_CHECK_FIELDS, **WITH_TICKET)


async def queue_for(point_id: int, dept_code: str | None, prefix: str | None) -> str:
    """The prefix of the queue to issue in: the one asked, else the first active queue of the
    point that serves the item's department."""
    if prefix:
        return prefix
    rows = await QueueCategory.filter(service_point_id=point_id, active=True) \
        .order_by("sort", "prefix").values("prefix", "department_codes")
    for r in rows:
        if dept_code in (r["department_codes"] or []):
            return str(r["prefix"])
    raise HubError(ErrorCode.NOT_FOUND, "本服务点没有办理该事项的取号类别，请引导至其他服务点", "prefix")


async def _with_ticket(v: Viewer, req: PreCheckRequest, point: dict[str, Any], item: Any,
                       row: dict[str, Any], insisted: bool, now: datetime) -> PreCheckResult:
    prefix = await queue_for(point["id"], item["dept_code"], req.prefix)
    request = tickets.TicketRequest(
        service_point_code=point["code"], prefix=prefix, id_number=req.id_number, name=req.name,
        priority=req.priority, channel="GREETER", check_hours=req.check_hours)
    point_row, category, person_id, priority = await tickets.admit(v, request, now)

    async def attempt() -> tuple[int, LoggedEvent]:
        async with in_transaction() as conn:
            issued, event = await tickets.issue(conn, point_row, category, person_id, priority, now,
                                                channel="GREETER", item_code=row["item_code"])
            created = await PreCheck.create(**row, outcome=PreCheckOutcome.TICKET,
                                            insisted=insisted, ticket_id=issued["id"],
                                            using_db=conn)
            await idempotency.record(conn, created.id)
            return created.id, event

    pre_check_id, event = await retrying(attempt)
    row = await PreCheck.get(id=pre_check_id).values(*PRE_CHECK_FIELDS, **WITH_TICKET)
    return PreCheckResult(row, [event])


async def by_id(viewer: Viewer | None, pre_check_id: int) -> dict[str, Any]:
    """A pre-check the viewer may see (the greeters and supervisors of its point's tree)."""
    v = require_role(viewer, *GREETERS)
    row = await PreCheck.get_or_none(id=pre_check_id).values(
        *PRE_CHECK_FIELDS, **WITH_TICKET, point_path="service_point__path")
    if row is None or not v.covers(row["point_path"]):
        raise HubError(ErrorCode.NOT_FOUND, "导办记录不存在", "id")
    return row


async def mine_today(viewer: Viewer | None, now: datetime | None = None) -> list[dict[str, Any]]:
    """The greeter's own pre-checks today, newest first (at most ``RECENT_MAX``)."""
    v = require_role(viewer, *GREETERS)
    start = datetime.combine(local_date(now or utcnow()), time(0), SHANGHAI).astimezone(UTC)
    return await PreCheck.filter(greeter_id=v.staff_id, created_at__gte=start) \
        .order_by("-created_at", "-id").limit(RECENT_MAX).values(*PRE_CHECK_FIELDS, **WITH_TICKET)


async def of_tickets(ticket_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The pre-checks attached to tickets, by ticket id (the loader of ``Ticket.preCheck``)."""
    rows = await PreCheck.filter(ticket_id__in=ticket_ids).values(*PRE_CHECK_FIELDS, **WITH_TICKET)
    return {int(r["ticket_id"]): r for r in rows}
