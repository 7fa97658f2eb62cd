"""Is the hall open for self-service tickets now, and when does it open next?

A day's service periods come from the service point's structured hours (resolvers.attendance:
its own, else the nearest ancestor's, else the default) combined with the official calendar
(resolvers.calendar):

- a date the point lists in ``open_dates`` or ``closed_dates`` is decided by that entry;
- an official holiday (春节, 国庆 …) is closed even when its weekday has hours;
- an official make-up working day (调休上班, a Saturday or Sunday) gets the hours of the
  point's first weekday that has any (the hall works "as on a weekday").

The kiosk refuses a ticket outside these periods and says when the hall opens next; the counter
and the supervisor still may issue one (a resident already inside at closing time).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from hub.core.clock import SHANGHAI, local_date
from hub.core.errors import ErrorCode, HubError
from hub.core.models import ServicePoint
from resolvers.attendance.clocking import hours_for_paths
from resolvers.attendance.hours import Period, Schedule, describe, period_text
from resolvers.calendar.schedules import load_calendar
from resolvers.calendar.workdays import WorkCalendar

LOOK_AHEAD_DAYS = 30  # the longest closure we look past (春节 with its weekends is ~9 days)
WEEKDAYS = "一二三四五六日"


def periods_on(schedule: Schedule, calendar: WorkCalendar, day: date) -> tuple[Period, ...]:
    """The hall's service periods on a local date (rules in the module docstring)."""
    if day in schedule.open_dates or day in schedule.closed_dates:
        return schedule.periods(day)
    known = calendar.schedule(day.year)
    if known is not None and day in known.holidays:
        return ()
    if known is not None and day in known.workdays:
        return next((schedule.weekly[d] for d in range(1, 6) if schedule.weekly.get(d)), ())
    return schedule.periods(day)


@dataclass(frozen=True)
class HallOpening:
    open_now: bool
    closes_at: datetime | None    # end of the current period when open
    next_opening: datetime | None  # start of the next period when closed (None: none in 30 days)
    hours_text: str               # "周一至周五 09:00–12:00、13:30–17:00"
    today_text: str               # today's periods, or "今日休息"
    kiosk_issues: bool = True     # the kiosk may issue now (open, or the hub does not enforce hours)


def opening_text(moment: datetime, now: datetime) -> str:
    """"今天 13:30", "明天 09:00" or "12月8日 周二 09:00" (Shanghai time)."""
    local = moment.astimezone(SHANGHAI)
    days = (local.date() - local_date(now)).days
    prefix = {0: "今天", 1: "明天"}.get(days, f"{local.month}月{local.day}日 周{WEEKDAYS[local.weekday()]}")
    return f"{prefix} {local:%H:%M}"


def opening_at(schedule: Schedule, calendar: WorkCalendar, now: datetime) -> HallOpening:
    """Pure: where ``now`` falls in the hall's hours."""
    today = local_date(now)
    todays = periods_on(schedule, calendar, today)
    today_text = "、".join(period_text(p) for p in todays) or "今日休息"
    for day_offset in range(LOOK_AHEAD_DAYS + 1):
        day = today + timedelta(days=day_offset)
        for start, end in periods_on(schedule, calendar, day):
            opens = datetime.combine(day, start, SHANGHAI)
            closes = datetime.combine(day, end, SHANGHAI)
            if opens <= now < closes:
                return HallOpening(True, closes, None, describe(schedule), today_text)
            if now < opens:
                return HallOpening(False, None, opens, describe(schedule), today_text, False)
    return HallOpening(False, None, None, describe(schedule), today_text, False)


async def hall_opening(point_path: str, now: datetime) -> HallOpening:
    """The opening of the point at ``path`` (three queries: hours, ancestors, calendar)."""
    hours = (await hours_for_paths([point_path]))[point_path]
    return opening_at(hours.schedule, await load_calendar(), now)


async def point_opening(service_point_code: str, now: datetime, enforced: bool) -> HallOpening:
    """The point's opening; ``enforced``: whether the hub holds the kiosk to it (settings)."""
    point = await ServicePoint.get_or_none(code=service_point_code).values("path")
    if point is None:
        raise HubError(ErrorCode.NOT_FOUND, "服务点不存在", "servicePointCode")
    found = await hall_opening(point["path"], now)
    return found if enforced else replace(found, kiosk_issues=True)


def closed_error(opening: HallOpening, now: datetime) -> HubError:
    when = (f"下次开放时间：{opening_text(opening.next_opening, now)}，请届时再来取号"
            if opening.next_opening else "近期暂无开放安排，请咨询大厅工作人员")
    return HubError(ErrorCode.CLOSED,
                    f"现在不在营业时间（{opening.hours_text}），自助终端暂停取号。{when}")
