"""GraphQL types of the organisation: service points, departments, windows, staff."""

from __future__ import annotations

import strawberry
from strawberry import Private

from hub.core.errors import NotAuthenticated
from hub.core.models import enums as m
from hub.core.models.rows import DepartmentRow, PointRow, StaffRow, WindowRow
from schema.context import Info
from schema.enums import RegionLevel, Role, WindowKind

# The most children one service point lists (a street's communities, a town's villages): the
# bound the query cost limit weighs ServicePoint.children with (hub/web/cost.py).
MAX_CHILDREN = 100
# The most service points the whole tree of one hub holds (a city's districts, streets and
# communities): the bound of a query walking the tree from its roots.
MAX_SERVICE_POINTS = 1000


@strawberry.federation.type(keys=["code"], description="部门（人社、医保、民政、卫健、残联、公安 …）")
class Department:
    id: Private[int]
    code: str = strawberry.field(description="部门编码，如 YB")
    name: str = strawberry.field(description="部门全称")
    short_name: str = strawberry.field(description="简称，如 医保")

    @classmethod
    def from_row(cls, row: DepartmentRow) -> Department:
        return cls(id=row["id"], code=row["code"], name=row["name"], short_name=row["short_name"])

    @strawberry.field(description="该部门在办事项数")
    async def item_count(self, info: Info) -> int:
        return await info.context.catalog.item_count_by_department.load(self.id)

    @classmethod
    async def resolve_reference(cls, info: Info, code: str) -> Department | None:
        row = await info.context.org.department_by_code.load(code)
        return cls.from_row(row) if row else None


@strawberry.federation.type(
    keys=["code"], description="服务点：市 / 区县 / 街道（镇） / 社区（村）四级中的一个节点及其服务中心"
)
class ServicePoint:
    id: Private[int]
    parent_id: Private[int | None]
    path: Private[str]
    code: str = strawberry.field(description="行政区划编码")
    name: str = strawberry.field(description="行政区名称，如 文新街道")
    centre_name: str = strawberry.field(description="服务中心名称，如 文新街道行政服务中心")
    level: RegionLevel = strawberry.field(description="层级")
    address: str = strawberry.field(description="地址")
    phone: str = strawberry.field(description="咨询电话")
    hours: str = strawberry.field(description="服务时间")

    @classmethod
    def from_row(cls, row: PointRow) -> ServicePoint:
        return cls(
            id=row["id"], parent_id=row["parent_id"], path=row["path"], code=row["code"],
            name=row["name"], centre_name=row["centre_name"], level=m.RegionLevel(row["level"]),
            address=row["address"], phone=row["phone"], hours=row["hours"],
        )

    @strawberry.field(description="层级的中文名称")
    def level_label(self) -> str:
        return m.REGION_LEVEL_LABELS[self.level]

    @strawberry.field(description="上级服务点")
    async def parent(self, info: Info) -> ServicePoint | None:
        if self.parent_id is None:
            return None
        row = await info.context.org.point_by_id.load(self.parent_id)
        return ServicePoint.from_row(row) if row else None

    @strawberry.field(description="下级服务点")
    async def children(self, info: Info) -> list[ServicePoint]:
        rows = await info.context.org.children_by_parent.load(self.id)
        return [ServicePoint.from_row(r) for r in rows[:MAX_CHILDREN]]

    @strawberry.field(description="在用窗口")
    async def windows(self, info: Info) -> list[Window]:
        rows = await info.context.org.windows_by_point.load(self.id)
        return [Window.from_row(r) for r in rows]

    @classmethod
    async def resolve_reference(cls, info: Info, code: str) -> ServicePoint | None:
        row = await info.context.org.point_by_code.load(code)
        return cls.from_row(row) if row else None


@strawberry.type(description="服务点的一个窗口")
class Window:
    service_point_id: Private[int]
    id: strawberry.ID = strawberry.field(description="窗口标识")
    number: int = strawberry.field(description="窗口号，如 3 号窗口")
    name: str = strawberry.field(description="窗口名称")
    kind: WindowKind = strawberry.field(description="窗口类型")

    @classmethod
    def from_row(cls, row: WindowRow) -> Window:
        return cls(
            id=strawberry.ID(str(row["id"])), service_point_id=row["service_point_id"],
            number=row["number"], name=row["name"], kind=m.WindowKind(row["kind"]),
        )

    @strawberry.field(description="所属服务点")
    async def service_point(self, info: Info) -> ServicePoint:
        row = await info.context.org.point_by_id.load(self.service_point_id)
        assert row is not None, "foreign key guarantees the service point"
        return ServicePoint.from_row(row)


@strawberry.federation.type(keys=["id"], description="工作人员或设备账号")
class Staff:
    service_point_id: Private[int]
    department_id: Private[int | None]
    id: strawberry.ID = strawberry.field(description="人员标识")
    username: str = strawberry.field(description="登录名")
    name: str = strawberry.field(description="姓名（设备账号为设备名称）")
    roles: list[Role] = strawberry.field(description="角色")

    @classmethod
    def from_row(cls, row: StaffRow) -> Staff:
        return cls(
            id=strawberry.ID(str(row["id"])), service_point_id=row["service_point_id"],
            department_id=row["department_id"], username=row["username"], name=row["name"],
            roles=[m.Role(r) for r in row["roles"]],
        )

    @strawberry.field(description="角色的中文名称")
    def role_labels(self) -> list[str]:
        return [m.ROLE_LABELS[r] for r in self.roles]

    @strawberry.field(description="所属服务点")
    async def service_point(self, info: Info) -> ServicePoint:
        row = await info.context.org.point_by_id.load(self.service_point_id)
        assert row is not None, "foreign key guarantees the service point"
        return ServicePoint.from_row(row)

    @strawberry.field(description="所属部门（综合窗口人员可为空；名称为本人服务点的机关，如市级审批人员为杭州市人力资源和社会保障局）")
    async def department(self, info: Info) -> Department | None:
        if self.department_id is None:
            return None
        row = await info.context.org.office_by_key.load((self.department_id, self.service_point_id))
        return Department.from_row(row) if row else None

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Staff | None:
        if await info.context.viewer() is None:  # people are never exposed anonymously
            raise NotAuthenticated()
        try:
            staff_id = int(id)
        except ValueError:
            return None
        row = await info.context.org.staff_by_id.load(staff_id)
        return cls.from_row(row) if row else None
