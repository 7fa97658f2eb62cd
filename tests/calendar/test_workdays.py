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


def _with_a_2027_release(monkeypatch):
    """The package as a release that adds 2027 would ship it."""
    from resolvers.calendar import workdays

    shipped = dict(workdays.bundled())
    shipped[2027] = YearSchedule(holidays={date(2027, 1, 1): "元旦"}, workdays={}, source="BUNDLED")
    monkeypatch.setattr(workdays, "bundled", lambda: shipped)


def test_a_package_release_with_2027_changes_nothing_while_the_known_range_is_pinned(monkeypatch):
    from resolvers.calendar import workdays
    from tests.conftest import KNOWN_UNTIL

    assert KNOWN_UNTIL in workdays.bundled(), "the installed chinesecalendar lacks the pinned year"
    _with_a_2027_release(monkeypatch)
    assert WorkCalendar().schedule(2027) is None
    assert WorkCalendar().add_workdays(date(2026, 12, 28), 5) == \
        workdays.Due(date(2027, 1, 5), provisional=True)
    monkeypatch.delenv("HUB_CALENDAR_KNOWN_UNTIL")  # unpinned: the release's year counts
    assert WorkCalendar().add_workdays(date(2026, 12, 28), 5).provisional is False


@pytest.mark.parametrize("start, days", [("2150-01-01", 3650), ("9999-12-20", 30)])
async def test_past_the_known_range_a_due_date_is_provisional_or_refused_never_a_crash(gql, start, days):
    body = await gql(DUE, {"s": start, "d": days})
    if start.startswith("2150"):
        assert body["data"]["workingDayDue"]["provisional"] is True
    else:
        error = body["errors"][0]
        assert error["message"] == "所求日期超出可计算的范围（9999-12-31 之前）"
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "reason": "INVALID"}


@pytest.mark.both_databases
async def test_a_schedule_whose_dates_are_all_invalid_gets_one_error_per_date_and_no_empty_year(gql):
    await gql.login("admin", "admin123")
    body = await gql(LOAD, {"y": 2027, "h": [{"date": "2027-02-30", "name": "春节"}], "w": []})
    errors = body["data"]["loadHolidaySchedule"]["errors"]
    assert [e["message"] for e in errors] == ["放假日期第 1 项的日期“2027-02-30”无效，应为 YYYY-MM-DD"]
    empty = await gql(LOAD, {"y": 2027, "h": [], "w": []})
    assert [e["message"] for e in empty["data"]["loadHolidaySchedule"]["errors"]] == ["2027 年的放假日期为空"]
