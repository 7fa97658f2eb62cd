"""GraphQL output types of the catalogue: items, situations, materials, checklists."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry
from strawberry import Private

from hub.core.models import enums as m
from hub.core.models.rows import ItemRow
from hub.core.pagination import Page
from resolvers.catalog import wording
from resolvers.catalog.actions import department_row, time_limit_label
from schema.context import Info
from schema.enums import (
    AcceptScope,
    CatalogStandard,
    ChannelMode,
    ItemKind,
    MaterialForm,
    MaterialRequirement,
    RegionLevel,
    Terminal,
)
from schema.errors import Error, code_enum, code_field
from schema.org.types import Department, ServicePoint

if TYPE_CHECKING:
    from schema.related.types import RelatedItem
from datetime import date

from hub.core.errors import ErrorCode
from resolvers.catalog import situations
from resolvers.catalog.checklists import TailoredChecklist
from resolvers.catalog.fees import DUE_LABELS, FeeLine, yuan
from resolvers.people.licences import Applicant
from schema.enums import QuestionKind


@strawberry.type(description="清单上的一项收费：金额、缴费时点、收费依据，或减免及其原因")
class ChecklistFee:
    code: str = strawberry.field(description="收费项目编码")
    name: str = strawberry.field(description="收费项目名称")
    amount: int = strawberry.field(description="标准金额（分）")
    amount_text: str = strawberry.field(description="标准金额（元，如 20.00 元）")
    due: str = strawberry.field(description="缴费时点：ACCEPTANCE 受理时 / ISSUANCE 出件前")
    due_label: str = strawberry.field(description="缴费时点（中文）")
    basis: str = strawberry.field(description="收费依据（文件及文号）")
    waived: bool = strawberry.field(description="是否减免")
    reason: str = strawberry.field(description="为何收取，或为何减免")

    @classmethod
    def of(cls, f: FeeLine) -> ChecklistFee:
        return cls(code=f.code, name=f.name, amount=f.amount, amount_text=yuan(f.amount), due=f.due,
                   due_label=DUE_LABELS[f.due], basis=f.basis, waived=f.waived, reason=f.reason)


@strawberry.type(description="办事主题（一件事），如 出生、就业创业、退休养老")
class LifeEvent:
    id: Private[int]
    code: str = strawberry.field(description="主题编码")
    name: str = strawberry.field(description="主题名称")
    description: str = strawberry.field(description="主题说明")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LifeEvent:
        return cls(id=row["id"], code=row["code"], name=row["name"], description=row["description"])

    @strawberry.field(description="该主题下的在办事项数")
    async def item_count(self, info: Info) -> int:
        return await info.context.catalog.item_count_by_life_event.load(self.id)


@strawberry.type(description="申请材料目录中的一项材料")
class Material:
    id: strawberry.ID = strawberry.field(description="材料标识")
    name: str = strawberry.field(description="材料名称")
    form: MaterialForm = strawberry.field(description="材料形式")
    count: int = strawberry.field(description="份数")
    requirement: MaterialRequirement = strawberry.field(description="必要性")
    note: str | None = strawberry.field(description="说明，如 新生儿可容缺")
    # Labels are plain attributes filled here: a resolver per leaf costs several times more.
    form_label: str = strawberry.field(description="材料形式的中文名称")
    requirement_label: str = strawberry.field(
        description="必要性的中文名称：必需 / 可选 / 容缺，只在特定情形下需要的为“视情形”")
    conditional: bool = strawberry.field(description="视情形：只在情形问答的某些回答下才需要")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Material:
        form = _member(m.MaterialForm, row["form"])
        requirement = _member(m.MaterialRequirement, row["requirement"])
        conditional = row.get("condition") is not None
        return cls(
            id=strawberry.ID(str(row["id"])), name=row["name"], form=form, count=row["count"],
            requirement=requirement, note=row["note"], form_label=m.MATERIAL_FORM_LABELS[form],
            requirement_label=wording.catalogue_label(requirement, conditional), conditional=conditional,
        )


@strawberry.type(description="事项在四端的可办程度（四端协同）")
class ItemChannels:
    counter: bool = strawberry.field(description="实体大厅窗口可受理")
    pc: ChannelMode = strawberry.field(description="电脑端（政务服务网）")
    mobile: ChannelMode = strawberry.field(description="手机端（浙里办）")
    kiosk: ChannelMode = strawberry.field(description="自助终端")


@strawberry.federation.type(keys=["code"], description="事项：同一事项、同一标准、同一编码，含六要素")
class Item:
    id: Private[int]
    department_id: Private[int]
    code: str = strawberry.field(description="事项编码")
    name: str = strawberry.field(description="事项名称")
    summary: str = strawberry.field(description="一句话说明")
    keywords: list[str] = strawberry.field(description="关键词与同义词")
    kind: ItemKind = strawberry.field(description="即办件或承诺件")
    decision_level: RegionLevel = strawberry.field(description="决定（审批）层级")
    scope: str = strawberry.field(description="六要素·适用范围")
    accepting_agency: str = strawberry.field(description="六要素·受理机构")
    deciding_agency: str = strawberry.field(description="六要素·决定机构")
    legal_time_limit_days: int = strawberry.field(description="六要素·法定办结时限（工作日）")
    promised_time_limit_days: int = strawberry.field(
        description="六要素·承诺办结时限（工作日，即办件为 0）"
    )
    fee: str = strawberry.field(description="六要素·收费标准")
    fee_basis: str | None = strawberry.field(description="六要素·收费依据")
    channels: ItemChannels = strawberry.field(description="四端可办程度")
    accept_scope: AcceptScope = strawberry.field(description="受理范围")
    standard: CatalogStandard = strawberry.field(description="全市统一标准、区县变体或区县特有")
    base_code: str | None = strawberry.field(description="区县变体所基于的全市标准事项编码")
    version: int = strawberry.field(description="目录版本号，办件受理时冻结")
    department: Department = strawberry.field(description="主管部门")
    kind_label: str = strawberry.field(description="办件类型的中文名称")
    decision_level_label: str = strawberry.field(description="决定层级的中文名称")
    time_limit_label: str = strawberry.field(description="承诺时限的中文表述，如 即办、3个工作日")
    accept_scope_label: str = strawberry.field(description="受理范围的中文名称")
    standard_label: str = strawberry.field(description="事项标准的中文名称")

    @classmethod
    def from_row(cls, row: ItemRow) -> Item:
        """From an item row joined with its department (see catalog actions' ITEM_COLUMNS)."""
        kind = _member(m.ItemKind, row["kind"])
        level = _member(m.RegionLevel, row["decision_level"])
        scope = _member(m.AcceptScope, row["accept_scope"])
        standard = _member(m.CatalogStandard, row["standard"])
        promised = row["promised_time_limit_days"]
        return cls(
            id=row["id"], department_id=row["department_id"], code=row["code"], name=row["name"],
            summary=row["summary"], keywords=row["keywords"] or [], kind=kind,
            decision_level=level, scope=row["scope"],
            accepting_agency=row["accepting_agency"], deciding_agency=row["deciding_agency"],
            legal_time_limit_days=row["legal_time_limit_days"],
            promised_time_limit_days=row["promised_time_limit_days"], fee=row["fee"],
            fee_basis=row["fee_basis"],
            channels=ItemChannels(
                counter=row["counter"], pc=_member(m.ChannelMode, row["pc"]),
                mobile=_member(m.ChannelMode, row["mobile"]), kiosk=_member(m.ChannelMode, row["kiosk"]),
            ),
            accept_scope=scope, standard=standard, base_code=row["base_code"], version=row["version"],
            department=Department.from_row(department_row(row)),
            kind_label=m.ITEM_KIND_LABELS[kind], decision_level_label=m.REGION_LEVEL_LABELS[level],
            time_limit_label=time_limit_label(kind, promised),
            accept_scope_label=m.ACCEPT_SCOPE_LABELS[scope],
            standard_label=m.CATALOG_STANDARD_LABELS[standard],
        )

    @strawberry.field(description="六要素·申请材料目录")
    async def materials(self, info: Info) -> list[Material]:
        rows = await info.context.catalog.materials_by_item.load(self.id)
        return [Material.from_row(r) for r in rows]

    @strawberry.field(description="情形问题：回答后得到定制办事清单（checklist 查询）")
    async def questions(
        self, info: Info
    ) -> list[Annotated[Question, strawberry.lazy("schema.catalog.types")]]:
        from resolvers.catalog.checklists import question_rule
        pass

        rules = [question_rule(r) for r in await info.context.catalog.questions_by_item.load(self.id)]
        by_code = {r.code: r for r in rules}
        return [Question.of(r, by_code) for r in rules]

    @strawberry.field(description="所属办事主题")
    async def life_events(self, info: Info) -> list[LifeEvent]:
        rows = await info.context.catalog.life_events_by_item.load(self.id)
        return [LifeEvent.from_row(r) for r in rows]

    @strawberry.field(description="相关事项（办好一件事，主动办好一串事）：办完本事项通常还要办的事项及理由，"
                                  "按目录的市、区两级管理（全市关联除非本区停用，加本区自己的关联）")
    async def related_items(
        self, info: Info,
        district: Annotated[str | None, strawberry.argument(
            description="区县编码；不填为工作人员所在区县，公众为本平台的区县")] = None,
    ) -> list[Annotated[RelatedItem, strawberry.lazy("schema.related.types")]]:
        from resolvers.catalog.related import default_district, district_of
        from schema.related.types import RelatedItem

        if district is None:
            viewer = await info.context.viewer()
            district = district_of(viewer.service_point_path) if viewer else await default_district()
        rows = await info.context.related.related_by_item.load((self.code, district.strip()))
        return [RelatedItem.of(r) for r in rows]

    @strawberry.field(description="可受理的服务点（仅当受理范围为指定服务点时非空）")
    async def accepting_points(self, info: Info) -> list[ServicePoint]:
        if self.accept_scope is m.AcceptScope.DISTRICT_WIDE:
            return []
        rows = await info.context.catalog.accepting_points_by_item.load(self.id)
        return [ServicePoint.from_row(r) for r in rows]

    @classmethod
    async def resolve_reference(cls, info: Info, code: str) -> Item | None:
        row = await info.context.catalog.item_by_code.load(code)
        return cls.from_row(row) if row else None


@strawberry.type(description="分页信息")
class PageInfo:
    has_next_page: bool = strawberry.field(description="是否还有下一页")
    end_cursor: str | None = strawberry.field(description="本页最后一条的游标，传给 after 取下一页")

    @classmethod
    def of(cls, page: Page) -> PageInfo:
        return cls(has_next_page=page.has_next, end_cursor=page.end_cursor)


@strawberry.type(description="事项列表中的一条")
class ItemEdge:
    cursor: str = strawberry.field(description="该条的游标")
    node: Item = strawberry.field(description="事项")


@strawberry.input(description="事项筛选条件")
class ItemFilter:
    department_code: str | None = strawberry.field(default=None, description="部门编码")
    life_event_code: str | None = strawberry.field(default=None, description="办事主题编码")
    terminal: Terminal | None = strawberry.field(
        default=None, description="只列出在该终端可办的事项"
    )
    keyword: str | None = strawberry.field(
        default=None, description="模糊搜索：名称、关键词、全拼或首字母，容错一字，按相关度排序"
    )


@strawberry.type(description="事项分页列表")
class ItemConnection:
    filter: Private[Any]
    total: Private[int | None]
    edges: list[ItemEdge] = strawberry.field(description="本页事项")
    page_info: PageInfo = strawberry.field(description="分页信息")

    @strawberry.field(description="符合筛选条件的事项总数")
    async def total_count(self) -> int:
        if self.total is not None:  # a keyword search already knows it: don't search twice
            return self.total
        from resolvers.catalog.actions import count_items

        return await count_items(self.filter)


E = TypeVar("E", bound=Enum)


def _member(enum: type[E], value: Any) -> E:
    """``enum(value)``, without the call when the row already holds a member (loader rows do)."""
    return value if value.__class__ is enum else enum(value)


@strawberry.type(description="选择题的一个选项")
class QuestionOption:
    value: str = strawberry.field(description="选项值（提交答案时使用）")
    label: str = strawberry.field(description="选项文字")


@strawberry.type(description="情形问题：回答后得到定制办事清单")
class Question:
    code: str = strawberry.field(description="问题编码，事项内唯一")
    text: str = strawberry.field(description="问题")
    help: str = strawberry.field(description="填写提示")
    kind: QuestionKind = strawberry.field(description="题型")
    kind_label: str = strawberry.field(description="题型的中文名称")
    options: list[QuestionOption] = strawberry.field(description="选项（单选、多选题）")
    required: bool = strawberry.field(description="是否必答")
    shown_when: str | None = strawberry.field(description="仅在此情形下提问（为空则总是提问）")

    @classmethod
    def of(cls, rule: situations.Question, by_code: dict[str, situations.Question]) -> Question:
        return cls(
            code=rule.code, text=rule.text, help=rule.help, kind=rule.kind,
            kind_label=m.QUESTION_KIND_LABELS[rule.kind],
            options=[QuestionOption(value=v, label=label) for v, label in rule.options],
            required=rule.required,
            shown_when=situations.explain(rule.show_if, by_code).removeprefix("因为")
            if rule.show_if else None,
        )


@strawberry.input(
    description="一个问题的答案：单选、是否（true/false）、日期（年-月-日）、数字填 value，多选填 values"
)
class AnswerInput:
    question: str = strawberry.field(description="问题编码")
    value: str | None = strawberry.field(default=None, description="答案")
    values: list[str] | None = strawberry.field(default=None, description="多选题的答案")


@strawberry.type(description="申请人已给出的一个答案")
class GivenAnswer:
    question: str = strawberry.field(description="问题编码")
    text: str = strawberry.field(description="答案的中文表述")


@strawberry.type(description="定制办事清单中的一行")
class ChecklistLine:
    material_id: strawberry.ID = strawberry.field(description="材料标识")
    name: str = strawberry.field(description="材料名称")
    form_label: str = strawberry.field(description="原件 / 复印件 …")
    count: int = strawberry.field(description="份数")
    requirement: MaterialRequirement = strawberry.field(description="对该申请人的必要性（容缺已计入）")
    requirement_label: str = strawberry.field(description="必要性的中文名称")
    note: str | None = strawberry.field(description="材料说明")
    reason: str = strawberry.field(description="为什么需要这份材料")
    satisfied_by: str | None = strawberry.field(description="已由电子证照或共享数据满足时的说明（无需携带）")


@strawberry.type(description="给出身份证号时核验到的申请人")
class ChecklistApplicant:
    registered: bool = strawberry.field(description="是否已在本系统登记")
    name: str | None = strawberry.field(description="姓名（已登记时）")
    id_number_masked: str = strawberry.field(description="脱敏的身份证号")
    licences: list[str] = strawberry.field(description="可用的有效电子证照")

    @classmethod
    def of(cls, a: Applicant) -> ChecklistApplicant:
        return cls(registered=a.name is not None, name=a.name, id_number_masked=a.id_number.masked,
                   licences=list(a.licences.values()))


@strawberry.type(description="定制办事清单：随答案重新计算，答案不全时列出待答问题")
class Checklist:
    item: Item = strawberry.field(description="事项")
    version: int = strawberry.field(description="计算所依据的事项目录版本")
    questions: list[Question] = strawberry.field(description="按当前答案需要回答的问题（按顺序）")
    answers: list[GivenAnswer] = strawberry.field(description="已采纳的答案（被隐藏问题的答案不计）")
    missing: list[Question] = strawberry.field(description="尚未回答的必答问题")
    complete: bool = strawberry.field(description="答案是否齐全（齐全时才有清单）")
    lines: list[ChecklistLine] = strawberry.field(description="需提交的材料")
    applicant: ChecklistApplicant | None = strawberry.field(description="核验到的申请人（给出身份证号时）")
    fees: list[ChecklistFee] = strawberry.field(description="按当前答案须缴纳或减免的费用（答案齐全时才有）")
    fee_total: int = strawberry.field(description="应缴合计（分，减免的不计）")

    @classmethod
    def of(cls, result: TailoredChecklist, applicant: Applicant | None = None) -> Checklist:
        by_code = {q.code: q for q in result.questions}
        c = result.checklist
        return cls(
            item=Item.from_row(result.item),
            version=result.item["version"],
            questions=[Question.of(q, by_code) for q in c.visible],
            answers=[GivenAnswer(question=code, text=answer_text(by_code[code], value))
                     for code, value in c.answers.items()],
            missing=[Question.of(q, by_code) for q in c.missing],
            complete=c.complete,
            lines=[
                ChecklistLine(
                    material_id=strawberry.ID(str(line.material.id)), name=line.material.name,
                    form_label=m.MATERIAL_FORM_LABELS[m.MaterialForm(line.material.form)],
                    count=line.material.count, requirement=line.requirement,
                    requirement_label=wording.line_label(line.requirement),
                    note=line.material.note, reason=line.reason, satisfied_by=line.satisfied_by,
                )
                for line in c.lines
            ],
            applicant=ChecklistApplicant.of(applicant) if applicant else None,
            fees=[ChecklistFee.of(f) for f in result.fees],
            fee_total=sum(f.payable for f in result.fees),
        )


def answer_text(question: situations.Question, value: situations.Answer) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, tuple):
        return "、".join(question.label(v) for v in value)
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float):
        return f"{value:g}"
    return question.label(value)


ChecklistErrorCode = code_enum("ChecklistErrorCode", "清单错误代码", [
    ErrorCode.NOT_FOUND, ErrorCode.INVALID_ANSWER, ErrorCode.UNKNOWN_QUESTION,
    ErrorCode.INVALID_ID_NUMBER, ErrorCode.NOT_ALLOWED,
])


@strawberry.type(description="清单错误：field 为出错的问题编码")
class ChecklistError(Error):
    code: ErrorCode = code_field(ChecklistErrorCode)
    field: str | None = strawberry.field(description="出错的问题编码（或 itemCode）")
    fallback = ErrorCode.INVALID_ANSWER  # the vocabulary has no generic INVALID


@strawberry.type(description="定制办事清单的查询结果")
class ChecklistPayload:
    checklist: Checklist | None = strawberry.field(description="清单（有错误时为空）")
    errors: list[ChecklistError] = strawberry.field(description="无效的答案等")
