"""Local time for people (Asia/Shanghai): dates of certificates and times in messages.

Rules take ``now``/``today`` from their caller, so tests freeze time instead of sleeping.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_date(now: datetime) -> date:
    return now.astimezone(SHANGHAI).date()


def local_text(moment: datetime) -> str:
    """"2026-11-22 15:30" in Shanghai time, for Chinese messages."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def one_year_later(day: date) -> date:
    """The last day of a one-year validity starting on ``day`` (from 29 Feb: until 28 Feb)."""
    try:
        anniversary = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        anniversary = date(day.year + 1, 3, 1)
    return date.fromordinal(anniversary.toordinal() - 1)
