"""Case numbers: the receiving district's region code, the date, a five-digit sequence
(33010620261201 00042 → ``3301062026120100042``).

The sequence comes from one ``UPDATE … RETURNING`` on the counter row of the prefix: the
database serialises the increments, so two intakes at the same moment (two windows, two hub
processes) never share a number. The row is created on first use of a prefix; a racing
creator is absorbed by ``ignore_conflicts``.
"""

from __future__ import annotations

from datetime import date

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.core.models import CaseCounter


def region_code(point_code: str) -> str:
    """The six-digit administrative division code of the district a service point lies in."""
    return point_code[:6]


async def next_number(conn: BaseDBAsyncClient, point_code: str, day: date, kind: str = "") -> str:
    """The next case number for a point's district and day (``kind`` "L" numbers joint
    applications separately: 330106L2026120100001)."""
    prefix = f"{region_code(point_code)}{kind}{day:%Y%m%d}"
    seq = await _bump(conn, prefix)
    if seq is None:
        await CaseCounter.bulk_create([CaseCounter(prefix=prefix)], ignore_conflicts=True, using_db=conn)
        seq = await _bump(conn, prefix)
        assert seq is not None
    if seq > 99999:
        # More than 99,999 cases in one district on one day: widen rather than wrap.
        return f"{prefix}{seq}"
    return f"{prefix}{seq:05d}"


async def _bump(conn: BaseDBAsyncClient, prefix: str) -> int | None:
    mark = "$1" if conn.capabilities.dialect == "postgres" else "?"
    rows = await conn.execute_query_dict(
        f"UPDATE case_counter SET last_seq = last_seq + 1 WHERE prefix = {mark} RETURNING last_seq",
        [prefix])
    return int(rows[0]["last_seq"]) if rows else None
