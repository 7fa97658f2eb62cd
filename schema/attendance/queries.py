"""GraphQL query fields of attendance (考勤): opening hours, the hall's clock codes, day and
month reports."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.core.clock import local_date, utcnow
from hub.core.qr import qr_data_url
from hub.core.viewer import require_viewer
from resolvers.attendance import clocking as attendance
from resolvers.attendance.clockcodes import REFRESH_SECONDS, clock_signer_for
from schema.attendance.types import (
    AttendanceDay,
    AttendanceMonthReport,
    AttendancePersonMonth,
    AttendancePointMonth,
    AttendanceTotals,
    ClockCode,
    ClockCodePoint,
    OpeningHours,
)
from schema.context import Info
from schema.permissions import IsAuthenticated


def _id(value: strawberry.ID | None) -> int | None:
    return int(value) if value is not None else None


@strawberry.type
class AttendanceQuery:
    @strawberry.field(
        description="服务点的营业时间（考勤依据；未设置时沿用上级或默认）",
        permission_classes=[IsAuthenticated],
    )
    async def opening_hours(self, service_point_code: str) -> OpeningHours:
        point, hours = await attendance.opening_hours(service_point_code)
        return OpeningHours.of(point["code"], hours.schedule, hours.point_id != point["id"])

    @strawberry.field(
        description="大厅考勤二维码（本服务点的大厅屏幕或管辖该服务点的管理者），约每分钟刷新一次",
        permission_classes=[IsAuthenticated],
    )
    async def clock_code(self, info: Info, service_point_code: str) -> ClockCode:
        point, code = await attendance.issue_code(
            await info.context.viewer(),
            service_point_code,
            signer=clock_signer_for(info.context.services.settings.secret_key),
            now=utcnow(),
        )
        url = f"{info.context.public_base()}/m/clock?t={code.token}"
        return ClockCode(
            service_point_code=point["code"],
            service_point_name=point["name"],
            url=url,
            qr_data_url=qr_data_url(url),
            expires_at=code.expires_at,
            refresh_seconds=REFRESH_SECONDS,
        )

    @strawberry.field(
        description="扫码得到的考勤服务点（手机签到页先显示）", permission_classes=[IsAuthenticated]
    )
    async def clock_code_point(self, info: Info, token: str) -> ClockCodePoint:
        point = await attendance.code_point(
            token, signer=clock_signer_for(info.context.services.settings.secret_key), now=utcnow()
        )
        return ClockCodePoint(
            service_point_code=point["code"],
            service_point_name=point["name"],
            centre_name=point["centre_name"],
        )

    @strawberry.field(
        description="日考勤：本人，或管理者查看管辖范围（可按服务点、人员筛选）",
        permission_classes=[IsAuthenticated],
    )
    async def attendance_day(
        self,
        info: Info,
        day: date | None = None,
        service_point_code: str | None = None,
        staff_id: strawberry.ID | None = None,
    ) -> list[AttendanceDay]:
        now = utcnow()
        lines = await attendance.day_report(
            await info.context.viewer(), day or local_date(now), service_point_code, _id(staff_id), now
        )
        return [AttendanceDay.of(x) for x in lines]

    @strawberry.field(
        description="本人某月每天的考勤（默认本月，截至今天）", permission_classes=[IsAuthenticated]
    )
    async def my_attendance(self, info: Info, month: str | None = None) -> list[AttendanceDay]:
        viewer, now = require_viewer(await info.context.viewer()), utcnow()
        report = await attendance.month_report(
            viewer, month or f"{local_date(now):%Y-%m}", None, viewer.staff_id, now
        )
        return [AttendanceDay.of(x) for x in reversed(report.lines)]

    @strawberry.field(
        description="月度考勤报表：按人员与按服务点汇总（本人，或管理者查看管辖范围）",
        permission_classes=[IsAuthenticated],
    )
    async def attendance_month(
        self,
        info: Info,
        month: str,
        service_point_code: str | None = None,
        staff_id: strawberry.ID | None = None,
    ) -> AttendanceMonthReport:
        now = utcnow()
        r = await attendance.month_report(
            await info.context.viewer(), month, service_point_code, _id(staff_id), now
        )
        return AttendanceMonthReport(
            month=r.month,
            until=r.days[-1],
            people=[
                AttendancePersonMonth(
                    staff_id=strawberry.ID(str(p["id"])),
                    staff_name=p["name"],
                    service_point_name=p["point_name"],
                    totals=AttendanceTotals.of(t),
                )
                for p, t in r.people
            ],
            service_points=[
                AttendancePointMonth(
                    service_point_code=pt["code"],
                    service_point_name=pt["name"],
                    staff_count=n,
                    totals=AttendanceTotals.of(t),
                )
                for pt, n, t in r.points
            ],
        )
