"""Who is on duty to answer a whistle.

An expert is on duty when clocked in at work right now (考勤, ``resolvers.attendance.clocking.on_duty``)
or when the expert console is open or was used within the last ``window_minutes`` (its
subscription beats every minute). Either shows someone who can come to the window: an expert
who forgot to clock in but has the console open still gets the call, and one clocked in at the
office gets it even with the console closed (the supervisor's escalation follows if nobody
accepts).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hub.core.models import ExpertPresence, Staff
from hub.core.models.enums import Role
from resolvers.attendance.clocking import on_duty


async def touch(staff_id: int, now: datetime, *, console_open: bool | None = None) -> None:
    """Record that an expert was seen (and whether the expert console is open)."""
    changes: dict[str, Any] = {"seen_at": now}
    if console_open is not None:
        changes["console_open"] = console_open
    if not await ExpertPresence.filter(staff_id=staff_id).update(**changes):
        await ExpertPresence.bulk_create(
            [ExpertPresence(staff_id=staff_id, seen_at=now, console_open=bool(console_open))],
            ignore_conflicts=True)


async def experts_of(department_id: int, levels: list[str]) -> list[dict[str, Any]]:
    """Active EXPERT staff of the department at one of the given service-point paths."""
    rows = await Staff.filter(department_id=department_id, active=True,
                              service_point__path__in=levels).values(
        "id", "name", "roles", "service_point__path")
    return [{"id": r["id"], "name": r["name"], "path": r["service_point__path"]}
            for r in rows if Role.EXPERT.value in r["roles"]]


async def on_duty_experts(
    department_id: int, levels: list[str], now: datetime, window_minutes: int
) -> list[dict[str, Any]]:
    """The experts of ``experts_of`` who are on duty at ``now`` (switch to attendance here)."""
    candidates = await experts_of(department_id, levels)
    if not candidates:
        return []
    since = now - timedelta(minutes=window_minutes)
    # An open console beats every minute, so "seen within the window" covers it too, and a
    # console left open by a crashed process stops counting once its beats stop.
    ids = [c["id"] for c in candidates]
    seen = await ExpertPresence.filter(seen_at__gte=since, staff_id__in=ids).values_list(
        "staff_id", flat=True)
    present: set[int] = {int(s) for s in seen} | await on_duty(ids, now)  # type: ignore[call-overload]
    return [c for c in candidates if c["id"] in present]
