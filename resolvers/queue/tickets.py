"""Taking a ticket (取号) and what its holder is told: number, people ahead, estimated wait."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hub.core import idempotency
from hub.core.clock import local_date, utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.idcard import parse_id_number
from hub.core.models import QueueCategory, ServicePoint, Ticket, WindowSession
from hub.core.models.enums import PRIORITY_LABELS, PriorityClass, Role, TicketStatus
from hub.core.models.rows import TicketRow
from hub.core.retry import retrying
from hub.core.viewer import Viewer, require_role
from realtime.log import LoggedEvent
from resolvers.people.registry import person_id_for
from resolvers.queue import appointment_rules, rules
from resolvers.queue.hall import append_hall_event
from resolvers.queue.opening import closed_error, hall_opening

TICKET_ISSUERS = (Role.KIOSK, Role.FRONT_DESK, Role.SUPERVISOR, Role.GREETER)
# A kiosk cannot check a disability or military card: those classes are granted by staff.
STAFF_GRANTED = (PriorityClass.DISABLED, PriorityClass.MILITARY)
CARD_CHECKERS = (Role.FRONT_DESK, Role.SUPERVISOR, Role.GREETER)
# The channels bound by the hall's hours (HUB_KIOSK_OPENING_HOURS): the kiosk, and the greeter
# at the door who issues through the kiosk's rules; the counter may number one already inside.
HOURS_BOUND = ("KIOSK", "GREETER")


@dataclass(frozen=True)
class TicketRequest:
    service_point_code: str
    prefix: str
    id_number: str | None = None
    name: str | None = None
    priority: PriorityClass | None = None
    channel: str = "KIOSK"
    check_hours: bool = False  # the hub enforces the hall's hours at the kiosk (settings)
    near_phone: str | None = None  # 叫号提醒 (opt-in): texted when three people are ahead


@dataclass(frozen=True)
class TicketStanding:
    ticket: TicketRow
    category: dict[str, Any]
    ahead: int
    estimated_wait_minutes: int | None  # None: no window serves the queue now, nothing to estimate
    window_numbers: tuple[int, ...] = ()  # the windows signed in to serve the ticket's queue


async def take_ticket(
    viewer: Viewer | None, request: TicketRequest, now: datetime | None = None
) -> tuple[TicketStanding, list[LoggedEvent]]:
    now = now or utcnow()
    point, category, person_id, priority = await admit(viewer, request, now)
    near_phone = _near_phone(request.near_phone)

    async def attempt() -> tuple[dict[str, Any], LoggedEvent]:
        async with in_transaction() as conn:
            issued = await issue(conn, point, category, person_id, priority, now,
                                 channel=request.channel, near_phone=near_phone)
            await idempotency.record(conn, int(issued[0]["id"]))
            return issued

    created, event = await retrying(attempt)
    return await standing(created["id"]), [event]


async def admit(
    viewer: Viewer | None, request: TicketRequest, now: datetime
) -> tuple[dict[str, Any], dict[str, Any], int | None, PriorityClass]:
    """The ticket rules checked before numbering (who issues, where, the hall's hours, the
    category, the holder, the priority): point, category, person id and priority to ``issue``."""
    v = require_role(viewer, *TICKET_ISSUERS)
    day = local_date(now)
    point = await ServicePoint.get_or_none(code=request.service_point_code).values(
        "id", "code", "path")
    if point is None:
        raise HubError(ErrorCode.NOT_FOUND, "服务点不存在", "servicePointCode")
    if not v.covers(point["path"]):
        raise PermissionDenied("只能为本服务点（及下辖服务点）取号")
    if request.channel in HOURS_BOUND and request.check_hours:  # staff may serve one inside
        opening = await hall_opening(point["path"], now)
        if not opening.open_now:
            raise closed_error(opening, now)
    category = await QueueCategory.get_or_none(
        service_point_id=point["id"], prefix=request.prefix.strip().upper(), active=True
    ).values("id", "prefix", "name", "daily_cap", "service_minutes")
    if category is None:
        raise HubError(ErrorCode.NOT_FOUND, "该服务点没有这个取号类别", "prefix")
    person_id, birth = await _applicant(request)
    return point, category, person_id, _priority(v, request.priority, birth, day)


async def issue(
    conn: BaseDBAsyncClient, point: dict[str, Any], category: dict[str, Any],
    person_id: int | None, priority: PriorityClass, now: datetime, channel: str,
    within_daily_cap: bool = True, item_code: str | None = None, near_phone: str | None = None,
) -> tuple[dict[str, Any], LoggedEvent]:
    """Number and create a ticket and log the hall event, inside the caller's transaction.
    The one path for every ticket: taken at the kiosk or counter, or checked in by appointment
    (whose place was reserved by the booking: ``within_daily_cap=False``).
    ``category`` needs id, prefix, name and daily_cap; ``point`` id and code."""
    day = local_date(now)
    if person_id is not None:
        holding = await Ticket.filter(
            category_id=category["id"], day=day, person_id=person_id,
            status__in=(TicketStatus.WAITING, TicketStatus.CALLED),
        ).using_db(conn).first().values("number")
        if holding:
            raise HubError(ErrorCode.ALREADY_HOLDING,
                           f"您已取得 {holding['number']} 号，请留意叫号，无需重复取号")
    last = await Ticket.filter(category_id=category["id"], day=day).using_db(conn) \
        .order_by("-seq").first().values("seq")
    seq = (last["seq"] if last else 0) + 1
    if within_daily_cap and seq > category["daily_cap"]:
        raise HubError(ErrorCode.SOLD_OUT,
                       f"今日{category['name']}号源已取完（每日 "
                       f"{category['daily_cap']} 个），请预约其他日期")
    ticket = await Ticket.create(
        service_point_id=point["id"], category_id=category["id"], queue_id=category["id"],
        day=day, seq=seq,
        number=rules.ticket_number(category["prefix"], seq), person_id=person_id,
        priority=priority, rank_at=rules.rank_at(now, priority), taken_at=now,
        channel=channel, nonce=secrets.token_hex(6), item_code=item_code, near_phone=near_phone,
        using_db=conn,
    )
    event = await append_hall_event(conn, point, day, "TAKEN")
    return {"id": ticket.id, "number": ticket.number}, event


def _near_phone(raw: str | None) -> str | None:
    """叫号提醒's phone, or None when the holder did not opt in."""
    if raw is None or not raw.strip():
        return None
    try:
        return appointment_rules.clean_phone(raw)
    except HubError:
        raise HubError(ErrorCode.INVALID, "叫号提醒请填写 11 位手机号码", "nearPhone") from None


async def _applicant(request: TicketRequest) -> tuple[int | None, date | None]:
    """The registry person behind the ID number (registered on first visit) and the birth date."""
    if not request.id_number:
        return None, None
    parsed = parse_id_number(request.id_number)
    return await person_id_for(parsed.value, request.name or ""), parsed.birth_date


def _priority(viewer: Viewer, asked: PriorityClass | None, birth: date | None, day: date
              ) -> PriorityClass:
    automatic = rules.automatic_priority(birth, day)
    if asked is None or asked == PriorityClass.NORMAL:
        return automatic
    if asked == PriorityClass.ELDERLY and automatic != PriorityClass.ELDERLY:
        raise HubError(ErrorCode.PRIORITY_NOT_ALLOWED, f"{PRIORITY_LABELS[asked]}优先须凭身份证号码核验年龄",
                       "priority")
    if asked in STAFF_GRANTED and not viewer.has_role(*CARD_CHECKERS):
        raise HubError(ErrorCode.PRIORITY_NOT_ALLOWED,
                       f"{PRIORITY_LABELS[asked]}优先须由工作人员核验证件后办理", "priority")
    if asked == PriorityClass.APPOINTMENT:
        raise HubError(ErrorCode.PRIORITY_NOT_ALLOWED, "预约优先号须凭预约码签到取得", "priority")
    return asked


TICKET_FIELDS = ("id", "service_point_id", "category_id", "queue_id", "day", "seq", "number",
                 "person_id", "priority", "status", "rank_at", "taken_at", "called_at", "recalls",
                 "serving_at", "finished_at", "window_id", "staff_id", "nonce", "transfers",
                 "item_code")


async def standing(ticket_id: int) -> TicketStanding:
    """The ticket with the people ahead of it and the estimated wait (4 queries)."""
    t = cast(TicketRow, await Ticket.get(id=ticket_id).values(*TICKET_FIELDS))
    category = await QueueCategory.get(id=t["queue_id"]).values(
        "id", "prefix", "name", "service_minutes")
    ahead = 0
    if t["status"] == TicketStatus.WAITING:
        earlier = Ticket.filter(queue_id=t["queue_id"], day=t["day"],
                                status=TicketStatus.WAITING)
        ahead = (await earlier.filter(rank_at__lt=t["rank_at"]).count()
                 + await earlier.filter(rank_at=t["rank_at"], id__lt=t["id"]).count())
    windows = await serving_windows(t["service_point_id"], t["queue_id"])
    minutes = (rules.estimated_wait_minutes(ahead, category["service_minutes"], len(windows))
               if windows else None)
    return TicketStanding(t, category, ahead, minutes, windows)


async def serving_windows(service_point_id: int, category_id: int) -> tuple[int, ...]:
    """Numbers of the windows signed in to serve the queue now, in order."""
    sessions = await WindowSession.filter(
        window__service_point_id=service_point_id, ended_at__isnull=True
    ).values("category_ids", "window__number")
    return tuple(sorted(s["window__number"] for s in sessions
                        if category_id in (s["category_ids"] or [])))


ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)


async def active_ticket(window_id: int, conn: BaseDBAsyncClient | None = None
                        ) -> dict[str, Any] | None:
    """The ticket a window has called or is serving, if any (read in ``conn`` if given)."""
    return await Ticket.filter(window_id=window_id, status__in=ACTIVE).using_db(conn) \
        .order_by("-called_at").first().values("id", "number", "status", "recalls", "queue_id")
