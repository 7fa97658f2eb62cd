"""GraphQL input types of appointments (网上预约)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.idempotency import key_field


@strawberry.input(description="网上预约")
class BookAppointmentInput:
    service_point_code: str = strawberry.field(description="服务点编码")
    prefix: str = strawberry.field(description="办理类别（取号类别前缀）")
    starts_at: datetime = strawberry.field(description="所选时段的开始时间（取自 appointmentSlots）")
    name: str = strawberry.field(description="姓名")
    id_number: str = strawberry.field(description="居民身份证号码")
    phone: str = strawberry.field(description="手机号码")
    channel: str = strawberry.field(default="PC", description="预约渠道：PC 或 MOBILE")
    item_code: str | None = strawberry.field(
        default=None, description="办理的事项编码（从事项的定制清单预约时；须由所选类别办理）")
    idempotency_key: str | None = key_field()
