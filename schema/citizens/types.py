"""GraphQL output types of resident accounts."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.core.errors import ErrorCode
from schema.cases.types import CaseError
from schema.errors import Error, code_enum, code_field


@strawberry.type(description="已登录的申请人")
class CitizenProfile:
    name: str = strawberry.field(description="姓名")
    masked_id_number: str = strawberry.field(description="脱敏的身份证号码")
    id_number: str = strawberry.field(description="本人的身份证号码（申报时填入，只给本人）")


@strawberry.type(description="申请人登录结果")
class CitizenLoginPayload:
    token: str | None = strawberry.field(description="访问令牌")
    expires_at: datetime | None = strawberry.field(description="令牌到期时间")
    citizen: CitizenProfile | None = strawberry.field(description="申请人")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


LoginCodeErrorCode = code_enum("LoginCodeErrorCode", "短信验证码登录错误代码", [
    ErrorCode.INVALID, ErrorCode.RATE_LIMITED, ErrorCode.CODE_WRONG, ErrorCode.CODE_EXPIRED,
    ErrorCode.PHONE_UNKNOWN, ErrorCode.CONFLICT,
])


@strawberry.type(description="短信验证码登录错误")
class LoginCodeError(Error):
    code: ErrorCode = code_field(LoginCodeErrorCode)


@strawberry.type(description="获取短信验证码的结果（无论该号码是否已注册，回答都相同）")
class RequestLoginCodePayload:
    masked_phone: str | None = strawberry.field(description="脱敏的手机号码（138****0000）")
    expires_in_seconds: int | None = strawberry.field(description="验证码有效秒数")
    resend_after_seconds: int | None = strawberry.field(description="再次获取前须等待的秒数")
    errors: list[LoginCodeError] = strawberry.field(description="错误（为空表示已发送）")


@strawberry.type(description="短信验证码登录结果（令牌与密码登录相同）")
class LoginWithCodePayload:
    token: str | None = strawberry.field(description="访问令牌")
    expires_at: datetime | None = strawberry.field(description="令牌到期时间")
    citizen: CitizenProfile | None = strawberry.field(description="申请人")
    errors: list[LoginCodeError] = strawberry.field(description="错误（为空表示成功）")
