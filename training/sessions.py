"""Live and on-site training sessions (直播 / 现场培训): schedule with a roster, sign-in by the
staff member during the session window, attendance marked by the organiser, and who in a
supervisor's subtree was trained and who not.

The roster is the union of the staff of chosen service points (with their subtrees), of chosen
departments, and hand-picked people — all within the organiser's subtree; device accounts and
inactive accounts are never on it. Staff sign in themselves from ``SIGN_IN_EARLY_MINUTES``
before the start until the end; the organiser can mark anyone on the roster at any time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import Q

from hub.core.clock import local_text
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.models import Course, CourseCompletion, ServicePoint, SessionAttendee, Staff, TrainingSession
from hub.core.models.enums import DEVICE_ROLES, Role, SessionSignIn
from hub.core.viewer import Viewer, require_role, require_scope, require_viewer

MANAGERS = (Role.ADMIN, Role.SUPERVISOR)
SIGN_IN_EARLY_MINUTES = 15
SESSION_FIELDS = (
    "id",
    "title",
    "course_id",
    "service_point_id",
    "starts_at",
    "ends_at",
    "place",
    "stream_url",
    "course__code",
    "course__title",
    "service_point__name",
    "service_point__path",
)
ATTENDEE_FIELDS = (
    "id",
    "session_id",
    "staff_id",
    "attended_at",
    "sign_in",
    "staff__name",
    "staff__service_point__name",
    "staff__department__name",
)


@dataclass(frozen=True)
class SessionSpec:
    title: str
    starts_at: datetime
    ends_at: datetime
    course_code: str | None = None
    place: str = ""
    stream_url: str = ""
    point_codes: list[str] = field(default_factory=list)
    department_codes: list[str] = field(default_factory=list)
    staff_ids: list[int] = field(default_factory=list)


def _people(q: Any) -> Any:
    return q.filter(active=True).values("id", "roles", path="service_point__path")


def _eligible(rows: list[dict[str, Any]], scope: str) -> set[int]:
    devices = {r.value for r in DEVICE_ROLES}
    return {r["id"] for r in rows if r["path"].startswith(scope) and not set(r["roles"]) & devices}


async def schedule(viewer: Viewer | None, spec: SessionSpec) -> int:
    v = require_role(viewer, *MANAGERS)
    problems = []
    if not spec.title.strip():
        problems.append("培训名称不能为空")
    if spec.ends_at <= spec.starts_at:
        problems.append("结束时间须晚于开始时间")
    if not spec.place.strip() and not spec.stream_url.strip():
        problems.append("请填写培训地点或直播地址")
    if spec.stream_url and not spec.stream_url.startswith(("http://", "https://")):
        problems.append("直播地址须以 http:// 或 https:// 开头")
    course_id = None
    if spec.course_code:
        course = await Course.get_or_none(code=spec.course_code)
        if course is None:
            problems.append(f"课程 {spec.course_code} 不存在")
        else:
            course_id = course.id
    roster: set[int] = set()
    if spec.point_codes:
        points = await ServicePoint.filter(code__in=spec.point_codes).values("code", "path")
        missing = set(spec.point_codes) - {p["code"] for p in points}
        problems += [f"服务点 {c} 不存在" for c in sorted(missing)]
        for p in points:
            if not v.covers(p["path"]):
                raise PermissionDenied("该服务点不在您的管辖范围内")
            roster |= _eligible(
                await _people(Staff.filter(service_point__path__startswith=p["path"])), v.service_point_path
            )
    if spec.department_codes:
        roster |= _eligible(
            await _people(Staff.filter(department__code__in=spec.department_codes)), v.service_point_path
        )
    if spec.staff_ids:
        rows = await _people(Staff.filter(id__in=spec.staff_ids))
        picked = _eligible(rows, v.service_point_path)
        outside = set(spec.staff_ids) - picked
        problems += [f"人员 {i} 不存在、已停用或不在管辖范围内" for i in sorted(outside)]
        roster |= picked
    if not roster and not problems:
        problems.append("培训名单为空：请选择服务点、部门或人员")
    if problems:
        raise HubError(ErrorCode.INVALID, "；".join(problems), "input")
    session = await TrainingSession.create(
        title=spec.title.strip(),
        course_id=course_id,
        service_point_id=v.service_point_id,
        starts_at=spec.starts_at,
        ends_at=spec.ends_at,
        place=spec.place.strip(),
        stream_url=spec.stream_url.strip(),
        created_by_id=v.staff_id,
    )
    await SessionAttendee.bulk_create(
        [SessionAttendee(session_id=session.id, staff_id=i) for i in sorted(roster)]
    )
    return session.id


async def visible_sessions(viewer: Viewer | None, since: datetime | None) -> list[dict[str, Any]]:
    """Managers: the sessions organised in their subtree; staff: the sessions they are on."""
    v = require_viewer(viewer)
    q = TrainingSession.all()
    if v.has_role(*MANAGERS):
        q = q.filter(
            Q(service_point__path__startswith=v.service_point_path) | Q(attendees__staff_id=v.staff_id)
        )
    else:
        q = q.filter(attendees__staff_id=v.staff_id)
    if since is not None:
        q = q.filter(ends_at__gte=since)
    rows = await q.distinct().order_by("starts_at", "id").values(*SESSION_FIELDS)
    return list(rows)


async def session_row(viewer: Viewer | None, session_id: int) -> tuple[dict[str, Any], bool]:
    """The session and whether the viewer manages it; refused when they neither manage nor attend it."""
    v = require_viewer(viewer)
    rows = await TrainingSession.filter(id=session_id).values(*SESSION_FIELDS)
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, f"培训 {session_id} 不存在", "sessionId")
    row = rows[0]
    manages = v.has_role(*MANAGERS) and v.covers(row["service_point__path"])
    if not manages and not await SessionAttendee.exists(session_id=session_id, staff_id=v.staff_id):
        raise PermissionDenied("您不在本次培训名单中，也不是组织者")
    return row, manages


async def attendees_of(session_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        await SessionAttendee.filter(session_id__in=session_ids).order_by("staff_id").values(*ATTENDEE_FIELDS)
    )
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in session_ids}
    for r in rows:
        out[r["session_id"]].append(r)
    return out


async def sign_in(viewer: Viewer | None, session_id: int, now: datetime) -> dict[str, Any]:
    v = require_viewer(viewer)
    row, _ = await session_row(v, session_id)
    opens = row["starts_at"] - timedelta(minutes=SIGN_IN_EARLY_MINUTES)
    if not opens <= now <= row["ends_at"]:
        raise HubError(
            ErrorCode.OUTSIDE_WINDOW,
            f"签到时间为 {local_text(opens)} 至 {local_text(row['ends_at'])}", "sessionId"
        )
    updated = await SessionAttendee.filter(
        session_id=session_id, staff_id=v.staff_id, attended_at__isnull=True
    ).update(attended_at=now, sign_in=SessionSignIn.SELF)
    if not updated and not await SessionAttendee.exists(session_id=session_id, staff_id=v.staff_id):
        raise HubError(ErrorCode.NOT_ON_ROSTER, "您不在本次培训名单中", "sessionId")
    return row


async def mark(
    viewer: Viewer | None, session_id: int, staff_ids: list[int], attended: bool, now: datetime
) -> dict[str, Any]:
    v = require_role(viewer, *MANAGERS)
    row, manages = await session_row(v, session_id)
    if not manages:
        require_scope(v, row["service_point__path"])
    on = set(
        await SessionAttendee.filter(session_id=session_id, staff_id__in=staff_ids).values_list(
            "staff_id", flat=True
        )
    )
    missing = [i for i in staff_ids if i not in on]
    if missing:
        raise HubError(ErrorCode.NOT_ON_ROSTER,
                       f"人员 {'、'.join(map(str, missing))} 不在本次培训名单中", "staffIds")
    q = SessionAttendee.filter(session_id=session_id, staff_id__in=staff_ids)
    if attended:
        await q.filter(attended_at__isnull=True).update(
            attended_at=now, sign_in=SessionSignIn.SUPERVISOR, marked_by_id=v.staff_id
        )
    else:
        await q.update(attended_at=None, sign_in=None, marked_by_id=v.staff_id)
    return row


async def coverage(viewer: Viewer | None, course_code: str, point_path: str | None) -> list[dict[str, Any]]:
    """Everyone in the manager's subtree with whether they were trained on a course: attended a
    session of it, or marked it learned."""
    v = require_role(viewer, *MANAGERS)
    course = await Course.get_or_none(code=course_code)
    if course is None:
        raise HubError(ErrorCode.NOT_FOUND, f"课程 {course_code} 不存在", "courseCode")
    path = point_path or v.service_point_path
    require_scope(v, path)
    rows = (
        await Staff.filter(active=True, service_point__path__startswith=path)
        .order_by("service_point__sort", "id")
        .values("id", "name", "roles", point_name="service_point__name")
    )
    devices = {r.value for r in DEVICE_ROLES}
    people = [r for r in rows if not set(r["roles"]) & devices]
    ids = [p["id"] for p in people]
    attended = await SessionAttendee.filter(
        staff_id__in=ids, session__course_id=course.id, attended_at__isnull=False
    ).values("staff_id", "attended_at")
    learned = await CourseCompletion.filter(staff_id__in=ids, course_id=course.id).values(
        "staff_id", "completed_at"
    )
    at = {r["staff_id"]: r["attended_at"] for r in attended}
    done = {r["staff_id"]: r["completed_at"] for r in learned}
    return [{**p, "attended_at": at.get(p["id"]), "completed_at": done.get(p["id"])} for p in people]
