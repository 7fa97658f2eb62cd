"""Loading an item's situation rules and computing a tailored checklist for given answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from hub.core.errors import ErrorCode, HubError
from hub.core.models import Item, Material, Question
from hub.core.models.enums import MaterialRequirement, QuestionKind
from hub.core.models.rows import ItemRow, Row
from resolvers.catalog.actions import DEPARTMENT_JOIN, ITEM_FIELDS
from resolvers.catalog.fees import FeeLine, tailor_fees
from resolvers.catalog.situations import Checklist, MaterialRule, tailor
from resolvers.catalog.situations import Question as Rule

QUESTION_FIELDS = ("id", "item_id", "code", "text", "help", "kind", "options", "required", "show_if")
RULE_MATERIAL_FIELDS = (
    "id", "item_id", "name", "form", "count", "requirement", "note", "condition", "deferrable_if",
    "license_type",
)


def question_rule(row: Row) -> Rule:
    return Rule(
        code=row["code"], text=row["text"], kind=QuestionKind(row["kind"]),
        options=tuple((o["value"], o["label"]) for o in row["options"] or []),
        required=row["required"], show_if=row["show_if"], help=row["help"],
    )


def material_rule(row: Row) -> MaterialRule:
    return MaterialRule(
        id=row["id"], name=row["name"], form=row["form"], count=row["count"],
        requirement=MaterialRequirement(row["requirement"]), note=row["note"],
        condition=row["condition"], deferrable_if=row["deferrable_if"],
        license_type=row["license_type"],
    )


@dataclass(frozen=True)
class TailoredChecklist:
    item: ItemRow  # an item row joined with its department
    questions: list[Rule]  # every question of the item, in order
    checklist: Checklist
    fees: list[FeeLine]  # the fees these answers make due or waive (none until complete)


async def tailor_for(
    item_code: str, raw_answers: Mapping[str, Any], licences: Mapping[str, str] | None = None
) -> TailoredChecklist:
    """The checklist of an item for these answers (3 queries: item, questions, materials)."""
    rows = cast(list[ItemRow], await Item.filter(code=item_code, active=True).values(
        *ITEM_FIELDS, **DEPARTMENT_JOIN))
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, f"事项 {item_code} 不存在", "itemCode")
    item = rows[0]
    question_rows = await Question.filter(item_id=item["id"]).order_by("sort", "id").values(*QUESTION_FIELDS)
    material_rows = (
        await Material.filter(item_id=item["id"]).order_by("sort", "id").values(*RULE_MATERIAL_FIELDS)
    )
    questions = [question_rule(r) for r in question_rows]
    materials = [material_rule(r) for r in material_rows]
    checklist = tailor(questions, materials, raw_answers, licences)
    fees = tailor_fees(item["fees"], questions, checklist.answers) if checklist.complete else []
    return TailoredChecklist(item, questions, checklist, fees)
