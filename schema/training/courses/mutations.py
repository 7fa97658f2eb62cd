"""GraphQL mutations of courses and training sessions (attendance: schema.attendance.mutations)."""

from __future__ import annotations

import strawberry

from hub.core.clock import utcnow
from hub.core.errors import HubError
from hub.core.models.enums import Role
from schema.context import Info
from schema.permissions import IsAuthenticated, has_role
from schema.training.courses.inputs import CourseInput, CourseMaterialInput, TrainingSessionInput
from schema.training.courses.queries import course_objects, session_objects
from schema.training.courses.types import CoursePayload, LearningError, TrainingSessionPayload
from training import courses, sessions

ADMIN = [has_role(Role.ADMIN)]


MANAGERS = [has_role(Role.SUPERVISOR, Role.ADMIN)]


async def _course(info: Info, row: dict) -> CoursePayload:
    return CoursePayload(course=(await course_objects(info, [row]))[0], errors=[])


async def _session(info: Info, session_id: int) -> TrainingSessionPayload:
    row, manages = await sessions.session_row(await info.context.viewer(), session_id)
    return TrainingSessionPayload(
        session=(await session_objects(info, [row], {row["id"]: manages}))[0], errors=[]
    )


@strawberry.type
class LearningMutation:
    @strawberry.mutation(description="新建或修改课程（系统管理员）", permission_classes=ADMIN)
    async def save_course(self, info: Info, input: CourseInput) -> CoursePayload:
        spec = courses.CourseSpec(
            input.code, input.title, input.summary, input.department_code, input.published, input.sort
        )
        try:
            row = await courses.save_course(await info.context.viewer(), spec)
        except HubError as e:
            return CoursePayload(course=None, errors=LearningError.all_of(e))
        return await _course(info, row)

    @strawberry.mutation(
        description="为课程添加资料：图文，或已上传的视频、文档（系统管理员）", permission_classes=ADMIN
    )
    async def add_course_material(
        self, info: Info, course_code: str, input: CourseMaterialInput
    ) -> CoursePayload:
        try:
            row = await courses.add_material(
                await info.context.viewer(),
                course_code,
                input.kind,
                input.title,
                input.text,
                input.markdown,
                input.media_sha256,
            )
        except HubError as e:
            return CoursePayload(course=None, errors=LearningError.all_of(e))
        return await _course(info, row)

    @strawberry.mutation(description="删除课程资料（系统管理员）", permission_classes=ADMIN)
    async def remove_course_material(self, info: Info, material_id: strawberry.ID) -> CoursePayload:
        try:
            row = await courses.remove_material(await info.context.viewer(), int(material_id))
        except HubError as e:
            return CoursePayload(course=None, errors=LearningError.all_of(e))
        return await _course(info, row)

    @strawberry.mutation(
        description="标记课程已学完（本人；重复标记保留第一次的时间）", permission_classes=[IsAuthenticated]
    )
    async def complete_course(self, info: Info, code: str) -> CoursePayload:
        try:
            row, _ = await courses.complete(await info.context.viewer(), code, utcnow())
        except HubError as e:
            return CoursePayload(course=None, errors=LearningError.all_of(e))
        return await _course(info, row)

    @strawberry.mutation(
        description="安排直播或现场培训，按服务点、部门或指定人员生成名单（管理者、系统管理员）",
        permission_classes=MANAGERS,
    )
    async def schedule_training_session(
        self, info: Info, input: TrainingSessionInput
    ) -> TrainingSessionPayload:
        spec = sessions.SessionSpec(
            title=input.title,
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            course_code=input.course_code,
            place=input.place,
            stream_url=input.stream_url,
            point_codes=list(input.service_point_codes),
            department_codes=list(input.department_codes),
            staff_ids=[int(i) for i in input.staff_ids],
        )
        try:
            session_id = await sessions.schedule(await info.context.viewer(), spec)
        except HubError as e:
            return TrainingSessionPayload(session=None, errors=LearningError.all_of(e))
        return await _session(info, session_id)

    @strawberry.mutation(
        description="培训签到（本人，开始前 15 分钟至结束）", permission_classes=[IsAuthenticated]
    )
    async def sign_in_training_session(self, info: Info, id: strawberry.ID) -> TrainingSessionPayload:
        try:
            await sessions.sign_in(await info.context.viewer(), int(id), utcnow())
        except HubError as e:
            return TrainingSessionPayload(session=None, errors=LearningError.all_of(e))
        return await _session(info, int(id))

    @strawberry.mutation(description="标记名单中人员已参训或未参训（组织者）", permission_classes=MANAGERS)
    async def mark_session_attendance(
        self, info: Info, id: strawberry.ID, staff_ids: list[strawberry.ID], attended: bool = True
    ) -> TrainingSessionPayload:
        try:
            await sessions.mark(
                await info.context.viewer(), int(id), [int(i) for i in staff_ids], attended, utcnow()
            )
        except HubError as e:
            return TrainingSessionPayload(session=None, errors=LearningError.all_of(e))
        return await _session(info, int(id))
