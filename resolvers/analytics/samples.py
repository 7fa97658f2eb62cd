"""Exact waiting and handling times for small samples.

The daily rollups keep times as histograms, which are fine for thousands of visits and wrong
for a handful: three waits of a few seconds came out as avg 0.0, p50 0.5. When a figure covers
at most ``EXACT_MAX`` timed visits its percentiles are computed from the visits themselves (one
bounded query, the same rows and filters the rollups aggregate): nearest-rank, so a percentile
is always one of the observed times, never above the largest. Above that the histograms are used.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from resolvers.analytics.rollups import ticket_times
from resolvers.analytics.scope import Scope
from resolvers.analytics.sql import day_range_utc, dialect

EXACT_MAX = 2000  # timed visits up to which percentiles are exact


@dataclass
class Sample:
    waits: list[int] = field(default_factory=list)  # seconds
    handles: list[int] = field(default_factory=list)


def is_small(rows: Iterable[dict[str, Any]]) -> bool:
    """Whether the rollup rows of a figure hold few enough timed visits for exact figures."""
    return sum(int(r.get("n_timed") or 0) for r in rows) <= EXACT_MAX


async def _collect(sql: str, params: list[Any]) -> dict[Any, Sample]:
    out: dict[Any, Sample] = defaultdict(Sample)
    for r in await dialect().rows(f"{sql} LIMIT {EXACT_MAX + 1}", params):
        sample = out[r["k"]]
        sample.waits.append(int(r["wait"]))
        sample.handles.append(int(r["handle"]))
    return out


async def of_cases(scope: Scope, key: str | None = None) -> dict[Any, Sample]:
    """The timed counter visits of the scope's cases (a case's ticket), by ``key`` (a column of
    service_case ``c``; None: all under key 0) — what the case rollups count."""
    d = dialect()
    start, end = day_range_utc(scope.first, scope.last)
    parts = ["c.submitted_at >= ?", "c.submitted_at < ?", "c.point_path LIKE ?"]
    params: list[Any] = [d.ts(start), d.ts(end), scope.region["path"] + "%"]
    scope.filters(parts, params, point="c.service_point_id", department="c.department_id",
                  item="c.item_id")
    return await _collect(
        f"""SELECT k, wait, handle FROM (
              SELECT {key or 0} AS k, {ticket_times(d, "t")}
              FROM service_case c JOIN ticket t ON t.id = c.ticket_id
              WHERE {" AND ".join(parts)}) x
            WHERE timed = 1""", params)


async def of_tickets(scope: Scope, key: str) -> dict[Any, Sample]:
    """The timed visits of the scope's called tickets by ``key`` (a column of ticket ``t``) — what
    the window rollups count; a department filter takes a ticket's first case's department."""
    d = dialect()
    parts = ["t.day >= ?", "t.day <= ?", "p.path LIKE ?", "t.window_id IS NOT NULL",
             "t.called_at IS NOT NULL"]
    params: list[Any] = [d.d(scope.first), d.d(scope.last), scope.region["path"] + "%"]
    department = ("COALESCE((SELECT MIN(sc.department_id) FROM service_case sc "
                  "WHERE sc.ticket_id = t.id), 0)")
    scope.filters(parts, params, point="t.service_point_id", department=department)
    return await _collect(
        f"""SELECT k, wait, handle FROM (
              SELECT {key} AS k, {ticket_times(d, "t")}
              FROM ticket t JOIN service_point p ON p.id = t.service_point_id
              WHERE {" AND ".join(parts)}) x
            WHERE timed = 1""", params)
