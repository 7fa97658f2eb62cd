"""GraphQL output types of joint applications (一件事联办)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import Private

from hub.core.idcard import parse_id_number
from hub.core.models import Bundle as BundleModel
from hub.core.models import enums as m
from realtime.log import LoggedEvent
from resolvers.cases.joint import bundles, forms, tracking
from schema.cases.types import Case, CaseError, case_view
from schema.catalog.types import AnswerInput, Checklist, ChecklistError, QuestionOption
from schema.context import Info
from schema.enums import CaseChannel, CaseStatus, MaterialRequirement


@strawberry.type(description="共享字段：联办时只填写一次，各事项共用")
class BundleField:
    code: str = strawberry.field(description="字段代码")
    label: str = strawberry.field(description="字段名称，如 新生儿姓名")
    kind: str = strawberry.field(
        description="类型：TEXT、DATE、ID_NUMBER（校验位检查）、PHONE、SINGLE（选择）")
    required: bool = strawberry.field(description="是否必填")
    help: str = strawberry.field(description="填写提示")
    options: list[QuestionOption] = strawberry.field(description="选项（SINGLE 时）")
    answers_questions: list[str] = strawberry.field(
        description="同时回答的事项情形问题，格式 事项编码:问题编码（如出生日期同时回答两个事项）")

    @classmethod
    def of(cls, f: bundles.SharedField) -> BundleField:
        return cls(code=f.code, label=f.label, kind=f.kind, required=f.required, help=f.help,
                   options=[QuestionOption(value=v, label=label) for v, label in f.options],
                   answers_questions=[f"{i}:{q}" for i, q in f.answers.items()])


@strawberry.type(description="一件事包含的一个事项")
class BundleItem:
    code: str = strawberry.field(description="事项编码")
    name: str = strawberry.field(description="事项名称")
    department_name: str = strawberry.field(description="承办部门")
    online: bool = strawberry.field(description="申请人可否网上申报（含预审）")


@strawberry.type(description="一件事（联办事项组合），如 新生儿出生一件事")
class Bundle:
    row: Private[bundles.BundleDef]
    code: str = strawberry.field(description="一件事代码")
    name: str = strawberry.field(description="名称")
    description: str = strawberry.field(description="说明")
    active: bool = strawberry.field(description="是否启用")
    shared_fields: list[BundleField] = strawberry.field(description="共享字段（一次填写）")

    @classmethod
    def of(cls, b: bundles.BundleDef) -> Bundle:
        return cls(row=b, code=b.code, name=b.name, description=b.description, active=b.active,
                   shared_fields=[BundleField.of(f) for f in b.shared_fields])

    @strawberry.field(description="包含的事项（按办理顺序）")
    async def items(self, info: Info) -> list[BundleItem]:
        out = []
        for code in self.row.item_codes:
            item = await info.context.catalog.item_by_code.load(code)
            if item is None:
                continue
            dept = await info.context.org.department_by_id.load(item["department_id"])
            out.append(BundleItem(code=code, name=item["name"], department_name=dept["name"] if dept else "",
                                  online=bundles.item_online(item)))
        return out

    @strawberry.field(description="是否全部事项都可网上申报（申请人可在网上发起联办）")
    async def online(self, info: Info) -> bool:
        items = [await info.context.catalog.item_by_code.load(c) for c in self.row.item_codes]
        return all(i is not None and bundles.item_online(i) for i in items)


@strawberry.input(description="一个共享字段的值")
class SharedValueInput:
    code: str = strawberry.field(description="字段代码")
    value: str = strawberry.field(description="值（日期写 年-月-日）")


@strawberry.input(description="一个事项的情形回答")
class ItemAnswersInput:
    item_code: str = strawberry.field(description="事项编码")
    answers: list[AnswerInput] = strawberry.field(default_factory=list, description="情形问题的答案")


@strawberry.type(description="联办中一个事项的定制清单")
class BundleItemChecklist:
    item_code: str = strawberry.field(description="事项编码")
    checklist: Checklist | None = strawberry.field(description="该事项的清单（答案有误时为空）")
    errors: list[ChecklistError] = strawberry.field(description="无效的答案等")
    answered_by_shared: list[str] = strawberry.field(description="由共享字段回答的问题编码（无需再问）")


@strawberry.type(description="某事项对一项合并材料的需要")
class MaterialNeed:
    item_code: str = strawberry.field(description="事项编码")
    item_name: str = strawberry.field(description="事项名称")
    material_id: strawberry.ID = strawberry.field(description="该事项清单中的材料标识（提交时使用）")
    requirement: MaterialRequirement = strawberry.field(description="对该事项的必要性")
    reason: str = strawberry.field(description="为什么需要")


@strawberry.type(description="合并材料清单的一行：多个事项都需要的材料只收一次")
class CombinedMaterial:
    name: str = strawberry.field(description="材料名称")
    form_label: str = strawberry.field(description="原件 / 复印件 …")
    count: int = strawberry.field(description="份数")
    requirement: MaterialRequirement = strawberry.field(description="各事项中最严格的必要性")
    requirement_label: str = strawberry.field(description="必要性（中文）")
    satisfied_by: str | None = strawberry.field(description="已由电子证照满足时的说明（无需携带）")
    shared: bool = strawberry.field(description="是否多个事项共用（收一次，附到每个办件）")
    needs: list[MaterialNeed] = strawberry.field(description="需要它的事项")

    @classmethod
    def of(cls, s: bundles.SharedMaterial) -> CombinedMaterial:
        return cls(name=s.name, form_label=m.MATERIAL_FORM_LABELS[m.MaterialForm(s.form)], count=s.count,
                   requirement=s.requirement,
                   requirement_label=m.MATERIAL_REQUIREMENT_LABELS[s.requirement],
                   satisfied_by=s.satisfied_by, shared=s.shared,
                   needs=[MaterialNeed(item_code=n.item_code, item_name=n.item_name,
                                       material_id=strawberry.ID(str(n.material_id)),
                                       requirement=n.requirement, reason=n.reason) for n in s.needs])


@strawberry.type(description="联办的清单：各事项的情形问题与清单，以及合并后的材料清单")
class BundleChecklist:
    items: list[BundleItemChecklist] = strawberry.field(description="各事项")
    complete: bool = strawberry.field(description="所有事项的答案是否齐全")
    materials: list[CombinedMaterial] = strawberry.field(description="合并材料清单（答案齐全时）")


@strawberry.type(description="联办申请的汇总状态（由各办件状态得出）")
class ApplicationStatus:
    code: str = strawberry.field(description="DONE 已办结、SUPPLEMENT 待补件、PARTLY_REJECTED 部分不予许可、"
                                 "REJECTED 不予许可、APPROVED 已全部审批待出件、IN_PROGRESS 办理中")
    label: str = strawberry.field(description="中文状态，如 办理中（2/3 已审批，1/3 已办结）")
    done: int = strawberry.field(description="已办结（已出件）的办件数")
    approved: int = strawberry.field(description="已审批通过的办件数（含已出件）")
    total: int = strawberry.field(description="办件总数")

    @classmethod
    def of(cls, a: tracking.Aggregate) -> ApplicationStatus:
        return cls(code=a.code, label=a.label, done=a.done, approved=a.approved, total=a.total)


@strawberry.type(description="联办中的一个办件的进度（不含个人信息，各方均可见）")
class LinkedCase:
    case_id: strawberry.ID = strawberry.field(description="办件标识")
    number: str = strawberry.field(description="办件编号")
    item_code: str = strawberry.field(description="事项编码")
    item_name: str = strawberry.field(description="事项名称")
    department_name: str = strawberry.field(description="承办部门")
    status: CaseStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    updated_at: datetime = strawberry.field(description="最近变化时间")


@strawberry.type(description="共享字段的一个值")
class SharedValue:
    code: str = strawberry.field(description="字段代码")
    label: str = strawberry.field(description="字段名称")
    value: str = strawberry.field(description="值（选择题为选项文字）")


@strawberry.type(description="联办申请（一件事）：一次填写、一次签名，多个办件分送各部门并联办理")
class Application:
    seen: Private[tracking.Seen]
    id: strawberry.ID = strawberry.field(description="申请标识")
    number: str = strawberry.field(description="申请编号：区划代码 + L + 日期 + 序号")
    channel: CaseChannel = strawberry.field(description="申报渠道")
    signed_name: str = strawberry.field(description="申请人签名（本人姓名）")
    signed_at: datetime | None = strawberry.field(description="签名时间")
    created_at: datetime = strawberry.field(description="申请时间")
    status: ApplicationStatus = strawberry.field(description="汇总状态")

    @classmethod
    def of(cls, seen: tracking.Seen) -> Application:
        a = seen.application
        return cls(seen=seen, id=strawberry.ID(str(a["id"])), number=a["number"],
                   channel=m.CaseChannel(a["channel"]), signed_name=a["signed_name"],
                   signed_at=a["signed_at"], created_at=a["created_at"],
                   status=ApplicationStatus.of(tracking.aggregate([c["status"] for c in seen.cases])))

    @strawberry.field(description="一件事")
    async def bundle(self) -> Bundle:
        rows = await BundleModel.filter(id=self.seen.application["bundle_id"]).values()
        return Bundle.of(bundles.BundleDef.of(rows[0]))

    @strawberry.field(description="申请人姓名")
    async def applicant_name(self, info: Info) -> str:
        # An application without a person (none yet) loads as None, like a missing one.
        person = await info.context.people.person_by_id.load(self.seen.application["person_id"])  # type: ignore[arg-type]
        return str(person["name"]) if person else self.seen.application["signed_name"]

    @strawberry.field(description="申请人脱敏身份证号码")
    async def masked_id_number(self, info: Info) -> str:
        person = await info.context.people.person_by_id.load(self.seen.application["person_id"])  # type: ignore[arg-type]
        return parse_id_number(person["id_number"]).masked if person else ""

    @strawberry.field(description="共享字段（一次填写）")
    async def shared(self) -> list[SharedValue]:
        b = await self.bundle()
        values = self.seen.application["shared"] or {}
        out = []
        for f in b.row.shared_fields:
            v = str(values.get(f.code, ""))
            if f.kind == "ID_NUMBER" and v:
                v = parse_id_number(v).masked
            out.append(SharedValue(code=f.code, label=f.label, value=dict(f.options).get(v, v)))
        return out

    @strawberry.field(description="各办件的进度（全部办件，不含个人信息）")
    async def progress(self, info: Info) -> list[LinkedCase]:
        out = []
        for c in self.seen.cases:
            dept = await info.context.org.office_by_key.load((c["department_id"], c["decide_point_id"]))
            status = m.CaseStatus(c["status"])
            out.append(LinkedCase(
                case_id=strawberry.ID(str(c["id"])), number=c["number"], item_code=c["item_code"],
                item_name=c["item_name"], department_name=dept["name"] if dept else "", status=status,
                status_label=m.CASE_STATUS_LABELS[status], updated_at=c["updated_at"]))
        return out

    @strawberry.field(description="本人有权查看的办件（申请人：全部；工作人员：权限范围内的）")
    async def cases(self, info: Info) -> list[Case]:
        return [await case_view(info, c) for c in self.seen.cases if c["id"] in self.seen.visible]

    @strawberry.field(description="联办申请表 PDF 地址（一小时内有效的签名链接）")
    def form_url(self, info: Info) -> str:
        links = forms.FormLinks(info.context.services.settings.secret_key)
        return links.url(self.seen.application["number"])


@strawberry.type(description="联办申请结果")
class ApplicationPayload:
    application: Application | None = strawberry.field(description="联办申请（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）；field 如 items.2.materials")


@strawberry.enum(description="联办进度事件类型")
class ApplicationEventKind(Enum):
    OPENED = "OPENED"
    CASE_MOVED = "CASE_MOVED"
    RESET = "RESET"


@strawberry.type(description="联办进度事件：一个办件的状态变化（实时）")
class ApplicationEvent:
    cursor: int = strawberry.field(description="事件序号：断线重连时作为 after 传回，不丢不重")
    kind: ApplicationEventKind = strawberry.field(
        description="OPENED 已受理、CASE_MOVED 办件状态变化、RESET 请重新加载")
    at: datetime | None = strawberry.field(description="发生时间")
    case_number: str | None = strawberry.field(description="办件编号")
    item_name: str | None = strawberry.field(description="事项名称")
    to_status: CaseStatus | None = strawberry.field(description="办件新状态")
    to_status_label: str | None = strawberry.field(description="办件新状态（中文）")
    actor_name: str | None = strawberry.field(description="操作人")
    status_label: str | None = strawberry.field(description="联办汇总状态（中文）")

    @classmethod
    def of(cls, e: LoggedEvent) -> ApplicationEvent:
        p: dict[str, Any] = e.payload
        to = m.CaseStatus(p["to"]) if p.get("to") else None
        return cls(cursor=e.seq, kind=ApplicationEventKind(e.kind), at=e.at, case_number=p.get("number")
                   if e.kind == "CASE_MOVED" else None, item_name=p.get("item"), to_status=to,
                   to_status_label=m.CASE_STATUS_LABELS[to] if to else None, actor_name=p.get("actor"),
                   status_label=p.get("statusLabel"))

    @classmethod
    def reset(cls, seq: int) -> ApplicationEvent:
        return cls(cursor=seq, kind=ApplicationEventKind.RESET, at=None, case_number=None, item_name=None,
                   to_status=None, to_status_label=None, actor_name=None, status_label=None)
