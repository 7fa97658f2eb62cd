"""GraphQL input types of resident accounts."""

from __future__ import annotations

import strawberry


@strawberry.input(description="申请人注册")
class RegisterCitizenInput:
    id_number: str = strawberry.field(description="身份证号码")
    name: str = strawberry.field(description="姓名")
    phone: str = strawberry.field(default="", description="手机号码")
    password: str = strawberry.field(description="密码（至少 8 位，含字母和数字）")
