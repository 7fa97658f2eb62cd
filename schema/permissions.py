"""Role checks declared on fields; failures are top-level GraphQL errors."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from hub.core.errors import NotAuthenticated
from hub.core.models.enums import ROLE_LABELS, Role
from schema.context import Info


class IsAuthenticated(BasePermission):
    message = "请先登录"
    error_extensions = {"code": "UNAUTHENTICATED"}

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return await info.context.viewer() is not None


def has_role(*roles: Role) -> type[BasePermission]:
    """A permission class admitting staff holding any of ``roles``."""

    class HasRole(BasePermission):
        message = "需要以下角色之一：" + "、".join(ROLE_LABELS[r] for r in roles)
        error_extensions = {"code": "FORBIDDEN"}

        async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            viewer = await info.context.viewer()
            if viewer is None:
                raise NotAuthenticated()  # UNAUTHENTICATED, not FORBIDDEN
            return viewer.has_role(*roles)

    HasRole.__name__ = "HasRole_" + "_".join(r.value for r in roles)
    return HasRole
