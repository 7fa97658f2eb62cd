"""Who may see and touch which case.

- the front desk and the issuance window: cases received at their own service point, or to be
  finished there (a community's cases at its street centre, resolvers.cases.finishing);
- the back office (and experts): their own department's cases decided within their region;
- supervisors and administrators: cases received or decided within their region;
- a grid worker: the cases they filed on residents' behalf;
- an applicant: their own cases (logged in, or by case number plus ID number).

Listing queries take ``visible_filter``; single-case reads and every action call
``require_case_access`` — a guessed case id outside the caller's reach is reported as not
found, never as forbidden, so ids cannot be probed.
"""

from __future__ import annotations

from typing import cast

from tortoise.expressions import Q

from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.models import Case
from hub.core.models.enums import Role
from hub.core.models.rows import CaseRow
from hub.core.viewer import Viewer

CASE_NOT_FOUND = "办件不存在或您无权查看"


def can_see(viewer: Viewer, case: CaseRow) -> bool:
    if viewer.has_role(Role.ADMIN, Role.SUPERVISOR) and (
            viewer.covers(case["point_path"]) or viewer.covers(case["decide_path"])):
        return True
    if viewer.has_role(Role.FRONT_DESK, Role.ISSUER) and viewer.service_point_id in (
            case["service_point_id"], case["finish_point_id"]):
        return True
    if viewer.has_role(Role.BACK_OFFICE, Role.EXPERT) and (
            case["department_id"] == viewer.department_id and viewer.covers(case["decide_path"])):
        return True
    return viewer.has_role(Role.GRID_WORKER) and case["received_by_id"] == viewer.staff_id


def visible_filter(viewer: Viewer) -> Q:
    """The cases a staff member may list, as one WHERE clause."""
    parts: list[Q] = []
    if viewer.has_role(Role.ADMIN, Role.SUPERVISOR):
        parts += [Q(point_path__startswith=viewer.service_point_path),
                  Q(decide_path__startswith=viewer.service_point_path)]
    if viewer.has_role(Role.FRONT_DESK, Role.ISSUER):
        parts += [Q(service_point_id=viewer.service_point_id), Q(finish_point_id=viewer.service_point_id)]
    if viewer.has_role(Role.BACK_OFFICE, Role.EXPERT) and viewer.department_id is not None:
        parts.append(Q(department_id=viewer.department_id,
                       decide_path__startswith=viewer.service_point_path))
    if viewer.has_role(Role.GRID_WORKER):
        parts.append(Q(received_by_id=viewer.staff_id))
    if not parts:
        return Q(id=-1)
    return Q(*parts, join_type="OR")


def require_back_office(viewer: Viewer, case: CaseRow) -> None:
    """Deciding a case: the owning department within its region (not merely seeing it)."""
    if not (viewer.has_role(Role.BACK_OFFICE) and case["department_id"] == viewer.department_id
            and viewer.covers(case["decide_path"])):
        raise PermissionDenied("只有该事项主管部门的后台审批人员可以处理此办件")


async def case_for(viewer: Viewer, case_id: int) -> CaseRow:
    """The case row if the viewer may see it; NOT_FOUND otherwise (also for a guessed id)."""
    rows = cast(list[CaseRow], await Case.filter(id=case_id).values())
    if not rows or not can_see(viewer, rows[0]):
        raise HubError(ErrorCode.NOT_FOUND, CASE_NOT_FOUND, "caseId")
    return rows[0]


async def case_for_applicant(person_id: int, case_id: int) -> CaseRow:
    rows = cast(list[CaseRow], await Case.filter(id=case_id, person_id=person_id).values())
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, CASE_NOT_FOUND, "caseId")
    return rows[0]
