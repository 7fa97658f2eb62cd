"""GraphQL output types of resident accounts."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.cases.types import CaseError


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
