"""GraphQL input types of courses and training sessions."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.enums import MaterialKind


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
