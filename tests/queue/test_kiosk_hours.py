"""The kiosk knows the hall's hours: structured opening hours plus the official holiday
calendar decide whether a self-service ticket may be taken, and when the hall opens next."""

from datetime import UTC, date, datetime

import pytest

from hub.core.clock import SHANGHAI
from hub.core.errors import ErrorCode, HubError
from hub.core.models import OpeningHours, ServicePoint, Staff
from hub.core.models.enums import Role
from hub.core.viewer import Viewer
from resolvers.attendance.hours import default_schedule, parse_schedule
from resolvers.calendar.workdays import WorkCalendar
from resolvers.queue import tickets
from resolvers.queue.opening import opening_at, periods_on

POINT = "330106013"
WANG = "341221199008170518"
CAL = WorkCalendar()


def at(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI).astimezone(UTC)


def test_a_weekday_evening_is_closed_until_nine_the_next_morning():
    # given the default hours and Monday 7 December 2026 at 20:34
    opening = opening_at(default_schedule(), CAL, at(2026, 12, 7, 20, 34))
    # then the hall is closed and opens on Tuesday at 09:00
    assert not opening.open_now
    assert opening.next_opening == at(2026, 12, 8, 9, 0)
    assert opening.hours_text == "周一至周五 09:00–12:00、13:30–17:00"


def test_the_lunch_break_is_closed_and_the_afternoon_opens_the_same_day():
    opening = opening_at(default_schedule(), CAL, at(2026, 12, 7, 12, 30))
    assert not opening.open_now and opening.next_opening == at(2026, 12, 7, 13, 30)
    morning = opening_at(default_schedule(), CAL, at(2026, 12, 7, 10, 0))
    assert morning.open_now and morning.closes_at == at(2026, 12, 7, 12, 0)


def test_an_official_holiday_is_closed_and_a_make_up_saturday_is_open():
    # given 国庆节 2026 (1–7 October, a Thursday to a Wednesday) and the 调休 Saturday 10 October
    holiday = opening_at(default_schedule(), CAL, at(2026, 10, 1, 10, 0))
    # then the holiday is closed, the next opening being the first working day after the break
    assert not holiday.open_now and holiday.next_opening == at(2026, 10, 8, 9, 0)
    assert holiday.today_text == "今日休息"
    # and the make-up Saturday works with the weekday hours
    assert periods_on(default_schedule(), CAL, date(2026, 10, 10)) == default_schedule().periods(
        date(2026, 10, 12))
    assert opening_at(default_schedule(), CAL, at(2026, 10, 10, 9, 30)).open_now


def test_the_point_own_closed_and_open_dates_win_over_the_calendar():
    schedule = parse_schedule({"1": [["09:00", "17:00"]]}, ["2026-12-07"],
                              {"2026-10-01": [["09:00", "12:00"]]})
    assert not opening_at(schedule, CAL, at(2026, 12, 7, 10, 0)).open_now  # closed by the point
    assert opening_at(schedule, CAL, at(2026, 10, 1, 10, 0)).open_now  # opened on a holiday
    # a point open on Mondays only: from Monday evening the next opening is a week later
    assert opening_at(schedule, CAL, at(2026, 12, 14, 18, 0)).next_opening == at(2026, 12, 21, 9, 0)


async def kiosk_viewer() -> Viewer:
    staff = await Staff.get(username="kiosk01")
    point = await ServicePoint.get(code=POINT)
    return Viewer(staff_id=staff.id, name=staff.name, roles=frozenset({Role.KIOSK}),
                  service_point_id=point.id, service_point_path=point.path, department_id=None)


async def test_the_kiosk_refuses_a_ticket_at_night_naming_the_next_opening(database):
    # given the kiosk of a street centre, the hub enforcing the hall's hours
    viewer = await kiosk_viewer()
    request = tickets.TicketRequest(POINT, "A", id_number=WANG, check_hours=True)
    # when a resident asks for a ticket on Monday at 20:34
    with pytest.raises(HubError) as caught:
        await tickets.take_ticket(viewer, request, now=at(2026, 12, 7, 20, 34))
    # then no ticket, and the error says when to come back
    assert caught.value.code == ErrorCode.CLOSED
    assert "不在营业时间" in caught.value.message and "下次开放时间：明天 09:00" in caught.value.message
    # and at 10:00 the ticket is issued; the counter may still number a resident after hours
    standing, _ = await tickets.take_ticket(viewer, request, now=at(2026, 12, 8, 10, 0))
    assert standing.ticket["number"] == "A001"


async def test_the_point_hours_decide_and_the_counter_is_not_bound_by_them(database):
    # given the point closed today by its own hours
    point = await ServicePoint.get(code=POINT)
    await OpeningHours.update_or_create({"weekly": {str(d): [["08:30", "18:00"]] for d in range(1, 8)},
                                         "closed_dates": ["2026-12-08"], "open_dates": {},
                                         "grace_minutes": 0}, service_point_id=point.id)
    viewer = await kiosk_viewer()
    when = at(2026, 12, 8, 10, 0)
    with pytest.raises(HubError) as caught:
        await tickets.take_ticket(viewer, tickets.TicketRequest(POINT, "A", check_hours=True), now=when)
    assert "明天 08:30" in caught.value.message
    staff = tickets.TicketRequest(POINT, "A", channel="COUNTER", check_hours=True)
    counter = Viewer(staff_id=viewer.staff_id, name="前台", roles=frozenset({Role.FRONT_DESK}),
                     service_point_id=point.id, service_point_path=point.path, department_id=None)
    standing, _ = await tickets.take_ticket(counter, staff, now=when)
    assert standing.ticket["number"] == "A001"


async def test_over_graphql_the_closed_kiosk_shows_the_next_opening_and_issues_nothing(database):
    # given a hub enforcing the hours and a point closed today by its own calendar
    import httpx

    from hub.core.clock import local_today
    from hub.web.app import create_app
    from tests.conftest import GQL, test_settings

    point = await ServicePoint.get(code=POINT)
    await OpeningHours.update_or_create({"weekly": {str(d): [["09:00", "17:00"]] for d in range(1, 8)},
                                         "closed_dates": [local_today().isoformat()], "open_dates": {},
                                         "grace_minutes": 0}, service_point_id=point.id)
    app = create_app(test_settings(database, kiosk_opening_hours=True), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        gql = GQL(http)
        await gql.login("kiosk01", "demo1234")
        # when the kiosk asks whether it may issue, then tries anyway
        body = await gql('{ hallOpening(servicePointCode:"330106013")'
                         "{ openNow kioskIssues nextOpeningText todayText hoursText } }")
        taken = await gql("""mutation{ takeTicket(input:{servicePointCode:"330106013", prefix:"A"}){
            ticket{ number } errors{ code message } } }""")
    # then it is told "closed, opens at 09:00 on the next open day" and no ticket exists
    opening = body["data"]["hallOpening"]
    assert opening["openNow"] is opening["kioskIssues"] is False
    assert opening["nextOpeningText"].endswith(" 09:00")
    assert opening["todayText"] == "今日休息" and opening["hoursText"] == "周一至周日 09:00–17:00"
    assert taken["data"]["takeTicket"]["ticket"] is None
    assert taken["data"]["takeTicket"]["errors"][0]["code"] == "CLOSED"
    assert opening["nextOpeningText"] in taken["data"]["takeTicket"]["errors"][0]["message"]
