"""GraphQL query fields of courses and training sessions (attendance: schema.attendance.queries)."""

from __future__ import annotations

import strawberry

from hub.core.clock import utcnow
from hub.core.models.enums import Role
from hub.core.viewer import require_viewer
from resolvers.attendance import clocking as attendance
from schema.context import Info
from schema.permissions import IsAuthenticated, has_role
from schema.training.courses.types import Course, TrainingCoverage, TrainingSession
from training import courses, sessions

MANAGERS = [has_role(Role.SUPERVISOR, Role.ADMIN)]


async def course_objects(info: Info, rows: list[dict]) -> list[Course]:
    viewer = require_viewer(await info.context.viewer())
    ids = [r["id"] for r in rows]
    materials = await courses.materials_of(ids)
    done = await courses.completions_of(viewer.staff_id, ids)
    counts = await courses.completion_counts(ids) if viewer.has_role(Role.ADMIN, Role.SUPERVISOR) else None
    return [
        Course.from_row(
            r,
            materials[r["id"]],
            done.get(r["id"]),
            (counts or {}).get(r["id"], 0) if counts is not None else None,
        )
        for r in rows
    ]


async def session_objects(info: Info, rows: list[dict], manages: dict[int, bool]) -> list[TrainingSession]:
    viewer = require_viewer(await info.context.viewer())
    people = await sessions.attendees_of([r["id"] for r in rows])
    return [TrainingSession.from_row(r, people[r["id"]], viewer.staff_id, manages[r["id"]]) for r in rows]


@strawberry.type
class LearningQuery:
    @strawberry.field(
        description="培训课程（已发布的；系统管理员可含未发布的）", permission_classes=[IsAuthenticated]
    )
    async def courses(self, info: Info, include_unpublished: bool = False) -> list[Course]:
        rows = await courses.list_courses(await info.context.viewer(), include_unpublished)
        return await course_objects(info, rows)

    @strawberry.field(description="一门课程及其资料", permission_classes=[IsAuthenticated])
    async def course(self, info: Info, code: str) -> Course:
        row = await courses.course_row(await info.context.viewer(), code)
        return (await course_objects(info, [row]))[0]

    @strawberry.field(
        description="培训场次：管理者看管辖范围内组织的，工作人员看自己在名单中的；默认只含未结束的",
        permission_classes=[IsAuthenticated],
    )
    async def training_sessions(self, info: Info, include_past: bool = False) -> list[TrainingSession]:
        viewer = require_viewer(await info.context.viewer())
        rows = await sessions.visible_sessions(viewer, None if include_past else utcnow())
        manages = {
            r["id"]: viewer.has_role(Role.SUPERVISOR, Role.ADMIN) and viewer.covers(r["service_point__path"])
            for r in rows
        }
        return await session_objects(info, rows, manages)

    @strawberry.field(description="一场培训（组织者可见名单与签到）", permission_classes=[IsAuthenticated])
    async def training_session(self, info: Info, id: strawberry.ID) -> TrainingSession:
        row, manages = await sessions.session_row(await info.context.viewer(), int(id))
        return (await session_objects(info, [row], {row["id"]: manages}))[0]

    @strawberry.field(
        description="管辖范围内每人是否已接受某课程培训（参训或在线学完）", permission_classes=MANAGERS
    )
    async def training_coverage(
        self, info: Info, course_code: str, service_point_code: str | None = None
    ) -> list[TrainingCoverage]:
        path = (await attendance.point_row(service_point_code))["path"] if service_point_code else None
        rows = await sessions.coverage(await info.context.viewer(), course_code, path)
        return [TrainingCoverage.from_row(r) for r in rows]
