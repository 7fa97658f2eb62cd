"""GraphQL output types of issuance (出件), ratings (好差评) and rectification."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry

from hub.core.models import enums as m
from resolvers.cases.ratings import CALLBACK_RESULT_LABELS, CallbackResult, is_overdue
from schema.cases.types import Case, CaseError
from schema.enums import CaseStatus, IssueMethod, RectificationStatus


@strawberry.type(description="出件结果")
class IssuePayload:
    case: Case | None = strawberry.field(description="办件（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="评价结果")
class EvaluatePayload:
    evaluation: Evaluation | None = strawberry.field(description="评价（失败时为空）")
    rectification_due_on: str | None = strawberry.field(description="差评时：整改期限（YYYY-MM-DD）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="整改任务操作结果")
class RectificationPayload:
    rectification: Rectification | None = strawberry.field(description="整改任务（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


strawberry.enum(CallbackResult, description="回访结果：满意、基本认可、仍不满意、未接通")


@strawberry.type(description="出件记录：窗口领取（核验身份）、快递（运单号）或网格员送达（居民签收）")
class Issuance:
    method: IssueMethod = strawberry.field(description="出件方式")
    method_label: str = strawberry.field(description="出件方式（中文）")
    issued_at: datetime = strawberry.field(description="出件时间")
    issued_by: str = strawberry.field(description="出件人员")
    service_point_name: str = strawberry.field(description="出件服务点")
    recipient_name: str = strawberry.field(description="领取人或签收人")
    identity_checked: bool = strawberry.field(description="窗口领取时已核验身份证")
    by_agent: bool = strawberry.field(description="由代领人凭委托书领取")
    courier: str = strawberry.field(description="快递公司（快递送达时）")
    tracking_number: str = strawberry.field(description="快递运单号")
    address: str = strawberry.field(description="送达地址")
    deliverer_name: str | None = strawberry.field(description="送达网格员")
    confirmed_at: datetime | None = strawberry.field(description="签收时间（窗口领取即当场签收）")
    delivered: bool = strawberry.field(description="是否已签收")

    @classmethod
    def of(cls, r: dict[str, Any]) -> Issuance:
        method = m.IssueMethod(r["method"])
        return cls(method=method, method_label=m.ISSUE_METHOD_LABELS[method], issued_at=r["created_at"],
                   issued_by=r["issued_by__name"], service_point_name=r["service_point__name"],
                   recipient_name=r["recipient_name"], identity_checked=r["identity_checked"],
                   by_agent=r["by_agent"], courier=r["courier"], tracking_number=r["tracking_number"],
                   address=r["address"], deliverer_name=r["deliverer__name"],
                   confirmed_at=r["confirmed_at"], delivered=r["confirmed_at"] is not None)


@strawberry.type(description="一次好差评")
class Evaluation:
    id: strawberry.ID = strawberry.field(description="评价标识")
    level: int = strawberry.field(description="等级：5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意")
    label: str = strawberry.field(description="等级（中文）")
    comment: str = strawberry.field(description="评价内容")
    channel: str = strawberry.field(description="评价终端：COUNTER、PC、MOBILE、KIOSK")
    created_at: datetime = strawberry.field(description="评价时间")
    service_point_name: str = strawberry.field(description="被评价的服务点")
    rectification_status: str | None = strawberry.field(
        description="差评整改状态（OPEN 整改中、DONE 已整改回访；非差评为空）")
    rectification_status_label: str | None = strawberry.field(description="差评整改状态（中文）")

    @classmethod
    def of(cls, r: dict[str, Any], rect_status: str | None = None) -> Evaluation:
        status = m.RectificationStatus(rect_status) if rect_status else None
        return cls(id=strawberry.ID(str(r["id"])), level=r["level"], label=m.RATING_LABELS[r["level"]],
                   comment=r["comment"], channel=r["channel"], created_at=r["created_at"],
                   service_point_name=r["service_point__name"],
                   rectification_status=status.value if status else None,
                   rectification_status_label=m.RECTIFICATION_STATUS_LABELS[status] if status else None)


@strawberry.type(description="差评整改任务：整改措施、回访（时间、记录、结果），限期办结")
class Rectification:
    id: strawberry.ID = strawberry.field(description="整改任务标识")
    status: RectificationStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    due_on: date = strawberry.field(description="整改期限（5 个工作日）")
    overdue: bool = strawberry.field(description="已超过整改期限仍未办结")
    created_at: datetime = strawberry.field(description="创建时间（差评时间）")
    service_point_name: str = strawberry.field(description="被评价的服务点")
    assigned_to: str | None = strawberry.field(description="负责的管理者")
    level: int = strawberry.field(description="评价等级")
    level_label: str = strawberry.field(description="评价等级（中文）")
    comment: str = strawberry.field(description="评价内容")
    channel: str = strawberry.field(description="评价终端")
    rated_staff: str | None = strawberry.field(description="被评价的窗口人员")
    case_id: strawberry.ID | None = strawberry.field(description="被评价的办件（办件评价时）")
    case_number: str | None = strawberry.field(description="办件编号")
    item_name: str | None = strawberry.field(description="事项名称")
    applicant_name: str | None = strawberry.field(description="申请人")
    contact_phone: str | None = strawberry.field(description="联系电话（用于回访）")
    ticket_number: str | None = strawberry.field(description="被评价的排队号（窗口服务评价时）")
    measures: str = strawberry.field(description="整改措施")
    callback_at: datetime | None = strawberry.field(description="回访时间")
    callback_note: str = strawberry.field(description="回访记录")
    callback_result: CallbackResult | None = strawberry.field(description="回访结果")
    callback_result_label: str | None = strawberry.field(description="回访结果（中文）")
    closed_at: datetime | None = strawberry.field(description="办结时间")
    closed_by: str | None = strawberry.field(description="办结人")

    @classmethod
    def of(cls, r: dict[str, Any]) -> Rectification:
        status = m.RectificationStatus(r["status"])
        result = CallbackResult(r["callback_result"]) if r["callback_result"] else None
        case_id = r["evaluation__case_id"]
        return cls(
            id=strawberry.ID(str(r["id"])), status=status,
            status_label=m.RECTIFICATION_STATUS_LABELS[status], due_on=r["due_on"],
            overdue=is_overdue(r), created_at=r["created_at"],
            service_point_name=r["service_point__name"], assigned_to=r["assigned_to__name"],
            level=r["evaluation__level"], level_label=m.RATING_LABELS[r["evaluation__level"]],
            comment=r["evaluation__comment"], channel=r["evaluation__channel"],
            rated_staff=r["evaluation__staff__name"],
            case_id=strawberry.ID(str(case_id)) if case_id else None,
            case_number=r["evaluation__case__number"], item_name=r["evaluation__case__item_name"],
            applicant_name=r["evaluation__case__applicant_name"],
            contact_phone=r["evaluation__case__contact_phone"],
            ticket_number=r["evaluation__ticket__number"], measures=r["measures"],
            callback_at=r["callback_at"], callback_note=r["callback_note"], callback_result=result,
            callback_result_label=CALLBACK_RESULT_LABELS[result] if result else None,
            closed_at=r["closed_at"], closed_by=r["closed_by__name"])


@strawberry.type(description="可送达的网格员")
class GridWorker:
    id: strawberry.ID = strawberry.field(description="人员标识")
    name: str = strawberry.field(description="姓名")
    service_point_name: str = strawberry.field(description="所在社区（网格）")


@strawberry.type(description="网格员的一项送达任务")
class DeliveryTask:
    case_id: strawberry.ID = strawberry.field(description="办件标识")
    case_number: str = strawberry.field(description="办件编号")
    item_name: str = strawberry.field(description="事项名称")
    applicant_name: str = strawberry.field(description="申请人")
    contact_phone: str = strawberry.field(description="联系电话")
    address: str = strawberry.field(description="送达地址")
    issued_at: datetime = strawberry.field(description="交付送达时间")
    issued_by: str = strawberry.field(description="交付的出件人员")
    confirmed_at: datetime | None = strawberry.field(description="居民签收时间")
    recipient_name: str = strawberry.field(description="签收人")

    @classmethod
    def of(cls, r: dict[str, Any]) -> DeliveryTask:
        return cls(case_id=strawberry.ID(str(r["case_id"])), case_number=r["case__number"],
                   item_name=r["case__item_name"], applicant_name=r["case__applicant_name"],
                   contact_phone=r["case__contact_phone"], address=r["address"],
                   issued_at=r["created_at"], issued_by=r["issued_by__name"],
                   confirmed_at=r["confirmed_at"], recipient_name=r["recipient_name"])


@strawberry.enum(description="办件事件类型：CHANGE 办件有新动态；RESET 游标过旧，请重新加载办件")
class CaseEventKind(Enum):
    CHANGE = "CHANGE"
    RESET = "RESET"


@strawberry.type(description="办件的一条实时动态（审计记录的摘要）；收到后重新加载办件即可")
class CaseEvent:
    cursor: int = strawberry.field(description="本办件事件序号，断线后以 after 续订")
    kind: CaseEventKind = strawberry.field(description="事件类型")
    action: str | None = strawberry.field(description="动作代码")
    action_label: str | None = strawberry.field(description="动作（中文）")
    status: CaseStatus | None = strawberry.field(description="动作后的办件状态（状态未变时为空）")
    status_label: str | None = strawberry.field(description="动作后的办件状态（中文）")
    actor_name: str | None = strawberry.field(description="操作人")
    at: datetime | None = strawberry.field(description="发生时间（RESET 时为空）")
