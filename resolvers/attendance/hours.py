"""Opening hours (营业时间) as data, and the pure attendance arithmetic over them.

A schedule gives, for a local date, the service periods of that day (09:00–12:00, 13:30–17:00).
Lateness, early leave and absence are counted in *scheduled* minutes: minutes of the lunch break
or after closing never count. ``evaluate`` is pure (the caller passes ``now``) so that tests can
check every rule without a clock. The rules are written down in DECISIONS.md §"考勤".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from hub.core.clock import SHANGHAI
from hub.core.errors import ErrorCode, HubError
from hub.core.models.enums import AttendanceMark

Period = tuple[time, time]
WEEKDAY_LABELS = {1: "周一", 2: "周二", 3: "周三", 4: "周四", 5: "周五", 6: "周六", 7: "周日"}
# The demo hours (and the default of a hub where nobody set any): Monday to Friday.
DEFAULT_WEEKLY: dict[str, list[list[str]]] = {
    str(d): [["09:00", "12:00"], ["13:30", "17:00"]] for d in range(1, 6)
}
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Schedule:
    weekly: dict[int, tuple[Period, ...]]
    closed_dates: frozenset[date] = frozenset()
    open_dates: dict[date, tuple[Period, ...]] = field(default_factory=dict)
    grace_minutes: int = 0

    def periods(self, day: date) -> tuple[Period, ...]:
        if day in self.open_dates:
            return self.open_dates[day]
        if day in self.closed_dates:
            return ()
        return self.weekly.get(day.isoweekday(), ())

    def windows(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's periods as aware datetimes (Shanghai)."""
        return [
            (datetime.combine(day, a, SHANGHAI), datetime.combine(day, b, SHANGHAI))
            for a, b in self.periods(day)
        ]


def _t(text: str) -> time:
    return time(int(text[:2]), int(text[3:5]))


def _periods(raw: Any, where: str, problems: list[str]) -> tuple[Period, ...]:
    if not isinstance(raw, list):
        problems.append(f"{where}：时段须为列表")
        return ()
    out: list[Period] = []
    for p in raw:
        if not (
            isinstance(p, list | tuple)
            and len(p) == 2
            and all(isinstance(x, str) and _HHMM.match(x) for x in p)
        ):
            problems.append(f'{where}：时段 {p} 须为 ["HH:MM", "HH:MM"]')
            continue
        a, b = _t(p[0]), _t(p[1])
        if a >= b:
            problems.append(f"{where}：时段 {p[0]}–{p[1]} 的结束时间须晚于开始时间")
            continue
        if out and a < out[-1][1]:
            problems.append(f"{where}：时段 {p[0]}–{p[1]} 与前一时段重叠或顺序颠倒")
            continue
        out.append((a, b))
    return tuple(out)


def parse_schedule(
    weekly: Any, closed_dates: Any = (), open_dates: Any = None, grace_minutes: int = 0
) -> Schedule:
    """Validate stored or submitted hours; every problem is listed in one Chinese error."""
    problems: list[str] = []
    week: dict[int, tuple[Period, ...]] = {}
    for key, raw in (weekly or {}).items():
        if str(key) not in {str(d) for d in range(1, 8)}:
            problems.append(f"星期 {key} 无效（1 为周一，7 为周日）")
            continue
        week[int(key)] = _periods(raw, WEEKDAY_LABELS[int(key)], problems)
    closed: set[date] = set()
    for d in closed_dates or ():
        try:
            closed.add(date.fromisoformat(d))
        except (TypeError, ValueError):
            problems.append(f"休息日期 {d} 须为 YYYY-MM-DD")
    extra: dict[date, tuple[Period, ...]] = {}
    for d, raw in (open_dates or {}).items():
        try:
            extra[date.fromisoformat(d)] = _periods(raw, d, problems)
        except (TypeError, ValueError):
            problems.append(f"调休工作日 {d} 须为 YYYY-MM-DD")
    if not 0 <= grace_minutes <= 60:
        problems.append("迟到宽限须在 0 到 60 分钟之间")
    if problems:
        raise HubError(ErrorCode.INVALID, "；".join(problems), "openingHours")
    return Schedule(week, frozenset(closed), extra, grace_minutes)


def default_schedule() -> Schedule:
    return parse_schedule(DEFAULT_WEEKLY)


def period_text(p: Period) -> str:
    return f"{p[0]:%H:%M}–{p[1]:%H:%M}"


def describe(schedule: Schedule) -> str:
    """ "周一至周五 09:00–12:00、13:30–17:00" style text."""
    groups: list[tuple[list[int], tuple[Period, ...]]] = []
    for d in range(1, 8):
        ps = schedule.weekly.get(d, ())
        if not ps:
            continue
        if groups and groups[-1][1] == ps and groups[-1][0][-1] == d - 1:
            groups[-1][0].append(d)
        else:
            groups.append(([d], ps))
    parts = []
    for days, ps in groups:
        label = WEEKDAY_LABELS[days[0]] + (f"至{WEEKDAY_LABELS[days[-1]]}" if len(days) > 1 else "")
        parts.append(label + " " + "、".join(period_text(p) for p in ps))
    return "；".join(parts) or "无营业时段"


# --- the day's verdict ---------------------------------------------------------------------------


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def scheduled_minutes(windows: list[tuple[datetime, datetime]], a: datetime, b: datetime) -> int:
    """Minutes of the service periods between a and b (breaks and closed hours do not count)."""
    total = timedelta()
    for start, end in windows:
        lo, hi = max(start, a), min(end, b)
        if hi > lo:
            total += hi - lo
    return int(total.total_seconds() // 60)


@dataclass(frozen=True)
class DayVerdict:
    marks: tuple[AttendanceMark, ...]
    scheduled: int  # minutes of service that day
    late: int = 0
    early_leave: int = 0
    absent: int = 0
    worked: int = 0  # scheduled minutes between clock-in and clock-out

    @property
    def working_day(self) -> bool:
        return self.scheduled > 0


def evaluate(
    windows: list[tuple[datetime, datetime]],
    clock_in: datetime | None,
    clock_out: datetime | None,
    now: datetime,
    grace_minutes: int = 0,
) -> DayVerdict:
    """Judge one staff member's day.

    - no periods: REST (a clock-in is kept, but nothing is late or missing);
    - no clock-in: ABSENT with every scheduled minute once the last period has ended, before that NOT_YET;
    - late minutes are the scheduled minutes before the clock-in (zero within the grace);
      arriving after the last period is ABSENT, not late;
    - early-leave minutes are the scheduled minutes after the clock-out;
    - clocked in but never out: MISSING_CLOCK_OUT once the day has ended (no early leave is
      guessed), ON_DUTY before that.
    """
    if not windows:
        worked = 0
        if clock_in and clock_out:
            worked = int((_minute(clock_out) - _minute(clock_in)).total_seconds() // 60)
        return DayVerdict((AttendanceMark.REST,), 0, worked=max(worked, 0))
    day_start, day_end = windows[0][0], windows[-1][1]
    total = scheduled_minutes(windows, day_start, day_end)
    over = now >= day_end
    if clock_in is None:
        if over:
            return DayVerdict((AttendanceMark.ABSENT,), total, absent=total)
        return DayVerdict((AttendanceMark.NOT_YET,), total)
    arrived = _minute(clock_in)
    late = scheduled_minutes(windows, day_start, arrived)
    if late >= total:
        return DayVerdict((AttendanceMark.ABSENT,), total, absent=total)
    if late <= grace_minutes:
        late = 0
    marks: list[AttendanceMark] = [AttendanceMark.LATE] if late else []
    if clock_out is None:
        marks.append(AttendanceMark.MISSING_CLOCK_OUT if over else AttendanceMark.ON_DUTY)
        worked = scheduled_minutes(windows, arrived, min(_minute(now), day_end)) if not over else 0
        return DayVerdict(tuple(marks), total, late=late, worked=worked)
    left = _minute(clock_out)
    early = scheduled_minutes(windows, left, day_end)
    if early:
        marks.append(AttendanceMark.EARLY_LEAVE)
    worked = scheduled_minutes(windows, arrived, left)
    return DayVerdict(
        tuple(marks) or (AttendanceMark.NORMAL,), total, late=late, early_leave=early, worked=worked
    )
