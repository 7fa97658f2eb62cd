"""Pure working-day arithmetic over the official calendar.

A year is known when an administrator has loaded its State Council schedule or the bundled
``chinese_calendar`` package has it (2004 to its last year). For any other year the rule is
Monday to Friday minus the fixed-date statutory holidays, and the answer is flagged
provisional, never an error: a due date in a year whose schedule is not published yet must not
crash the hub, and must say it may still move.

The last of the package's years that counts can be pinned (``HUB_CALENDAR_KNOWN_UNTIL``): the
test suite pins 2026, so a package release that adds 2027 changes no test result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from hub.core.settings import calendar_known_until

# Statutory holidays on fixed solar dates (全国年节及纪念日放假办法, 2024): 元旦, 劳动节, 国庆节.
# The lunar ones (春节, 端午, 中秋) and 清明 are unknown without the year's schedule.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})


@dataclass(frozen=True)
class YearSchedule:
    holidays: dict[date, str]   # rest days, including weekends inside a holiday break
    workdays: dict[date, str]   # make-up working days (调休上班), usually Saturdays or Sundays
    source: str                 # "BUNDLED" | "LOADED"


@dataclass(frozen=True)
class Due:
    day: date
    provisional: bool  # some day counted lies in a year without a known schedule


def known_bundled() -> dict[int, YearSchedule]:
    """The package's schedules up to ``HUB_CALENDAR_KNOWN_UNTIL`` (all of them when unset)."""
    years, until = bundled(), calendar_known_until()
    return years if until is None else {y: s for y, s in years.items() if y <= until}


class DateOutOfRange(ValueError):
    """A count that runs past the last date the calendar can represent (9999-12-31)."""


@lru_cache(maxsize=1)
def bundled() -> dict[int, YearSchedule]:
    """The schedules shipped with the chinese_calendar package, by year."""
    import chinese_calendar

    chinese = {h.value: h.chinese for h in chinese_calendar.Holiday}  # "National Day" → 国庆节
    years: dict[int, YearSchedule] = {}
    first = min(d.year for d in chinese_calendar.holidays)
    last = max(d.year for d in chinese_calendar.holidays)
    for year in range(first, last + 1):
        years[year] = YearSchedule(
            holidays={d: chinese.get(n, str(n)) for d, n in chinese_calendar.holidays.items()
                      if d.year == year},
            workdays={d: chinese.get(n, str(n)) for d, n in chinese_calendar.workdays.items()
                      if d.year == year and d.weekday() >= 5},
            source="BUNDLED",
        )
    return years


class WorkCalendar:
    def __init__(self, loaded: dict[int, YearSchedule] | None = None) -> None:
        self._years = {**known_bundled(), **(loaded or {})}

    def schedule(self, year: int) -> YearSchedule | None:
        return self._years.get(year)

    def is_workday(self, day: date) -> tuple[bool, bool]:
        """(working day?, known from an official schedule?)"""
        known = self._years.get(day.year)
        if known is None:  # best guess: weekdays minus the fixed-date statutory holidays
            return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS, False
        if day in known.workdays:
            return True, True
        if day in known.holidays:
            return False, True
        return day.weekday() < 5, True

    def add_workdays(self, start: date, days: int) -> Due:
        """The ``days``-th working day after ``start`` (the day of acceptance does not count);
        0 days: ``start`` itself (即办件)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day, counted, provisional = start, 0, False
        while counted < days:
            day = _next(day)
            working, known = self.is_workday(day)
            provisional = provisional or not known
            if working:
                counted += 1
        return Due(day, provisional)

    def workdays_between(self, start: date, end: date) -> tuple[int, bool]:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        count, provisional, day = 0, False, start
        while day < end:
            day = _next(day)
            working, known = self.is_workday(day)
            provisional = provisional or not known
            count += working
        return count, provisional


def _next(day: date) -> date:
    if day == date.max:
        raise DateOutOfRange(day)
    return day + timedelta(days=1)
