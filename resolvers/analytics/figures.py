"""The dashboard figures: SQL aggregation over the daily rollups (plus a few short raw lists).

Every function takes a resolved Scope (viewer, region, point, department, item, days) and
returns plain rows. Rates are fractions (0..1) or None when nothing was counted. Times are in
minutes (waits and handling) or seconds (whistle responses).

Percentiles of waiting and handling times are exact (nearest rank over the visits themselves,
``resolvers.analytics.samples``) when a figure covers at most ``samples.EXACT_MAX`` timed visits.
Above that they are read from the rollups histograms: the p-th percentile is the value at which
the cumulative count reaches p of the total, with the values of a bucket taken as evenly spread
over it (the open last bucket, 90 minutes and more, as 90 to 120), and never more than the
average allows (Markov: at most average / (1 - p), so p50 ≤ 2 × average).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from hub.core.clock import local_date
from hub.core.models.analytics import BUCKETS, HOURS, WAIT_EDGES_MINUTES
from hub.core.models.enums import (
    CASE_CHANNEL_LABELS,
    CASE_STATUS_LABELS,
    RATING_LABELS,
    CaseChannel,
    CaseStatus,
)
from resolvers.analytics import rollups, samples
from resolvers.analytics.scope import Scope
from resolvers.analytics.sql import day_range_utc, day_start_utc, dialect

DECIDED = ("APPROVED", "REJECTED", "ISSUED")
OPEN_TIMED = ("RECEIVED", "IN_REVIEW")  # accepted, not decided, the clock running (not 补件)
TIME_SUMS = ", ".join(
    [
        "SUM(n_timed) AS n_timed",
        "SUM(wait_sum) AS wait_sum",
        "SUM(handle_sum) AS handle_sum",
        *[f"SUM(w{i}) AS w{i}" for i in range(BUCKETS)],
        *[f"SUM(s{i}) AS s{i}" for i in range(BUCKETS)],
    ]
)


async def _q(scope: Scope, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    d = dialect()
    return await d.rows(sql, [d.d(p) if isinstance(p, date) else p for p in params])


def rate(part: int | None, whole: int | None) -> float | None:
    return None if not whole else (part or 0) / whole


# --- time statistics -----------------------------------------------------------------------------


def percentile(buckets: list[int], p: float, mean: float | None = None) -> float | None:
    """The p-th percentile (minutes) estimated from a histogram, at most ``mean / (1 - p)``."""
    total = sum(buckets)
    if not total:
        return None
    target = p * total
    cum = 0
    estimate = float(WAIT_EDGES_MINUTES[-1])
    for i, c in enumerate(buckets):
        if c and cum + c >= target:
            lo = WAIT_EDGES_MINUTES[i]
            hi = WAIT_EDGES_MINUTES[i + 1] if i + 1 < BUCKETS else lo * 4 / 3
            estimate = lo + (hi - lo) * (target - cum) / c
            break
        cum += c
    if mean is not None:
        estimate = min(estimate, mean / (1 - p))
    return round(estimate, 1)


def exact_minutes(seconds: list[int], p: float) -> float | None:
    found = exact_percentile(seconds, p)
    return None if found is None else round(found / 60, 1)


@dataclass
class TimeStat:
    count: int = 0
    avg_wait: float | None = None
    p50_wait: float | None = None
    p90_wait: float | None = None
    avg_handle: float | None = None
    p50_handle: float | None = None
    p90_handle: float | None = None

    @classmethod
    def of(cls, row: dict[str, Any], sample: samples.Sample | None = None) -> TimeStat:
        """From a rollup row; the percentiles from ``sample`` (the exact times) when given."""
        n = int(row.get("n_timed") or 0)
        mean_wait = int(row.get("wait_sum") or 0) / n / 60 if n else None
        mean_handle = int(row.get("handle_sum") or 0) / n / 60 if n else None
        if sample is not None and sample.waits:
            p = [exact_minutes(sample.waits, 0.5), exact_minutes(sample.waits, 0.9),
                 exact_minutes(sample.handles, 0.5), exact_minutes(sample.handles, 0.9)]
        else:
            waits = [int(row.get(f"w{i}") or 0) for i in range(BUCKETS)]
            handles = [int(row.get(f"s{i}") or 0) for i in range(BUCKETS)]
            p = [percentile(waits, 0.5, mean_wait), percentile(waits, 0.9, mean_wait),
                 percentile(handles, 0.5, mean_handle), percentile(handles, 0.9, mean_handle)]
        return cls(
            count=n,
            avg_wait=None if mean_wait is None else round(mean_wait, 1),
            p50_wait=p[0],
            p90_wait=p[1],
            avg_handle=None if mean_handle is None else round(mean_handle, 1),
            p50_handle=p[2],
            p90_handle=p[3],
        )


# --- lookups (small tables) ------------------------------------------------------------------------


async def points_under(scope: Scope) -> list[dict[str, Any]]:
    d = dialect()
    return await d.rows(
        "SELECT id, code, name, path, level, parent_id, sort FROM service_point "
        "WHERE path LIKE ? ORDER BY sort, code",
        [scope.region["path"] + "%"],
    )


async def labels(table: str, id_col: str = "id", label: str = "name") -> dict[int, str]:
    d = dialect()
    return {
        int(r["id"]): str(r["label"])
        for r in await d.rows(f"SELECT {id_col} AS id, {label} AS label FROM {table}")
    }


# --- per item over whole months ----------------------------------------------------------------


def month_parts(first: date, last: date) -> list[tuple[str, date, date]]:
    """Cover ``first`` .. ``last`` with whole calendar months (monthly item rows) and the days
    before and after them (daily item rows)."""
    start = first if first.day == 1 else rollups.next_month(first)
    end = start
    while rollups.next_month(end) - timedelta(days=1) <= last:
        end = rollups.next_month(end)
    if end == start:  # no whole month in the range
        return [("stat_case_item_day", first, last)]
    parts = [("stat_case_item_month", start, end - timedelta(days=1))]
    if first < start:
        parts.insert(0, ("stat_case_item_day", first, start - timedelta(days=1)))
    if end <= last:
        parts.append(("stat_case_item_day", end, last))
    return parts


async def per_item(scope: Scope, template: str) -> list[dict[str, Any]]:
    """``template`` (with {table} and {where}, grouped by item as k) summed over the month parts."""
    merged: dict[Any, dict[str, Any]] = {}
    for table, first, last in month_parts(scope.first, scope.last):
        where, params = scope.where(first=first, last=last)
        for r in await _q(scope, template.format(table=table, where=where), params):
            into = merged.setdefault(r["k"], {"k": r["k"]})
            for k, v in r.items():
                if k != "k":
                    into[k] = (into.get(k) or 0) + (v or 0)
    return list(merged.values())


async def coded(table: str) -> dict[int, tuple[str, str]]:
    """id → (code, name) of a small table."""
    d = dialect()
    return {int(r["id"]): (str(r["code"]), str(r["name"]))
            for r in await d.rows(f"SELECT id, code, name FROM {table}")}


# --- summary ---------------------------------------------------------------------------------------


@dataclass
class Summary:
    cases: int
    days: int
    daily_average: float
    instant: int
    decided: int
    first_time: int
    on_time: int
    late: int
    open_overdue: int
    ratings: int
    rating_average: float | None
    satisfied: int
    unhappy: int
    times: TimeStat

    @property
    def instant_rate(self) -> float | None:
        return rate(self.instant, self.cases)

    @property
    def first_time_rate(self) -> float | None:
        return rate(self.first_time, self.decided)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.on_time + self.late)

    @property
    def satisfaction_rate(self) -> float | None:
        return rate(self.satisfied, self.ratings)


async def summary(scope: Scope) -> Summary:
    where, params = scope.where()
    decided = ", ".join(f"'{s}'" for s in DECIDED)
    row = (
        await _q(
            scope,
            f"""
        SELECT COALESCE(SUM(n), 0) AS n, COALESCE(SUM(n_instant), 0) AS instant,
               COALESCE(SUM(CASE WHEN status IN ({decided}) THEN n ELSE 0 END), 0) AS decided,
               COALESCE(SUM(CASE WHEN status IN ({decided}) THEN n_first_time ELSE 0 END), 0) AS first_time,
               COALESCE(SUM(n_on_time), 0) AS on_time, COALESCE(SUM(n_late), 0) AS late,
               COUNT(DISTINCT day) AS days, {TIME_SUMS}
        FROM {scope.cases_table()} WHERE {where}""",
            params,
        )
    )[0]
    rwhere, rparams = scope.where()
    rating = (
        await _q(
            scope,
            f"""
        SELECT COALESCE(SUM(n), 0) AS n, COALESCE(SUM(n * level), 0) AS total,
               COALESCE(SUM(CASE WHEN level >= 4 THEN n ELSE 0 END), 0) AS good,
               COALESCE(SUM(CASE WHEN level <= 2 THEN n ELSE 0 END), 0) AS bad
        FROM stat_rating_day WHERE {rwhere}""",
            rparams,
        )
    )[0]
    n, days = int(row["n"]), int(row["days"] or 0)
    return Summary(
        cases=n,
        days=days,
        daily_average=round(n / days, 1) if days else 0.0,
        instant=int(row["instant"]),
        decided=int(row["decided"]),
        first_time=int(row["first_time"]),
        on_time=int(row["on_time"]),
        late=int(row["late"]),
        open_overdue=await overdue_count(scope),
        ratings=int(rating["n"]),
        rating_average=round(int(rating["total"]) / int(rating["n"]), 2) if rating["n"] else None,
        satisfied=int(rating["good"]),
        unhappy=int(rating["bad"]),
        times=TimeStat.of(row, (await samples.of_cases(scope)).get(0) if samples.is_small([row]) else None),
    )


# --- cases over time and by dimension -------------------------------------------------------------


@dataclass
class Bucket:
    key: str
    label: str
    count: int
    share: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


async def cases_over_time(scope: Scope, granularity: str) -> list[Bucket]:
    where, params = scope.where()
    rows = await _q(
        scope, f"SELECT day, SUM(n) AS n FROM {scope.cases_table()} WHERE {where} GROUP BY day", params
    )
    d = dialect()
    per: dict[date, int] = defaultdict(int)
    for r in rows:
        day = d.as_date(r["day"])
        if granularity == "WEEK":
            day -= timedelta(days=day.weekday())
        elif granularity == "MONTH":
            day = day.replace(day=1)
        per[day] += int(r["n"])
    # every period of the range, also the empty ones
    out: list[Bucket] = []
    cur = scope.first
    seen: set[date] = set()
    while cur <= scope.last:
        key = cur
        if granularity == "WEEK":
            key = cur - timedelta(days=cur.weekday())
        elif granularity == "MONTH":
            key = cur.replace(day=1)
        if key not in seen:
            seen.add(key)
            label = f"{key:%Y-%m}" if granularity == "MONTH" else key.isoformat()
            out.append(Bucket(key.isoformat(), label, per.get(key, 0)))
        cur += timedelta(days=1)
    return out


DIMENSIONS = {
    "ITEM": "item_id",
    "DEPARTMENT": "department_id",
    "SERVICE_POINT": "service_point_id",
    "CHANNEL": "channel",
    "STATUS": "status",
}


async def cases_by(scope: Scope, dimension: str) -> list[Bucket]:
    col = DIMENSIONS[dimension]
    where, params = scope.where()
    if dimension == "ITEM" and scope.item is None:
        rows = await per_item(scope, "SELECT item_id AS k, SUM(n) AS n FROM {table} WHERE {where} "
                                     "GROUP BY item_id")
    else:
        rows = await _q(scope, f"SELECT {col} AS k, SUM(n) AS n FROM {scope.cases_table()} WHERE {where} "
                               f"GROUP BY {col}", params)
    rows.sort(key=lambda r: -int(r["n"]))
    total = sum(int(r["n"]) for r in rows)
    table = {"ITEM": "item", "DEPARTMENT": "department", "SERVICE_POINT": "service_point"}.get(dimension)
    names: dict[int, str] = {}
    codes: dict[int, str] = {}
    if table:
        d = dialect()
        label = "short_name" if table == "department" else "name"
        for r in await d.rows(f"SELECT id, code, {label} AS label FROM {table}"):
            names[int(r["id"])] = str(r["label"])
            codes[int(r["id"])] = str(r["code"])
    out = []
    for r in rows:
        key = r["k"]
        if dimension == "CHANNEL":
            label = CASE_CHANNEL_LABELS.get(CaseChannel(key), key) if key in CaseChannel.__members__ else key
        elif dimension == "STATUS":
            label = CASE_STATUS_LABELS.get(CaseStatus(key), key) if key in CaseStatus.__members__ else key
        else:
            label = names.get(int(key), str(key))
            key = codes.get(int(key), key)
        out.append(Bucket(str(key), label, int(r["n"]), rate(int(r["n"]), total)))
    return out


# --- drill-down: the region's children, the windows of a point -------------------------------------


@dataclass
class RegionRow:
    code: str
    name: str
    level: str
    is_self: bool  # the region's own centre (本级), not a child subtree
    has_children: bool
    cases: int = 0
    counter_cases: int = 0
    days: int = 0
    window_days: int = 0
    windows: int = 0
    instant: int = 0
    on_time: int = 0
    late: int = 0
    ratings: int = 0
    rating_total: int = 0
    unhappy: int = 0
    times: TimeStat = field(default_factory=TimeStat)

    @property
    def cases_per_window_day(self) -> float | None:
        return round(self.counter_cases / self.window_days, 1) if self.window_days else None

    @property
    def daily_average(self) -> float | None:
        return round(self.cases / self.days, 1) if self.days else None


def _child_of(region: dict[str, Any], point: dict[str, Any], children: list[dict[str, Any]]) -> str:
    """The code of the region's child subtree that holds ``point`` (or the region's own code)."""
    if point["id"] == region["id"]:
        return region["code"]
    for c in children:
        if point["path"].startswith(c["path"]):
            return c["code"]
    return region["code"]


async def region_breakdown(scope: Scope) -> list[RegionRow]:
    points = await points_under(scope)
    region = scope.region
    children = [p for p in points if p["parent_id"] == region["id"]]
    point_of = {p["id"]: p for p in points}
    rows_by: dict[str, RegionRow] = {}
    has_kids = {p["parent_id"] for p in points}
    rows_by[region["code"]] = RegionRow(
        region["code"], f"{region['name']}（本级）", region["level"], True, False
    )
    for c in children:
        rows_by[c["code"]] = RegionRow(c["code"], c["name"], c["level"], False, c["id"] in has_kids)
    where, params = scope.where()
    case_rows = await _q(
        scope,
        f"""
        SELECT service_point_id AS p, SUM(n) AS n,
               SUM(CASE WHEN channel = 'COUNTER' THEN n ELSE 0 END) AS counter,
               SUM(n_instant) AS instant, SUM(n_on_time) AS on_time, SUM(n_late) AS late,
               COUNT(DISTINCT day) AS days, {TIME_SUMS}
        FROM {scope.cases_table()} WHERE {where} GROUP BY service_point_id""",
        params,
    )
    wtable, has_dept = scope.windows_table()
    wwhere, wparams = scope.where(item=False, department=has_dept)
    win_rows = await _q(
        scope,
        f"""
        SELECT p, COUNT(*) AS window_days, COUNT(DISTINCT window_id) AS windows
        FROM (SELECT service_point_id AS p, day, window_id FROM {wtable} WHERE {wwhere}
              GROUP BY service_point_id, day, window_id) x
        GROUP BY p""",
        wparams,
    )
    rating_rows = await _q(
        scope,
        f"""
        SELECT service_point_id AS p, SUM(n) AS n, SUM(n * level) AS total,
               SUM(CASE WHEN level <= 2 THEN n ELSE 0 END) AS bad
        FROM stat_rating_day WHERE {where} GROUP BY service_point_id""",
        params,
    )
    times: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in case_rows:
        p = point_of.get(int(r["p"]))
        if p is None:
            continue
        row = rows_by[_child_of(region, p, children)]
        row.cases += int(r["n"])
        row.counter_cases += int(r["counter"])
        row.instant += int(r["instant"])
        row.on_time += int(r["on_time"])
        row.late += int(r["late"])
        row.days = max(row.days, int(r["days"]))
        t = times[row.code]
        for k, v in r.items():
            if k in ("n_timed", "wait_sum", "handle_sum") or (k[0] in "ws" and k[1:].isdigit()):
                t[k] += int(v or 0)
    for r in win_rows:
        p = point_of.get(int(r["p"]))
        if p is not None:
            row = rows_by[_child_of(region, p, children)]
            row.window_days += int(r["window_days"])
            row.windows += int(r["windows"])
    for r in rating_rows:
        p = point_of.get(int(r["p"]))
        if p is not None:
            row = rows_by[_child_of(region, p, children)]
            row.ratings += int(r["n"])
            row.rating_total += int(r["total"])
            row.unhappy += int(r["bad"])
    exact: dict[str, samples.Sample] = defaultdict(samples.Sample)
    if samples.is_small(case_rows):
        for point_id, sample in (await samples.of_cases(scope, "c.service_point_id")).items():
            p = point_of.get(int(point_id))
            if p is not None:
                into = exact[_child_of(region, p, children)]
                into.waits += sample.waits
                into.handles += sample.handles
    for code, t in times.items():
        rows_by[code].times = TimeStat.of(t, exact.get(code))
    out = list(rows_by.values())
    own = out[0]
    if scope.point is not None:
        out = [r for r in out if r.cases or r.windows]
    elif not own.cases and not own.windows:
        out = out[1:]
    return out


@dataclass
class WindowRow:
    window_id: int
    name: str
    point_code: str
    point_name: str
    called: int
    served: int
    no_show: int
    days: int
    times: TimeStat

    @property
    def served_per_day(self) -> float | None:
        return round(self.served / self.days, 1) if self.days else None


async def window_breakdown(scope: Scope) -> list[WindowRow]:
    table, has_dept = scope.windows_table()
    where, params = scope.where(item=False, department=has_dept)
    rows = await _q(
        scope,
        f"""
        SELECT window_id, service_point_id, SUM(n_called) AS called, SUM(n_served) AS served,
               SUM(n_no_show) AS no_show, COUNT(DISTINCT day) AS days, {TIME_SUMS}
        FROM {table} WHERE {where} GROUP BY window_id, service_point_id""",
        params,
    )
    exact = await samples.of_tickets(scope, "t.window_id") if samples.is_small(rows) else {}
    d = dialect()
    wins = {
        int(r["id"]): r
        for r in await d.rows(
            "SELECT w.id, w.name, w.number, p.code, p.name AS point FROM \"window\" w "
            "JOIN service_point p ON p.id = w.service_point_id WHERE p.path LIKE ?",
            [scope.region["path"] + "%"],
        )
    }
    out = []
    for r in rows:
        w = wins.get(int(r["window_id"]))
        if w is None:
            continue
        out.append(
            WindowRow(
                int(r["window_id"]),
                w["name"],
                w["code"],
                w["point"],
                int(r["called"]),
                int(r["served"]),
                int(r["no_show"]),
                int(r["days"]),
                TimeStat.of(r, exact.get(int(r["window_id"]))),
            )
        )
    out.sort(key=lambda x: (-(x.served_per_day or 0), x.point_code, x.name))
    return out


# --- peaks -----------------------------------------------------------------------------------------


@dataclass
class Series:
    key: str
    label: str
    values: list[float]
    total: int


async def peaks_by_day_of_month(scope: Scope) -> list[Series]:
    """Per department: the average cases per working day on each day of the month (1..31).

    A day of the month counts once for every date in the range on which the scope had any case."""
    where, params = scope.where()
    rows = await _q(
        scope,
        f"""SELECT department_id AS dep, day, SUM(n) AS n FROM {scope.cases_table()}
                               WHERE {where} GROUP BY department_id, day""",
        params,
    )
    d = dialect()
    open_days: dict[int, set[date]] = defaultdict(set)
    per: dict[int, list[int]] = defaultdict(lambda: [0] * 31)
    for r in rows:
        day = d.as_date(r["day"])
        open_days[day.day].add(day)
        per[int(r["dep"])][day.day - 1] += int(r["n"])
    names = await labels("department", label="short_name")
    occurrences = [len(open_days[i + 1]) for i in range(31)]
    all_values = [0] * 31
    out = []
    for dep, counts in per.items():
        for i, c in enumerate(counts):
            all_values[i] += c
        out.append(
            Series(
                str(dep),
                names.get(dep, str(dep)),
                [round(c / occurrences[i], 1) if occurrences[i] else 0.0 for i, c in enumerate(counts)],
                sum(counts),
            )
        )
    out.sort(key=lambda s: -s.total)
    total = Series(
        "ALL",
        "合计",
        [round(c / occurrences[i], 1) if occurrences[i] else 0.0 for i, c in enumerate(all_values)],
        sum(all_values),
    )
    return [total, *out]


async def peaks_by_hour(scope: Scope) -> list[Series]:
    where, params = scope.where()
    sums = ", ".join(f"SUM(h{h:02d}) AS h{h:02d}" for h in range(HOURS))
    rows = await _q(
        scope,
        f"""SELECT department_id AS dep, {sums} FROM {scope.cases_table()} WHERE {where}
                               GROUP BY department_id""",
        params,
    )
    names = await labels("department", label="short_name")
    out = []
    all_values = [0] * HOURS
    for r in rows:
        vals = [int(r[f"h{h:02d}"] or 0) for h in range(HOURS)]
        for h, v in enumerate(vals):
            all_values[h] += v
        out.append(
            Series(
                str(r["dep"]), names.get(int(r["dep"]), str(r["dep"])), [float(v) for v in vals], sum(vals)
            )
        )
    out.sort(key=lambda s: -s.total)
    return [Series("ALL", "合计", [float(v) for v in all_values], sum(all_values)), *out]


# --- waiting and handling times ---------------------------------------------------------------------


@dataclass
class TimeRow:
    key: str
    label: str
    times: TimeStat


async def waiting_times(scope: Scope, by: str) -> list[TimeRow]:
    """By WINDOW or SERVICE_POINT: every called ticket (item filter: not applied to windows,
    a ticket is one visit; for points the cases of the item are used). By ITEM: counter cases."""
    if by == "WINDOW":
        return [
            TimeRow(str(w.window_id), f"{w.point_name} {w.name}", w.times)
            for w in await window_breakdown(scope)
        ]
    if by == "ITEM":
        names = await coded("item")
        rows = await per_item(scope, f"SELECT item_id AS k, {TIME_SUMS} FROM {{table}} WHERE {{where}} "
                                     "GROUP BY item_id")
        exact = await samples.of_cases(scope, "c.item_id") if samples.is_small(rows) else {}
    else:
        if scope.item is None:
            table, has_dept = scope.windows_table()
            where, params = scope.where(item=False, department=has_dept)
        else:
            table = scope.cases_table()
            where, params = scope.where()
        names = await coded("service_point")
        rows = await _q(scope, f"SELECT service_point_id AS k, {TIME_SUMS} FROM {table} WHERE {where} "
                               "GROUP BY service_point_id", params)
        exact = {}
        if samples.is_small(rows):
            exact = await (samples.of_tickets(scope, "t.service_point_id") if scope.item is None
                           else samples.of_cases(scope, "c.service_point_id"))
    out = [
        TimeRow(*names.get(int(r["k"]), (str(r["k"]), str(r["k"]))), TimeStat.of(r, exact.get(int(r["k"]))))
        for r in rows
        if r["n_timed"]
    ]
    out.sort(key=lambda x: -(x.times.avg_wait or 0))
    return out


# --- timeliness: the overdue list -------------------------------------------------------------------


def _case_filters(
    scope: Scope, alias: str = "c", *, received: bool = True, day_index: bool = True
) -> tuple[str, list[Any]]:
    """Conditions on service_case: subtree, point, department, item and (``received``) the days."""
    parts = [f"{alias}.point_path LIKE ?"]
    params: list[Any] = [scope.region["path"] + "%"]
    if received:
        d = dialect()
        start, end = day_range_utc(scope.first, scope.last)
        col = f"{alias}.submitted_at" if day_index else d.unindexed(f"{alias}.submitted_at")
        parts += [f"{col} >= ?", f"{col} < ?"]
        params += [d.ts(start), d.ts(end)]
    scope.filters(parts, params, point=f"{alias}.service_point_id",
                  department=f"{alias}.department_id", item=f"{alias}.item_id")
    return " AND ".join(parts), params


async def overdue_count(scope: Scope) -> int:
    """Open cases received in the range and past their due day now (the clock running: not
    waiting for a supplement)."""
    d = dialect()
    where, params = _case_filters(scope, day_index=False)  # few open cases: (status, due_on) is better
    statuses = ", ".join(f"'{s}'" for s in OPEN_TIMED)
    rows = await d.rows(
        f"SELECT COUNT(*) AS n FROM service_case c WHERE c.status IN ({statuses}) "
        f"AND c.due_on < ? AND {where}",
        [d.d(scope.today), *params],
    )
    return int(rows[0]["n"])


@dataclass
class OverdueCase:
    number: str
    item_name: str
    department: str
    point_name: str
    status: str
    accepted_at: datetime | None
    due_on: date
    days_overdue: int
    assignee: str


async def overdue_cases(scope: Scope, first: int) -> list[OverdueCase]:
    d = dialect()
    where, params = _case_filters(scope, day_index=False)
    statuses = ", ".join(f"'{s}'" for s in OPEN_TIMED)
    rows = await d.rows(
        f"""
        SELECT c.number, c.item_name, dp.short_name AS dept, p.name AS point, c.status, c.accepted_at,
               c.due_on, COALESCE(s.name, '') AS assignee
        FROM service_case c
        JOIN department dp ON dp.id = c.department_id
        JOIN service_point p ON p.id = c.service_point_id
        LEFT JOIN staff s ON s.id = c.assignee_id
        WHERE c.status IN ({statuses}) AND c.due_on < ? AND {where}
        ORDER BY c.due_on, c.id LIMIT ?""",
        [d.d(scope.today), *params, first],
    )
    out = []
    for r in rows:
        due = d.as_date(r["due_on"])
        out.append(
            OverdueCase(
                r["number"],
                r["item_name"],
                r["dept"],
                r["point"],
                CASE_STATUS_LABELS[CaseStatus(r["status"])],
                d.as_datetime(r["accepted_at"]) if r["accepted_at"] else None,
                due,
                (scope.today - due).days,
                r["assignee"],
            )
        )
    return out


# --- satisfaction -----------------------------------------------------------------------------------


async def satisfaction(scope: Scope) -> list[Bucket]:
    where, params = scope.where()
    rows = await _q(
        scope, f"SELECT level, SUM(n) AS n FROM stat_rating_day WHERE {where} GROUP BY level", params
    )
    per = {int(r["level"]): int(r["n"]) for r in rows}
    total = sum(per.values())
    return [
        Bucket(str(lv), RATING_LABELS[lv], per.get(lv, 0), rate(per.get(lv, 0), total))
        for lv in (5, 4, 3, 2, 1)
    ]


@dataclass
class RatingRow:
    created_at: datetime
    level: int
    comment: str
    point_name: str
    department: str
    case_number: str
    item_name: str
    rectification: str  # OPEN / DONE / ""


async def unhappy_ratings(scope: Scope, first: int) -> list[RatingRow]:
    d = dialect()
    start, end = day_range_utc(scope.first, scope.last)
    parts = ["e.level <= 2", "e.created_at >= ?", "e.created_at < ?", "p.path LIKE ?"]
    params: list[Any] = [d.ts(start), d.ts(end), scope.region["path"] + "%"]
    scope.filters(parts, params, point="e.service_point_id", department="e.department_id",
                  item="c.item_id")
    rows = await d.rows(
        f"""
        SELECT e.created_at, e.level, e.comment, p.name AS point, COALESCE(dp.short_name, '') AS dept,
               COALESCE(c.number, '') AS number, COALESCE(c.item_name, '') AS item,
               COALESCE(r.status, '') AS rect
        FROM evaluation e
        JOIN service_point p ON p.id = e.service_point_id
        LEFT JOIN department dp ON dp.id = e.department_id
        LEFT JOIN service_case c ON c.id = e.case_id
        LEFT JOIN rectification r ON r.evaluation_id = e.id
        WHERE {" AND ".join(parts)} ORDER BY e.created_at DESC, e.id DESC LIMIT ?""",
        [*params, first],
    )
    return [
        RatingRow(
            d.as_datetime(r["created_at"]),
            int(r["level"]),
            r["comment"],
            r["point"],
            r["dept"],
            r["number"],
            r["item"],
            r["rect"],
        )
        for r in rows
    ]


@dataclass
class RectificationRow:
    id: int
    point_name: str
    level: int
    comment: str
    case_number: str
    due_on: date
    overdue: bool
    assignee: str
    created_at: datetime


async def open_rectifications(scope: Scope, first: int) -> list[RectificationRow]:
    d = dialect()
    parts = ["r.status = 'OPEN'", "p.path LIKE ?"]
    params: list[Any] = [scope.region["path"] + "%"]
    scope.filters(parts, params, point="r.service_point_id", department="e.department_id")
    rows = await d.rows(
        f"""
        SELECT r.id, p.name AS point, e.level, e.comment, COALESCE(c.number, '') AS number, r.due_on,
               COALESCE(s.name, '') AS assignee, r.created_at
        FROM rectification r
        JOIN evaluation e ON e.id = r.evaluation_id
        JOIN service_point p ON p.id = r.service_point_id
        LEFT JOIN service_case c ON c.id = e.case_id
        LEFT JOIN staff s ON s.id = r.assigned_to_id
        WHERE {" AND ".join(parts)} ORDER BY r.due_on, r.id LIMIT ?""",
        [*params, first],
    )
    out = []
    for r in rows:
        due = d.as_date(r["due_on"])
        out.append(
            RectificationRow(
                int(r["id"]),
                r["point"],
                int(r["level"]),
                r["comment"],
                r["number"],
                due,
                due < scope.today,
                r["assignee"],
                d.as_datetime(r["created_at"]),
            )
        )
    return out


# --- whistle ----------------------------------------------------------------------------------------


@dataclass
class WhistleRow:
    key: str
    label: str
    calls: int
    answered: int
    escalated: int
    avg_response: float | None  # seconds
    p50_response: float | None
    p90_response: float | None
    avg_resolution: float | None


def exact_percentile(values: list[int], p: float) -> float | None:
    """Nearest-rank percentile of exact values."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(p * len(ordered)) - 1)])


async def whistle(scope: Scope) -> list[WhistleRow]:
    d = dialect()
    start, end = day_range_utc(scope.first, scope.last)
    parts = ["raised_at >= ?", "raised_at < ?", "point_path LIKE ?"]
    params: list[Any] = [d.ts(start), d.ts(end), scope.region["path"] + "%"]
    scope.filters(parts, params, point="service_point_id", department="department_id",
                  item="item_code", item_key="code")
    rows = await d.rows(
        f"""SELECT department_id AS dep, response_seconds AS r, resolution_seconds AS s,
                                   CASE WHEN escalated_at IS NULL THEN 0 ELSE 1 END AS esc
                            FROM help_call WHERE {" AND ".join(parts)}""",
        params,
    )
    names = await labels("department", label="short_name")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[str(r["dep"])].append(r)
        groups["ALL"].append(r)

    def row(key: str, items: list[dict[str, Any]]) -> WhistleRow:
        resp = [int(x["r"]) for x in items if x["r"] is not None]
        reso = [int(x["s"]) for x in items if x["s"] is not None]
        return WhistleRow(
            key,
            "合计" if key == "ALL" else names.get(int(key), key),
            len(items),
            len(resp),
            sum(int(x["esc"]) for x in items),
            round(sum(resp) / len(resp), 1) if resp else None,
            exact_percentile(resp, 0.5),
            exact_percentile(resp, 0.9),
            round(sum(reso) / len(reso), 1) if reso else None,
        )

    out = [row(k, v) for k, v in groups.items() if k != "ALL"]
    out.sort(key=lambda r: -r.calls)
    return [row("ALL", groups.get("ALL", [])), *out]


# --- today, live --------------------------------------------------------------------------------------


@dataclass
class Today:
    day: date
    cases: int
    tickets: int
    waiting: int
    served: int
    avg_wait: float | None  # minutes, tickets called today
    open_windows: int
    at: datetime


async def today(scope: Scope, now: datetime) -> Today:
    """Today's figures straight from the source tables (always current)."""
    d = dialect()
    day = local_date(now)
    start = day_start_utc(day)
    where, params = _case_filters(scope, received=False)
    cases = (
        await d.rows(
            f"SELECT COUNT(*) AS n FROM service_case c WHERE c.submitted_at >= ? AND {where}",
            [d.ts(start), *params],
        )
    )[0]["n"]
    tparts = ["t.day = ?", "p.path LIKE ?"]
    tparams: list[Any] = [d.d(day), scope.region["path"] + "%"]
    scope.filters(tparts, tparams, point="t.service_point_id")
    wait = d.seconds("t.taken_at", "t.called_at")
    row = (
        await d.rows(
            f"""
        SELECT COUNT(*) AS n,
               COALESCE(SUM(CASE WHEN t.status = 'WAITING' THEN 1 ELSE 0 END), 0) AS waiting,
               COALESCE(SUM(CASE WHEN t.finished_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS served,
               AVG(CASE WHEN t.called_at IS NOT NULL THEN {wait} END) AS wait,
               COUNT(DISTINCT t.window_id) AS windows
        FROM ticket t JOIN service_point p ON p.id = t.service_point_id
        WHERE {" AND ".join(tparts)}""",
            tparams,
        )
    )[0]
    return Today(
        day,
        int(cases),
        int(row["n"]),
        int(row["waiting"]),
        int(row["served"]),
        round(float(row["wait"]) / 60, 1) if row["wait"] is not None else None,
        int(row["windows"]),
        now,
    )


async def live_points(scope: Scope) -> list[str]:
    """Codes of the service points in scope that run a queue (their hall events move today)."""
    d = dialect()
    if scope.point is not None:
        parts, params = "p.id = ?", [scope.point["id"]]
    else:
        parts, params = "p.path LIKE ?", [scope.region["path"] + "%"]
    rows = await d.rows(f"""SELECT DISTINCT p.code, p.path FROM service_point p
                            JOIN queue_category q ON q.service_point_id = p.id
                            WHERE q.active AND {parts} ORDER BY p.path""", params)
    return [r["code"] for r in rows]


# --- the greeter's pre-check (导办) ------------------------------------------------------------------


@dataclass
class HandlingStat:
    tickets: int  # called and finished tickets
    avg_minutes: float | None  # 叫号→办结
    p50_minutes: float | None


@dataclass
class PreCheckEffect:
    with_pre_check: HandlingStat
    without_pre_check: HandlingStat
    pre_checks: int  # pre-checks done at the door in the days
    sent_home: int  # of which ended with the list of missing materials (一次告知), no ticket
    insisted: int  # tickets issued although materials were missing

    @property
    def sent_home_rate(self) -> float | None:
        return rate(self.sent_home, self.pre_checks)


PRE_CHECKED = "CASE WHEN EXISTS (SELECT 1 FROM pre_check pc WHERE pc.ticket_id = t.id) THEN 1 ELSE 0 END"


async def pre_check_effect(scope: Scope) -> PreCheckEffect:
    """Handling time (叫号→办结) of the scope's tickets with and without a greeter's pre-check,
    and the share of pre-checked residents sent home with a list instead of a ticket. The
    median is exact up to ``samples.EXACT_MAX`` tickets, from the histogram above."""
    d = dialect()
    parts = ["t.day >= ?", "t.day <= ?", "p.path LIKE ?", "t.window_id IS NOT NULL",
             "t.called_at IS NOT NULL"]
    params: list[Any] = [d.d(scope.first), d.d(scope.last), scope.region["path"] + "%"]
    department = ("COALESCE((SELECT MIN(sc.department_id) FROM service_case sc "
                  "WHERE sc.ticket_id = t.id), 0)")
    scope.filters(parts, params, point="t.service_point_id", department=department)
    rows = await d.rows(
        f"""SELECT k, {rollups._bucket("handle")} AS b, COUNT(*) AS n, SUM(handle) AS s FROM (
              SELECT {PRE_CHECKED} AS k, {rollups.ticket_times(d, "t")}
              FROM ticket t JOIN service_point p ON p.id = t.service_point_id
              WHERE {" AND ".join(parts)}) x
            WHERE timed = 1 GROUP BY k, b""", params)
    buckets = {0: [0] * BUCKETS, 1: [0] * BUCKETS}
    sums = {0: 0, 1: 0}
    for r in rows:
        buckets[int(r["k"])][int(r["b"])] += int(r["n"])
        sums[int(r["k"])] += int(r["s"] or 0)
    total = sum(sum(b) for b in buckets.values())
    exact = await samples.of_tickets(scope, PRE_CHECKED) if total <= samples.EXACT_MAX else {}

    def stat(k: int) -> HandlingStat:
        n = sum(buckets[k])
        mean = sums[k] / n / 60 if n else None
        sample = exact.get(k)
        p50 = (exact_minutes(sample.handles, 0.5) if sample is not None and sample.handles
               else percentile(buckets[k], 0.5, mean))
        return HandlingStat(n, None if mean is None else round(mean, 1), p50)

    start, end = day_range_utc(scope.first, scope.last)
    cparts = ["pc.created_at >= ?", "pc.created_at < ?", "p.path LIKE ?"]
    cparams: list[Any] = [d.ts(start), d.ts(end), scope.region["path"] + "%"]
    scope.filters(cparts, cparams, point="pc.service_point_id", item="pc.item_code", item_key="code")
    counted = (await d.rows(
        f"""SELECT COUNT(*) AS n,
                   COALESCE(SUM(CASE WHEN pc.outcome = 'SENT_HOME' THEN 1 ELSE 0 END), 0) AS home,
                   COALESCE(SUM(CASE WHEN pc.insisted THEN 1 ELSE 0 END), 0) AS insisted
            FROM pre_check pc JOIN service_point p ON p.id = pc.service_point_id
            WHERE {" AND ".join(cparts)}""", cparams))[0]
    return PreCheckEffect(stat(1), stat(0), int(counted["n"]), int(counted["home"]),
                          int(counted["insisted"]))
