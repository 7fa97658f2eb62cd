"""GraphQL output types of attendance (考勤) and the hall's opening hours."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from hub.core.models import enums as m
from resolvers.attendance.clocking import DayLine, Totals
from resolvers.attendance.hours import WEEKDAY_LABELS, Schedule, describe, period_text
from schema.enums import AttendanceMark, ClockMethod
from schema.training.courses.types import LearningError


@strawberry.type(description="某个星期几的营业时段")
class WeekdayHours:
    weekday: int = strawberry.field(description="星期（1 为周一，7 为周日）")
    label: str = strawberry.field(description="中文，如 周一")
    periods: list[str] = strawberry.field(description="时段，如 09:00–12:00")


@strawberry.type(description="服务点的营业时间（考勤依据）")
class OpeningHours:
    service_point_code: str = strawberry.field(description="服务点编码")
    inherited: bool = strawberry.field(description="是否沿用上级服务点或系统默认的营业时间")
    text: str = strawberry.field(description="中文说明，如 周一至周五 09:00–12:00、13:30–17:00")
    weekly: list[WeekdayHours] = strawberry.field(description="每周营业时段")
    closed_dates: list[date] = strawberry.field(description="休息日期（法定节假日）")
    open_dates: list[date] = strawberry.field(description="调休工作日")
    grace_minutes: int = strawberry.field(description="迟到宽限（分钟），宽限内签到不算迟到")

    @classmethod
    def of(cls, code: str, schedule: Schedule, inherited: bool) -> OpeningHours:
        return cls(
            service_point_code=code,
            inherited=inherited,
            text=describe(schedule),
            weekly=[
                WeekdayHours(
                    weekday=d,
                    label=WEEKDAY_LABELS[d],
                    periods=[period_text(p) for p in schedule.weekly.get(d, ())],
                )
                for d in range(1, 8)
            ],
            closed_dates=sorted(schedule.closed_dates),
            open_dates=sorted(schedule.open_dates),
            grace_minutes=schedule.grace_minutes,
        )


@strawberry.type(description="营业时间变更结果")
class OpeningHoursPayload:
    opening_hours: OpeningHours | None = strawberry.field(description="营业时间")
    errors: list[LearningError] = strawberry.field(description="错误")


@strawberry.type(description="一人一天的考勤")
class AttendanceDay:
    day: date = strawberry.field(description="日期（北京时间）")
    staff_id: strawberry.ID = strawberry.field(description="人员标识")
    staff_name: str = strawberry.field(description="姓名")
    service_point_code: str = strawberry.field(description="服务点编码")
    service_point_name: str = strawberry.field(description="服务点")
    periods: list[str] = strawberry.field(description="当天营业时段；空为休息日")
    clock_in_at: datetime | None = strawberry.field(description="签到时间")
    clock_in_method: ClockMethod | None = strawberry.field(description="签到方式")
    clock_out_at: datetime | None = strawberry.field(description="签退时间")
    clock_out_method: ClockMethod | None = strawberry.field(description="签退方式")
    marks: list[AttendanceMark] = strawberry.field(description="考勤结论")
    mark_labels: list[str] = strawberry.field(description="考勤结论的中文名称")
    late_minutes: int = strawberry.field(description="迟到分钟（只计营业时段，午休不计）")
    early_leave_minutes: int = strawberry.field(description="早退分钟（只计营业时段）")
    absent_minutes: int = strawberry.field(description="缺勤分钟")
    worked_minutes: int = strawberry.field(description="在岗分钟（营业时段内）")
    scheduled_minutes: int = strawberry.field(description="当天应出勤分钟")

    @classmethod
    def of(cls, line: DayLine) -> AttendanceDay:
        r, v, s = line.record, line.verdict, line.staff
        return cls(
            day=line.day,
            staff_id=strawberry.ID(str(s["id"])),
            staff_name=s["name"],
            service_point_code=s["point_code"],
            service_point_name=s["point_name"],
            periods=[f"{a:%H:%M}–{b:%H:%M}" for a, b in line.periods],
            clock_in_at=r["clock_in_at"] if r else None,
            clock_in_method=m.ClockMethod(r["clock_in_method"]) if r else None,
            clock_out_at=r["clock_out_at"] if r else None,
            clock_out_method=m.ClockMethod(r["clock_out_method"]) if r and r["clock_out_method"] else None,
            marks=list(v.marks),
            mark_labels=[m.ATTENDANCE_MARK_LABELS[x] for x in v.marks],
            late_minutes=v.late,
            early_leave_minutes=v.early_leave,
            absent_minutes=v.absent,
            worked_minutes=v.worked,
            scheduled_minutes=v.scheduled,
        )


@strawberry.type(description="一段时间的考勤汇总")
class AttendanceTotals:
    work_days: int = strawberry.field(description="应出勤天数")
    attended_days: int = strawberry.field(description="出勤天数")
    normal_days: int = strawberry.field(description="正常天数")
    late_count: int = strawberry.field(description="迟到次数")
    late_minutes: int = strawberry.field(description="迟到分钟")
    early_count: int = strawberry.field(description="早退次数")
    early_minutes: int = strawberry.field(description="早退分钟")
    absent_days: int = strawberry.field(description="缺勤天数")
    absent_minutes: int = strawberry.field(description="缺勤分钟")
    missing_clock_out: int = strawberry.field(description="未签退次数")
    worked_minutes: int = strawberry.field(description="在岗分钟")

    @classmethod
    def of(cls, t: Totals) -> AttendanceTotals:
        return cls(**vars(t))


@strawberry.type(description="某人的月度考勤")
class AttendancePersonMonth:
    staff_id: strawberry.ID = strawberry.field(description="人员标识")
    staff_name: str = strawberry.field(description="姓名")
    service_point_name: str = strawberry.field(description="服务点")
    totals: AttendanceTotals = strawberry.field(description="汇总")


@strawberry.type(description="某服务点的月度考勤")
class AttendancePointMonth:
    service_point_code: str = strawberry.field(description="服务点编码")
    service_point_name: str = strawberry.field(description="服务点")
    staff_count: int = strawberry.field(description="人数")
    totals: AttendanceTotals = strawberry.field(description="汇总")


@strawberry.type(description="月度考勤报表")
class AttendanceMonthReport:
    month: str = strawberry.field(description="月份 YYYY-MM")
    until: date = strawberry.field(description="统计截至日期（本月为今天）")
    people: list[AttendancePersonMonth] = strawberry.field(description="按人员")
    service_points: list[AttendancePointMonth] = strawberry.field(description="按服务点")


@strawberry.type(description="签到或签退结果")
class ClockPayload:
    record: AttendanceDay | None = strawberry.field(description="今天的考勤")
    already_clocked_in: bool = strawberry.field(description="今天已签到过（重复签到不产生新记录）")
    errors: list[LearningError] = strawberry.field(description="错误")


@strawberry.type(description="大厅考勤二维码（定时轮换）")
class ClockCode:
    service_point_code: str = strawberry.field(description="服务点编码")
    service_point_name: str = strawberry.field(description="服务点")
    url: str = strawberry.field(description="手机扫码打开的地址")
    qr_data_url: str = strawberry.field(description="二维码图片（SVG data URL）")
    expires_at: datetime = strawberry.field(description="失效时间")
    refresh_seconds: int = strawberry.field(description="建议的刷新间隔（秒）")


@strawberry.type(description="扫码得到的考勤服务点")
class ClockCodePoint:
    service_point_code: str = strawberry.field(description="服务点编码")
    service_point_name: str = strawberry.field(description="服务点")
    centre_name: str = strawberry.field(description="服务中心名称")
