"""Pure whistle rules: channel names, routing along the caller's chain, who sees what.

Routing (DECISIONS.md): the experts of a call are the EXPERT staff of the department that owns
the item (or the chosen department for a free topic) whose service point is the caller's own
point or one of its ancestors (street centre, then district, then city): the experts whose
subtree covers the caller. The call is routed to the nearest of those levels that has an expert
on duty; when nobody is on duty it goes to every level at once and escalates immediately.
Escalation (on time-out too) widens the call to every level and tells the supervisors.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hub.core.models.enums import Role
from hub.core.viewer import Viewer

ESCALATIONS_CHANNEL = "whistle:escalations"
MAX_QUESTION = 500
MAX_MESSAGE = 1000
MAX_ANSWER = 1000
MAX_TOPIC = 64
MAX_CASE_REF = 64


def desk_channel(department_code: str) -> str:
    return f"whistle:desk:{department_code}"


def call_channel(call_id: int) -> str:
    return f"whistle:call:{call_id}"


def chain(point_path: str) -> list[str]:
    """The caller's point and its ancestors, nearest first: "a/b/c/" -> ["a/b/c/", "a/b/", "a/"]."""
    codes = [c for c in point_path.split("/") if c]
    return ["".join(f"{c}/" for c in codes[:n]) for n in range(len(codes), 0, -1)]


def route(point_path: str, on_duty_paths: list[str]) -> str | None:
    """The nearest level of the chain with an expert on duty; None when nobody is on duty."""
    for level in chain(point_path):
        if level in on_duty_paths:
            return level
    return None


def seconds_between(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def is_expert_for(v: Viewer, call: dict[str, Any]) -> bool:
    """An expert of the call's department whose subtree covers the caller (may accept it)."""
    return (v.has_role(Role.EXPERT) and v.department_id == call["departmentId"]
            and v.covers(call["pointPath"]))


def sees_on_desk(v: Viewer, call: dict[str, Any]) -> bool:
    """Shown on an expert console: routed to the expert's level (or wider), or accepted by them."""
    if call.get("expertId") == v.staff_id:
        return True
    return is_expert_for(v, call) and v.service_point_path.startswith(call["routedPath"])


def supervises(v: Viewer, call: dict[str, Any]) -> bool:
    return v.has_role(Role.SUPERVISOR) and v.covers(call["pointPath"])


def is_party(v: Viewer, call: dict[str, Any]) -> bool:
    """Who may read and write the chat: the caller, the accepting expert, supervisors above."""
    return v.staff_id in (call["callerId"], call.get("expertId")) or supervises(v, call)
