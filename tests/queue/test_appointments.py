"""Appointments (网上预约): slots and opening days, the capacity of a slot under concurrent
bookings, one booking per person, category and day, cancel, and check-in at the kiosk into an
APPOINTMENT priority ticket within its window (too early, on time, too late → missed)."""

import asyncio
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

from hub.core.clock import SHANGHAI
from hub.core.errors import HubError
from hub.core.idcard import check_char
from hub.core.models import Appointment, AppointmentSlot, QueueCategory, ServicePoint, Staff, Ticket, Window
from hub.core.models.enums import AppointmentStatus, PriorityClass, Role, TicketStatus
from hub.core.viewer import Viewer
from resolvers.queue import appointments, tickets
from resolvers.queue.appointments import BookingRequest
from resolvers.queue.calling import claim_next

pytestmark = pytest.mark.both_databases

POINT = "330106013"
ROOT = Path(__file__).resolve().parents[2]
ZHANG = "330106195803120245"
WANG = "341221199008170518"


def shanghai(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=SHANGHAI).astimezone(UTC)


WED = date(2026, 12, 2)
FRI = date(2026, 12, 4)
SAT = date(2026, 12, 5)


def id_number(n: int) -> str:
    first17 = f"330106199001{n % 28 + 1:02d}{n:03d}"
    return first17 + check_char(first17)


def request(starts_at: datetime, who: str = ZHANG, prefix: str = "A", **extra) -> BookingRequest:
    fields = {"service_point_code": POINT, "prefix": prefix, "starts_at": starts_at,
              "name": "张桂英", "id_number": who, "phone": "13800001234"} | extra
    return BookingRequest(**fields)


async def kiosk() -> Viewer:
    staff = await Staff.get(username="kiosk01")
    point = await ServicePoint.get(code=POINT)
    return Viewer(staff_id=staff.id, name=staff.name, roles=frozenset({Role.KIOSK}),
                  service_point_id=point.id, service_point_path=point.path, department_id=None)


async def refused(coro) -> HubError:
    with pytest.raises(HubError) as caught:
        await coro
    return caught.value


async def test_the_calendar_shows_eight_days_weekends_closed_and_only_later_slots_today(database):
    now = shanghai(FRI, 10, 10)
    days = await appointments.days(POINT, "A", now)
    assert [d["day"] for d in days] == [FRI + timedelta(days=i) for i in range(8)]
    saturday = days[1]
    assert saturday["open"] is False and saturday["note"] == "周六、周日休息"
    assert saturday["remaining"] == 0 and saturday["label"] == "12月5日 周六"
    slots = await appointments.slots(POINT, "A", FRI, now)
    assert [s["label"] for s in slots][:3] == ["09:00–09:30", "09:30–10:00", "10:00–10:30"]
    assert len(slots) == 13 and slots[-1]["label"] == "16:30–17:00"
    assert [s["bookable"] for s in slots[:4]] == [False, False, False, True]  # 10:30 is later
    assert days[0]["remaining"] == 10 * 4  # ten later slots of four places
    assert days[3]["remaining"] == 13 * 4  # Monday, untouched
    assert await appointments.slots(POINT, "A", FRI + timedelta(days=8), now) == []
    evening = (await appointments.days(POINT, "A", shanghai(FRI, 16, 45)))[0]
    assert evening["note"] == "今日已结束" and evening["remaining"] == 0


async def test_every_bad_booking_is_refused_in_chinese(database):
    now = shanghai(WED, 8)
    bad_id = await refused(appointments.book(request(shanghai(WED, 9), who=ZHANG[:-1] + "6"), now))
    assert bad_id.code == "INVALID_ID_NUMBER" and bad_id.message == "身份证号码校验位不正确，请核对"
    closed = await refused(appointments.book(request(shanghai(SAT, 9)), now))
    assert closed.code == "CLOSED" and "周六、周日休息" in closed.message
    past = await refused(appointments.book(request(shanghai(WED, 9)), shanghai(WED, 9, 5)))
    assert past.code == "PAST" and past.message == "该时段已开始或已过，请选择之后的时段"
    far = await refused(appointments.book(request(shanghai(WED + timedelta(days=8), 9)), now))
    assert far.code == "TOO_FAR"
    odd = await refused(appointments.book(request(shanghai(WED, 9, 10)), now))
    assert odd.code == "INVALID" and odd.field == "startsAt"
    lunch = await refused(appointments.book(request(shanghai(WED, 12)), now))
    assert lunch.code == "INVALID"
    phone = await refused(appointments.book(request(shanghai(WED, 9), phone="12345"), now))
    assert phone.message == "请填写 11 位手机号码" and phone.field == "phone"
    name = await refused(appointments.book(request(shanghai(WED, 9), name=" "), now))
    assert name.message == "请填写姓名"
    await QueueCategory.filter(service_point__code=POINT, prefix="D").update(slot_capacity=0)
    closed_queue = await refused(appointments.book(request(shanghai(WED, 9), prefix="D"), now))
    assert closed_queue.code == "NOT_BOOKABLE"
    assert await Appointment.all().count() == 0


async def test_many_concurrent_bookings_of_one_slot_fill_exactly_its_capacity(database):
    await QueueCategory.filter(service_point__code=POINT, prefix="A").update(slot_capacity=5)
    now = shanghai(WED, 8)
    slot = shanghai(WED, 9, 30)

    async def one(n: int) -> str:
        try:
            await appointments.book(request(slot, who=id_number(n), name=f"居民{n}"), now)
            return "OK"
        except HubError as e:
            return e.message

    results = await asyncio.gather(*(one(n) for n in range(40)))
    assert results.count("OK") == 5
    assert set(results) == {"OK", "该时段已约满，请选择其他时段"}
    counter = await AppointmentSlot.get(starts_at=slot)
    assert (counter.capacity, counter.booked) == (5, 5)
    assert await Appointment.filter(status=AppointmentStatus.BOOKED).count() == 5
    codes = await Appointment.all().values_list("code", flat=True)
    assert len(set(codes)) == 5 and all(len(c) == 8 and c.isdigit() for c in codes)


async def test_two_processes_booking_one_slot_at_once_fill_exactly_its_capacity(database):
    await QueueCategory.filter(service_point__code=POINT, prefix="A").update(slot_capacity=7)
    slot = shanghai(WED, 10)
    racers = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.queue.appointment_race", database, str(first), "20",
            slot.isoformat(), shanghai(WED, 8).isoformat(),
            cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        for first in (100, 200)
    ]
    outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in racers)), 300)
    results = []
    for p, (out, err) in zip(racers, outputs, strict=True):
        assert p.returncode == 0, err.decode()
        results += json.loads(out)
    assert results.count("OK") == 7
    assert set(results) == {"OK", "该时段已约满，请选择其他时段"}
    assert (await AppointmentSlot.get(starts_at=slot)).booked == 7
    assert await Appointment.filter(slot__starts_at=slot).count() == 7


async def test_one_booking_per_person_category_and_day_and_cancel_gives_the_place_back(database):
    now = shanghai(WED, 8)
    first = await appointments.book(request(shanghai(WED, 9)), now)
    again = await refused(appointments.book(request(shanghai(WED, 14)), now))
    assert again.code == "DUPLICATE"
    assert again.message.startswith("您已预约12月2日 周三 09:00–09:30的社保医保")
    # twice at the same moment: still one
    both = await asyncio.gather(
        appointments.book(request(shanghai(WED + timedelta(days=1), 9), who=WANG), now),
        appointments.book(request(shanghai(WED + timedelta(days=1), 10), who=WANG), now),
        return_exceptions=True)
    assert sorted(type(r).__name__ for r in both) == ["HubError", "dict"]
    other_queue = await appointments.book(request(shanghai(WED, 14), prefix="B"), now)
    assert other_queue["category"]["prefix"] == "B"
    wrong = await refused(appointments.cancel(first["code"], WANG, now))
    assert wrong.code == "NOT_FOUND"
    cancelled = await appointments.cancel(first["code"], ZHANG, now)
    assert cancelled["status"] == AppointmentStatus.CANCELLED
    slots = await appointments.slots(POINT, "A", WED, now)
    assert slots[0]["remaining"] == 4  # the place is back
    twice = await refused(appointments.cancel(first["code"], ZHANG, now))
    assert twice.code == "CANCELLED"
    rebooked = await appointments.book(request(shanghai(WED, 14)), now)
    assert rebooked["status"] == AppointmentStatus.BOOKED


async def test_check_in_too_early_on_time_once_and_too_late(database):
    viewer = await kiosk()
    slot = shanghai(WED, 9)
    booked = await appointments.book(request(slot), shanghai(WED - timedelta(days=1), 20))
    early = await refused(appointments.check_in(viewer, POINT, booked["code"], shanghai(WED, 8, 20)))
    assert early.code == "TOO_EARLY"
    assert early.message == "您预约的是12月2日 周三 09:00–09:30，请于 08:30 至 09:15 签到"
    wrong_day = await refused(appointments.check_in(viewer, POINT, booked["code"],
                                                    shanghai(WED - timedelta(days=1), 9)))
    assert wrong_day.message.endswith("签到（预约当天）")

    found, events, after = await appointments.check_in(viewer, POINT, booked["code"],
                                                      shanghai(WED, 9, 14))
    assert found.ticket["priority"] == PriorityClass.APPOINTMENT
    assert found.ticket["number"] == "A001" and found.ticket["person_id"] == after["person_id"]
    assert after["status"] == AppointmentStatus.CHECKED_IN and after["ticket_number"] == "A001"
    assert events[0].kind == "TAKEN"
    used = await refused(appointments.check_in(viewer, POINT, booked["code"], shanghai(WED, 9, 14)))
    assert used.code == "USED" and "A001" in used.message

    late = await appointments.book(request(shanghai(WED, 10), who=WANG),
                                   shanghai(WED - timedelta(days=1), 20))
    missed = await refused(appointments.check_in(viewer, POINT, late["code"], shanghai(WED, 10, 16)))
    assert missed.code == "MISSED"
    assert missed.message == ("该预约已失效：预约时段 2026-12-02 10:00 开始后 15 分钟内未签到。"
                              "请直接取号排队或重新预约")
    assert (await Appointment.get(code=late["code"])).status == AppointmentStatus.MISSED
    assert (await AppointmentSlot.get(starts_at=shanghai(WED, 10))).booked == 1  # frees nothing
    unknown = await refused(appointments.check_in(viewer, POINT, "12345678", shanghai(WED, 9)))
    assert unknown.message == "未找到该预约码，请核对后重新输入"
    short = await refused(appointments.check_in(viewer, POINT, "1234", shanghai(WED, 9)))
    assert short.message == "预约码为 8 位数字，请核对"


async def test_a_missed_booking_is_voided_on_read_and_frees_the_day_for_a_new_booking(database):
    booked = await appointments.book(request(shanghai(WED, 9)), shanghai(WED, 8))
    looked = await appointments.find(booked["code"], ZHANG, shanghai(WED, 9, 20))
    assert looked["status"] == AppointmentStatus.MISSED
    again = await appointments.book(request(shanghai(WED, 14)), shanghai(WED, 9, 20))
    assert again["status"] == AppointmentStatus.BOOKED


async def test_the_checked_in_ticket_is_called_before_ordinary_tickets_within_its_head_start(database):
    viewer = await kiosk()
    point = await ServicePoint.get(code=POINT)
    category = await QueueCategory.get(service_point=point, prefix="A")
    window = await Window.filter(service_point=point).first()
    arrival = shanghai(WED, 9, 5)
    booked = await appointments.book(request(shanghai(WED, 9)), shanghai(WED, 8))
    for who, minutes in ((WANG, 20), (id_number(1), 10)):  # taken 20 and 10 minutes earlier
        await tickets.take_ticket(viewer, tickets.TicketRequest(POINT, "A", id_number=who),
                                  arrival - timedelta(minutes=minutes))
    found, _, _ = await appointments.check_in(viewer, POINT, booked["code"], arrival)
    assert found.ticket["number"] == "A003" and found.ahead == 1  # only the 20-minute one

    order = []
    for _ in range(3):
        async with in_transaction() as conn:
            tid = await claim_next(conn, service_point_id=point.id, window_id=window.id,
                                   staff_id=viewer.staff_id, category_ids=[category.id],
                                   day=WED, now=arrival)
        t = await Ticket.get(id=tid)
        order.append((t.number, t.priority))
        await Ticket.filter(id=tid).update(status=TicketStatus.DONE)
    assert order == [("A001", PriorityClass.NORMAL), ("A003", PriorityClass.APPOINTMENT),
                     ("A002", PriorityClass.NORMAL)]


async def test_the_walk_in_daily_cap_does_not_refuse_a_booked_check_in(database):
    viewer = await kiosk()
    await QueueCategory.filter(service_point__code=POINT, prefix="A").update(daily_cap=1)
    booked = await appointments.book(request(datetime(2026, 12, 2, 9, 0)), shanghai(WED, 8))
    assert booked["starts_at"] == shanghai(WED, 9)  # a time without offset is Shanghai time
    await tickets.take_ticket(viewer, tickets.TicketRequest(POINT, "A", id_number=WANG),
                              shanghai(WED, 8, 40))
    found, _, _ = await appointments.check_in(viewer, POINT, booked["code"], shanghai(WED, 8, 45))
    assert found.ticket["number"] == "A002"


async def test_check_in_only_at_the_booked_service_point(database):
    booked = await appointments.book(request(shanghai(WED, 9)), shanghai(WED, 8))
    district = await ServicePoint.get(code="330106")
    supervisor = Viewer(staff_id=1, name="主任", roles=frozenset({Role.SUPERVISOR}),
                        service_point_id=district.id, service_point_path=district.path,
                        department_id=None)
    elsewhere = await refused(appointments.check_in(supervisor, "330106", booked["code"],
                                                    shanghai(WED, 9)))
    assert elsewhere.code == "NOT_ALLOWED" and "请到该服务点签到" in elsewhere.message


BOOK = """mutation($i:BookAppointmentInput!){ bookAppointment(input:$i){
  appointment{ code status statusLabel servicePointName categoryName dayLabel slotLabel
    maskedIdNumber maskedPhone qrDataUrl whatToBring checkInFrom checkInUntil }
  errors{ code field message } } }"""
DAYS = """query($p:String!){ appointmentServicePoints{ code centreName categories{ prefix slotCapacity } }
  appointmentDays(servicePointCode:"330106013", prefix:$p){ day label open note remaining } }"""
SLOTS = """query($d:Date!){ appointmentSlots(servicePointCode:"330106013", prefix:"A", day:$d){
  startsAt label remaining bookable } }"""
FIND = """query($c:String!,$n:String!){ findAppointment(code:$c, idNumber:$n){
  appointment{ code status } errors{ code message } } }"""
CANCEL = """mutation($c:String!,$n:String!){ cancelAppointment(code:$c, idNumber:$n){
  appointment{ status statusLabel } errors{ code message } } }"""
CHECK_IN = """mutation($c:String!){ checkInAppointment(servicePointCode:"330106013", code:$c){
  ticket{ number priority } errors{ code field message } } }"""


async def test_booking_lookup_cancel_and_check_in_over_graphql_without_a_citizen_login(gql):
    # given the public calendar
    body = (await gql(DAYS, {"p": "A"}))["data"]
    points = {p["code"]: p for p in body["appointmentServicePoints"]}
    assert {"330106", "330106013"} <= set(points)
    assert points["330106013"]["categories"][0] == {"prefix": "A", "slotCapacity": 4}
    day = [d for d in body["appointmentDays"] if d["open"]][-1]  # never today: check-in is early
    slot = next(s for s in (await gql(SLOTS, {"d": day["day"]}))["data"]["appointmentSlots"]
                if s["bookable"])
    # when a resident books it
    booking = {"servicePointCode": "330106013", "prefix": "A", "startsAt": slot["startsAt"],
               "name": "王磊", "idNumber": WANG, "phone": "139 0000 5678", "channel": "MOBILE"}
    made = (await gql(BOOK, {"i": booking}))["data"]["bookAppointment"]
    assert made["errors"] == []
    a = made["appointment"]
    assert a["status"] == "BOOKED" and a["statusLabel"] == "已预约" and a["categoryName"] == "社保医保"
    assert a["maskedIdNumber"] == "341221********0518" and a["maskedPhone"] == "139****5678"
    assert a["qrDataUrl"].startswith("data:image/svg+xml") and a["slotLabel"] == slot["label"]
    assert any("身份证" in line for line in a["whatToBring"])
    after = (await gql(SLOTS, {"d": day["day"]}))["data"]["appointmentSlots"]
    assert next(s for s in after if s["startsAt"] == slot["startsAt"])["remaining"] == \
        slot["remaining"] - 1
    # then the same person cannot book the day again, a full slot says so
    again = (await gql(BOOK, {"i": booking}))["data"]["bookAppointment"]
    assert again["errors"][0]["code"] == "DUPLICATE"
    await AppointmentSlot.filter(starts_at=datetime.fromisoformat(slot["startsAt"])).update(
        booked=4)
    full = (await gql(BOOK, {"i": booking | {"idNumber": ZHANG}}))["data"]["bookAppointment"]
    assert full["errors"] == [{"code": "FULL", "field": "startsAt",
                               "message": "该时段已约满，请选择其他时段"}]
    # 我的预约 needs the right ID number
    assert (await gql(FIND, {"c": a["code"], "n": ZHANG}))["data"]["findAppointment"][
        "errors"][0]["code"] == "NOT_FOUND"
    assert (await gql(FIND, {"c": a["code"], "n": WANG}))["data"]["findAppointment"][
        "appointment"] == {"code": a["code"], "status": "BOOKED"}
    # check-in is for the kiosk, and the slot has not come yet
    assert "errors" in await gql(CHECK_IN, {"c": a["code"]})
    await gql.login("kiosk01", "demo1234")
    early = (await gql(CHECK_IN, {"c": a["code"]}))["data"]["checkInAppointment"]
    assert early["ticket"] is None and early["errors"][0]["code"] == "TOO_EARLY"
    cancelled = (await gql(CANCEL, {"c": a["code"], "n": WANG}))["data"]["cancelAppointment"]
    assert cancelled == {"appointment": {"status": "CANCELLED", "statusLabel": "已取消"},
                         "errors": []}
    gone = (await gql(CHECK_IN, {"c": a["code"]}))["data"]["checkInAppointment"]
    assert gone["errors"][0] == {"code": "CANCELLED", "field": "code", "message": "该预约已取消"}


async def test_the_calendar_reads_cost_a_fixed_number_of_queries(gql):
    from bench.querycount import count_queries

    body = (await gql(DAYS, {"p": "A"}))["data"]
    day = next(d for d in body["appointmentDays"] if d["open"])["day"]
    with count_queries() as points_and_days:
        await gql(DAYS, {"p": "A"})
    with count_queries() as slots:
        await gql(SLOTS, {"d": day})
    # points: categories + points; days: point, category, loaded holiday schedules, slot
    # counters of the 8 days
    assert len(points_and_days) == 6
    assert len(slots) == 4  # point, category, that day's counters, loaded holiday schedules


@pytest.mark.both_databases
async def test_public_holidays_and_make_up_saturdays_follow_the_official_calendar():
    from datetime import date as d

    from resolvers.queue import appointment_rules as r

    assert r.closed_note(d(2026, 10, 5)) == "国庆节放假"  # a Monday inside the National Day break
    assert r.slot_starts(d(2026, 10, 5)) == []
    assert r.closed_note(d(2026, 10, 10)) is None         # the make-up Saturday is open
    assert len(r.slot_starts(d(2026, 10, 10))) == 13
    assert r.closed_note(d(2026, 10, 11)) == "周六、周日休息"


async def test_a_booking_made_from_an_item_checklist_carries_the_item_onto_its_ticket(database):
    # given a resident who planned 330106-YB-001 (a 医保 item) and books queue A (社保医保)
    viewer = await kiosk()
    evening = shanghai(WED - timedelta(days=1), 20)
    booked = await appointments.book(request(shanghai(WED, 9), item_code="330106-YB-001"), evening)
    # then the booking names the item, and the ticket checked in from it carries it on
    assert booked["item_code"] == "330106-YB-001" and booked["item_name"]
    found, _, _ = await appointments.check_in(viewer, POINT, booked["code"], shanghai(WED, 8, 45))
    assert found.ticket["item_code"] == "330106-YB-001"
    # and a queue that does not serve the item, or an unknown item, is refused in Chinese
    wrong = await refused(appointments.book(request(shanghai(WED, 10), who=WANG, prefix="C",
                                                    item_code="330106-YB-001"), evening))
    assert wrong.code == "INVALID" and wrong.field == "prefix" and "不办理" in wrong.message
    unknown = await refused(appointments.book(request(shanghai(WED, 10), who=WANG,
                                                      item_code="NO-SUCH-ITEM"), evening))
    assert unknown.code == "NOT_FOUND" and unknown.field == "itemCode"
