"""Appointments (网上预约): the slots a resident may book, booking, lookup and cancel by code
and ID number, and check-in at the kiosk, which turns a booking into an APPOINTMENT priority
ticket through the same numbering path as every other ticket (tickets.issue).

A slot's places are a counter row: a booking increments it with one conditional UPDATE
(booked = booked + 1 WHERE booked < capacity), so concurrent bookings never overfill it on
SQLite or PostgreSQL. Bookings nobody checked in in time are marked MISSED lazily, whenever
bookings are read or checked in; no scheduler is needed, and they free nothing (the slot is past).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from hub.core import idempotency
from hub.core.clock import local_date, local_text, utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.idcard import parse_id_number
from hub.core.listeners import Listeners
from hub.core.models import Appointment, AppointmentSlot, Item, Person, QueueCategory, ServicePoint
from hub.core.models.enums import AppointmentStatus, PriorityClass
from hub.core.retry import retrying
from hub.core.viewer import Viewer, require_role
from realtime.log import LoggedEvent
from resolvers.calendar.schedules import load_calendar
from resolvers.people.registry import person_id_for
from resolvers.queue import appointment_rules as rules
from resolvers.queue import tickets

POINT_FIELDS = ("id", "code", "name", "centre_name", "address", "hours", "path")
CATEGORY_FIELDS = ("id", "prefix", "name", "daily_cap", "service_minutes", "slot_capacity",
                   "department_codes")
APPOINTMENT_FIELDS = ("id", "code", "status", "service_point_id", "category_id", "day",
                      "starts_at", "ends_at", "person_id", "name", "phone", "channel",
                      "created_at", "closed_at", "ticket_id", "slot_id", "item_code")


@dataclass(frozen=True)
class BookingRequest:
    service_point_code: str
    prefix: str
    starts_at: datetime
    name: str
    id_number: str
    phone: str
    channel: str = "PC"
    item_code: str | None = None  # the item whose checklist the resident planned


async def bookable_points() -> list[dict[str, Any]]:
    """Service points with at least one queue taking appointments, with those queues."""
    cats = await QueueCategory.filter(active=True, slot_capacity__gt=0).order_by(
        "sort", "prefix").values("service_point_id", *CATEGORY_FIELDS)
    points = await ServicePoint.filter(id__in={c["service_point_id"] for c in cats}).values(
        *POINT_FIELDS)
    for p in points:
        p["categories"] = [c for c in cats if c["service_point_id"] == p["id"]]
    return sorted(points, key=lambda p: p["path"])


async def _place(service_point_code: str, prefix: str) -> tuple[dict[str, Any], dict[str, Any]]:
    point = await ServicePoint.get_or_none(code=service_point_code).values(*POINT_FIELDS)
    if point is None:
        raise HubError(ErrorCode.NOT_FOUND, "服务点不存在", "servicePointCode")
    category = await QueueCategory.get_or_none(
        service_point_id=point["id"], prefix=(prefix or "").strip().upper(), active=True
    ).values(*CATEGORY_FIELDS)
    if category is None:
        raise HubError(ErrorCode.NOT_FOUND, "该服务点没有这个办理类别", "prefix")
    if category["slot_capacity"] <= 0:
        raise HubError(ErrorCode.NOT_BOOKABLE, f"{category['name']}暂不开放网上预约，请到现场取号", "prefix")
    return point, category


async def _counters(category_id: int, first: date, last: date) -> dict[datetime, dict[str, int]]:
    rows = await AppointmentSlot.filter(category_id=category_id, day__gte=first, day__lte=last
                                        ).values("starts_at", "capacity", "booked")
    return {r["starts_at"]: r for r in rows}


def _slot_view(start: datetime, capacity: int, counter: dict[str, int] | None, now: datetime
               ) -> dict[str, Any]:
    cap = counter["capacity"] if counter else capacity
    remaining = max(cap - (counter["booked"] if counter else 0), 0)
    return {"starts_at": start, "ends_at": rules.slot_end(start), "label": rules.time_label(start),
            "capacity": cap, "remaining": remaining, "bookable": start > now and remaining > 0}


async def days(service_point_code: str, prefix: str, now: datetime | None = None
               ) -> list[dict[str, Any]]:
    """Today and the next seven days: open or closed, and the places left in later slots."""
    now = now or utcnow()
    _, category = await _place(service_point_code, prefix)
    workdays = await load_calendar()
    bookable = rules.bookable_days(local_date(now))
    counters = await _counters(category["id"], bookable[0], bookable[-1])
    out = []
    for day in bookable:
        slots = [_slot_view(s, category["slot_capacity"], counters.get(s), now)
                 for s in rules.slot_starts(day, workdays)]
        later = [s for s in slots if s["starts_at"] > now]
        closed = rules.closed_note(day, workdays)
        note = closed or (None if later else "今日已结束")
        out.append({"day": day, "label": rules.day_label(day), "open": closed is None,
                    "note": note, "remaining": sum(s["remaining"] for s in later)})
    return out


async def slots(service_point_code: str, prefix: str, day: date, now: datetime | None = None
                ) -> list[dict[str, Any]]:
    """The day's slots with the places left; past and full slots say so (bookable false)."""
    now = now or utcnow()
    _, category = await _place(service_point_code, prefix)
    if day not in rules.bookable_days(local_date(now)):
        return []
    counters = await _counters(category["id"], day, day)
    return [_slot_view(s, category["slot_capacity"], counters.get(s), now)
            for s in rules.slot_starts(day, await load_calendar())]


async def expire_missed(now: datetime, grace_minutes: int) -> int:
    """Mark MISSED every booking whose check-in window has closed (frees code and day)."""
    return await Appointment.filter(
        status=AppointmentStatus.BOOKED, starts_at__lt=rules.missed_before(now, grace_minutes)
    ).update(status=AppointmentStatus.MISSED, active_code=None, active_key=None, closed_at=now)


async def _slot_id(point: dict[str, Any], category: dict[str, Any], day: date,
                   starts_at: datetime) -> int:
    found = await AppointmentSlot.get_or_none(category_id=category["id"], starts_at=starts_at
                                              ).values("id")
    if found:
        return int(found["id"])
    try:
        return (await AppointmentSlot.create(
            service_point_id=point["id"], category_id=category["id"], day=day,
            starts_at=starts_at, ends_at=rules.slot_end(starts_at),
            capacity=category["slot_capacity"])).id
    except IntegrityError:  # the slot's first two bookings raced
        return int((await AppointmentSlot.get(category_id=category["id"], starts_at=starts_at
                                              ).values("id"))["id"])


@dataclass(frozen=True)
class Booked:
    """A booking just made, as its listeners see it (in the booking's transaction)."""

    appointment_id: int
    person_id: int
    name: str
    phone: str
    code: str
    hall: str
    category: str
    starts_at: datetime
    at: datetime


booked: Listeners[[BaseDBAsyncClient, Booked]] = Listeners("appointment booked")


def on_booked(listener: Callable[[BaseDBAsyncClient, Booked], Awaitable[None]]
              ) -> Callable[[BaseDBAsyncClient, Booked], Awaitable[None]]:
    """Run ``listener(conn, Booked)`` after every booking, in its transaction."""
    return booked.add(listener)


async def book(request: BookingRequest, now: datetime | None = None, grace_minutes: int = 15
               ) -> dict[str, Any]:
    """Book one place; every bad input is a Chinese HubError naming the field."""
    now = now or utcnow()
    name = rules.clean_name(request.name)
    parsed = parse_id_number(request.id_number, today=local_date(now))
    phone = rules.clean_phone(request.phone)
    point, category = await _place(request.service_point_code, request.prefix)
    item = await _item_served(request.item_code, category) if request.item_code else None
    starts_at = rules.as_utc(request.starts_at)
    day = rules.check_slot(starts_at, now, await load_calendar())
    await expire_missed(now, grace_minutes)
    person_id = await person_id_for(parsed.value, name)
    slot_id = await _slot_id(point, category, day, starts_at)
    key = rules.active_key(person_id, category["id"], day)

    async def attempt() -> int:
        async with in_transaction() as conn:
            held = await Appointment.filter(active_key=key).using_db(conn).first().values(
                "starts_at")
            if held:
                raise HubError(ErrorCode.DUPLICATE, f"您已预约{rules.day_label(day)} "
                               f"{rules.time_label(held['starts_at'])}的{category['name']}，"
                               "同一类别每天只能预约一次；如需改时间请先取消原预约", "startsAt")
            taken = await AppointmentSlot.filter(id=slot_id, booked__lt=F("capacity")).using_db(
                conn).update(booked=F("booked") + 1)
            if not taken:
                raise HubError(ErrorCode.FULL, "该时段已约满，请选择其他时段", "startsAt")
            code = rules.new_code()
            created = await Appointment.create(
                code=code, active_code=code, active_key=key, slot_id=slot_id,
                service_point_id=point["id"], category_id=category["id"], day=day,
                starts_at=starts_at, ends_at=rules.slot_end(starts_at),
                person_id=person_id, name=name, phone=phone, channel=request.channel,
                item_code=item["code"] if item else None, created_at=now, using_db=conn)
            await idempotency.record(conn, created.id)
            await booked.notify(conn, Booked(
                created.id, person_id, name, phone, code, point.get("centre_name") or point["name"],
                category["name"], starts_at, now))
            return created.id

    # A lost race on the code or on the person's day (unique columns) rolls back and retries.
    appointment_id = await retrying(attempt)
    return await view(appointment_id)


async def _item_served(code: str, category: dict[str, Any]) -> dict[str, Any]:
    """The item a booking is for, when the chosen queue serves its department."""
    item = await Item.get_or_none(code=code.strip(), active=True).values(
        "code", "name", "department__code")
    if item is None:
        raise HubError(ErrorCode.NOT_FOUND, "预约的事项不存在或已停办，请重新查找事项", "itemCode")
    if item["department__code"] not in (category["department_codes"] or []):
        raise HubError(ErrorCode.INVALID, f"{category['name']}不办理「{item['name']}」，"
                       "请选择办理该事项的类别", "prefix")
    return item


async def view(appointment_id: int) -> dict[str, Any]:
    """A booking with its service point and category, as the pages show it."""
    a = await Appointment.get(id=appointment_id).values(*APPOINTMENT_FIELDS)
    a["point"] = await ServicePoint.get(id=a["service_point_id"]).values(*POINT_FIELDS)
    a["category"] = await QueueCategory.get(id=a["category_id"]).values(*CATEGORY_FIELDS)
    a["id_number"] = (await Person.get(id=a["person_id"]).values("id_number"))["id_number"]
    a["item_name"] = None
    if a["item_code"]:
        item = await Item.get_or_none(code=a["item_code"]).values("name")
        a["item_name"] = item["name"] if item else None
    a["ticket_number"] = None
    if a["ticket_id"]:
        from hub.core.models import Ticket

        ticket = await Ticket.get_or_none(id=a["ticket_id"]).values("number")
        a["ticket_number"] = ticket["number"] if ticket else None
    return a


async def find(code: str, id_number: str, now: datetime | None = None, grace_minutes: int = 15
               ) -> dict[str, Any]:
    """我的预约: the booking of this code, shown only to the holder of its ID number."""
    now = now or utcnow()
    code = rules.clean_code(code)
    parsed = parse_id_number(id_number, today=local_date(now))
    await expire_missed(now, grace_minutes)
    found = await Appointment.filter(code=code, person__id_number=parsed.value).order_by(
        "-id").first().values("id")
    if found is None:
        raise HubError(ErrorCode.NOT_FOUND, "未找到该预约，请核对预约码和身份证号码", "code")
    return await view(found["id"])


async def cancel(code: str, id_number: str, now: datetime | None = None, grace_minutes: int = 15
                 ) -> dict[str, Any]:
    """Cancel a live booking; a slot that has not started gets its place back."""
    now = now or utcnow()
    a = await find(code, id_number, now, grace_minutes)
    _refuse_closed(a, grace_minutes)

    async def attempt() -> None:
        async with in_transaction() as conn:
            done = await Appointment.filter(id=a["id"], status=AppointmentStatus.BOOKED).using_db(
                conn).update(status=AppointmentStatus.CANCELLED, active_code=None,
                             active_key=None, closed_at=now)
            if not done:
                raise HubError(ErrorCode.CONFLICT, "该预约状态已变化，请刷新后重试", "code")
            if a["starts_at"] > now:
                await AppointmentSlot.filter(id=a["slot_id"], booked__gt=0).using_db(conn).update(
                    booked=F("booked") - 1)

    await retrying(attempt)
    return await view(a["id"])


def _refuse_closed(a: dict[str, Any], grace_minutes: int) -> None:
    status = a["status"]
    if status == AppointmentStatus.CANCELLED:
        raise HubError(ErrorCode.CANCELLED, "该预约已取消", "code")
    if status == AppointmentStatus.CHECKED_IN:
        raise HubError(ErrorCode.USED,
                       f"该预约码已签到取号（{a['ticket_number'] or '已取号'}），"
                       "请留意叫号", "code")
    if status == AppointmentStatus.MISSED:
        raise HubError(ErrorCode.MISSED,
                       f"该预约已失效：预约时段 {local_text(a['starts_at'])} 开始后 "
                       f"{grace_minutes} 分钟内未签到。请直接取号排队或重新预约", "code")


async def check_in(
    viewer: Viewer | None, service_point_code: str, code: str, now: datetime | None = None,
    grace_minutes: int = 15, channel: str = "KIOSK",
) -> tuple[tickets.TicketStanding, list[LoggedEvent], dict[str, Any]]:
    """预约签到: the booking becomes an APPOINTMENT priority ticket, once, within its window."""
    v = require_role(viewer, *tickets.TICKET_ISSUERS)
    now = now or utcnow()
    code = rules.clean_code(code)
    point = await ServicePoint.get_or_none(code=service_point_code).values(*POINT_FIELDS)
    if point is None:
        raise HubError(ErrorCode.NOT_FOUND, "服务点不存在", "servicePointCode")
    if not v.covers(point["path"]):
        raise PermissionDenied("只能在本服务点（及下辖服务点）签到")
    await expire_missed(now, grace_minutes)
    found = await Appointment.filter(code=code).order_by("-id").first().values("id")
    if found is None:
        raise HubError(ErrorCode.NOT_FOUND, "未找到该预约码，请核对后重新输入", "code")
    a = await view(found["id"])
    _refuse_closed(a, grace_minutes)
    if a["service_point_id"] != point["id"]:
        where = a["point"]["centre_name"] or a["point"]["name"]
        raise HubError(ErrorCode.NOT_ALLOWED, f"该预约的办理地点是{where}，请到该服务点签到", "code")
    opens, closes = rules.check_in_window(a["starts_at"], grace_minutes)
    if now < opens:
        slot = f"{rules.day_label(a['day'])} {rules.time_label(a['starts_at'])}"
        raise HubError(ErrorCode.TOO_EARLY,
                       f"您预约的是{slot}，请于 {local_text(opens)[11:]} 至 "
                       f"{local_text(closes)[11:]} 签到" +
                       ("（预约当天）" if local_date(now) != a["day"] else ""), "code")
    category = a["category"]

    async def attempt() -> tuple[dict[str, Any], LoggedEvent]:
        async with in_transaction() as conn:
            claimed = await Appointment.filter(id=a["id"], status=AppointmentStatus.BOOKED
                                               ).using_db(conn).update(
                status=AppointmentStatus.CHECKED_IN, active_code=None, closed_at=now)
            if not claimed:
                raise HubError(ErrorCode.USED, "该预约码已签到取号，请留意叫号", "code")
            # the booking reserved the place: the walk-in daily cap does not refuse it
            created, event = await tickets.issue(conn, point, category, a["person_id"],
                                                 PriorityClass.APPOINTMENT, now, channel=channel,
                                                 within_daily_cap=False, item_code=a["item_code"])
            await Appointment.filter(id=a["id"]).using_db(conn).update(ticket_id=created["id"])
            return created, event

    created, event = await retrying(attempt)
    return await tickets.standing(created["id"]), [event], await view(a["id"])

