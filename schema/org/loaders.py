"""Request-scoped batch loaders for the organisation (one SQL query per batch)."""

from __future__ import annotations

from typing import Any, cast

from strawberry.dataloader import DataLoader
from tortoise import connections

from hub.core.keyed import KeyedSelect, convert, converter, in_keys, key_list
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

_POINTS_BY_ID = KeyedSelect(ServicePoint, POINT_FIELDS, "id")
_POINTS_BY_CODE = KeyedSelect(ServicePoint, POINT_FIELDS, "code")
_POINTS_BY_PARENT = KeyedSelect(ServicePoint, POINT_FIELDS, "parent_id")
_WINDOWS_BY_POINT = KeyedSelect(Window, WINDOW_FIELDS, "service_point_id", where={"active": True})
_WINDOWS_BY_ID = KeyedSelect(Window, WINDOW_FIELDS, "id")
_DEPARTMENTS_BY_ID = KeyedSelect(Department, DEPARTMENT_FIELDS, "id")
_DEPARTMENTS_BY_CODE = KeyedSelect(Department, DEPARTMENT_FIELDS, "code")


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


# A department with the offices it decides through at the asked points, in one statement: a
# row per (department, office at one of the points), or one with no office (resolvers/cases/
# offices.py says what an office is).
_OFFICES = ('SELECT d.id, d.code, d.name, d.short_name, o.point_id AS office_point, '
            'o.name AS office_name, o.short_name AS office_short_name FROM department d '
            'LEFT JOIN department_office o ON o.department_id = d.id AND {points} WHERE {ids}')


def _office_rows(departments: list[dict[str, Any]], keys: list[tuple[int, int]]
                 ) -> list[DepartmentRow | None]:
    """Each (department, point) key: the department's row under the name of its office at
    that point, or under its own name where it has none there."""
    own: dict[int, DepartmentRow] = {}
    offices: dict[tuple[int, int], tuple[str, str]] = {}
    for r in departments:
        own[r["id"]] = {"id": r["id"], "code": r["code"], "name": r["name"],
                        "short_name": r["short_name"]}
        if r["office_point"] is not None:
            offices[(r["id"], r["office_point"])] = (r["office_name"], r["office_short_name"])
    out: list[DepartmentRow | None] = []
    for d, p in keys:
        row = own.get(d)
        office = offices.get((d, p))
        out.append(row if row is None or office is None else
                   cast(DepartmentRow, {**row, "name": office[0], "short_name": office[1]}))
    return out


async def _offices(keys: list[tuple[int, int]]) -> list[DepartmentRow | None]:
    """The department as it decides at a point: its row under the deciding office's name."""
    conn = connections.get("default")
    pg = conn.capabilities.dialect == "postgres"
    sql = _OFFICES.format(points=in_keys("o.point_id", 1, pg), ids=in_keys("d.id", 2, pg))
    rows = await conn.execute_query_dict(
        sql, [key_list((p for _, p in keys), pg), key_list((d for d, _ in keys), pg)])
    return _office_rows(rows, keys)


# A staff member with their service point and their department under its office's name, in
# one statement (``me`` and every console's first query read all three): the point and the
# office are primed into their loaders.
_STAFF_ORG = (
    "SELECT " + ", ".join(f"s.{f}" for f in STAFF_FIELDS) + ", "
    + ", ".join(f"p.{f} AS p_{f}" for f in POINT_FIELDS) + ", "
    "d.code AS d_code, d.name AS d_name, d.short_name AS d_short_name, "
    "o.name AS office_name, o.short_name AS office_short_name "
    "FROM staff s JOIN service_point p ON p.id = s.service_point_id "
    "LEFT JOIN department d ON d.id = s.department_id "
    "LEFT JOIN department_office o ON o.department_id = s.department_id "
    "AND o.point_id = s.service_point_id WHERE {ids}")
_STAFF_CONVERT: dict[bool, list[tuple[str, Any]]] = {}  # per dialect, made once Tortoise is up


def _staff_converters(pg: bool) -> list[tuple[str, Any]]:
    found = _STAFF_CONVERT.get(pg)
    if found is None:
        found = _STAFF_CONVERT[pg] = [*((f, converter(Staff, f)) for f in STAFF_FIELDS),
                                      *((f"p_{f}", converter(ServicePoint, f)) for f in POINT_FIELDS)]
    return found


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
        self.staff_by_id = DataLoader(self._staff_by_id)

    async def _staff_by_id(self, ids: list[int]) -> list[StaffRow | None]:
        conn = connections.get("default")
        pg = conn.capabilities.dialect == "postgres"
        rows = await conn.execute_query_dict(_STAFF_ORG.format(ids=in_keys("s.id", 1, pg)),
                                             [key_list(ids, pg)])
        convert(rows, _staff_converters(pg))
        staff: list[StaffRow] = []
        for r in rows:
            point = cast(PointRow, {f: r[f"p_{f}"] for f in POINT_FIELDS})
            self.point_by_id.prime(point["id"], point)
            if r["department_id"] is not None and r["d_code"] is not None:
                office = (r["office_name"], r["office_short_name"]) if r["office_name"] else \
                    (r["d_name"], r["d_short_name"])
                self.office_by_key.prime((r["department_id"], r["service_point_id"]), cast(
                    DepartmentRow, {"id": r["department_id"], "code": r["d_code"],
                                    "name": office[0], "short_name": office[1]}))
            staff.append(cast(StaffRow, {f: r[f] for f in STAFF_FIELDS}))
        return by_key(staff, ids, "id")



