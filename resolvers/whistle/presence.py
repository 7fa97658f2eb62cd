"""Who is on duty to answer a whistle.

For now an expert is on duty when the expert console is open (its subscription beats every
minute) or the expert was seen (login, console) within the last ``window_minutes``. When
attendance (training/attendance.py: clock in / out at a service point) lands, only
``on_duty_experts`` changes: keep the candidate query and replace the presence filter by the
attendance module's on-duty check.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hub.models import ExpertPresence, Staff
from hub.models.enums import Role


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
    present = set(await ExpertPresence.filter(
        seen_at__gte=since, staff_id__in=[c["id"] for c in candidates]).values_list("staff_id", flat=True))
    return [c for c in candidates if c["id"] in present]
