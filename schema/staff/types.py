"""GraphQL output types of staff accounts and login."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.catalog.types import PageInfo
from schema.errors import AuthError, StaffError
from schema.org.types import Staff


@strawberry.type(description="登录结果")
class LoginPayload:
    token: str | None = strawberry.field(description="访问令牌，放在 Authorization: Bearer 中")
    expires_at: datetime | None = strawberry.field(description="令牌过期时间")
    staff: Staff | None = strawberry.field(description="登录的工作人员")
    errors: list[AuthError] = strawberry.field(description="失败原因")


@strawberry.type(description="修改密码结果；成功后旧令牌全部失效")
class ChangePasswordPayload:
    ok: bool = strawberry.field(description="是否成功")
    errors: list[AuthError] = strawberry.field(description="失败原因")


@strawberry.type(description="新建人员结果")
class CreateStaffPayload:
    staff: Staff | None = strawberry.field(description="新建的人员")
    errors: list[StaffError] = strawberry.field(description="失败原因")


@strawberry.type(description="人员分页列表中的一条")
class StaffEdge:
    cursor: str = strawberry.field(description="该条的游标")
    node: Staff = strawberry.field(description="人员")


@strawberry.type(description="人员分页列表")
class StaffConnection:
    edges: list[StaffEdge] = strawberry.field(description="本页人员")
    page_info: PageInfo = strawberry.field(description="分页信息")
