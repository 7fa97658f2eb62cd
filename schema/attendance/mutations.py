"""GraphQL mutations of attendance (考勤): clocking in and out, the hall's opening hours."""

from __future__ import annotations

import strawberry

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models.enums import Role
from hub.core.viewer import require_viewer
from resolvers.attendance import clocking as attendance
from resolvers.attendance.clockcodes import clock_signer_for
from resolvers.attendance.clocking import ClockResult
from schema.attendance.inputs import OpeningHoursInput
from schema.attendance.types import AttendanceDay, ClockPayload, OpeningHours, OpeningHoursPayload
from schema.context import Info
from schema.permissions import IsAuthenticated, has_role
from schema.training.courses.types import LearningError

ADMIN = [has_role(Role.ADMIN)]


async def _clock_payload(info: Info, result: ClockResult) -> ClockPayload:
    viewer, now = await info.context.viewer(), utcnow()
    lines = await attendance.day_report(
        viewer, result.record["day"], None, require_viewer(viewer).staff_id, now
    )
    return ClockPayload(record=AttendanceDay.of(lines[0]), already_clocked_in=result.already, errors=[])


def _mapping(value: object) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise HubError(ErrorCode.INVALID, "营业时段须为 JSON 对象", "input")
    return value


@strawberry.type
class AttendanceMutation:
    @strawberry.mutation(
        description="签到：手机扫大厅考勤二维码（token 为二维码中的令牌），或在工作台点按钮（不传 token）。"
        "同一天重复签到不产生新记录",
        permission_classes=[IsAuthenticated],
    )
    async def clock_in(self, info: Info, token: str | None = None) -> ClockPayload:
        signer = clock_signer_for(info.context.services.settings.secret_key)
        try:
            result = await attendance.clock_in(
                await info.context.viewer(), token, signer=signer, now=utcnow()
            )
        except HubError as e:
            return ClockPayload(record=None, already_clocked_in=False, errors=LearningError.all_of(e))
        return await _clock_payload(info, result)

    @strawberry.mutation(
        description="签退（扫码或工作台）；当天多次签退以最后一次为准", permission_classes=[IsAuthenticated]
    )
    async def clock_out(self, info: Info, token: str | None = None) -> ClockPayload:
        signer = clock_signer_for(info.context.services.settings.secret_key)
        try:
            result = await attendance.clock_out(
                await info.context.viewer(), token, signer=signer, now=utcnow()
            )
        except HubError as e:
            return ClockPayload(record=None, already_clocked_in=False, errors=LearningError.all_of(e))
        return await _clock_payload(info, result)

    @strawberry.mutation(
        description="设置服务点营业时间（系统管理员，限管辖范围）；下级服务点未单独设置时沿用",
        permission_classes=ADMIN,
    )
    async def set_opening_hours(
        self, info: Info, service_point_code: str, input: OpeningHoursInput
    ) -> OpeningHoursPayload:
        try:
            point, hours = await attendance.set_opening_hours(
                await info.context.viewer(),
                service_point_code,
                _mapping(input.weekly),
                list(input.closed_dates),
                _mapping(input.open_dates),
                input.grace_minutes,
            )
        except HubError as e:
            return OpeningHoursPayload(opening_hours=None, errors=LearningError.all_of(e))
        return OpeningHoursPayload(
            opening_hours=OpeningHours.of(point["code"], hours.schedule, False), errors=[]
        )
