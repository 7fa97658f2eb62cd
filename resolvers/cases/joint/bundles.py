"""一件事联办 bundles: their definitions (shared fields asked once, the items they join), the
checks of a definition and of the shared values filled in, and a bundle's combined checklist in
which a material several items need appears once."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hub.core.errors import ErrorCode, HubError
from hub.core.idcard import parse_id_number
from hub.core.models import Bundle
from hub.core.models.enums import MaterialRequirement
from resolvers.catalog.checklists import TailoredChecklist, tailor_for
from resolvers.catalog.situations import ChecklistLine

FIELD_KINDS = ("TEXT", "DATE", "ID_NUMBER", "PHONE", "SINGLE")
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
STRICTNESS = {MaterialRequirement.OPTIONAL: 0, MaterialRequirement.DEFERRABLE: 1,
              MaterialRequirement.REQUIRED: 2}


@dataclass(frozen=True)
class SharedField:
    code: str
    label: str
    kind: str = "TEXT"  # TEXT | DATE | ID_NUMBER | PHONE | SINGLE
    required: bool = True
    help: str = ""
    answers: Mapping[str, str] = field(default_factory=dict)  # item code -> question it answers
    options: tuple[tuple[str, str], ...] = ()  # SINGLE: (value, label)

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> SharedField:
        return cls(code=raw["code"], label=raw["label"], kind=raw.get("kind", "TEXT"),
                   required=bool(raw.get("required", True)), help=raw.get("help", ""),
                   answers=dict(raw.get("answers") or {}),
                   options=tuple((o["value"], o["label"]) for o in raw.get("options") or ()))


@dataclass(frozen=True)
class BundleDef:
    id: int
    code: str
    name: str
    description: str
    item_codes: tuple[str, ...]
    shared_fields: tuple[SharedField, ...]
    active: bool = True

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> BundleDef:
        return cls(id=row["id"], code=row["code"], name=row["name"], description=row["description"],
                   item_codes=tuple(row["item_codes"]),
                   shared_fields=tuple(SharedField.of(f) for f in row["shared_fields"]),
                   active=row["active"])


def bundle_problems(raw: Mapping[str, Any], known_items: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Everything wrong with a bundle definition (demo data, imports), in Chinese."""
    code = raw.get("code", "?")
    problems = []
    items = list(raw.get("item_codes") or [])
    if len(items) < 2:
        problems.append(f"一件事 {code}：至少包含两个事项")
    if len(set(items)) != len(items):
        problems.append(f"一件事 {code}：事项重复")
    for c in items:
        if c not in known_items:
            problems.append(f"一件事 {code}：事项 {c} 不在目录中")
    codes = [f.get("code") for f in raw.get("shared_fields") or []]
    if len(set(codes)) != len(codes):
        problems.append(f"一件事 {code}：共享字段代码重复")
    for f in raw.get("shared_fields") or []:
        if f.get("kind", "TEXT") not in FIELD_KINDS:
            problems.append(f"一件事 {code}：共享字段 {f.get('code')} 的类型 {f.get('kind')} 无效")
        if f.get("kind") == "SINGLE" and not f.get("options"):
            problems.append(f"一件事 {code}：共享字段 {f.get('code')} 须列出选项")
        for item_code, question in (f.get("answers") or {}).items():
            if item_code not in items:
                problems.append(
                    f"一件事 {code}：共享字段 {f.get('code')} 对应的事项 {item_code} 不在本件事中")
            elif question not in known_items.get(item_code, {}).get("questions", ()):
                problems.append(f"一件事 {code}：事项 {item_code} 没有问题 {question}")
    return problems


async def list_bundles(include_inactive: bool = False) -> list[BundleDef]:
    q = Bundle.all() if include_inactive else Bundle.filter(active=True)
    return [BundleDef.of(r) for r in await q.order_by("sort", "code").values()]


async def bundle_by_code(code: str) -> BundleDef | None:
    rows = await Bundle.filter(code=code.strip()).values()
    return BundleDef.of(rows[0]) if rows else None


def check_shared(fields: Sequence[SharedField], values: Mapping[str, Any], today: date) -> dict[str, str]:
    """The shared fields as they are stored (trimmed, ID numbers normalised); raises on the
    first that is missing or invalid, naming it in Chinese (field ``shared.<code>``)."""
    known = {f.code for f in fields}
    stray = [k for k in values if k not in known]
    if stray:
        raise HubError(ErrorCode.INVALID, f"未知的共享字段：{stray[0]}", f"shared.{stray[0]}")
    out: dict[str, str] = {}
    for f in fields:
        where = f"shared.{f.code}"
        value = str(values.get(f.code) or "").strip()
        if not value:
            if f.required:
                raise HubError(ErrorCode.INVALID, f"请填写“{f.label}”", where)
            continue
        if f.kind == "ID_NUMBER":
            try:
                value = parse_id_number(value, where, today).value
            except HubError as e:
                raise HubError(e.code, f"“{f.label}”：{e.message}", where) from None
        elif f.kind == "DATE":
            try:
                day = date.fromisoformat(value)
            except ValueError:
                raise HubError(ErrorCode.INVALID, f"“{f.label}”应为日期，如 2026-11-20", where) from None
            if day > today:
                raise HubError(ErrorCode.INVALID, f"“{f.label}”不能晚于今天", where)
            value = day.isoformat()
        elif f.kind == "SINGLE" and value not in dict(f.options):
            raise HubError(ErrorCode.INVALID, f"“{f.label}”请从选项中选择", where)
        elif f.kind == "PHONE" and not PHONE.match(value.replace(" ", "")):
            raise HubError(ErrorCode.INVALID, f"“{f.label}”应为 11 位手机号码或带区号的固定电话", where)
        elif len(value) > 128:
            raise HubError(ErrorCode.INVALID, f"“{f.label}”过长（最多 128 字）", where)
        out[f.code] = value.replace(" ", "") if f.kind == "PHONE" else value
    return out


def answers_with_shared(fields: Sequence[SharedField], shared: Mapping[str, str], item_code: str,
                        answers: Mapping[str, Any]) -> dict[str, Any]:
    """An item's situation answers with the questions a shared field answers filled in (the
    applicant is asked once: 出生日期 answers 出生登记 and 新生儿参保 alike)."""
    out = dict(answers)
    for f in fields:
        question = f.answers.get(item_code)
        if question and f.code in shared:
            out[question] = shared[f.code]
    return out


@dataclass(frozen=True)
class MaterialNeed:
    item_code: str
    item_name: str
    material_id: int
    requirement: MaterialRequirement
    satisfied_by: str | None
    reason: str


@dataclass(frozen=True)
class SharedMaterial:
    """One line of the combined checklist: a material (by name) and every item that lists it."""

    name: str
    form: str
    count: int
    requirement: MaterialRequirement  # the strictest of the items' requirements
    satisfied_by: str | None  # an electronic licence covers it for every item
    needs: tuple[MaterialNeed, ...]

    @property
    def shared(self) -> bool:
        return len(self.needs) > 1


def combine(per_item: Sequence[tuple[str, str, Sequence[ChecklistLine]]]) -> list[SharedMaterial]:
    """Pure: the items' checklists as one list, a material several items need appearing once
    (matched by name), in the order first met."""
    groups: dict[str, list[tuple[ChecklistLine, MaterialNeed]]] = {}
    for item_code, item_name, lines in per_item:
        for line in lines:
            need = MaterialNeed(item_code, item_name, line.material.id, line.requirement,
                                line.satisfied_by, line.reason)
            groups.setdefault(line.material.name, []).append((line, need))
    out = []
    for name, members in groups.items():
        first = members[0][0].material
        strictest = max((n.requirement for _, n in members), key=lambda r: STRICTNESS[r])
        satisfied = members[0][1].satisfied_by if all(n.satisfied_by for _, n in members) else None
        out.append(SharedMaterial(name, first.form, max(m.material.count for m, _ in members),
                                  strictest, satisfied, tuple(n for _, n in members)))
    return out


@dataclass(frozen=True)
class ItemChecklist:
    item_code: str
    tailored: TailoredChecklist | None
    error: HubError | None
    from_shared: tuple[str, ...]  # the questions a shared field answers


async def bundle_checklist(bundle: BundleDef, shared: Mapping[str, Any],
                           answers: Mapping[str, Mapping[str, Any]], licences: Mapping[str, str] | None,
                           item_codes: Sequence[str] | None = None
                           ) -> tuple[list[ItemChecklist], list[SharedMaterial]]:
    """Each item's tailored checklist (shared fields answering their questions) and, once all
    are complete, the combined material list with shared materials once."""
    values = {k: str(v).strip() for k, v in shared.items() if str(v or "").strip()}
    out = []
    for code in item_codes or bundle.item_codes:
        if code not in bundle.item_codes:
            raise HubError(ErrorCode.INVALID, f"事项 {code} 不属于“{bundle.name}”", "items")
        given = answers_with_shared(bundle.shared_fields, values, code, answers.get(code, {}))
        mapped = tuple(f.answers[code] for f in bundle.shared_fields if code in f.answers)
        try:
            out.append(ItemChecklist(code, await tailor_for(code, given, licences), None, mapped))
        except HubError as e:
            out.append(ItemChecklist(code, None, e, mapped))
    done = [c.tailored for c in out if c.tailored is not None and c.tailored.checklist.complete]
    if len(done) != len(out):
        return out, []
    return out, combine([(t.item["code"], t.item["name"], t.checklist.lines) for t in done])


def item_online(item: Mapping[str, Any]) -> bool:
    """Whether a resident may file this item online (accepted at once or pre-reviewed)."""
    return str(item["pc"]) != "NONE"
