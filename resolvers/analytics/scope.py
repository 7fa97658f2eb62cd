"""Who may see which part of the dashboard, and the filter every figure shares.

Supervisors (管理者) and administrators see the figures of their own subtree of service points
(Viewer.covers). A figure is filtered by a region (a subtree: district, street or community), by
one service point (that point alone, not below it), a department, an item and a range of local
days (default: the last 365 days up to today).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import Department, Item, ServicePoint
from hub.core.models.enums import Role
from hub.core.viewer import Viewer, require_role, require_scope

MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


def now() -> datetime:
    """The dashboard clock (tests freeze it)."""
    return utcnow()


DEFAULT_DAYS = 365
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Filter:
    region_code: str | None = None
    service_point_code: str | None = None
    department_code: str | None = None
    item_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Scope:
    viewer: Viewer
    region: dict[str, Any]
    point: dict[str, Any] | None
    department: dict[str, Any] | None
    item: dict[str, Any] | None
    first: date
    last: date
    today: date
    extra: dict[str, Any] = field(default_factory=dict)

    def cases_table(self, per_item: bool = False) -> str:
        """The case rollup to read: per item when asked by item or filtered by one."""
        return "stat_case_item_day" if per_item or self.item is not None else "stat_case_day"

    def windows_table(self) -> tuple[str, bool]:
        """The window rollup to read, and whether it has a department column."""
        return ("stat_window_dept_day", True) if self.department is not None else ("stat_window_day", False)

    def where(
        self, alias: str = "", *, item: bool = True, department: bool = True,
        first: date | None = None, last: date | None = None,
    ) -> tuple[str, list]:
        """WHERE conditions on a rollup table: days, subtree, point, department, item.

        Returns SQL with ``?`` marks and the values (dates as the dialect wants them later)."""
        a = f"{alias}." if alias else ""
        parts = [f"{a}day >= ?", f"{a}day <= ?", f"{a}point_path LIKE ?"]
        params: list[Any] = [first or self.first, last or self.last, self.region["path"] + "%"]
        self.filters(parts, params, point=f"{a}service_point_id",
                     department=f"{a}department_id" if department else None,
                     item=f"{a}item_id" if item else None)
        return " AND ".join(parts), params

    def filters(self, parts: list[str], params: list[Any], *, point: str | None = None,
                department: str | None = None, item: str | None = None,
                item_key: str = "id") -> None:
        """Append the point, department and item filters the scope has, on the given columns
        (a column left out is not filtered)."""
        for column, chosen, key in ((point, self.point, "id"), (department, self.department, "id"),
                                    (item, self.item, item_key)):
            if column is not None and chosen is not None:
                parts.append(f"{column} = ?")
                params.append(chosen[key])


async def _point(code: str, field_name: str) -> dict[str, Any]:
    rows = await ServicePoint.filter(code=code).values("id", "code", "name", "path", "level", "parent_id")
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, f"服务点 {code} 不存在", field_name)
    return rows[0]


async def resolve(viewer: Viewer | None, f: Filter, today: date) -> Scope:
    v = require_role(viewer, *MANAGERS)
    region = (
        await _point(f.region_code, "regionCode")
        if f.region_code
        else (await _point_by_id(v.service_point_id))
    )
    require_scope(v, region["path"])
    point = None
    if f.service_point_code:
        point = await _point(f.service_point_code, "servicePointCode")
        require_scope(v, point["path"])
        if not point["path"].startswith(region["path"]):
            region = point
    department = None
    if f.department_code:
        rows = await Department.filter(code=f.department_code).values("id", "code", "name", "short_name")
        if not rows:
            raise HubError(ErrorCode.NOT_FOUND, f"部门 {f.department_code} 不存在", "departmentCode")
        department = rows[0]
    item = None
    if f.item_code:
        rows = await Item.filter(code=f.item_code).values("id", "code", "name", "department_id")
        if not rows:
            raise HubError(ErrorCode.NOT_FOUND, f"事项 {f.item_code} 不存在", "itemCode")
        item = rows[0]
    last = min(f.date_to or today, today)
    first = f.date_from or (last - timedelta(days=DEFAULT_DAYS - 1))
    if first > last:
        raise HubError(ErrorCode.INVALID, "开始日期不能晚于结束日期", "dateFrom")
    if (last - first).days >= MAX_DAYS:
        raise HubError(ErrorCode.INVALID, "统计区间最长三年", "dateFrom")
    return Scope(v, region, point, department, item, first, last, today)


async def _point_by_id(point_id: int) -> dict[str, Any]:
    rows = await ServicePoint.filter(id=point_id).values("id", "code", "name", "path", "level", "parent_id")
    return rows[0]
