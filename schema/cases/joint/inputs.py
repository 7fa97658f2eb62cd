"""GraphQL input types of joint applications (一件事联办)."""

from __future__ import annotations

import strawberry

from hub.core.models.enums import CaseChannel
from schema.cases.inputs import CollectedMaterialInput
from schema.cases.joint.types import (
    SharedValueInput,
)
from schema.catalog.types import AnswerInput
from schema.idempotency import key_field


@strawberry.input(description="联办中的一个事项：情形回答与材料（共用材料在每个事项中引用同一 fileId）")
class ApplicationItemInput:
    item_code: str = strawberry.field(description="事项编码")
    answers: list[AnswerInput] = strawberry.field(default_factory=list, description="情形问题的答案")
    materials: list[CollectedMaterialInput] = strawberry.field(
        default_factory=list, description="材料收取情况（按该事项的清单）")


@strawberry.input(description="联办申请（一件事）")
class OpenApplicationInput:
    bundle_code: str = strawberry.field(description="一件事代码")
    applicant_id_number: str = strawberry.field(description="申请人（签名人）身份证号码")
    applicant_name: str = strawberry.field(description="申请人姓名")
    phone: str = strawberry.field(default="", description="联系电话")
    address: str = strawberry.field(default="", description="联系地址")
    shared: list[SharedValueInput] = strawberry.field(description="共享字段（一次填写）")
    items: list[ApplicationItemInput] = strawberry.field(description="联办的事项（至少两项）")
    signed_name: str = strawberry.field(description="申请人确认联办申请表后签名（本人姓名）")
    channel: CaseChannel = strawberry.field(
        default=CaseChannel.PC, description="申请人本人申报时：PC 或 MOBILE；窗口按账号确定")
    service_point_code: str | None = strawberry.field(
        default=None, description="申请人本人申报时：选择到哪个服务点办结；窗口按本人服务点")
    ticket_id: strawberry.ID | None = strawberry.field(default=None, description="窗口正在办理的排队号")
    idempotency_key: str | None = key_field()
