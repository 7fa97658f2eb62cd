"""GraphQL output types of the whistle (窗口吹哨)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from hub.core.errors import ErrorCode
from hub.core.models.enums import HELP_CALL_STATUS_LABELS
from hub.core.models.enums import HelpCallStatus as HelpCallStatusModel
from schema.errors import Error, code_enum, code_field


@strawberry.enum(description="吹哨状态")
class HelpCallStatus(Enum):
    OPEN = "OPEN"
    ACCEPTED = "ACCEPTED"
    RESOLVED = "RESOLVED"


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@strawberry.type(description="一次窗口吹哨：前台遇到拿不准的问题，呼叫后台专家到场或在线解答")
class HelpCall:
    id: strawberry.ID = strawberry.field(description="吹哨标识")
    status: HelpCallStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    item_code: str | None = strawberry.field(description="所问事项的编码（自由主题时为空）")
    item_name: str = strawberry.field(description="所问事项的名称")
    topic: str = strawberry.field(description="主题（未选事项时必填）")
    department_code: str = strawberry.field(description="负责解答的部门编码")
    department_name: str = strawberry.field(description="负责解答的部门")
    question: str = strawberry.field(description="问题")
    case_ref: str | None = strawberry.field(description="关联的办件编号（可选）")
    caller_id: strawberry.ID = strawberry.field(description="吹哨人标识")
    caller_name: str = strawberry.field(description="吹哨的窗口人员")
    service_point_name: str = strawberry.field(description="吹哨人所在服务点")
    expert_id: strawberry.ID | None = strawberry.field(description="接单专家标识")
    expert_name: str | None = strawberry.field(description="接单专家")
    raised_at: datetime = strawberry.field(description="吹哨时间")
    accepted_at: datetime | None = strawberry.field(description="接单时间")
    resolved_at: datetime | None = strawberry.field(description="解决时间")
    escalated: bool = strawberry.field(description="是否已上报管理者（超时无人接单或无在岗专家）")
    escalated_at: datetime | None = strawberry.field(description="上报管理者的时间")
    escalation_reason: str | None = strawberry.field(description="上报原因")
    answer: str | None = strawberry.field(description="解答（解决时留存，可按事项检索）")
    resolved_by_name: str | None = strawberry.field(description="办结人")
    response_seconds: int | None = strawberry.field(description="响应用时（吹哨到接单，秒）")
    resolution_seconds: int | None = strawberry.field(description="解决用时（吹哨到解决，秒）")

    @classmethod
    def of(cls, c: dict[str, Any]) -> HelpCall:
        raised = _dt(c["raisedAt"])
        assert raised is not None
        return cls(
            id=strawberry.ID(str(c["id"])), status=HelpCallStatus(c["status"]),
            status_label=HELP_CALL_STATUS_LABELS[HelpCallStatusModel(c["status"])],
            item_code=c["itemCode"], item_name=c["itemName"], topic=c["topic"],
            department_code=c["departmentCode"], department_name=c["departmentName"],
            question=c["question"], case_ref=c["caseRef"],
            caller_id=strawberry.ID(str(c["callerId"])), caller_name=c["callerName"],
            service_point_name=c["servicePointName"],
            expert_id=strawberry.ID(str(c["expertId"])) if c["expertId"] else None,
            expert_name=c["expertName"], raised_at=raised, accepted_at=_dt(c["acceptedAt"]),
            resolved_at=_dt(c["resolvedAt"]), escalated=c["escalatedAt"] is not None,
            escalated_at=_dt(c["escalatedAt"]), escalation_reason=c["escalationReason"],
            answer=c["answer"], resolved_by_name=c["resolvedByName"],
            response_seconds=c["responseSeconds"], resolution_seconds=c["resolutionSeconds"],
        )


@strawberry.enum(description="留言人的身份")
class WhistleRole(Enum):
    CALLER = "CALLER"
    EXPERT = "EXPERT"
    SUPERVISOR = "SUPERVISOR"


@strawberry.type(description="吹哨中的一条消息")
class WhistleMessage:
    id: strawberry.ID = strawberry.field(description="消息标识")
    author_id: strawberry.ID = strawberry.field(description="发送人标识")
    author_name: str = strawberry.field(description="发送人")
    role: WhistleRole = strawberry.field(description="发送人身份")
    text: str = strawberry.field(description="内容")
    sent_at: datetime = strawberry.field(description="发送时间")

    @classmethod
    def of(cls, m: dict[str, Any]) -> WhistleMessage:
        sent = _dt(m["sentAt"])
        assert sent is not None
        return cls(id=strawberry.ID(str(m["id"])), author_id=strawberry.ID(str(m["authorId"])),
                   author_name=m["authorName"], role=WhistleRole(m["role"]), text=m["text"],
                   sent_at=sent)


@strawberry.type(description="一次吹哨的详情：先取此快照，再以 cursor 订阅 whistleCallEvents")
class WhistleCallView:
    call: HelpCall = strawberry.field(description="吹哨")
    messages: list[WhistleMessage] = strawberry.field(
        description="消息，先发的在前（接单前的候选专家看不到）")
    cursor: int = strawberry.field(description="本吹哨频道的最新事件序号")


@strawberry.enum(description="专家坐席的视角")
class WhistleDeskMode(Enum):
    EXPERT = "EXPERT"
    SUPERVISOR = "SUPERVISOR"


@strawberry.type(description="专家坐席现状：先取此快照，再以 cursor 订阅 whistleDeskEvents")
class WhistleDesk:
    mode: WhistleDeskMode = strawberry.field(
        description="EXPERT：本部门派给我的待接单和我接的吹哨；SUPERVISOR：辖区内已上报的吹哨")
    cursor: int = strawberry.field(description="坐席频道的最新事件序号")
    calls: list[HelpCall] = strawberry.field(description="吹哨，先发的在前")


@strawberry.enum(description="吹哨事件类型")
class WhistleEventKind(Enum):
    RAISED = "RAISED"
    ACCEPTED = "ACCEPTED"
    MESSAGE = "MESSAGE"
    RESOLVED = "RESOLVED"
    ESCALATED = "ESCALATED"
    RESET = "RESET"


@strawberry.type(description="专家坐席事件：新吹哨、已被接单、已解决、已上报。cursor 用于断线续传")
class WhistleDeskEvent:
    cursor: int = strawberry.field(description="坐席频道事件序号，断线后以 after 续订")
    kind: WhistleEventKind = strawberry.field(description="事件类型")
    at: datetime | None = strawberry.field(description="发生时间（RESET 时为空）")
    call: HelpCall | None = strawberry.field(description="事件发生后的吹哨（RESET 时为空）")

    @classmethod
    def of(cls, e: Any) -> WhistleDeskEvent:
        return cls(cursor=e.seq, kind=WhistleEventKind(e.kind), at=e.at,
                   call=HelpCall.of(e.payload["call"]))


@strawberry.type(description="单个吹哨的事件：接单、消息、解决、上报。cursor 用于断线续传，不丢不重")
class WhistleCallEvent:
    cursor: int = strawberry.field(description="本吹哨频道事件序号，断线后以 after 续订")
    kind: WhistleEventKind = strawberry.field(description="事件类型")
    at: datetime | None = strawberry.field(description="发生时间（RESET 时为空）")
    call: HelpCall | None = strawberry.field(description="状态变化后的吹哨（消息事件为空）")
    message: WhistleMessage | None = strawberry.field(description="新消息（MESSAGE 事件）")

    @classmethod
    def of(cls, e: Any) -> WhistleCallEvent:
        p = e.payload
        return cls(cursor=e.seq, kind=WhistleEventKind(e.kind), at=e.at,
                   call=HelpCall.of(p["call"]) if p.get("call") else None,
                   message=WhistleMessage.of(p["message"]) if p.get("message") else None)


WhistleErrorCode = code_enum("WhistleErrorCode", "吹哨错误代码", [
    ErrorCode.INVALID, ErrorCode.NOT_FOUND, ErrorCode.NOT_ALLOWED, ErrorCode.TAKEN, ErrorCode.CLOSED,
])


@strawberry.type(description="吹哨错误")
class WhistleError(Error):
    code: ErrorCode = code_field(WhistleErrorCode)


@strawberry.type(description="吹哨、接单、办结的结果")
class WhistlePayload:
    call: HelpCall | None = strawberry.field(description="处理后的吹哨")
    errors: list[WhistleError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="发送吹哨消息的结果")
class WhistleMessagePayload:
    message: WhistleMessage | None = strawberry.field(description="发送的消息")
    errors: list[WhistleError] = strawberry.field(description="错误（为空表示成功）")
