"""GraphQL types of situations (情形) and the tailored checklist (定制办事清单)."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from hub.errors import HubError
from hub.models import enums as m
from resolvers.catalog import situations
from resolvers.catalog.checklists import TailoredChecklist
from resolvers.people.licences import Applicant
from schema.enums import MaterialRequirement, QuestionKind
from schema.types.catalog import Item


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
                    requirement_label=m.MATERIAL_REQUIREMENT_LABELS[line.requirement],
                    note=line.material.note, reason=line.reason, satisfied_by=line.satisfied_by,
                )
                for line in c.lines
            ],
            applicant=ChecklistApplicant.of(applicant) if applicant else None,
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


@strawberry.enum(description="清单错误代码")
class ChecklistErrorCode(Enum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_ANSWER = "INVALID_ANSWER"
    UNKNOWN_QUESTION = "UNKNOWN_QUESTION"
    INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
    NOT_ALLOWED = "NOT_ALLOWED"


@strawberry.type(description="清单错误：field 为出错的问题编码")
class ChecklistError:
    code: ChecklistErrorCode = strawberry.field(description="错误代码")
    field: str | None = strawberry.field(description="出错的问题编码（或 itemCode）")
    message: str = strawberry.field(description="中文错误说明")

    @classmethod
    def of(cls, e: HubError) -> ChecklistError:
        return cls(code=ChecklistErrorCode(e.code), field=e.field, message=e.message)


@strawberry.type(description="定制办事清单的查询结果")
class ChecklistPayload:
    checklist: Checklist | None = strawberry.field(description="清单（有错误时为空）")
    errors: list[ChecklistError] = strawberry.field(description="无效的答案等")
