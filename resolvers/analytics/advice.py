"""Staffing advice (人员调配建议) that follows from the figures.

Windows: for every service point and working day, the counter cases received per window open
that day (a window is open when it called at least one ticket; a day without queue data counts
the point's configured intake windows). Days above the threshold (default 60 cases a window a
day, about one case every eight minutes over a seven-hour day) are listed; a point with at least
a fifth of its days above it gets advice: enough windows for its busy days (the 90th percentile
of its daily counter cases divided by the threshold, rounded up), minus the windows it has.

Experts to the front: for every department, its average cases per working day on each day of
the month. Days of the month at least PEAK_FACTOR times the department's own average are peak
days; neighbouring peak days form a range, and the advice names the department, the range, how
much busier it is and how many extra windows that load fills, with the next such dates.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from resolvers.analytics import figures
from resolvers.analytics.figures import _q, labels
from resolvers.analytics.scope import Scope
from resolvers.analytics.sql import dialect
from resolvers.calendar.schedules import load_calendar
from resolvers.calendar.workdays import WorkCalendar

DEFAULT_THRESHOLD = 60
PEAK_FACTOR = 1.25
BUSY_SHARE = 0.2


@dataclass
class BusyDay:
    point_code: str
    point_name: str
    day: date
    cases: int
    windows: int

    @property
    def per_window(self) -> float:
        return round(self.cases / max(1, self.windows), 1)


@dataclass
class WindowAdvice:
    point_code: str
    point_name: str
    days: int
    busy_days: int
    daily_average: float
    windows: int
    per_window: float
    busy_day_cases: int  # the 90th percentile of daily counter cases
    suggested_windows: int
    text: str

    @property
    def extra_windows(self) -> int:
        return max(0, self.suggested_windows - self.windows)


@dataclass
class ExpertAdvice:
    department_code: str
    department: str
    first_day: int
    last_day: int
    peak_average: float
    usual_average: float
    extra_windows: int
    next_dates: list[date]
    text: str

    @property
    def factor(self) -> float:
        return round(self.peak_average / self.usual_average, 2) if self.usual_average else 0.0


@dataclass
class Advice:
    threshold: int
    busy_days: list[BusyDay]
    windows: list[WindowAdvice]
    experts: list[ExpertAdvice]


async def _point_days(scope: Scope) -> tuple[dict[tuple[int, date], int], dict[tuple[int, date], int]]:
    d = dialect()
    where, params = scope.where()
    cases = await _q(
        scope,
        f"""SELECT service_point_id AS p, day, SUM(n) AS n FROM {scope.cases_table()}
                                WHERE {where} AND channel = 'COUNTER' GROUP BY service_point_id, day""",
        params,
    )
    wwhere, wparams = scope.where(item=False, department=False)
    wins = await _q(
        scope,
        f"""SELECT service_point_id AS p, day, COUNT(DISTINCT window_id) AS w
                               FROM stat_window_day WHERE {wwhere} GROUP BY service_point_id, day""",
        wparams,
    )
    return (
        {(int(r["p"]), d.as_date(r["day"])): int(r["n"]) for r in cases},
        {(int(r["p"]), d.as_date(r["day"])): int(r["w"]) for r in wins},
    )


async def advise(scope: Scope, threshold: int = DEFAULT_THRESHOLD) -> Advice:
    threshold = max(1, threshold)
    d = dialect()
    cases, open_windows = await _point_days(scope)
    points = {p["id"]: p for p in await figures.points_under(scope)}
    configured: dict[int, int] = defaultdict(int)
    for r in await d.rows(
        "SELECT w.service_point_id AS p, COUNT(*) AS n FROM \"window\" w "
        "JOIN service_point sp ON sp.id = w.service_point_id "
        "WHERE w.kind = 'INTAKE' AND w.active AND sp.path LIKE ? "
        "GROUP BY w.service_point_id",
        [scope.region["path"] + "%"],
    ):
        configured[int(r["p"])] = int(r["n"])
    per_point: dict[int, list[tuple[date, int, int]]] = defaultdict(list)
    busy: list[BusyDay] = []
    for (pid, day), n in cases.items():
        p = points.get(pid)
        if p is None:
            continue
        w = open_windows.get((pid, day)) or configured.get(pid) or 1
        per_point[pid].append((day, n, w))
        if n / w > threshold:
            busy.append(BusyDay(p["code"], p["name"], day, n, w))
    busy.sort(key=lambda b: (-b.per_window, b.day))
    advice: list[WindowAdvice] = []
    for pid, days in per_point.items():
        p = points[pid]
        counts = sorted(n for _, n, _ in days)
        n_busy = sum(1 for _, n, w in days if n / w > threshold)
        windows = configured.get(pid) or max(w for _, _, w in days)
        avg = sum(counts) / len(counts)
        p90 = counts[min(len(counts) - 1, math.ceil(0.9 * len(counts)) - 1)]
        suggested = max(windows, math.ceil(p90 / threshold))
        if n_busy / len(days) < BUSY_SHARE or suggested <= windows:
            continue
        text = (
            f"{p['name']}：日均窗口受理 {avg:.0f} 件，现有 {windows} 个窗口，"
            f"每窗口日均 {avg / windows:.0f} 件；"
            f"{len(days)} 个工作日中有 {n_busy} 天超过每窗口 {threshold} 件。"
            f"建议增设 {suggested - windows} 个综合窗口（共 {suggested} 个）。"
        )
        advice.append(
            WindowAdvice(
                p["code"],
                p["name"],
                len(days),
                n_busy,
                round(avg, 1),
                windows,
                round(avg / windows, 1),
                p90,
                suggested,
                text,
            )
        )
    advice.sort(key=lambda a: (-a.extra_windows, -a.per_window))
    return Advice(threshold, busy[:30], advice, await _experts(scope, threshold))


async def _experts(scope: Scope, threshold: int) -> list[ExpertAdvice]:
    series = await figures.peaks_by_day_of_month(scope)
    total = sum(s.total for s in series[1:]) or 1
    codes = await labels("department", label="code")
    calendar = await load_calendar()
    out: list[ExpertAdvice] = []
    for s in series[1:]:
        if s.total / total < 0.03:
            continue
        values = [v for v in s.values if v > 0]
        if not values:
            continue
        usual = sum(values) / len(values)
        peak = [i + 1 for i, v in enumerate(s.values) if v >= PEAK_FACTOR * usual]
        for first, last in _ranges(peak):
            vals = s.values[first - 1 : last]
            avg = sum(vals) / len(vals)
            if avg - usual < threshold / 4:  # less than a quarter of a window: not worth moving anyone
                continue
            extra = math.ceil((avg - usual) / threshold) if avg > usual else 0
            next_dates = _next_dates(scope.today, first, last, calendar)
            span = f"{first} 日" if first == last else f"{first}–{last} 日"
            when = "、".join(f"{x.month}月{x.day}日" for x in next_dates[:5])
            text = (
                f"{s.label}：每月 {span}日均受理 {avg:.0f} 件，是平日（{usual:.0f} 件）的 "
                f"{avg / usual:.1f} 倍。建议这些日子安排{s.label}骨干到综合窗口支援"
                f"（约增加 {max(1, extra)} 个窗口的工作量）" + (f"；近期为 {when}。" if when else "。")
            )
            out.append(
                ExpertAdvice(
                    codes.get(int(s.key), s.key),
                    s.label,
                    first,
                    last,
                    round(avg, 1),
                    round(usual, 1),
                    max(1, extra),
                    next_dates,
                    text,
                )
            )
    out.sort(key=lambda a: -(a.peak_average / a.usual_average if a.usual_average else 0))
    return out


def _ranges(days: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for x in days:
        if out and x == out[-1][1] + 1:
            out[-1] = (out[-1][0], x)
        else:
            out.append((x, x))
    return out


def _next_dates(today: date, first: int, last: int, calendar: WorkCalendar) -> list[date]:
    """The next working days (from today, within two months) whose day of month is in range."""
    out: list[date] = []
    day = today
    while day <= today + timedelta(days=62) and len(out) < last - first + 1:
        if first <= day.day <= last and calendar.is_workday(day)[0]:
            out.append(day)
        day += timedelta(days=1)
    return out
