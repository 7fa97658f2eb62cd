"""Who may act on whose training records: the staff member themself, or a supervisor or
administrator whose service-point subtree holds them."""

from __future__ import annotations

from typing import Any

from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.models import Staff
from hub.core.models.enums import DEVICE_ROLES, Role
from hub.core.viewer import Viewer, require_scope, require_viewer

MANAGERS = (Role.ADMIN, Role.SUPERVISOR)


async def staff_row(staff_id: int) -> dict[str, Any] | None:
    rows = await Staff.filter(id=staff_id).values(
        "id", "name", "roles", "active", "service_point_id", path="service_point__path"
    )
    return rows[0] if rows else None


async def require_staff_access(viewer: Viewer | None, staff_id: int, denied: str) -> dict[str, Any]:
    """The staff row, when the viewer is that person or manages their service point.

    Anyone else is refused with ``denied`` before learning whether the id exists.
    """
    v = require_viewer(viewer)
    own = v.staff_id == staff_id
    if not own and not v.has_role(*MANAGERS):
        raise PermissionDenied(denied)
    row = await staff_row(staff_id)
    if row is None:
        raise HubError(ErrorCode.NOT_FOUND, f"人员 {staff_id} 不存在", "staffId")
    if not own:
        require_scope(v, row["path"])
    return row


def require_candidate(row: dict[str, Any]) -> None:
    """Only active personal accounts sit exams (a kiosk or a board cannot)."""
    if not row["active"]:
        raise HubError(ErrorCode.INVALID, f"{row['name']} 的账号已停用，不能参加考试", "staffId")
    if set(row["roles"]) & {r.value for r in DEVICE_ROLES}:
        raise HubError(ErrorCode.INVALID, "设备账号不能参加考试", "staffId")
