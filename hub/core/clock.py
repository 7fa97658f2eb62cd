"""The hub's one clock, and local time for people (Asia/Shanghai): dates of certificates and
times in messages.

Product code reads the time only through ``utcnow`` (and ``local_today``, the Shanghai date of
``utcnow``), and names the zone only as ``SHANGHAI``; tests/test_one_clock.py enforces it
(monotonic timers for durations are fine). Rules take ``now``/``today`` from their caller, so tests
freeze time instead of sleeping; a module that reads ``utcnow`` itself imports the name, so a
test can replace it there (``monkeypatch.setattr(module, "utcnow", frozen)``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today() -> date:
    """Today's date in Shanghai (the day of certificates, answers and ID-card checks)."""
    return local_date(utcnow())


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
