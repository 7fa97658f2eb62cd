"""GraphQL output types of the back office (后台审批)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import Private
from strawberry.scalars import JSON

from hub.core.clock import local_date, utcnow
from hub.core.idcard import parse_id_number
from hub.core.models import enums as m
from resolvers.cases import backoffice, workqueue
from schema.cases.types import Case, CaseError, case_view
from schema.context import Info
from schema.enums import AnnotationKind, CaseStatus, InfoCheckStatus, NoticeKind

RejectKind = backoffice.RejectKind


QueueTab = workqueue.Tab


strawberry.enum(RejectKind, name="RejectKind",
                description="不予受理（申请不予受理）或不予许可（受理后审查不予许可）")


strawberry.enum(QueueTab, name="QueueTab",
                description="后台队列页签：待领取、我的（含转我B岗的）、待补件、预审、已办（我作出决定的，新的在前）")


@strawberry.enum(description="时限状态：已超期、临期（已到提醒日）、正常、暂停计时（补件中）、未计时")
class DueState(Enum):
    OVERDUE = "OVERDUE"
    DUE_SOON = "DUE_SOON"
    ON_TIME = "ON_TIME"
    PAUSED = "PAUSED"
    NOT_STARTED = "NOT_STARTED"


DUE_STATE_LABELS = {DueState.OVERDUE: "已超期", DueState.DUE_SOON: "临期", DueState.ON_TIME: "正常",
                    DueState.PAUSED: "暂停计时", DueState.NOT_STARTED: "未计时"}


def due_state(row: dict[str, Any], today: date) -> DueState:
    if row["paused_since"] is not None:
        return DueState.PAUSED
    if row["due_on"] is None:
        return DueState.NOT_STARTED
    if today > row["due_on"]:
        return DueState.OVERDUE
    if row["remind_on"] is not None and today >= row["remind_on"]:
        return DueState.DUE_SOON
    return DueState.ON_TIME


@strawberry.type(description="后台队列中的一个办件（列表所需的字段；完整办件见 case）")
class QueueEntry:
    row: Private[dict[str, Any]]
    id: strawberry.ID = strawberry.field(description="办件标识")
    number: str = strawberry.field(description="办件编号")
    item_code: str = strawberry.field(description="事项编码")
    item_name: str = strawberry.field(description="事项名称")
    applicant_name: str = strawberry.field(description="申请人（个人姓名或单位名称）")
    masked_id_number: str = strawberry.field(description="申请人（经办人）脱敏身份证号码")
    status: CaseStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    version: int = strawberry.field(description="版本号（领取等操作时带上）")
    submitted_at: datetime = strawberry.field(description="申报（收件）时间")
    due_on: date | None = strawberry.field(description="承诺办结日期")
    due_provisional: bool = strawberry.field(description="到期日涉及尚未公布放假安排的年份，可能调整")
    assignee: str | None = strawberry.field(description="当前审批人")
    offered_to_me: bool = strawberry.field(description="A岗不在岗或办件临期，已转我（B岗）办理")
    can_claim: bool = strawberry.field(description="我现在可以领取")
    due_state: DueState = strawberry.field(description="时限状态")
    due_state_label: str = strawberry.field(description="时限状态（中文）")

    @classmethod
    def of(cls, r: dict[str, Any], *, offered_to_me: bool, can_claim: bool, day: date) -> QueueEntry:
        status = m.CaseStatus(r["status"])
        state = due_state(r, day)
        return cls(row=r, id=strawberry.ID(str(r["id"])), number=r["number"], item_code=r["item_code"],
                   item_name=r["item_name"], applicant_name=r["applicant_name"],
                   masked_id_number=parse_id_number(r["person__id_number"]).masked, status=status,
                   status_label=m.CASE_STATUS_LABELS[status], version=r["version"],
                   submitted_at=r["submitted_at"], due_on=r["due_on"], due_provisional=r["due_provisional"],
                   assignee=r["assignee__name"], offered_to_me=offered_to_me, can_claim=can_claim,
                   due_state=state, due_state_label=DUE_STATE_LABELS[state])

    @strawberry.field(description="完整办件（材料、批注、审计记录等；按需加载）")
    async def case(self, info: Info) -> Case | None:
        row = await info.context.cases.case_by_id.load(self.row["id"])
        return await case_view(info, row) if row else None


@strawberry.type(description="各页签的办件数")
class QueueCounts:
    unclaimed: int = strawberry.field(description="待领取")
    mine: int = strawberry.field(description="我的（审批中的，及转我B岗的）")
    supplement: int = strawberry.field(description="待补件")
    prereview: int = strawberry.field(description="预审")


@strawberry.type(description="后台审批队列（临期的在前）")
class BackofficeQueue:
    entries: list[QueueEntry] = strawberry.field(description="本页办件")
    has_next_page: bool = strawberry.field(description="是否还有下一页")
    end_cursor: str | None = strawberry.field(description="本页最后一条的游标，传给 after 取下一页")
    counts: QueueCounts = strawberry.field(description="各页签的办件数")


@strawberry.type(description="信息校验：窗口对存疑信息发起，主管部门核实或更正")
class InfoCheck:
    id: strawberry.ID = strawberry.field(description="校验标识")
    case_id: strawberry.ID = strawberry.field(description="所属办件")
    field: str = strawberry.field(description="存疑的信息项，如“出生日期”")
    value: str = strawberry.field(description="存疑的内容")
    note: str = strawberry.field(description="窗口的说明")
    status: InfoCheckStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    flagged_by: str = strawberry.field(description="发起人")
    flagged_at: datetime = strawberry.field(description="发起时间")
    corrected_value: str | None = strawberry.field(description="更正后的内容（更正时）")
    answer: str = strawberry.field(description="主管部门的答复")
    resolved_by: str | None = strawberry.field(description="答复人")
    resolved_at: datetime | None = strawberry.field(description="答复时间")

    @classmethod
    def of(cls, r: dict[str, Any]) -> InfoCheck:
        status = m.InfoCheckStatus(r["status"])
        return cls(id=strawberry.ID(str(r["id"])), case_id=strawberry.ID(str(r["case_id"])),
                   field=r["field"], value=r["value"], note=r["note"], status=status,
                   status_label=m.INFO_CHECK_STATUS_LABELS[status], flagged_by=r["flagged_by__name"],
                   flagged_at=r["flagged_at"], corrected_value=r["corrected_value"], answer=r["answer"],
                   resolved_by=r["resolved_by__name"], resolved_at=r["resolved_at"])


@strawberry.type(description="给工作人员的工作提醒（新办件、B岗接办、抄送、临期、超期、已补件、信息校验）")
class StaffNotice:
    id: strawberry.ID = strawberry.field(description="提醒标识")
    kind: NoticeKind = strawberry.field(description="类型")
    kind_label: str = strawberry.field(description="类型（中文）")
    message: str = strawberry.field(description="内容")
    case_id: strawberry.ID | None = strawberry.field(description="相关办件")
    case_number: str | None = strawberry.field(description="相关办件编号")
    created_at: datetime = strawberry.field(description="时间")
    read: bool = strawberry.field(description="是否已读")

    @classmethod
    def of(cls, r: dict[str, Any]) -> StaffNotice:
        kind = m.NoticeKind(r["kind"])
        return cls(id=strawberry.ID(str(r["id"])), kind=kind, kind_label=m.NOTICE_KIND_LABELS[kind],
                   message=r["message"], case_id=strawberry.ID(str(r["case_id"])) if r["case_id"] else None,
                   case_number=r["case__number"], created_at=r["created_at"], read=r["read_at"] is not None)


@strawberry.type(description="我的工作提醒")
class NoticeList:
    unread: int = strawberry.field(description="未读条数")
    notices: list[StaffNotice] = strawberry.field(description="提醒（新的在前）")
    cursor: int = strawberry.field(description="我的提醒通道的游标（在读取提醒之前取得）："
                                   "以 after 订阅 myNoticeEvents，其后的新提醒都会推送")


@strawberry.enum(description="工作提醒推送类型：NOTICE 有新提醒；RESET 游标过旧，请重新加载提醒")
class NoticeEventKind(Enum):
    NOTICE = "NOTICE"
    RESET = "RESET"


@strawberry.type(description="一次工作提醒推送：只含类型和办件，不含提醒内容；收到后重新查询 myNotices")
class NoticeEvent:
    cursor: int = strawberry.field(description="我的提醒通道的序号，断线后以 after 续订")
    kind: NoticeEventKind = strawberry.field(description="推送类型")
    notice_kinds: list[NoticeKind] = strawberry.field(description="新提醒的类型")
    case_id: strawberry.ID | None = strawberry.field(description="相关办件（多个办件时为空）")


@strawberry.type(description="可指派的同事")
class Colleague:
    id: strawberry.ID = strawberry.field(description="工作人员标识")
    name: str = strawberry.field(description="姓名")


@strawberry.type(description="办件操作结果")
class CaseActionPayload:
    case: Case | None = strawberry.field(description="操作后的办件（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="信息校验操作结果")
class InfoCheckPayload:
    info_check: InfoCheck | None = strawberry.field(description="信息校验（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="时限巡检结果")
class CaseSweepPayload:
    reminded: list[str] = strawberry.field(description="本次发出临期提醒的办件编号")
    escalated: list[str] = strawberry.field(description="本次超期督办的办件编号")


@strawberry.type(description="标记已读结果")
class MarkNoticesPayload:
    updated: int = strawberry.field(description="本次标记为已读的条数")
    unread: int = strawberry.field(description="剩余未读条数")


@strawberry.input(description="一条补件批注")
class AnnotationInput:
    material_id: strawberry.ID = strawberry.field(description="被批注的材料（办件材料行标识）")
    kind: AnnotationKind = strawberry.field(description="问题类型")
    text: str = strawberry.field(default="", description="说明（类型为“其他”时必填）")
    file_id: strawberry.ID | None = strawberry.field(default=None,
                                                     description="标框所在的文件（该材料的图片）")
    box: JSON | None = strawberry.field(default=None, description="标框 {x, y, w, h}：图片宽高的比例（0–1）")


@strawberry.input(description="已上传的一个文件")
class SupplementFileInput:
    file_id: str = strawberry.field(description="上传接口返回的 fileId")
    filename: str = strawberry.field(default="", description="原文件名")


@strawberry.input(description="补交一项被批注材料的文件")
class SupplementFilesInput:
    material_id: strawberry.ID = strawberry.field(description="被批注的材料（办件材料行标识）")
    files: list[SupplementFileInput] = strawberry.field(description="上传接口 POST /case-files 返回的文件")


def today() -> date:
    return local_date(utcnow())
