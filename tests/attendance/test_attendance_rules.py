"""考勤 rules without a database: late, early leave and absence in scheduled minutes."""

from datetime import date, datetime, time

from hub.core.clock import SHANGHAI
from hub.core.models.enums import AttendanceMark as M
from resolvers.attendance.hours import default_schedule, describe, evaluate, parse_schedule

MONDAY = date(2026, 11, 23)
SATURDAY = date(2026, 11, 28)
SCHEDULE = default_schedule()


def at(hh: int, mm: int, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hh, mm), SHANGHAI)


def judge(clock_in, clock_out, now=None, day=MONDAY, grace=0):
    return evaluate(SCHEDULE.windows(day), clock_in, clock_out, now or at(20, 0, day), grace)


def test_a_full_day_is_normal_and_counts_390_scheduled_minutes():
    v = judge(at(8, 55), at(17, 5))
    assert v.marks == (M.NORMAL,)
    assert (v.scheduled, v.late, v.early_leave, v.absent, v.worked) == (390, 0, 0, 0, 390)


def test_late_minutes_skip_the_lunch_break():
    # given a clock-in at 13:40: the whole morning and ten minutes of the afternoon are missed
    v = judge(at(13, 40), at(17, 0))
    # then the lunch break 12:00–13:30 is not counted
    assert v.marks == (M.LATE,)
    assert v.late == 180 + 10


def test_arriving_during_the_lunch_break_is_late_by_the_morning_only():
    assert judge(at(12, 45), at(17, 0)).late == 180


def test_early_leave_before_lunch_counts_the_afternoon_only():
    v = judge(at(9, 0), at(11, 50))
    assert v.marks == (M.EARLY_LEAVE,)
    assert v.early_leave == 10 + 210


def test_leaving_during_the_lunch_break_is_early_by_the_afternoon():
    assert judge(at(9, 0), at(12, 30)).early_leave == 210


def test_late_and_early_on_the_same_day():
    v = judge(at(9, 7), at(16, 50))
    assert v.marks == (M.LATE, M.EARLY_LEAVE)
    assert (v.late, v.early_leave, v.worked) == (7, 10, 373)


def test_seconds_within_the_minute_are_on_time():
    assert judge(at(9, 0).replace(second=59), at(17, 0)).marks == (M.NORMAL,)


def test_the_grace_period_forgives_small_lateness_only():
    assert judge(at(9, 4), at(17, 0), grace=5).marks == (M.NORMAL,)
    assert judge(at(9, 6), at(17, 0), grace=5).late == 6


def test_no_clock_in_on_a_working_day_is_absence_once_the_day_is_over():
    v = judge(None, None)
    assert v.marks == (M.ABSENT,)
    assert v.absent == 390
    # but during the day it is only 未签到
    assert judge(None, None, now=at(10, 0)).marks == (M.NOT_YET,)


def test_arriving_after_closing_is_absence_not_lateness():
    v = judge(at(17, 30), at(17, 40))
    assert v.marks == (M.ABSENT,)
    assert (v.late, v.absent) == (0, 390)


def test_a_missing_clock_out_is_flagged_after_the_day_and_guesses_no_early_leave():
    v = judge(at(8, 50), None)
    assert v.marks == (M.MISSING_CLOCK_OUT,)
    assert v.early_leave == 0
    # during the day the same record means 在岗
    assert judge(at(8, 50), None, now=at(15, 0)).marks == (M.ON_DUTY,)


def test_weekends_are_rest_days_even_without_a_clock_in():
    assert judge(None, None, day=SATURDAY).marks == (M.REST,)
    v = judge(at(9, 0, SATURDAY), at(11, 0, SATURDAY), day=SATURDAY)
    assert v.marks == (M.REST,)
    assert (v.scheduled, v.worked) == (0, 120)


def test_closed_dates_and_make_up_working_days():
    # given a holiday on Monday and a make-up Saturday
    s = parse_schedule(SCHEDULE_DOC, ["2026-11-23"], {"2026-11-28": [["09:00", "12:00"]]})
    assert s.windows(MONDAY) == []
    assert evaluate(s.windows(SATURDAY), None, None, at(20, 0, SATURDAY)).absent == 180


SCHEDULE_DOC = {str(d): [["09:00", "12:00"], ["13:30", "17:00"]] for d in range(1, 6)}


def test_invalid_hours_list_every_problem_in_chinese():
    try:
        parse_schedule({"1": [["09:00", "08:00"]], "9": [], "2": [["9点", "12:00"]]})
    except Exception as e:
        message = str(e)
    else:
        raise AssertionError("accepted")
    assert "结束时间须晚于开始时间" in message and "星期 9 无效" in message and "HH:MM" in message


def test_the_demo_hours_read_as_chinese_text():
    assert describe(SCHEDULE) == "周一至周五 09:00–12:00、13:30–17:00"
