"""Pure queue rules: priority ordering, numbering, wait estimates, hall channel names.

Ordering (documented in DECISIONS.md): a ticket's rank is the moment it was taken minus a fixed
head start for its priority class; the window calls the smallest rank first (ties: the older
ticket). A priority ticket therefore overtakes only the tickets taken less than its head start
before it, and an ordinary ticket is passed by at most the priority tickets taken within that
head start after it: its wait grows by a bounded amount however many priority tickets arrive.
Nobody starves, and the order is fixed when the ticket is taken, so the board's "ahead of you"
cannot jump backwards.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hub.core.models.enums import PriorityClass

HEAD_START_MINUTES = {
    PriorityClass.NORMAL: 0,
    PriorityClass.ELDERLY: 10,
    PriorityClass.DISABLED: 10,
    PriorityClass.MILITARY: 10,
    PriorityClass.APPOINTMENT: 15,
}
ELDERLY_AGE = 70
NO_SHOW_AFTER_RECALLS = 2  # the call plus two recalls, then the window may mark 过号


def rank_at(taken_at: datetime, priority: PriorityClass) -> datetime:
    return taken_at - timedelta(minutes=HEAD_START_MINUTES[priority])


def ticket_number(prefix: str, seq: int) -> str:
    """A001 … A999, then A1000: the number the board shows and the speaker reads."""
    return f"{prefix}{seq:03d}"


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def automatic_priority(birth: date | None, day: date) -> PriorityClass:
    """Age is read from the ID number; other classes need a document checked by staff."""
    if birth is not None and age_on(birth, day) >= ELDERLY_AGE:
        return PriorityClass.ELDERLY
    return PriorityClass.NORMAL


def estimated_wait_minutes(ahead: int, service_minutes: float, serving_windows: int) -> int:
    """People ahead times the average service time, shared by the windows serving the queue."""
    return round(ahead * service_minutes / max(serving_windows, 1))


def hall_channel(service_point_code: str) -> str:
    return f"hall:{service_point_code}"


def call_text(number: str, window_number: int) -> str:
    """What the board shows and speaks (seed 003: 请 A6027 号到 3 号窗口办理业务)."""
    return f"请 {number} 号到 {window_number} 号窗口办理业务"
