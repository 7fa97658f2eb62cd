"""GraphQL query fields of staff accounts and login."""

from __future__ import annotations

import strawberry

from hub.core.models.enums import Role
from resolvers.staff import actions
from schema.catalog.types import PageInfo
from schema.context import Info
from schema.org.types import Staff
from schema.permissions import has_role
from schema.staff.types import StaffConnection, StaffEdge


@strawberry.type
class StaffQuery:
    @strawberry.field(description="当前登录的工作人员；未登录时为 null")
    async def me(self, info: Info) -> Staff | None:
        viewer = await info.context.viewer()
        if viewer is None:
            return None
        row = await info.context.org.staff_by_id.load(viewer.staff_id)
        return Staff.from_row(row) if row else None

    @strawberry.field(
        description="本人管辖范围内的工作人员（管理员、管理者可见）",
        permission_classes=[has_role(Role.ADMIN, Role.SUPERVISOR)],
    )
    async def staff_members(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        service_point_code: str | None = None,
    ) -> StaffConnection:
        page = await actions.list_staff(
            await info.context.viewer(), service_point_code, first, after,
            info.context.services.settings.max_page_size,
        )
        return StaffConnection(
            edges=[
                StaffEdge(cursor=c, node=Staff.from_row(r))
                for r, c in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=PageInfo.of(page),
        )
