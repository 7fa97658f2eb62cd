"""Who is asking: the authenticated staff member and the checks every rule can use."""

from __future__ import annotations

from dataclasses import dataclass

from hub.core.errors import NotAuthenticated, PermissionDenied
from hub.core.models.enums import ROLE_LABELS, Role


@dataclass(frozen=True)
class Viewer:
    staff_id: int
    name: str
    roles: frozenset[Role]
    service_point_id: int
    service_point_path: str  # "330100/330106/330106003/": the viewer's scope is this subtree
    department_id: int | None

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def covers(self, point_path: str) -> bool:
        """Whether a service point lies in the viewer's subtree."""
        return point_path.startswith(self.service_point_path)


def require_viewer(viewer: Viewer | None) -> Viewer:
    if viewer is None:
        raise NotAuthenticated()
    return viewer


def require_role(viewer: Viewer | None, *roles: Role) -> Viewer:
    v = require_viewer(viewer)
    if not v.has_role(*roles):
        labels = "、".join(ROLE_LABELS[r] for r in roles)
        raise PermissionDenied(f"需要以下角色之一：{labels}")
    return v


def require_scope(viewer: Viewer, point_path: str) -> None:
    if not viewer.covers(point_path):
        raise PermissionDenied("该服务点不在您的管辖范围内")
