"""GraphQL types of courses, live training sessions and staff attendance (人员考勤), their inputs,
payloads and the typed error."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry

from hub.errors import HubError
from hub.models import enums as m
from schema.enums import AttendanceMark, ClockMethod, MaterialKind, SessionSignIn
from training.attendance import DayLine, Totals
from training.hours import WEEKDAY_LABELS, Schedule, describe, period_text

Row = dict[str, Any]


@strawberry.enum(description="培训与考勤错误代码")
class LearningErrorCode(Enum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    CODE_INVALID = "CODE_INVALID"
    CODE_EXPIRED = "CODE_EXPIRED"
    WRONG_POINT = "WRONG_POINT"
    NOT_CLOCKED_IN = "NOT_CLOCKED_IN"
    NOT_ON_ROSTER = "NOT_ON_ROSTER"
    OUTSIDE_WINDOW = "OUTSIDE_WINDOW"
    MEDIA_INVALID = "MEDIA_INVALID"


@strawberry.type(description="培训与考勤错误")
class LearningError:
    code: LearningErrorCode = strawberry.field(description="错误代码")
    field: str | None = strawberry.field(description="出错的输入字段")
    message: str = strawberry.field(description="中文错误说明")

    @classmethod
    def all_of(cls, e: HubError) -> list[LearningError]:
        known = e.code in LearningErrorCode.__members__
        return [
            cls(
                code=LearningErrorCode(e.code) if known else LearningErrorCode.INVALID,
                field=e.field,
                message=e.message,
            )
        ]


# --- courses -------------------------------------------------------------------------------------


@strawberry.type(description="课程资料：图文、视频或文档")
class CourseMaterial:
    id: strawberry.ID = strawberry.field(description="资料标识")
    kind: MaterialKind = strawberry.field(description="类型")
    kind_label: str = strawberry.field(description="类型的中文名称")
    title: str = strawberry.field(description="标题")
    text: str = strawberry.field(description="图文资料的正文")
    markdown: bool = strawberry.field(description="正文是否为 Markdown（否则为纯文本）")
    url: str | None = strawberry.field(description="视频或文档的地址（由本平台提供，支持断点续传）")
    content_type: str | None = strawberry.field(description="文件类型，如 video/mp4、application/pdf")
    size: int | None = strawberry.field(description="文件大小（字节）")
    filename: str | None = strawberry.field(description="上传时的文件名")

    @classmethod
    def from_row(cls, r: Row) -> CourseMaterial:
        kind = m.MaterialKind(r["kind"])
        sha = r["media__sha256"]
        return cls(
            id=strawberry.ID(str(r["id"])),
            kind=kind,
            kind_label=m.MATERIAL_KIND_LABELS[kind],
            title=r["title"],
            text=r["text"],
            markdown=r["markdown"],
            url=f"/media/{sha}" if sha else None,
            content_type=r["media__content_type"],
            size=r["media__size"],
            filename=r["media__filename"],
        )


@strawberry.type(description="培训课程")
class Course:
    code: str = strawberry.field(description="课程编码")
    title: str = strawberry.field(description="课程名称")
    summary: str = strawberry.field(description="简介")
    department_code: str | None = strawberry.field(description="所属部门编码（业务课程）")
    published: bool = strawberry.field(description="是否已发布（未发布的课程仅系统管理员可见）")
    sort: int = strawberry.field(description="排序")
    updated_at: datetime = strawberry.field(description="最后修改时间")
    materials: list[CourseMaterial] = strawberry.field(description="资料，按顺序")
    completed_at: datetime | None = strawberry.field(description="当前用户标记学完的时间；未学完为空")
    completion_count: int | None = strawberry.field(description="已学完人数（仅系统管理员、管理者可见）")

    @classmethod
    def from_row(
        cls, r: Row, materials: list[Row], completed_at: datetime | None, completion_count: int | None
    ) -> Course:
        return cls(
            code=r["code"],
            title=r["title"],
            summary=r["summary"],
            department_code=r["department_code"],
            published=r["published"],
            sort=r["sort"],
            updated_at=r["updated_at"],
            materials=[CourseMaterial.from_row(x) for x in materials],
            completed_at=completed_at,
            completion_count=completion_count,
        )


@strawberry.input(description="课程基本信息")
class CourseInput:
    code: str = strawberry.field(description="课程编码（按编码新建或修改）")
    title: str = strawberry.field(description="课程名称")
    summary: str = strawberry.field(default="", description="简介")
    department_code: str | None = strawberry.field(default=None, description="所属部门编码")
    published: bool = strawberry.field(default=False, description="是否发布给工作人员")
    sort: int = strawberry.field(default=0, description="排序")


@strawberry.input(description="新增课程资料")
class CourseMaterialInput:
    kind: MaterialKind = strawberry.field(description="类型")
    title: str = strawberry.field(description="标题")
    text: str = strawberry.field(default="", description="图文资料的正文")
    markdown: bool = strawberry.field(default=True, description="正文是否为 Markdown")
    media_sha256: str | None = strawberry.field(
        default=None, description="视频或文档：先 POST /media 上传文件，再填其返回的 sha256"
    )


@strawberry.type(description="课程变更结果")
class CoursePayload:
    course: Course | None = strawberry.field(description="课程")
    errors: list[LearningError] = strawberry.field(description="错误")


# --- training sessions ---------------------------------------------------------------------------


@strawberry.type(description="培训名单中的一人及其签到情况")
class SessionAttendee:
    staff_id: strawberry.ID = strawberry.field(description="人员标识")
    name: str = strawberry.field(description="姓名")
    service_point_name: str = strawberry.field(description="服务点")
    department_name: str | None = strawberry.field(description="部门")
    attended: bool = strawberry.field(description="是否已参训")
    attended_at: datetime | None = strawberry.field(description="签到时间")
    sign_in: SessionSignIn | None = strawberry.field(description="签到方式")
    sign_in_label: str | None = strawberry.field(description="签到方式的中文名称")

    @classmethod
    def from_row(cls, r: Row) -> SessionAttendee:
        how = m.SessionSignIn(r["sign_in"]) if r["sign_in"] else None
        return cls(
            staff_id=strawberry.ID(str(r["staff_id"])),
            name=r["staff__name"],
            service_point_name=r["staff__service_point__name"],
            department_name=r["staff__department__name"],
            attended=r["attended_at"] is not None,
            attended_at=r["attended_at"],
            sign_in=how,
            sign_in_label=m.SESSION_SIGN_IN_LABELS[how] if how else None,
        )


@strawberry.type(description="直播或现场培训")
class TrainingSession:
    id: strawberry.ID = strawberry.field(description="培训标识")
    title: str = strawberry.field(description="培训名称")
    course_code: str | None = strawberry.field(description="关联课程编码")
    course_title: str | None = strawberry.field(description="关联课程名称")
    organiser_point_name: str = strawberry.field(description="组织单位（服务点）")
    starts_at: datetime = strawberry.field(description="开始时间")
    ends_at: datetime = strawberry.field(description="结束时间")
    place: str = strawberry.field(description="培训地点")
    stream_url: str = strawberry.field(description="直播地址")
    roster_count: int = strawberry.field(description="名单人数")
    attended_count: int = strawberry.field(description="已参训人数")
    manages: bool = strawberry.field(description="当前用户能否管理（标记签到）")
    my_attendance: SessionAttendee | None = strawberry.field(description="当前用户在名单中的签到情况")
    attendees: list[SessionAttendee] | None = strawberry.field(description="名单及签到情况（仅组织者可见）")

    @classmethod
    def from_row(cls, r: Row, attendees: list[Row], viewer_id: int, manages: bool) -> TrainingSession:
        mine = next((a for a in attendees if a["staff_id"] == viewer_id), None)
        return cls(
            id=strawberry.ID(str(r["id"])),
            title=r["title"],
            course_code=r["course__code"],
            course_title=r["course__title"],
            organiser_point_name=r["service_point__name"],
            starts_at=r["starts_at"],
            ends_at=r["ends_at"],
            place=r["place"],
            stream_url=r["stream_url"],
            roster_count=len(attendees),
            attended_count=sum(a["attended_at"] is not None for a in attendees),
            manages=manages,
            my_attendance=SessionAttendee.from_row(mine) if mine else None,
            attendees=[SessionAttendee.from_row(a) for a in attendees] if manages else None,
        )


@strawberry.input(description="安排一场培训")
class TrainingSessionInput:
    title: str = strawberry.field(description="培训名称")
    starts_at: datetime = strawberry.field(description="开始时间")
    ends_at: datetime = strawberry.field(description="结束时间")
    course_code: str | None = strawberry.field(default=None, description="关联课程编码")
    place: str = strawberry.field(default="", description="培训地点（现场培训）")
    stream_url: str = strawberry.field(default="", description="直播地址（直播培训）")
    service_point_codes: list[str] = strawberry.field(
        default_factory=list, description="名单：这些服务点（含下级）的全部人员"
    )
    department_codes: list[str] = strawberry.field(
        default_factory=list, description="名单：管辖范围内这些部门的人员"
    )
    staff_ids: list[strawberry.ID] = strawberry.field(default_factory=list, description="名单：指定人员")


@strawberry.type(description="培训变更结果")
class TrainingSessionPayload:
    session: TrainingSession | None = strawberry.field(description="培训")
    errors: list[LearningError] = strawberry.field(description="错误")


@strawberry.type(description="某人是否已接受某课程的培训")
class TrainingCoverage:
    staff_id: strawberry.ID = strawberry.field(description="人员标识")
    name: str = strawberry.field(description="姓名")
    service_point_name: str = strawberry.field(description="服务点")
    trained: bool = strawberry.field(description="已参训（参加过该课程的培训）或已在线学完")
    attended_at: datetime | None = strawberry.field(description="参加该课程培训的签到时间")
    completed_at: datetime | None = strawberry.field(description="在线学完的时间")

    @classmethod
    def from_row(cls, r: Row) -> TrainingCoverage:
        return cls(
            staff_id=strawberry.ID(str(r["id"])),
            name=r["name"],
            service_point_name=r["point_name"],
            trained=bool(r["attended_at"] or r["completed_at"]),
            attended_at=r["attended_at"],
            completed_at=r["completed_at"],
        )


# --- attendance ----------------------------------------------------------------------------------


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


@strawberry.input(description="服务点营业时间")
class OpeningHoursInput:
    weekly: strawberry.scalars.JSON = strawberry.field(
        description='每周时段，如 {"1": [["09:00","12:00"],["13:30","17:00"]]}（1 为周一）'
    )
    closed_dates: list[str] = strawberry.field(default_factory=list, description="休息日期 YYYY-MM-DD")
    open_dates: strawberry.scalars.JSON = strawberry.field(
        default_factory=dict, description='调休工作日及其时段，如 {"2026-10-10": [["09:00","17:00"]]}'
    )
    grace_minutes: int = strawberry.field(default=0, description="迟到宽限（分钟）")


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
