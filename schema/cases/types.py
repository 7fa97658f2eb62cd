"""GraphQL output types of cases (办件): intake, listing, applicants, instant cases, case events."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry import Private
from strawberry.scalars import JSON

from hub.core.clock import local_date, utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.idcard import parse_id_number
from hub.core.models import enums as m
from hub.core.models.rows import CaseRow, CaseView
from realtime import log
from resolvers.cases import applicants, workqueue
from resolvers.cases.access import can_see
from resolvers.cases.files import FileLinks
from resolvers.cases.progress import resident_steps
from resolvers.cases.receipt import ReceiptLinks
from resolvers.cases.transitions import channel_of
from resolvers.people.access import PERSON_ROLES
from schema.catalog.types import PageInfo
from schema.context import Info
from schema.enums import (
    AnnotationKind,
    CaseChannel,
    CaseMaterialStatus,
    CaseStatus,
    IssueMethod,
    MaterialForm,
    MaterialRequirement,
)
from schema.errors import Error, code_enum, code_field
from schema.org.types import Department, ServicePoint
from schema.people.types import Person

if TYPE_CHECKING:
    from schema.cases.backoffice.types import InfoCheck
    from schema.cases.issuance.types import Evaluation, Issuance
    from schema.cases.joint.types import ApplicationStatus
    from schema.related.types import RelatedOffer


@strawberry.type(description="收件结果")
class CasePayload:
    case: Case | None = strawberry.field(description="办件（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="办件列表中的一条")
class CaseEdge:
    cursor: str = strawberry.field(description="该条的游标")
    node: Case = strawberry.field(description="办件")


@strawberry.type(description="办件分页列表（新的在前）")
class CaseConnection:
    edges: list[CaseEdge] = strawberry.field(description="本页办件")
    page_info: PageInfo = strawberry.field(description="分页信息")
    total_count: int = strawberry.field(description="符合条件的办件总数")


@strawberry.type(description="申请人持有的一项有效电子证照（可免交对应的纸质材料）")
class ApplicantLicence:
    license_type: str = strawberry.field(description="证照类型代码")
    label: str = strawberry.field(description="证照名称")
    number: str = strawberry.field(description="证照编号")
    issuer: str = strawberry.field(description="发证机关")
    valid_until: date | None = strawberry.field(description="有效期至（为空表示长期有效）")


@strawberry.type(description="按身份证号码查到的申请人登记信息（再次办事无需重复填写）")
class ApplicantRecord:
    registered: bool = strawberry.field(description="是否已在本系统登记（未登记时其余信息为空）")
    id_number: str = strawberry.field(
        description="身份证号码：窗口、出件人员与管理者为完整号码，网格员为脱敏号码")
    masked_id_number: str = strawberry.field(description="脱敏的身份证号码")
    name: str = strawberry.field(description="登记的姓名")
    phone: str = strawberry.field(description="登记的联系电话")
    address: str = strawberry.field(description="登记的联系地址")
    licences: list[ApplicantLicence] = strawberry.field(description="今天有效的电子证照")

    @classmethod
    def of(cls, r: applicants.ApplicantRecord) -> ApplicantRecord:
        return cls(registered=r.registered, id_number=r.shown_id_number,
                   masked_id_number=r.id_number.masked, name=r.name, phone=r.phone, address=r.address,
                   licences=[ApplicantLicence(license_type=x.license_type, label=x.label,
                                              number=x.number, issuer=x.issuer,
                                              valid_until=x.valid_until) for x in r.licences])


@strawberry.type(description="在本系统登记的单位")
class CompanyRecord:
    credit_code: str = strawberry.field(description="统一社会信用代码")
    name: str = strawberry.field(description="单位名称")
    legal_representative: str = strawberry.field(description="法定代表人")
    phone: str = strawberry.field(description="联系电话")
    address: str = strawberry.field(description="地址")


@strawberry.type(description="即办件当场办结的结果")
class InstantCasePayload:
    case: Case | None = strawberry.field(description="办结后的办件（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


ACTION_LABELS = {
    "PREAPPLY": "网上申报", "RECEIVE": "受理", "ACCEPT": "窗口受理（预审后）",
    "PREREVIEW_PASS": "预审通过", "PREREVIEW_RETURN": "预审退回补正", "CLAIM": "领取审批",
    "ASSIGN": "指派审批", "RELEASE": "退回待办", "OFFER_BACKUP": "转 B 岗", "APPROVE": "审批通过",
    "REJECT": "不予许可", "REFUSE": "不予受理", "REQUEST_SUPPLEMENT": "要求补件",
    "SUPPLEMENT": "申请人补件", "INFO_CHECK": "发起信息校验", "INFO_CHECK_DONE": "信息校验答复",
    "REMIND": "临期提醒", "ESCALATE": "超期督办", "ISSUE": "出件", "DELIVERED": "已签收",
    "EVALUATE": "评价", "INSTANT_DONE": "即办件当场办结",
    "RECTIFY": "差评整改", "RECTIFIED": "差评整改回访办结",
    "BASEDATA_FETCH": "调取人口库与电子证照", "DEPT_SUPPLEMENT": "部门业务系统提出补件意见",
}


# A supplement taken by staff names them: the applicant did not hand it in online themself.
_SUPPLEMENT_TAKERS = {"COUNTER": "窗口人员", "GRID": "网格员"}


def action_label(action: str | None, channel: str | None, actor_name: str | None) -> str | None:
    """The audit line's action in Chinese; a supplement says who took it (窗口人员 X 代收补件)."""
    if action == "SUPPLEMENT" and channel in _SUPPLEMENT_TAKERS:
        return f"{_SUPPLEMENT_TAKERS[channel]} {actor_name} 代收补件"
    return ACTION_LABELS.get(action or "", action)


@strawberry.type(description="一份材料的一个文件（扫描件、照片或 PDF）")
class CaseFile:
    id: strawberry.ID = strawberry.field(description="文件标识")
    material_id: strawberry.ID = strawberry.field(description="所属材料")
    filename: str = strawberry.field(description="原文件名")
    content_type: str = strawberry.field(description="按内容识别的类型，如 image/jpeg")
    size: int = strawberry.field(description="字节数")
    round: int = strawberry.field(description="0：受理时收取；n：第 n 次补件")
    uploaded_at: datetime = strawberry.field(description="上传时间")
    url: str = strawberry.field(description="查看地址（一小时内有效的签名链接）")

    @classmethod
    def of(cls, r: dict[str, Any], links: FileLinks) -> CaseFile:
        return cls(id=strawberry.ID(str(r["id"])), material_id=strawberry.ID(str(r["material_id"])),
                   filename=r["filename"], content_type=r["stored__content_type"],
                   size=r["stored__size"], round=r["round"], uploaded_at=r["created_at"],
                   url=links.url(r["id"]))


@strawberry.type(description="补件批注：不合规材料的问题类型、说明和可选的图上标框")
class Annotation:
    id: strawberry.ID = strawberry.field(description="批注标识")
    material_id: strawberry.ID = strawberry.field(description="被批注的材料")
    round: int = strawberry.field(description="第几次补件")
    kind: AnnotationKind = strawberry.field(description="问题类型")
    kind_label: str = strawberry.field(description="问题类型（中文）")
    text: str = strawberry.field(description="说明")
    file_id: strawberry.ID | None = strawberry.field(description="标框所在的文件")
    box: JSON | None = strawberry.field(description="标框 {x, y, w, h}，为图片宽高的比例（0–1）")

    @classmethod
    def of(cls, r: dict[str, Any]) -> Annotation:
        return cls(id=strawberry.ID(str(r["id"])), material_id=strawberry.ID(str(r["material_id"])),
                   round=r["request__round"], kind=m.AnnotationKind(r["kind"]),
                   kind_label=m.ANNOTATION_KIND_LABELS[m.AnnotationKind(r["kind"])], text=r["text"],
                   file_id=strawberry.ID(str(r["file_id"])) if r["file_id"] else None, box=r["box"])


@strawberry.type(description="办件的一项材料（受理时冻结的清单行）及收取情况")
class CaseMaterial:
    row: Private[dict[str, Any]]
    id: strawberry.ID = strawberry.field(description="材料行标识")
    material_id: int | None = strawberry.field(description="来源的目录材料")
    name: str = strawberry.field(description="材料名称")
    form: MaterialForm = strawberry.field(description="材料形式")
    form_label: str = strawberry.field(description="材料形式（中文）")
    count: int = strawberry.field(description="份数")
    requirement: MaterialRequirement = strawberry.field(description="必需 / 可选 / 容缺")
    requirement_label: str = strawberry.field(description="必要性（中文）")
    reason: str = strawberry.field(description="为什么需要（来自情形回答）")
    status: CaseMaterialStatus = strawberry.field(description="收取状态")
    status_label: str = strawberry.field(description="收取状态（中文）")
    original_seen: bool = strawberry.field(description="窗口已核验原件")
    files: list[CaseFile] = strawberry.field(description="已上传的文件")
    annotations: list[Annotation] = strawberry.field(description="补件批注（全部轮次）")


@strawberry.type(description="审计记录：谁、何时、从哪个终端和服务点、做了什么（只增不改）")
class CaseLogEntry:
    id: strawberry.ID = strawberry.field(description="记录标识")
    at: datetime = strawberry.field(description="时间")
    action: str = strawberry.field(description="动作代码")
    action_label: str = strawberry.field(description="动作（中文）")
    from_status: CaseStatus | None = strawberry.field(description="原状态")
    to_status: CaseStatus | None = strawberry.field(description="新状态")
    actor_name: str = strawberry.field(description="操作人")
    channel: str = strawberry.field(
        description="终端：COUNTER、PC、MOBILE、KIOSK、GRID、SYSTEM 或 DEPARTMENT（部门业务系统回调）")
    service_point_name: str | None = strawberry.field(description="服务点")
    detail: JSON = strawberry.field(description="细节（事项、材料、意见等）")

    @classmethod
    def of(cls, r: dict[str, Any], label: str | None = None) -> CaseLogEntry:
        return cls(id=strawberry.ID(str(r["id"])), at=r["at"], action=r["action"],
                   action_label=label or action_label(r["action"], r["channel"], r["actor_name"]) or "",
                   from_status=m.CaseStatus(r["from_status"]) if r["from_status"] else None,
                   to_status=m.CaseStatus(r["to_status"]) if r["to_status"] else None,
                   actor_name=r["actor_name"], channel=r["channel"],
                   service_point_name=r["service_point__name"], detail=r["detail"])


@strawberry.type(description="一次补件要求（或预审退回）")
class SupplementRound:
    round: int = strawberry.field(description="第几次")
    stage: str = strawberry.field(description="PREREVIEW（预审）或 REVIEW（审批中）")
    note: str = strawberry.field(description="总体说明")
    requested_by: str = strawberry.field(description="要求人")
    requested_at: datetime = strawberry.field(description="要求时间")
    fulfilled_at: datetime | None = strawberry.field(description="补齐时间")


@strawberry.type(description="受理时的一个情形回答（按受理时冻结的事项版本显示）")
class CaseAnswer:
    question: str = strawberry.field(description="问题编码")
    label: str = strawberry.field(description="问题")
    text: str = strawberry.field(description="回答的中文表述")


@strawberry.type(description="申请单位")
class Company:
    credit_code: str = strawberry.field(description="统一社会信用代码")
    name: str = strawberry.field(description="单位名称")


@strawberry.type(description="办件所属的联办申请（一件事）：编号、名称和由各办件得出的汇总状态")
class CaseApplication:
    number: str = strawberry.field(description="联办申请编号")
    bundle_code: str = strawberry.field(description="一件事代码")
    bundle_name: str = strawberry.field(description="一件事名称，如 新生儿出生一件事")
    status: Annotated[ApplicationStatus, strawberry.lazy("schema.cases.joint.types")] = strawberry.field(
        description="汇总状态（由各办件状态得出）")


@strawberry.federation.type(
    keys=["number"],
    description="办件：一个申请人的一个事项。窗口人员看本服务点的办件，后台只看本部门本辖区的办件，"
    "申请人只看自己的办件",
)
class Case:
    row: Private[CaseView]
    id: strawberry.ID = strawberry.field(description="办件标识")
    number: str = strawberry.field(description="办件编号：区划代码 + 日期 + 序号")
    item_code: str = strawberry.field(description="事项编码")
    item_name: str = strawberry.field(description="事项名称")
    item_version: int = strawberry.field(description="受理时的事项目录版本（冻结）")
    instant: bool = strawberry.field(description="是否即办件")
    status: CaseStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    channel: CaseChannel = strawberry.field(description="申报渠道")
    channel_label: str = strawberry.field(description="申报渠道（中文）")
    applicant_name: str = strawberry.field(description="申请人（个人姓名或单位名称）")
    masked_id_number: str = strawberry.field(description="申请人（经办人）脱敏身份证号码")
    contact_phone: str = strawberry.field(description="联系电话")
    answers: JSON = strawberry.field(description="情形回答（受理时冻结）")
    submitted_at: datetime = strawberry.field(description="申报（收件）时间")
    accepted_at: datetime | None = strawberry.field(description="受理时间（开始计时）")
    due_on: date | None = strawberry.field(description="承诺办结日期（工作日计算，补件期间顺延）")
    legal_due_on: date | None = strawberry.field(description="法定办结日期")
    remind_on: date | None = strawberry.field(description="临期提醒日期（承诺时限的 80%）")
    due_provisional: bool = strawberry.field(description="到期日涉及尚未公布放假安排的年份，可能调整")
    paused: bool = strawberry.field(description="是否暂停计时（等待申请人补件）")
    paused_workdays: int = strawberry.field(description="累计暂停的工作日数")
    supplement_round: int = strawberry.field(description="补件次数")
    decision_note: str = strawberry.field(description="审批意见或不予许可理由")
    decided_at: datetime | None = strawberry.field(description="审批完成时间")
    issue_method: IssueMethod = strawberry.field(description="出件方式")
    delivery_address: str = strawberry.field(description="送达地址")
    issued_at: datetime | None = strawberry.field(description="出件时间")
    version: int = strawberry.field(description="版本号：每次状态变化加一，提交操作时带上以防并发覆盖")

    @classmethod
    def of(cls, r: CaseView) -> Case:
        status = m.CaseStatus(r["status"])
        channel = m.CaseChannel(r["channel"])
        return cls(
            row=r, id=strawberry.ID(str(r["id"])), number=r["number"], item_code=r["item_code"],
            item_name=r["item_name"], item_version=r["item_version"], instant=r["instant"],
            status=status, status_label=m.CASE_STATUS_LABELS[status], channel=channel,
            channel_label=m.CASE_CHANNEL_LABELS[channel], applicant_name=r["applicant_name"],
            masked_id_number=r.get("_masked_id", ""), contact_phone=r["contact_phone"],
            answers=cast(JSON, r["answers"]), submitted_at=r["submitted_at"], accepted_at=r["accepted_at"],
            due_on=r["due_on"], legal_due_on=r["legal_due_on"], remind_on=r["remind_on"],
            due_provisional=r["due_provisional"], paused=r["paused_since"] is not None,
            paused_workdays=r["paused_workdays"], supplement_round=r["supplement_round"],
            decision_note=r["decision_note"], decided_at=r["decided_at"],
            issue_method=m.IssueMethod(r["issue_method"]), delivery_address=r["delivery_address"],
            issued_at=r["issued_at"], version=r["version"])

    @strawberry.field(description="是否已超过承诺办结日期（未办结时）")
    def overdue(self) -> bool:
        open_ = m.CaseStatus(self.row["status"]) in m.OPEN_CASE_STATUSES
        due = self.row["due_on"]
        return bool(open_ and due and self.row["paused_since"] is None and local_date(utcnow()) > due)

    @strawberry.field(description="主管部门（名称为审批层级的决定机关，如市级事项为杭州市人力资源和社会保障局）")
    async def department(self, info: Info) -> Department:
        key = (self.row["department_id"], self.row["decide_point_id"])
        row = await info.context.org.office_by_key.load(key)
        assert row is not None  # restricted foreign key
        return Department.from_row(row)

    @strawberry.field(description="受理服务点")
    async def service_point(self, info: Info) -> ServicePoint:
        row = await info.context.org.point_by_id.load(self.row["service_point_id"])
        assert row is not None  # restricted foreign key
        return ServicePoint.from_row(row)

    @strawberry.field(description="出件服务点：到此领取结果或由此快递、网格员送达（受理点设综合出件窗口时即受理点，"
                              "否则为其上级服务中心，如社区受理的办件由街道出件）")
    async def finish_point(self, info: Info) -> ServicePoint:
        point_id = self.row["finish_point_id"] or self.row["service_point_id"]
        row = await info.context.org.point_by_id.load(point_id)
        assert row is not None  # restricted foreign key
        return ServicePoint.from_row(row)

    @strawberry.field(description="审批层级所在的服务点（按责转办的去向）")
    async def decide_point(self, info: Info) -> ServicePoint:
        row = await info.context.org.point_by_id.load(self.row["decide_point_id"])
        assert row is not None  # restricted foreign key
        return ServicePoint.from_row(row)

    @strawberry.field(description="受理人（窗口人员或代办网格员）")
    async def received_by(self, info: Info) -> str | None:
        if self.row["received_by_id"] is None:
            return None
        staff = await info.context.org.staff_by_id.load(self.row["received_by_id"])
        return staff["name"] if staff else None

    @strawberry.field(description="当前审批人")
    async def assignee(self, info: Info) -> str | None:
        if self.row["assignee_id"] is None:
            return None
        staff = await info.context.org.staff_by_id.load(self.row["assignee_id"])
        return staff["name"] if staff else None

    @strawberry.field(description="情形回答：问题与回答的中文表述（按受理时的事项版本）")
    async def given_answers(self, info: Info) -> list[CaseAnswer]:
        from resolvers.catalog.checklists import question_rule
        from resolvers.catalog.situations import parse_answer
        from schema.catalog.types import answer_text

        docs = await info.context.cases.frozen_questions.load(
            (self.row["item_code"], self.row["item_version"]))
        out = []
        for doc in docs:
            raw = self.row["answers"].get(doc["code"])
            if raw is None:
                continue
            rule = question_rule(doc)
            try:
                value = parse_answer(rule, raw)
            except HubError:
                value = None
            text = answer_text(rule, value) if value is not None else str(raw)
            out.append(CaseAnswer(question=rule.code, label=rule.text, text=text))
        return out

    @strawberry.field(description="所属的联办申请（一件事联办的办件；单独申报的为空）")
    async def application(self, info: Info) -> CaseApplication | None:
        application_id = self.row.get("application_id")
        if application_id is None:
            return None
        from resolvers.cases.joint.tracking import aggregate
        from schema.cases.joint.types import ApplicationStatus

        row = await info.context.cases.application_by_id.load(application_id)
        if row is None:
            return None
        return CaseApplication(number=row["number"], bundle_code=row["bundle__code"],
                               bundle_name=row["bundle__name"],
                               status=ApplicationStatus.of(aggregate(row["statuses"])))

    @strawberry.field(description="申请单位（单位办件时）")
    async def company(self, info: Info) -> Company | None:
        if self.row["company_id"] is None:
            return None
        c = await info.context.cases.company_by_id.load(self.row["company_id"])
        return Company(credit_code=c["credit_code"], name=c["name"]) if c else None

    @strawberry.field(description="申请人（经办人）登记信息：仅工作人员可见，身份证号按角色脱敏")
    async def applicant(self, info: Info) -> Person | None:
        viewer = await info.context.viewer()
        if viewer is None or not viewer.has_role(*PERSON_ROLES):
            return None
        row = await info.context.people.person_by_id.load(self.row["person_id"])
        return await Person.of(info, row) if row else None

    @strawberry.field(description="材料清单（受理时冻结）及收取情况、文件和批注")
    async def materials(self, info: Info) -> list[CaseMaterial]:
        loaders = info.context.cases
        rows = await loaders.materials_by_case.load(self.row["id"])
        files = await loaders.files_by_case.load(self.row["id"])
        notes = await loaders.annotations_by_case.load(self.row["id"])
        links = FileLinks(info.context.services.settings.secret_key)
        out = []
        for r in rows:
            status = m.CaseMaterialStatus(r["status"])
            form = m.MaterialForm(r["form"])
            req = m.MaterialRequirement(r["requirement"])
            out.append(CaseMaterial(
                row=r, id=strawberry.ID(str(r["id"])), material_id=r["material_id"], name=r["name"],
                form=form, form_label=m.MATERIAL_FORM_LABELS[form], count=r["count"],
                requirement=req, requirement_label=m.MATERIAL_REQUIREMENT_LABELS[req],
                reason=r["reason"], status=status, status_label=m.CASE_MATERIAL_STATUS_LABELS[status],
                original_seen=r["original_seen"],
                files=[CaseFile.of(f, links) for f in files if f["material_id"] == r["id"]],
                annotations=[Annotation.of(a) for a in notes if a["material_id"] == r["id"]]))
        return out

    @strawberry.field(description="补件要求（全部轮次）")
    async def supplements(self, info: Info) -> list[SupplementRound]:
        rows = await info.context.cases.supplements_by_case.load(self.row["id"])
        return [SupplementRound(round=r["round"], stage=r["stage"], note=r["note"],
                                requested_by=r["requested_by__name"], requested_at=r["requested_at"],
                                fulfilled_at=r["fulfilled_at"]) for r in rows]

    @strawberry.field(description="受理回执（PDF）的下载地址：一小时内有效的签名链接，仅给可查看本办件的人")
    def receipt_url(self, info: Info) -> str:
        return ReceiptLinks(info.context.services.settings.secret_key).url(self.row["id"])

    @strawberry.field(description="AB岗：是否已转B岗、等待领取（A岗不在岗或办件临期；领取后为 false）")
    def offered_to_backup(self) -> bool:
        return workqueue.offer_open(self.row)

    @strawberry.field(description="信息校验（窗口发起，主管部门核实或更正）")
    async def info_checks(self, info: Info) -> list[Annotated[InfoCheck, strawberry.lazy(
            "schema.cases.backoffice.types")]]:
        from schema.cases.backoffice.types import InfoCheck

        return [InfoCheck.of(r) for r in await info.context.cases.info_checks_by_case.load(self.row["id"])]

    @strawberry.field(description="不予受理 / 不予许可决定书 PDF 的地址"
                      "（一小时内有效的签名链接；仅已作出该决定的办件）")
    def decision_notice_url(self, info: Info) -> str | None:
        if m.CaseStatus(self.row["status"]) != m.CaseStatus.REJECTED:
            return None
        from resolvers.cases.decision import DecisionLinks

        return DecisionLinks(info.context.services.settings.secret_key).url(self.row["id"])

    @strawberry.field(description="顺便办：受理本件后推荐的相关事项及其状态（可顺便办理、已顺便办理、已另行申请）")
    async def related_offers(
        self, info: Info,
    ) -> list[Annotated[RelatedOffer, strawberry.lazy("schema.related.types")]]:
        from schema.related.types import RelatedOffer

        key = (self.row["id"], self.row["person_id"], self.row["submitted_at"])
        return [RelatedOffer.of(o) for o in await info.context.related.offers_by_case.load(key)]

    @strawberry.field(description="审计记录（只增不改）")
    async def log(self, info: Info) -> list[CaseLogEntry]:
        return [CaseLogEntry.of(r) for r in await info.context.cases.log_by_case.load(self.row["id"])]

    @strawberry.field(description="办理进度（申请人用语）：办件查询、手机和自助终端上给申请人看的步骤，"
                                  "不含内部步骤（调取人口库、督办、转岗等）；actionLabel 为申请人用语")
    async def progress(self, info: Info) -> list[CaseLogEntry]:
        rows = await info.context.cases.log_by_case.load(self.row["id"])
        return [CaseLogEntry.of(r, label) for r, label in resident_steps(rows)]

    @strawberry.field(description="出件记录（未出件为空）")
    async def issuance(self, info: Info) -> Annotated[
            Issuance, strawberry.lazy("schema.cases.issuance.types")] | None:
        from schema.cases.issuance.types import Issuance

        row = await info.context.cases.issuance_by_case.load(self.row["id"])
        return Issuance.of(row) if row else None

    @strawberry.field(description="好差评（未评价为空）；差评时附整改状态")
    async def evaluation(self, info: Info) -> Annotated[
            Evaluation, strawberry.lazy("schema.cases.issuance.types")] | None:
        from schema.cases.issuance.types import Evaluation

        row = await info.context.cases.evaluation_by_case.load(self.row["id"])
        return Evaluation.of(row, row["rectification__status"]) if row else None

    @strawberry.field(description="办件动态的当前游标：以此作为 caseEvents 的 after，实时跟进不丢不重")
    async def event_cursor(self) -> int:
        return (await log.state(channel_of(self.row["id"]))).last_seq

    @classmethod
    async def resolve_reference(cls, info: Info, number: str, **_fields: Any) -> Case | None:
        viewer = await info.context.viewer()
        row = await info.context.cases.case_by_number.load(number)
        if viewer is None or row is None or not can_see(viewer, row):
            return None
        return await case_view(info, row)


async def case_view(info: Info, row: CaseRow) -> Case:
    """A case as the caller may see it (the caller was checked by the entry point)."""
    return (await case_views(info, [row]))[0]


async def case_views(info: Info, rows: list[CaseRow]) -> list[Case]:
    """Cases as the caller may see them, their applicants read in one batch (awaiting
    ``case_view`` row by row would send one statement per case)."""
    people = await info.context.people.person_by_id.load_many([r["person_id"] for r in rows])
    return [Case.of({**row, "_masked_id": parse_id_number(p["id_number"]).masked if p else ""})
            for row, p in zip(rows, people, strict=True)]


CaseErrorCode = code_enum("CaseErrorCode", "办件操作错误代码", [
    ErrorCode.INVALID, ErrorCode.INVALID_ID_NUMBER, ErrorCode.INVALID_CREDIT_CODE, ErrorCode.NOT_FOUND,
    ErrorCode.NAME_MISMATCH, ErrorCode.INCOMPLETE, ErrorCode.INVALID_ANSWER, ErrorCode.UNKNOWN_QUESTION,
    ErrorCode.UNKNOWN_MATERIAL, ErrorCode.MATERIAL_MISSING, ErrorCode.ORIGINAL_NOT_SEEN,
    ErrorCode.FILE_NOT_FOUND, ErrorCode.CHANNEL_NOT_OFFERED, ErrorCode.NOT_ACCEPTED_HERE,
    ErrorCode.NOT_CERTIFIED, ErrorCode.CONFLICT, ErrorCode.ALREADY_REGISTERED,
    ErrorCode.INVALID_CREDENTIALS, ErrorCode.LOCKED, ErrorCode.RATE_LIMITED, ErrorCode.WEAK_PASSWORD,
    ErrorCode.SIGNATURE_MISSING, ErrorCode.SIGNATURE_MISMATCH, ErrorCode.IDENTITY_MISMATCH,
    ErrorCode.MANDATE_REQUIRED, ErrorCode.ALREADY_RATED, ErrorCode.NOT_RATEABLE, ErrorCode.NOT_INSTANT,
    ErrorCode.NOT_RECEIVER, ErrorCode.ANNOTATIONS_PENDING, ErrorCode.PAYMENT_DUE,
])


@strawberry.type(description="办件操作错误")
class CaseError(Error):
    code: ErrorCode = code_field(CaseErrorCode)
