"""Daily rollups, rebuilt from SQL aggregation per local day (DECISIONS.md §25).

Nobody has to call anything when a case, ticket or rating changes: ``refresh(now)`` finds the days
whose source rows changed since the last refresh and re-aggregates exactly those days (delete and
insert in one transaction). A day is dirty when

- it is today, or lies between the last refresh day and today (tickets and ratings of a day that
  was still running at the last refresh);
- a case received on that day has a case log row (every status change writes one: intake,
  review, supplement, decision, issuance) newer than the last refresh;
- a rating or a ticket of that day was created after the last refresh.

Ids are read from a little before the last watermark, with the time of the row as the limit, so
a transaction that took its id early but committed late (PostgreSQL hands out ids before commit)
is still seen. The refresh row is locked by an UPDATE first, so two hub instances refresh one
after the other, never interleaved. Queries call ``ensure_fresh`` which refreshes at most every
HUB_ANALYTICS_REFRESH_SECONDS per process.

``rebuild_all()`` re-aggregates every day that has data (after ``python -m hub history``).
"""

from __future__ import annotations

import asyncio
import time as _time
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from tortoise import connections
from tortoise.transactions import in_transaction

from hub.core.clock import local_date
from hub.core.models.analytics import BUCKETS, HOURS, WAIT_EDGES_MINUTES
from resolvers.analytics.sql import Dialect, day_range_utc, dialect

TIME_COLUMNS = [
    "n_timed",
    "wait_sum",
    "handle_sum",
    *[f"w{i}" for i in range(BUCKETS)],
    *[f"s{i}" for i in range(BUCKETS)],
]
HOUR_COLUMNS = [f"h{h:02d}" for h in range(HOURS)]
LOOKBACK_IDS = 1000  # ids re-read below the watermark (late commits)
LATE_COMMIT = timedelta(minutes=2)  # ... when their row is at most this much older than the refresh

_lock = asyncio.Lock()
_last_refresh = 0.0


def _bucket(expr: str) -> str:
    """The histogram bucket index of a duration in seconds."""
    whens = " ".join(
        f"WHEN {expr} < {edge * 60} THEN {i - 1}" for i, edge in enumerate(WAIT_EDGES_MINUTES) if i > 0
    )
    return f"CASE {whens} ELSE {BUCKETS - 1} END"


def _timed_sums() -> str:
    parts = [
        "SUM(timed)",
        "SUM(CASE WHEN timed = 1 THEN wait ELSE 0 END)",
        "SUM(CASE WHEN timed = 1 THEN handle ELSE 0 END)",
    ]
    parts += [f"SUM(CASE WHEN timed = 1 AND wb = {i} THEN 1 ELSE 0 END)" for i in range(BUCKETS)]
    parts += [f"SUM(CASE WHEN timed = 1 AND sb = {i} THEN 1 ELSE 0 END)" for i in range(BUCKETS)]
    return ", ".join(parts)


def ticket_times(d: Dialect, t: str) -> str:
    """Columns timed, wait, handle (seconds, whole) of ticket alias ``t``."""
    timed = f"({t}.called_at IS NOT NULL AND {t}.finished_at IS NOT NULL)"
    wait = f"CAST(ROUND({d.seconds(f'{t}.taken_at', f'{t}.called_at')}) AS INTEGER)"
    handle = f"CAST(ROUND({d.seconds(f'{t}.called_at', f'{t}.finished_at')}) AS INTEGER)"
    return (
        f"CASE WHEN {timed} THEN 1 ELSE 0 END AS timed, "
        f"CASE WHEN {timed} THEN {wait} ELSE 0 END AS wait, "
        f"CASE WHEN {timed} THEN {handle} ELSE 0 END AS handle"
    )


def _with_buckets(inner: str) -> str:
    return f"SELECT x.*, {_bucket('x.wait')} AS wb, {_bucket('x.handle')} AS sb FROM ({inner}) x"


CASE_COUNTS = ["n", "n_instant", "n_first_time", "n_on_time", "n_late", *TIME_COLUMNS, *HOUR_COLUMNS]


async def _rebuild_cases(d: Dialect, first: date, last: date) -> None:
    start, end = day_range_utc(first, last)
    days = [d.d(first), d.d(last)]
    await d.execute("DELETE FROM stat_case_item_day WHERE day >= ? AND day <= ?", days)
    await d.execute("DELETE FROM stat_case_day WHERE day >= ? AND day <= ?", days)
    inner = f"""
        SELECT {d.day("c.submitted_at")} AS day, c.service_point_id, c.point_path, c.department_id,
               c.item_id, c.channel, c.status,
               CASE WHEN c.instant THEN 1 ELSE 0 END AS instant,
               CASE WHEN c.supplement_round = 0 THEN 1 ELSE 0 END AS first_time,
               CASE WHEN c.decided_at IS NOT NULL AND c.due_on IS NOT NULL
                         AND {d.day("c.decided_at")} <= c.due_on THEN 1 ELSE 0 END AS on_time,
               CASE WHEN c.decided_at IS NOT NULL AND c.due_on IS NOT NULL
                         AND {d.day("c.decided_at")} > c.due_on THEN 1 ELSE 0 END AS late,
               {d.hour("c.submitted_at")} AS hr,
               {ticket_times(d, "t")}
        FROM service_case c LEFT JOIN ticket t ON t.id = c.ticket_id
        WHERE c.submitted_at >= ? AND c.submitted_at < ?"""
    hours = ", ".join(f"SUM(CASE WHEN hr = {h} THEN 1 ELSE 0 END)" for h in range(HOURS))
    cols = [
        "day",
        "service_point_id",
        "point_path",
        "department_id",
        "item_id",
        "channel",
        "status",
        *CASE_COUNTS,
    ]
    await d.execute(
        f"""
        INSERT INTO stat_case_item_day ({", ".join(cols)})
        SELECT day, service_point_id, MAX(point_path), department_id, item_id, channel, status,
               COUNT(*), SUM(instant), SUM(first_time), SUM(on_time), SUM(late), {_timed_sums()},
               {hours}
        FROM ({_with_buckets(inner)}) y
        GROUP BY day, service_point_id, department_id, item_id, channel, status""",
        [d.ts(start), d.ts(end)],
    )
    # the same without the item, summed from the rows just written
    keys = ["day", "service_point_id", "point_path", "department_id", "channel", "status"]
    await d.execute(
        f"""
        INSERT INTO stat_case_day ({", ".join(keys + CASE_COUNTS)})
        SELECT day, service_point_id, MAX(point_path), department_id, channel, status,
               {", ".join(f"SUM({c})" for c in CASE_COUNTS)}
        FROM stat_case_item_day WHERE day >= ? AND day <= ?
        GROUP BY day, service_point_id, department_id, channel, status""",
        days,
    )


async def _rebuild_windows(d: Dialect, first: date, last: date) -> None:
    days = [d.d(first), d.d(last)]
    await d.execute("DELETE FROM stat_window_dept_day WHERE day >= ? AND day <= ?", days)
    await d.execute("DELETE FROM stat_window_day WHERE day >= ? AND day <= ?", days)
    inner = f"""
        SELECT t.day, t.service_point_id, p.path AS point_path, t.window_id,
               COALESCE(c.department_id, 0) AS department_id,
               CASE WHEN t.status = 'NO_SHOW' THEN 1 ELSE 0 END AS no_show,
               CASE WHEN t.finished_at IS NOT NULL THEN 1 ELSE 0 END AS served,
               {ticket_times(d, "t")}
        FROM ticket t
        JOIN service_point p ON p.id = t.service_point_id
        LEFT JOIN (SELECT ticket_id, MIN(department_id) AS department_id FROM service_case
                   WHERE ticket_id IN (SELECT id FROM ticket WHERE day >= ? AND day <= ?)
                   GROUP BY ticket_id) c ON c.ticket_id = t.id
        WHERE t.day >= ? AND t.day <= ? AND t.window_id IS NOT NULL AND t.called_at IS NOT NULL"""
    cols = [
        "day",
        "service_point_id",
        "point_path",
        "window_id",
        "department_id",
        "n_called",
        "n_served",
        "n_no_show",
        *TIME_COLUMNS,
    ]
    await d.execute(
        f"""
        INSERT INTO stat_window_dept_day ({", ".join(cols)})
        SELECT day, service_point_id, MAX(point_path), window_id, department_id,
               COUNT(*), SUM(served), SUM(no_show), {_timed_sums()}
        FROM ({_with_buckets(inner)}) y
        GROUP BY day, service_point_id, window_id, department_id""",
        days + days,
    )
    # all departments together, summed from the rows just written
    counts = ["n_called", "n_served", "n_no_show", *TIME_COLUMNS]
    await d.execute(
        f"""
        INSERT INTO stat_window_day (day, service_point_id, point_path, window_id, {", ".join(counts)})
        SELECT day, service_point_id, MAX(point_path), window_id, {", ".join(f"SUM({c})" for c in counts)}
        FROM stat_window_dept_day WHERE day >= ? AND day <= ?
        GROUP BY day, service_point_id, window_id""",
        days,
    )


async def _rebuild_ratings(d: Dialect, first: date, last: date) -> None:
    start, end = day_range_utc(first, last)
    await d.execute("DELETE FROM stat_rating_day WHERE day >= ? AND day <= ?", [d.d(first), d.d(last)])
    await d.execute(
        f"""
        INSERT INTO stat_rating_day (day, service_point_id, point_path, department_id, item_id, level, n)
        SELECT day, service_point_id, MAX(point_path), department_id, item_id, level, COUNT(*)
        FROM (SELECT {d.day("e.created_at")} AS day, e.service_point_id, p.path AS point_path,
                     COALESCE(e.department_id, c.department_id, 0) AS department_id,
                     COALESCE(c.item_id, 0) AS item_id, e.level
              FROM evaluation e
              JOIN service_point p ON p.id = e.service_point_id
              LEFT JOIN service_case c ON c.id = e.case_id
              WHERE e.created_at >= ? AND e.created_at < ?) x
        GROUP BY day, service_point_id, department_id, item_id, level""",
        [d.ts(start), d.ts(end)],
    )


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


async def _rebuild_item_months(d: Dialect, first: date, last: date) -> None:
    """Re-sum the calendar months that hold ``first`` .. ``last`` from the daily item rows."""
    lo, hi = month_start(first), next_month(last)
    month = "date_trunc('month', day)::date" if d.pg else "date(day, 'start of month')"
    await d.execute("DELETE FROM stat_case_item_month WHERE day >= ? AND day < ?", [d.d(lo), d.d(hi)])
    keys = ["service_point_id", "point_path", "department_id", "item_id", "channel", "status"]
    await d.execute(
        f"""
        INSERT INTO stat_case_item_month (day, {", ".join(keys + CASE_COUNTS)})
        SELECT {month}, service_point_id, MAX(point_path), department_id, item_id, channel, status,
               {", ".join(f"SUM({c})" for c in CASE_COUNTS)}
        FROM stat_case_item_day WHERE day >= ? AND day < ?
        GROUP BY {month}, service_point_id, department_id, item_id, channel, status""",
        [d.d(lo), d.d(hi)],
    )


async def rebuild(d: Dialect, first: date, last: date) -> None:
    """Re-aggregate the local days ``first`` .. ``last`` of every rollup (caller's transaction)."""
    await _rebuild_cases(d, first, last)
    await _rebuild_item_months(d, first, last)
    await _rebuild_windows(d, first, last)
    await _rebuild_ratings(d, first, last)


def runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Contiguous runs of days: {1,2,3,7} → [(1,3), (7,7)]."""
    out: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if out and day == out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


async def _max_ids(d: Dialect) -> tuple[int, int, int]:
    row = (
        await d.rows(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM case_log) AS l, "
            "(SELECT COALESCE(MAX(id), 0) FROM evaluation) AS e, "
            "(SELECT COALESCE(MAX(id), 0) FROM ticket) AS t"
        )
    )[0]
    return int(row["l"]), int(row["e"]), int(row["t"])


async def _data_span(d: Dialect) -> tuple[date, date] | None:
    row = (
        await d.rows(f"""SELECT (SELECT MIN({d.day("submitted_at")}) FROM service_case) AS c,
                                   (SELECT MIN(day) FROM ticket) AS t,
                                   (SELECT MIN({d.day("created_at")}) FROM evaluation) AS e""")
    )[0]
    firsts = [d.as_date(v) for v in row.values() if v is not None]
    return (min(firsts), max(firsts)) if firsts else None


async def _dirty_days(d: Dialect, state: dict, now: datetime) -> set[date]:
    today = local_date(now)
    days = {today}
    last_day = d.as_date(state["refreshed_day"])
    while last_day < today:
        days.add(last_day)
        last_day += timedelta(days=1)
    since = d.ts(d.as_datetime(state["refreshed_at"]) - LATE_COMMIT)
    # plain (not DISTINCT) reads walk the primary key from the watermark; duplicates go in the set
    for sql, mark in (
        (
            f"SELECT {d.day('c.submitted_at')} AS day FROM case_log l "
            "JOIN service_case c ON c.id = l.case_id WHERE l.id > ? AND (l.id > ? OR l.at > ?)",
            state["case_log_id"],
        ),
        (
            f"SELECT {d.day('created_at')} AS day FROM evaluation "
            "WHERE id > ? AND (id > ? OR created_at > ?)",
            state["evaluation_id"],
        ),
        ("SELECT day FROM ticket WHERE id > ? AND (id > ? OR taken_at > ?)", state["ticket_id"]),
    ):
        rows = await d.rows(sql, [max(0, mark - LOOKBACK_IDS), mark, since])
        days.update(d.as_date(r["day"]) for r in rows if r["day"] is not None)
    return days


async def refresh(now: datetime) -> list[tuple[date, date]]:
    """Bring the rollups up to date; returns the runs of days re-aggregated."""
    async with in_transaction() as conn:
        d = dialect(conn)
        locked = await d.execute("UPDATE stat_refresh SET id = id WHERE id = 1")
        states = await d.rows("SELECT * FROM stat_refresh WHERE id = 1") if locked else []
        ids = await _max_ids(d)
        if not states or states[0]["refreshed_day"] is None:
            span = await _data_span(d)
            done = [] if span is None else [(span[0], max(span[1], local_date(now)))]
        else:
            done = runs(await _dirty_days(d, states[0], now))
        for first, last in done:
            await rebuild(d, first, last)
        params = [ids[0], ids[1], ids[2], d.d(local_date(now)), d.ts(now)]
        if states:
            await d.execute(
                "UPDATE stat_refresh SET case_log_id = ?, evaluation_id = ?, ticket_id = ?, "
                "refreshed_day = ?, refreshed_at = ? WHERE id = 1",
                params,
            )
        else:
            await d.execute(
                "INSERT INTO stat_refresh (id, case_log_id, evaluation_id, ticket_id, "
                "refreshed_day, refreshed_at) VALUES (1, ?, ?, ?, ?, ?)",
                params,
            )
    return done


async def rebuild_all(now: datetime) -> None:
    """Forget the watermarks and re-aggregate every day with data."""
    await connections.get("default").execute_query("DELETE FROM stat_refresh")
    await refresh(now)


async def ensure_fresh(now: datetime, min_interval: float) -> None:
    """Refresh unless this process did so less than ``min_interval`` seconds ago."""
    global _last_refresh
    if min_interval > 0 and _time.monotonic() - _last_refresh < min_interval:
        return
    async with _lock:
        if min_interval > 0 and _time.monotonic() - _last_refresh < min_interval:
            return
        await refresh(now)
        _last_refresh = _time.monotonic()


def forget_refresh() -> None:
    """Tests: make the next ``ensure_fresh`` refresh."""
    global _last_refresh
    _last_refresh = 0.0
