"""The few SQL expressions that differ between SQLite and PostgreSQL, and raw query helpers.

Times are stored in UTC; the dashboard counts in local days and hours of Asia/Shanghai, which has
had no daylight saving since 1991, so a fixed +8 hours is exact for every date the hub handles.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from hub.core.clock import SHANGHAI
from hub.core.keyed import placeholders


class Dialect:
    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn
        self.pg = conn.capabilities.dialect == "postgres"

    # --- expressions ---------------------------------------------------------------------------

    def day(self, col: str) -> str:
        """The local (Shanghai) date of a UTC timestamp column."""
        if self.pg:
            return f"(({col}) AT TIME ZONE 'Asia/Shanghai')::date"
        return f"date({col}, '+8 hours')"

    def hour(self, col: str) -> str:
        if self.pg:
            return f"CAST(EXTRACT(HOUR FROM ({col}) AT TIME ZONE 'Asia/Shanghai') AS INTEGER)"
        return f"CAST(strftime('%H', {col}, '+8 hours') AS INTEGER)"

    def seconds(self, start: str, end: str) -> str:
        """Seconds from ``start`` to ``end`` (timestamps)."""
        if self.pg:
            return f"EXTRACT(EPOCH FROM ({end}) - ({start}))"
        return f"((julianday({end}) - julianday({start})) * 86400.0)"

    def unindexed(self, col: str) -> str:
        """``col`` in a condition that should not pick an index (SQLite plans by the first usable
        index; PostgreSQL weighs them by statistics)."""
        return col if self.pg else f"+{col}"

    # --- parameters ----------------------------------------------------------------------------

    def d(self, day: date) -> Any:
        return day if self.pg else day.isoformat()

    def ts(self, moment: datetime) -> Any:
        moment = moment.astimezone(UTC)
        return moment if self.pg else str(moment)

    def as_datetime(self, value: Any) -> datetime:
        return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))

    def as_date(self, value: Any) -> date:
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])

    # --- execution -----------------------------------------------------------------------------

    def text(self, sql: str) -> str:
        return placeholders(sql, self.pg)

    async def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return await self.conn.execute_query_dict(self.text(sql), list(params))

    async def execute(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
        count, _ = await self.conn.execute_query(self.text(sql), list(params))
        return count


def dialect(conn: BaseDBAsyncClient | None = None) -> Dialect:
    return Dialect(conn or connections.get("default"))


def day_start_utc(day: date) -> datetime:
    """00:00 Shanghai time of ``day``, in UTC."""
    return datetime.combine(day, time(0), SHANGHAI).astimezone(UTC)


def day_range_utc(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) in UTC covering the local days ``first`` .. ``last``."""
    return day_start_utc(first), day_start_utc(last + timedelta(days=1))
