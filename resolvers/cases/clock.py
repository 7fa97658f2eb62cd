"""The case clock in working days (承诺时限 / 法定时限): due dates, the reminder point, and the
pause while the case waits for the applicant (补件 time is not the office's time).

Pure functions over a ``WorkCalendar``; callers load it once (``load_calendar``). Days are
local (Asia/Shanghai): a case accepted at 23:30 UTC on the 30th was accepted on the 1st.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hub.core.clock import local_date
from resolvers.calendar.workdays import WorkCalendar

REMIND_AT = 0.8  # remind when 80 % of the promised working days have passed


@dataclass(frozen=True)
class Deadlines:
    due_on: date
    legal_due_on: date
    remind_on: date
    provisional: bool  # some day counted lies in a year without a published schedule


def deadlines(cal: WorkCalendar, accepted: date, promised_days: int, legal_days: int) -> Deadlines:
    """The acceptance day does not count; 0 promised days (即办件) is due the same day.

    The reminder falls on the working day by which 80 % of the promised days have passed,
    rounded down but at least the first day (a 3-day item: day 2; a 10-day item: day 8)."""
    due = cal.add_workdays(accepted, promised_days)
    legal = cal.add_workdays(accepted, max(legal_days, promised_days))
    remind = cal.add_workdays(accepted, max(1, int(promised_days * REMIND_AT)) if promised_days else 0)
    return Deadlines(due.day, legal.day, min(remind.day, due.day),
                     due.provisional or legal.provisional)


@dataclass(frozen=True)
class Resumed:
    paused_workdays: int  # working days spent waiting for the applicant in this pause
    due_on: date
    legal_due_on: date
    remind_on: date
    provisional: bool


def resume(cal: WorkCalendar, paused_since: datetime, now: datetime, due_on: date,
           legal_due_on: date, remind_on: date) -> Resumed:
    """Shift the deadlines by the working days that passed while the case was paused."""
    waited, provisional = cal.workdays_between(local_date(paused_since), local_date(now))
    if waited == 0:
        return Resumed(0, due_on, legal_due_on, remind_on, provisional)
    due, legal, remind = (cal.add_workdays(d, waited) for d in (due_on, legal_due_on, remind_on))
    return Resumed(waited, due.day, legal.day, remind.day,
                   provisional or due.provisional or legal.provisional)


def overdue(due_on: date | None, today: date) -> bool:
    return due_on is not None and today > due_on
