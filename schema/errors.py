"""Typed mutation errors: a `code` enum, the input `field` at fault and a Chinese `message`."""

from __future__ import annotations

from enum import Enum

import strawberry

from hub.core.errors import HubError


@strawberry.enum(description="登录与账号错误代码")
class AuthErrorCode(Enum):
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    LOCKED = "LOCKED"
    RATE_LIMITED = "RATE_LIMITED"
    INACTIVE = "INACTIVE"
    WEAK_PASSWORD = "WEAK_PASSWORD"


@strawberry.type(description="登录与账号错误")
class AuthError:
    code: AuthErrorCode = strawberry.field(description="错误代码")
    field: str | None = strawberry.field(description="出错的输入字段")
    message: str = strawberry.field(description="中文错误说明")

    @classmethod
    def of(cls, e: HubError) -> AuthError:
        return cls(code=AuthErrorCode(e.code), field=e.field, message=e.message)


@strawberry.enum(description="人员管理错误代码")
class StaffErrorCode(Enum):
    INVALID = "INVALID"
    DUPLICATE = "DUPLICATE"
    NOT_FOUND = "NOT_FOUND"
    WEAK_PASSWORD = "WEAK_PASSWORD"


@strawberry.type(description="人员管理错误")
class StaffError:
    code: StaffErrorCode = strawberry.field(description="错误代码")
    field: str | None = strawberry.field(description="出错的输入字段")
    message: str = strawberry.field(description="中文错误说明")

    @classmethod
    def of(cls, e: HubError) -> StaffError:
        return cls(code=StaffErrorCode(e.code), field=e.field, message=e.message)
