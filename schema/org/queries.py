"""Organisation queries: departments and the service-point tree."""

from __future__ import annotations

from typing import cast

import strawberry

from hub.core.models import Department as DepartmentModel
from hub.core.models import ServicePoint as ServicePointModel
from hub.core.models.rows import DEPARTMENT_FIELDS, POINT_FIELDS, DepartmentRow, PointRow
from schema.context import Info
from schema.org.types import Department, ServicePoint


@strawberry.type
class OrgQuery:
    @strawberry.field(description="部门列表（按部门浏览）")
    async def departments(self) -> list[Department]:
        rows = cast(list[DepartmentRow], await DepartmentModel.all().values(*DEPARTMENT_FIELDS))
        return [Department.from_row(r) for r in rows]

    @strawberry.field(description="按编码查询一个部门")
    async def department(self, info: Info, code: str) -> Department | None:
        row = await info.context.org.department_by_code.load(code)
        return Department.from_row(row) if row else None

    @strawberry.field(description="某服务点的下级服务点；不传 parentCode 时返回最上级")
    async def service_points(self, parent_code: str | None = None) -> list[ServicePoint]:
        qs = (
            ServicePointModel.filter(parent__code=parent_code)
            if parent_code
            else ServicePointModel.filter(parent_id=None)
        )
        return [ServicePoint.from_row(r) for r in cast(list[PointRow], await qs.values(*POINT_FIELDS))]

    @strawberry.field(description="按编码查询一个服务点")
    async def service_point(self, info: Info, code: str) -> ServicePoint | None:
        row = await info.context.org.point_by_code.load(code)
        return ServicePoint.from_row(row) if row else None
