"""Lists of cases: a staff member's visible cases with filters, a resident's own cases, and
tracking by case number plus ID number. Newest first, keyset-paginated by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from tortoise import connections
from tortoise.expressions import Q

from hub.core.errors import ErrorCode, HubError
from hub.core.idcard import parse_id_number
from hub.core.keyed import columns, convert
from hub.core.models import Case, ServicePoint
from hub.core.models.enums import CaseStatus
from hub.core.models.rows import POINT_FIELDS, CaseRow, DepartmentRow, PointRow, Row
from hub.core.pagination import Page, check_page_size, decode_cursor, encode_cursor
from hub.core.viewer import Viewer, require_viewer
from resolvers.cases.access import CASE_NOT_FOUND, visible_filter

MAX_PAGE = 100


@dataclass(frozen=True)
class CaseFilter:
    statuses: Sequence[CaseStatus] = ()
    item_code: str | None = None
    keyword: str | None = None  # a case number (or its tail) or an applicant name
    assigned_to_me: bool = False


def _query(viewer: Viewer, f: CaseFilter) -> Any:
    q = Case.filter(visible_filter(viewer))
    if f.statuses:
        q = q.filter(status__in=[s.value for s in f.statuses])
    if f.item_code:
        q = q.filter(item_code=f.item_code)
    if f.keyword and f.keyword.strip():
        k = f.keyword.strip()
        q = q.filter(Q(number__endswith=k) | Q(applicant_name__contains=k))
    if f.assigned_to_me:
        q = q.filter(assignee_id=viewer.staff_id)
    return q


async def staff_cases(viewer: Viewer | None, f: CaseFilter, first: int, after: str | None) -> Page[CaseRow]:
    v = require_viewer(viewer)
    check_page_size(first, MAX_PAGE)
    q = _query(v, f)
    if after:
        key = decode_cursor(after)
        q = q.filter(id__lt=int(key[0]))
    rows = cast(list[CaseRow], await q.order_by("-id").limit(first + 1).values())
    return Page(rows[:first], len(rows) > first, [encode_cursor([r["id"]]) for r in rows[:first]])


async def count_staff_cases(viewer: Viewer, f: CaseFilter) -> int:
    return int(await _query(viewer, f).count())


async def own_cases(person_id: int, first: int = 50) -> list[CaseRow]:
    check_page_size(first, MAX_PAGE)
    rows = await Case.filter(person_id=person_id).order_by("-id").limit(first).values()
    return cast(list[CaseRow], list(rows))


@dataclass(frozen=True)
class Tracked:
    """A tracked case and what its page shows beside it, read in the same statement."""

    case: CaseRow
    applicant: Row  # the registry row: id, id_number, name
    point: PointRow  # where it was received
    office: DepartmentRow  # its department under the name it decides by (resolvers/cases/offices.py)


async def track(number: str, id_number: str) -> CaseRow:
    """The case with this number whose applicant holds this ID number (no login needed); any
    mismatch is the same "not found", so neither half can be probed."""
    return (await track_with_context(number, id_number)).case


async def track_with_context(number: str, id_number: str) -> Tracked:
    """``track`` in one statement: the case by its number (unique), joined to its applicant,
    its service point, its department and that department's office at the deciding point."""
    parsed = parse_id_number(id_number)
    conn = connections.get("default")
    sql, converters = _tracked_text(conn.capabilities.dialect == "postgres")
    rows = await conn.execute_query_dict(sql, [number.strip()])
    if not rows or rows[0]["applicant__id_number"] != parsed.value:
        raise HubError(ErrorCode.NOT_FOUND, CASE_NOT_FOUND, "number")
    convert(rows, converters)
    r = rows[0]
    case = cast(CaseRow, {k: v for k, v in r.items() if "__" not in k})
    point = cast(PointRow, {f: r[f"point__{f}"] for f in POINT_FIELDS})
    office = cast(DepartmentRow, {
        "id": r["department_id"], "code": r["department__code"],
        "name": r["office__name"] or r["department__name"],
        "short_name": r["office__short_name"] or r["department__short_name"]})
    return Tracked(case, {"id": r["person_id"], "id_number": parsed.value,
                          "name": r["applicant__name"]}, point, office)


_TRACKED: dict[bool, tuple[str, list[tuple[str, Any]]]] = {}


def _tracked_text(pg: bool) -> tuple[str, list[tuple[str, Any]]]:
    found = _TRACKED.get(pg)
    if found is None:
        case_columns, case_converters = columns(Case, "c")
        point_columns, point_converters = columns(ServicePoint, "p", POINT_FIELDS, "point__")
        sql = (f"SELECT {case_columns}, {point_columns}, per.id_number AS applicant__id_number, "
               "per.name AS applicant__name, d.code AS department__code, d.name AS department__name, "
               "d.short_name AS department__short_name, o.name AS office__name, "
               "o.short_name AS office__short_name FROM service_case c "
               "JOIN person per ON per.id = c.person_id "
               "JOIN service_point p ON p.id = c.service_point_id "
               "JOIN department d ON d.id = c.department_id "
               "LEFT JOIN department_office o ON o.department_id = c.department_id "
               f"AND o.point_id = c.decide_point_id WHERE c.number = {'$1' if pg else '?'}")
        found = _TRACKED[pg] = (sql, [*case_converters, *point_converters])
    return found
