"""Staff queries: who am I, and the staff of my scope."""

from __future__ import annotations

import strawberry

from hub.models.enums import Role
from resolvers.staff import actions
from schema.context import Info
from schema.permissions import has_role
from schema.types.catalog import PageInfo
from schema.types.org import Staff


@strawberry.type(description="人员分页列表中的一条")
class StaffEdge:
    cursor: str = strawberry.field(description="该条的游标")
    node: Staff = strawberry.field(description="人员")


@strawberry.type(description="人员分页列表")
class StaffConnection:
    edges: list[StaffEdge] = strawberry.field(description="本页人员")
    page_info: PageInfo = strawberry.field(description="分页信息")


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
