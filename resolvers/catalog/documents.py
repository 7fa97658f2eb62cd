"""Catalogue documents: the authored form of an item, its district variants, and their checks.

An item is authored as a plain document (the shape of ``hub/demo/catalog.json`` and of the
import/export file). Three standards (以上带下, seed 004):

* ``CITY`` — the city's standard item, served by every district as it is;
* ``DISTRICT_ONLY`` — an item only this district offers;
* ``DISTRICT_VARIANT`` — this district's version of a city item: ``base`` names the city item and
  ``overrides`` hold only what differs, so a later city edit still reaches the district::

      {"code": "330106-MZ-004", "standard": "DISTRICT_VARIANT", "base": "330100-MZ-004",
       "overrides": {"fields": {"promised_time_limit_days": 3},
                     "materials": {"户口簿": {"condition": {...}}, "收入证明": null},
                     "add_materials": [...], "questions": {...}, "add_questions": [...]}}

  ``null`` removes a base material (by name) or question (by code); a dict changes its keys.

Pure Python: every check returns problems in Chinese, so an import lists all of them at once.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hub.core.models.enums import (
    AcceptScope,
    CatalogStandard,
    ChannelMode,
    ItemKind,
    MaterialForm,
    MaterialRequirement,
    QuestionKind,
    RegionLevel,
)
from resolvers.catalog import fees, situations

Doc = dict[str, Any]

ITEM_DEFAULTS: Doc = {
    "summary": "", "keywords": [], "scope": "", "accepting_agency": "", "deciding_agency": "",
    "legal_time_limit_days": 0, "promised_time_limit_days": 0, "fee": "不收费", "fee_basis": None,
    "channels": {"counter": True, "pc": "NONE", "mobile": "NONE", "kiosk": "NONE"},
    "accept_scope": "DISTRICT_WIDE", "accepting_points": [], "life_events": [], "questions": [],
    "materials": [], "active": True, "fees": [],
}
ITEM_FIELDS = ("name", "department", "kind", "decision_level", *ITEM_DEFAULTS)
SCALAR_FIELDS = tuple(f for f in ITEM_FIELDS if f not in ("questions", "materials"))
QUESTION_DEFAULTS: Doc = {"help": "", "options": [], "required": True, "show_if": None}
MATERIAL_DEFAULTS: Doc = {
    "form": "ORIGINAL", "count": 1, "requirement": "REQUIRED", "note": None, "condition": None,
    "deferrable_if": None, "license_type": None,
}
QUESTION_KEYS = ("code", "text", "kind", *QUESTION_DEFAULTS)
MATERIAL_KEYS = ("name", *MATERIAL_DEFAULTS)
OVERRIDE_KEYS = ("fields", "materials", "add_materials", "questions", "add_questions")
# The order the editor and the export list them in: city items first.
STANDARD_ORDER = {s.value: i for i, s in enumerate(CatalogStandard)}


@dataclass(frozen=True)
class References:
    """What documents may point at: department, life event and service point codes."""

    departments: frozenset[str]
    life_events: frozenset[str]
    points: frozenset[str]


@dataclass
class Problems:
    items: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}：{message}")


def _filled(data: Mapping[str, Any], keys: Iterable[str], defaults: Mapping[str, Any]) -> Doc:
    return {k: copy.deepcopy(data[k]) if data.get(k) is not None else copy.deepcopy(defaults.get(k))
            for k in keys}


def normalize(doc: Mapping[str, Any]) -> Doc:
    """A document with every key present and defaults filled, so that equal items compare equal."""
    if doc.get("standard") == CatalogStandard.DISTRICT_VARIANT:
        overrides = doc.get("overrides") or {}
        return {
            "code": doc.get("code"), "standard": doc["standard"], "base": doc.get("base"),
            "overrides": {k: copy.deepcopy(overrides[k]) for k in OVERRIDE_KEYS if overrides.get(k)},
        }
    out = {"code": doc.get("code"), "standard": doc.get("standard") or "CITY"}
    out |= _filled(doc, ITEM_FIELDS, ITEM_DEFAULTS)
    channels = doc.get("channels") or {}
    out["channels"] = {k: channels.get(k, v) for k, v in ITEM_DEFAULTS["channels"].items()}
    out["questions"] = [_filled(q, QUESTION_KEYS, QUESTION_DEFAULTS) for q in _dicts(out["questions"])]
    out["materials"] = [_filled(m, MATERIAL_KEYS, MATERIAL_DEFAULTS) for m in _dicts(out["materials"])]
    if isinstance(out["fees"], list) and all(isinstance(f, dict) for f in out["fees"]):
        out["fees"] = fees.normalize(out["fees"])
    return out


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


# --- variants --------------------------------------------------------------------------------------


def merge(base: Doc, variant: Doc) -> Doc:
    """The effective document of a district variant: its base with the overrides applied."""
    o = variant["overrides"]
    out = copy.deepcopy(base) | copy.deepcopy(o.get("fields", {}))
    out["code"], out["standard"], out["base"] = variant["code"], variant["standard"], base["code"]
    out["materials"] = _merge_rows(base["materials"], o.get("materials", {}), o.get("add_materials", []),
                                   "name", MATERIAL_KEYS, MATERIAL_DEFAULTS)
    out["questions"] = _merge_rows(base["questions"], o.get("questions", {}), o.get("add_questions", []),
                                   "code", QUESTION_KEYS, QUESTION_DEFAULTS)
    return out


def _merge_rows(base: list[Doc], changes: Mapping[str, Any], added: list[Doc], key: str,
                keys: tuple[str, ...], defaults: Doc) -> list[Doc]:
    rows = []
    for row in base:
        change = changes.get(row[key], {})
        if change is not None:
            rows.append(row | copy.deepcopy(change))
    return rows + [_filled(a, keys, defaults) for a in _dicts(added)]


def diff(base: Doc, full: Doc) -> Doc:
    """The overrides that turn a city item into this full district document (inverse of merge)."""
    fields = {k: full[k] for k in SCALAR_FIELDS if full.get(k) != base.get(k)}
    overrides: Doc = {"fields": fields} if fields else {}
    for rows_key, key, add_key in (("materials", "name", "add_materials"),
                                   ("questions", "code", "add_questions")):
        base_rows = {r[key]: r for r in base[rows_key]}
        full_rows = {r[key]: r for r in full[rows_key]}
        changes: dict[str, Any] = {
            k: None if k not in full_rows
            else {f: v for f, v in full_rows[k].items() if row.get(f) != v} or {}
            for k, row in base_rows.items()
        }
        changes = {k: v for k, v in changes.items() if v != {}}
        if changes:
            overrides[rows_key] = changes
        added = [r for k, r in full_rows.items() if k not in base_rows]
        if added:
            overrides[add_key] = added
    return {"code": full["code"], "standard": CatalogStandard.DISTRICT_VARIANT.value,
            "base": base["code"], "overrides": overrides}


def effective_documents(sources: Mapping[str, Doc]) -> dict[str, Doc]:
    """The district's served items: city items not replaced by a variant, variants merged, and
    district-only items. Assumes sources passed check_catalog."""
    replaced = {d["base"] for d in sources.values() if d["standard"] == CatalogStandard.DISTRICT_VARIANT}
    out = {}
    for code, doc in sources.items():
        if doc["standard"] == CatalogStandard.DISTRICT_VARIANT:
            out[code] = merge(sources[doc["base"]], doc)
        elif code not in replaced:
            out[code] = doc
    return out


# --- checks ------------------------------------------------------------------------------------------


def check_catalog(sources: Mapping[str, Doc], refs: References) -> list[str]:
    """Every problem of a whole catalogue of normalized source documents."""
    problems = Problems()
    bases = Counter(d.get("base") for d in sources.values() if d["standard"] == "DISTRICT_VARIANT")
    for code, doc in sources.items():
        where = f"事项 {code}"
        if doc["standard"] not in STANDARD_ORDER:
            problems.add(where, f"标准类型 {doc['standard']} 无效（可选 {'、'.join(STANDARD_ORDER)}）")
            continue
        if doc["standard"] != "DISTRICT_VARIANT":
            check_item(doc, refs, problems)
            continue
        base = sources.get(doc["base"] or "")
        if base is None or base["standard"] != "CITY":
            problems.add(where, f"区县变体引用的全市标准事项 {doc['base']} 不存在")
            continue
        if bases[doc["base"]] > 1:
            problems.add(where, f"全市标准事项 {doc['base']} 在本区已有另一个变体")
        _check_overrides(doc, base, problems)
        check_item(merge(base, doc), refs, problems)
    return problems.items


def _check_overrides(doc: Doc, base: Doc, problems: Problems) -> None:
    where = f"事项 {doc['code']} 的变体"
    o = doc["overrides"]
    unknown_keys = set(o) - set(OVERRIDE_KEYS)
    if unknown_keys:
        problems.add(where, f"未知的覆盖项 {'、'.join(sorted(unknown_keys))}")
    for k in set(o.get("fields", {})) - set(SCALAR_FIELDS):
        problems.add(where, f"不能覆盖字段 {k}")
    for rows_key, key, label in (("materials", "name", "材料"), ("questions", "code", "问题")):
        known = {r[key] for r in base[rows_key]}
        for name in set(o.get(rows_key, {})) - known:
            problems.add(where, f"全市标准中没有{label}「{name}」，无法覆盖")


def check_item(doc: Doc, refs: References, problems: Problems) -> None:
    """Problems of one effective item document (fields, references, questions, materials)."""
    where = f"事项 {doc.get('code') or '（无编码）'}"
    if not isinstance(doc.get("code"), str) or not doc["code"].strip() or len(doc["code"]) > 32:
        problems.add(where, "编码必填，最长 32 个字符")
    if not isinstance(doc.get("name"), str) or not doc["name"].strip() or len(doc["name"]) > 128:
        problems.add(where, "事项名称必填，最长 128 个字")
    _enum(doc, "kind", ItemKind, where, problems)
    _enum(doc, "decision_level", RegionLevel, where, problems)
    _enum(doc, "accept_scope", AcceptScope, where, problems)
    for terminal in ("pc", "mobile", "kiosk"):
        _enum(doc["channels"], terminal, ChannelMode, f"{where} 的办理渠道", problems)
    for k in ("legal_time_limit_days", "promised_time_limit_days"):
        if not isinstance(doc[k], int) or isinstance(doc[k], bool) or not 0 <= doc[k] <= 3650:
            problems.add(where, f"{k} 须为 0–3650 的整数（天）")
    if not isinstance(doc["keywords"], list) or not all(isinstance(k, str) for k in doc["keywords"]):
        problems.add(where, "keywords 须为字符串列表")
    if doc.get("department") not in refs.departments:
        problems.add(where, f"部门 {doc.get('department')} 不存在")
    for label, key, known in (("办事主题", "life_events", refs.life_events),
                              ("受理点", "accepting_points", refs.points)):
        for missing in [c for c in _list(doc[key]) if c not in known]:
            problems.add(where, f"{label} {missing} 不存在")
    if doc["accept_scope"] == "LISTED_POINTS" and not doc["accepting_points"]:
        problems.add(where, "指定受理点办理时须列出受理点")
    rules = _question_rules(doc["questions"], where, problems)
    for p in situations.question_problems(rules):
        problems.add(where, p)
    _check_materials(doc["materials"], {q.code: q for q in rules}, where, problems)
    for p in fees.problems(doc.get("fees"), {q.code: q for q in rules}):
        problems.add(where, p)


def _check_materials(materials: list[Doc], questions: Mapping[str, situations.Question], where: str,
                     problems: Problems) -> None:
    names = Counter(m.get("name") for m in materials)
    if not materials:
        problems.add(where, "至少需要一项申请材料")
    seen = set()
    for m in materials:
        name = m.get("name")
        at = f"{where} 材料「{name}」"
        if not isinstance(name, str) or not name.strip() or len(name) > 128:
            problems.add(where, "材料名称必填，最长 128 个字")
        elif names[name] > 1 and name not in seen:
            problems.add(at, f"名称重复 {names[name]} 次")
        seen.add(name)
        _enum(m, "form", MaterialForm, at, problems)
        _enum(m, "requirement", MaterialRequirement, at, problems)
        if not isinstance(m["count"], int) or isinstance(m["count"], bool) or not 1 <= m["count"] <= 99:
            problems.add(at, "份数须为 1–99 的整数")
        for key, label in (("condition", "适用条件"), ("deferrable_if", "容缺条件")):
            for p in situations.condition_problems(m[key], questions, label):
                problems.add(at, p)


def _question_rules(questions: list[Doc], where: str, problems: Problems) -> list[situations.Question]:
    rules = []
    for q in questions:
        at = f"{where} 问题 {q.get('code')}"
        if not isinstance(q.get("code"), str) or not q["code"] or not isinstance(q.get("text"), str):
            problems.add(at, "问题须有编码和文字")
            continue
        if q.get("kind") not in QuestionKind.__members__:
            problems.add(at, f"题型 {q.get('kind')} 无效（可选 {'、'.join(QuestionKind.__members__)}）")
            continue
        options = q["options"] if isinstance(q["options"], list) else []
        if not all(isinstance(o, dict) and "value" in o and "label" in o for o in options):
            problems.add(at, "选项须形如 {\"value\": …, \"label\": …}")
            continue
        rules.append(situations.Question(
            code=q["code"], text=q["text"], kind=QuestionKind(q["kind"]),
            options=tuple((o["value"], o["label"]) for o in options),
            required=bool(q["required"]), show_if=q["show_if"], help=q["help"] or "",
        ))
    return rules


def _enum(doc: Mapping[str, Any], key: str, enum: Any, where: str, problems: Problems) -> None:
    if doc.get(key) not in enum.__members__:
        problems.add(where, f"{key} 的值 {doc.get(key)} 无效（可选 {'、'.join(enum.__members__)}）")


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
