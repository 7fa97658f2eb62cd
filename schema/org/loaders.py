"""Request-scoped batch loaders for the organisation (one SQL query per batch)."""

from __future__ import annotations

from typing import cast

from strawberry.dataloader import DataLoader

from hub.core.keyed import KeyedSelect
from hub.core.models import Department, ServicePoint, Staff, Window
from hub.core.models.rows import (
    DEPARTMENT_FIELDS,
    POINT_FIELDS,
    STAFF_FIELDS,
    WINDOW_FIELDS,
    DepartmentRow,
    PointRow,
    StaffRow,
    WindowRow,
    by_key,
    grouped,
)
from resolvers.cases.offices import offices_for

_POINTS_BY_ID = KeyedSelect(ServicePoint, POINT_FIELDS, "id")
_POINTS_BY_CODE = KeyedSelect(ServicePoint, POINT_FIELDS, "code")
_POINTS_BY_PARENT = KeyedSelect(ServicePoint, POINT_FIELDS, "parent_id")
_WINDOWS_BY_POINT = KeyedSelect(Window, WINDOW_FIELDS, "service_point_id", where={"active": True})
_WINDOWS_BY_ID = KeyedSelect(Window, WINDOW_FIELDS, "id")
_DEPARTMENTS_BY_ID = KeyedSelect(Department, DEPARTMENT_FIELDS, "id")
_DEPARTMENTS_BY_CODE = KeyedSelect(Department, DEPARTMENT_FIELDS, "code")
_STAFF_BY_ID = KeyedSelect(Staff, STAFF_FIELDS, "id")


async def _points_by_id(ids: list[int]) -> list[PointRow | None]:
    rows = cast(list[PointRow], await _POINTS_BY_ID.rows(ids))
    return by_key(rows, ids, "id")


async def _points_by_code(codes: list[str]) -> list[PointRow | None]:
    rows = cast(list[PointRow], await _POINTS_BY_CODE.rows(codes))
    return by_key(rows, codes, "code")


async def _children_by_parent(ids: list[int]) -> list[list[PointRow]]:
    rows = cast(list[PointRow], await _POINTS_BY_PARENT.rows(ids))
    return grouped(rows, ids, "parent_id")


async def _windows_by_point(ids: list[int]) -> list[list[WindowRow]]:
    rows = cast(list[WindowRow], await _WINDOWS_BY_POINT.rows(ids))
    return grouped(rows, ids, "service_point_id")


async def _windows_by_id(ids: list[int]) -> list[WindowRow | None]:
    rows = cast(list[WindowRow], await _WINDOWS_BY_ID.rows(ids))
    return by_key(rows, ids, "id")


async def _departments_by_id(ids: list[int]) -> list[DepartmentRow | None]:
    rows = cast(list[DepartmentRow], await _DEPARTMENTS_BY_ID.rows(ids))
    return by_key(rows, ids, "id")


async def _departments_by_code(codes: list[str]) -> list[DepartmentRow | None]:
    rows = cast(list[DepartmentRow], await _DEPARTMENTS_BY_CODE.rows(codes))
    return by_key(rows, codes, "code")


async def _offices(keys: list[tuple[int, int]]) -> list[DepartmentRow | None]:
    """The department as it decides at a point: its row under the deciding office's name."""
    rows = {r["id"]: r for r in cast(list[DepartmentRow], await _DEPARTMENTS_BY_ID.rows(d for d, _ in keys))}
    names = await offices_for(keys, {d: (r["name"], r["short_name"]) for d, r in rows.items()})
    return [cast(DepartmentRow, {**rows[d], "name": names[(d, p)][0], "short_name": names[(d, p)][1]})
            if d in rows else None for d, p in keys]


async def _staff_by_id(ids: list[int]) -> list[StaffRow | None]:
    rows = cast(list[StaffRow], await _STAFF_BY_ID.rows(ids))
    return by_key(rows, ids, "id")


class OrgLoaders:
    def __init__(self) -> None:
        self.point_by_id = DataLoader(_points_by_id)
        self.point_by_code = DataLoader(_points_by_code)
        self.children_by_parent = DataLoader(_children_by_parent)
        self.windows_by_point = DataLoader(_windows_by_point)
        self.window_by_id = DataLoader(_windows_by_id)
        self.department_by_id = DataLoader(_departments_by_id)
        self.department_by_code = DataLoader(_departments_by_code)
        self.office_by_key = DataLoader(_offices)  # (department id, deciding point id)
        self.staff_by_id = DataLoader(_staff_by_id)
