"""GraphQL output types of courses and training sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from hub.core.errors import ErrorCode
from hub.core.models import enums as m
from schema.enums import MaterialKind, SessionSignIn
from schema.errors import Error, code_enum, code_field

Row = dict[str, Any]


LearningErrorCode = code_enum("LearningErrorCode", "培训与考勤错误代码", [
    ErrorCode.INVALID, ErrorCode.NOT_FOUND, ErrorCode.CODE_INVALID, ErrorCode.CODE_EXPIRED,
    ErrorCode.WRONG_POINT, ErrorCode.NOT_CLOCKED_IN, ErrorCode.NOT_ON_ROSTER, ErrorCode.OUTSIDE_WINDOW,
    ErrorCode.MEDIA_INVALID,
])


@strawberry.type(description="培训与考勤错误")
class LearningError(Error):
    code: ErrorCode = code_field(LearningErrorCode)


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


@strawberry.type(description="课程变更结果")
class CoursePayload:
    course: Course | None = strawberry.field(description="课程")
    errors: list[LearningError] = strawberry.field(description="错误")


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
