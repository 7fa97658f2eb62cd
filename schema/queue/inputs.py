"""GraphQL input types of the queue: tickets, windows, calls and the hall's live events."""

from __future__ import annotations

import strawberry

from schema.enums import PriorityClass
from schema.idempotency import key_field


@strawberry.input(description="取号")
class TakeTicketInput:
    service_point_code: str = strawberry.field(description="服务点编码")
    prefix: str = strawberry.field(description="取号类别前缀，如 A")
    id_number: str | None = strawberry.field(
        default=None, description="身份证号码（读卡器按键盘方式输入；70 周岁以上自动优先）")
    name: str | None = strawberry.field(default=None, description="姓名（读卡器提供时）")
    priority: PriorityClass | None = strawberry.field(
        default=None, description="优先类别：残疾人、军人须由工作人员核验证件后选择")
    near_phone: str | None = strawberry.field(
        default=None, description="叫号提醒（自愿）：前面还有 3 人时发短信到此手机号码（夜间也发送）")
    idempotency_key: str | None = key_field()
