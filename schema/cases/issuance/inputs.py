"""GraphQL input types of issuance (出件), ratings (好差评) and rectification."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.core.models.enums import CaseChannel
from schema.cases.issuance.types import CallbackResult
from schema.enums import IssueMethod as IssueMethodEnum


@strawberry.input(description="出件")
class IssueCaseInput:
    case_id: strawberry.ID = strawberry.field(description="办件标识")
    method: IssueMethodEnum = strawberry.field(description="出件方式：窗口领取、快递送达或网格员送达")
    version: int | None = strawberry.field(default=None, description="办件版本号（防止并发覆盖）")
    collector_id_number: str = strawberry.field(
        default="", description="窗口领取：领取人的身份证号码（读卡器读取）")
    agent: bool = strawberry.field(default=False, description="窗口领取：由代领人凭授权委托书领取")
    agent_name: str = strawberry.field(default="", description="代领人姓名")
    mandate: str = strawberry.field(default="", description="授权委托书编号或说明")
    address: str = strawberry.field(default="", description="快递或网格员送达地址（默认申报时填写的地址）")
    grid_worker_id: strawberry.ID | None = strawberry.field(default=None, description="送达的网格员")


@strawberry.input(description="办件评价：已登录的申请人传 caseId；未登录时传办件编号和身份证号码")
class EvaluateCaseInput:
    case_id: strawberry.ID | None = strawberry.field(default=None, description="办件标识")
    number: str | None = strawberry.field(default=None, description="办件编号")
    id_number: str | None = strawberry.field(default=None, description="申请人身份证号码")
    level: int = strawberry.field(description="5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意")
    comment: str = strawberry.field(default="", description="评价内容（不超过 500 字）")
    channel: CaseChannel = strawberry.field(
        default=CaseChannel.PC, description="评价终端：PC 或 MOBILE（自助终端、窗口评价器按账号确定）")


@strawberry.input(description="窗口服务评价：窗口评价器、自助终端传 ticketId；手机扫描小票传 ticketToken")
class RateTicketInput:
    ticket_id: strawberry.ID | None = strawberry.field(default=None, description="排队号标识")
    ticket_token: str | None = strawberry.field(default=None, description="取号小票上的令牌")
    level: int = strawberry.field(description="5 非常满意 … 1 非常不满意")
    comment: str = strawberry.field(default="", description="评价内容（不超过 500 字）")


@strawberry.input(description="整改进展：整改措施与回访记录（只传要改的项）")
class RectificationInput:
    id: strawberry.ID = strawberry.field(description="整改任务标识")
    measures: str | None = strawberry.field(default=None, description="整改措施")
    callback_at: datetime | None = strawberry.field(default=None, description="回访时间")
    callback_note: str | None = strawberry.field(default=None, description="回访记录（沟通内容）")
    callback_result: CallbackResult | None = strawberry.field(
        default=None, description="回访结果")
