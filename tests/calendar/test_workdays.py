"""Working days over the official calendar: the make-up Saturday, years with no schedule yet,
and an administrator loading a new year's State Council schedule."""

from datetime import date

import pytest

from hub.core.models.enums import Role
from resolvers.calendar.workdays import WorkCalendar, YearSchedule
from tests.factories import PASSWORD, make_staff

DUE = """query($s:Date!,$d:Int!){ workingDayDue(start:$s, days:$d){ due provisional note } }"""
LOAD = """mutation($y:Int!,$h:[NamedDateInput!]!,$w:[NamedDateInput!]!){
  loadHolidaySchedule(year:$y, holidays:$h, workdays:$w, note:"国办发明电〔2026〕X号"){
    schedule{ year source sourceLabel holidays{ date name } workdays{ date name } }
    errors{ code field message } } }"""


def test_a_three_day_item_accepted_before_national_day_is_due_on_the_make_up_saturday():
    due = WorkCalendar().add_workdays(date(2026, 9, 30), 3)
    assert (due.day, due.provisional) == (date(2026, 10, 10), False)


def test_an_instant_item_is_due_the_same_day_and_counting_skips_weekends():
    calendar = WorkCalendar()
    assert calendar.add_workdays(date(2026, 11, 20), 0).day == date(2026, 11, 20)
    assert calendar.add_workdays(date(2026, 11, 20), 1).day == date(2026, 11, 23)  # Fri → Mon
    assert calendar.workdays_between(date(2026, 9, 30), date(2026, 10, 10)) == (3, False)


def test_a_year_without_a_schedule_never_crashes_and_is_flagged_provisional():
    due = WorkCalendar().add_workdays(date(2026, 12, 28), 5)
    # 29, 30, 31 December, then 2027: New Year's Day (fixed date) is skipped, 4 and 5 January
    assert (due.day, due.provisional) == (date(2027, 1, 5), True)
    assert WorkCalendar().add_workdays(date(2030, 6, 3), 20).provisional is True


def test_a_loaded_year_replaces_the_guess():
    loaded = YearSchedule(holidays={date(2027, 1, 1): "元旦", date(2027, 1, 4): "元旦"},
                          workdays={date(2027, 1, 9): "元旦"}, source="LOADED")
    calendar = WorkCalendar({2027: loaded})
    due = calendar.add_workdays(date(2026, 12, 31), 2)
    assert (due.day, due.provisional) == (date(2027, 1, 6), False)


@pytest.mark.both_databases
async def test_an_administrator_loads_2027_and_due_dates_follow_it(gql):
    before = (await gql(DUE, {"s": "2026-12-31", "d": 2}))["data"]["workingDayDue"]
    assert before["provisional"] is True and "尚未公布" in before["note"]
    await gql.login("admin", "admin123")
    body = await gql(LOAD, {"y": 2027, "h": [{"date": "2027-01-01", "name": "元旦"},
                                            {"date": "2027-01-04", "name": "元旦"}],
                            "w": [{"date": "2027-01-09", "name": "元旦"}]})
    payload = body["data"]["loadHolidaySchedule"]
    assert payload["errors"] == []
    assert payload["schedule"]["sourceLabel"] == "管理员导入" and payload["schedule"]["source"] == "LOADED"
    after = (await gql(DUE, {"s": "2026-12-31", "d": 2}))["data"]["workingDayDue"]
    assert after == {"due": "2027-01-06", "provisional": False, "note": "按官方放假及调休安排计算"}


@pytest.mark.both_databases
async def test_a_broken_schedule_lists_every_problem_and_writes_nothing(gql):
    await gql.login("admin", "admin123")
    body = await gql(LOAD, {"y": 2027, "h": [{"date": "2027-02-30", "name": "春节"},
                                            {"date": "2026-10-01", "name": "国庆节"},
                                            {"date": "2027-02-10", "name": "春节"}],
                            "w": [{"date": "2027-02-10", "name": "春节"},
                                  {"date": "2027-02-08", "name": "春节"}]})
    messages = [e["message"] for e in body["data"]["loadHolidaySchedule"]["errors"]]
    assert messages == [
        "放假日期第 1 项的日期“2027-02-30”无效，应为 YYYY-MM-DD",
        "放假日期第 2 项 2026-10-01 不在 2027 年内",
        "2027-02-10 既是放假日又是调休上班日",
        "调休上班日 2027-02-08 是工作日（周一至周五），无需列出",
        "调休上班日 2027-02-10 是工作日（周一至周五），无需列出",
    ]
    assert (await gql("{ holidaySchedule(year:2027){ year } }"))["data"]["holidaySchedule"] is None


@pytest.mark.both_databases
async def test_only_an_administrator_may_load_a_schedule(gql):
    await make_staff("boss2", Role.SUPERVISOR)
    await gql.login("boss2", PASSWORD)
    body = await gql(LOAD, {"y": 2027, "h": [{"date": "2027-01-01", "name": "元旦"}], "w": []})
    assert body["data"] is None and "系统管理员" in body["errors"][0]["message"]
