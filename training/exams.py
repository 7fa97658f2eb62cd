"""Exam definitions: parts drawing random questions by category and tags, pass marks, time
limit, attempts, cool-down and the certificate scope the exam grants."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from hub.core.errors import ErrorCode, HubError
from hub.core.models import Exam, ExamPart, ExamQuestion
from hub.core.models.enums import QuestionCategory, Role
from hub.core.viewer import Viewer, require_role
from training.bank import BankInvalid, Problem, department_codes

EXAM_FIELDS = (
    "id", "code", "title", "description", "time_limit_minutes", "max_attempts", "cooldown_minutes",
    "link_valid_minutes", "scope_categories", "scope_departments", "active",
)
PART_FIELDS = ("exam_id", "sort", "name", "category", "department_code", "tags", "question_count",
               "pass_percent")
CATEGORY_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")
EXAM_CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")
# Labels of the queue categories a certificate can name; other codes are shown as they are.
QUEUE_CATEGORY_LABELS = {"INTAKE": "综合受理", "ISSUANCE": "综合出件"}


@dataclass(frozen=True)
class PartSpec:
    name: str
    category: QuestionCategory
    department_code: str | None
    tags: list[str]
    question_count: int
    pass_percent: int


@dataclass(frozen=True)
class ExamSpec:
    code: str
    title: str
    description: str
    time_limit_minutes: int
    max_attempts: int
    cooldown_minutes: int
    link_valid_minutes: int
    scope_categories: list[str]
    scope_departments: list[str]
    parts: list[PartSpec]
    active: bool = True


def eligible(part: PartSpec | dict[str, Any], question: dict[str, Any]) -> bool:
    """Whether an active bank question can be drawn for a part."""
    p = part if isinstance(part, dict) else part.__dict__
    return (
        question["active"]
        and question["category"] == p["category"]
        and (not p["department_code"] or question["department_code"] == p["department_code"])
        and (not p["tags"] or bool(set(p["tags"]) & set(question["tags"])))
    )


async def pool() -> list[dict[str, Any]]:
    """What the draw needs to know of every active question (small: a bank is a few thousand)."""
    return await ExamQuestion.filter(active=True).values(
        "id", "category", "department_code", "tags", "active"
    )


def shortages(parts: list[PartSpec] | list[dict[str, Any]], questions: list[dict[str, Any]]) -> list[str]:
    """Parts the bank cannot fill, counting each question once across parts (as the draw does)."""
    used: set[int] = set()
    problems = []
    for part in parts:
        p = part if isinstance(part, dict) else part.__dict__
        fits = [q["id"] for q in questions if q["id"] not in used and eligible(p, q)]
        used.update(fits[: p["question_count"]])
        if len(fits) < p["question_count"]:
            problems.append(
                f"「{p['name']}」可抽取的题目只有 {len(fits)} 道，"
                f"少于所需的 {p['question_count']} 道，请补充题库"
            )
    return problems


def check_exam(spec: ExamSpec, departments: set[str]) -> list[Problem]:
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(field, message))

    if not EXAM_CODE_RE.match(spec.code):
        bad("code", "考试编码须为 1–32 位字母、数字、下划线或连字符，以字母开头")
    if not spec.title.strip():
        bad("title", "请填写考试名称")
    if not 1 <= spec.time_limit_minutes <= 300:
        bad("timeLimitMinutes", "考试时长须在 1 到 300 分钟之间")
    if not 1 <= spec.max_attempts <= 10:
        bad("maxAttempts", "考试次数须在 1 到 10 次之间")
    if not 0 <= spec.cooldown_minutes <= 30 * 24 * 60:
        bad("cooldownMinutes", "两次考试的间隔须在 0 到 43200 分钟（30 天）之间")
    if not 1 <= spec.link_valid_minutes <= 24 * 60:
        bad("linkValidMinutes", "考试二维码的有效时间须在 1 到 1440 分钟之间")
    if not spec.scope_categories and not spec.scope_departments:
        bad("scopeCategories", "请至少指定一个可服务的队列类别或部门（上岗证范围）")
    bad_categories = [c for c in spec.scope_categories if not CATEGORY_RE.match(c)]
    if bad_categories:
        bad("scopeCategories", f"队列类别编码无效：{'、'.join(bad_categories)}")
    unknown = [d for d in spec.scope_departments if d not in departments]
    if unknown:
        bad("scopeDepartments", f"部门不存在：{'、'.join(unknown)}")
    if not 1 <= len(spec.parts) <= 5:
        bad("parts", "考试须有 1 到 5 个部分")
    names = [p.name.strip() for p in spec.parts]
    for i, part in enumerate(spec.parts, start=1):
        where = f"第 {i} 部分"
        if not part.name.strip() or len(part.name) > 32:
            bad("parts", f"{where}：请填写不超过 32 字的名称")
        elif names.count(part.name.strip()) > 1:
            bad("parts", f"{where}：名称「{part.name}」重复")
        if not 1 <= part.question_count <= 100:
            bad("parts", f"{where}：题目数量须在 1 到 100 之间")
        if not 1 <= part.pass_percent <= 100:
            bad("parts", f"{where}：合格线须为 1 到 100 的百分比")
        if part.department_code and part.category == QuestionCategory.SYSTEM:
            bad("parts", f"{where}：系统操作题不区分部门")
        elif part.department_code and part.department_code not in departments:
            bad("parts", f"{where}：部门 {part.department_code} 不存在")
    return problems


async def save_exam(viewer: Viewer | None, spec: ExamSpec) -> dict[str, Any]:
    require_role(viewer, Role.ADMIN)
    return await apply_exam(spec)


async def apply_exam(spec: ExamSpec) -> dict[str, Any]:
    """Create or replace an exam by code, refusing parts the bank cannot fill. Attempts drawn
    under the previous definition keep their papers."""
    problems = check_exam(spec, await department_codes())
    if not problems:
        problems = [Problem("parts", m) for m in shortages(spec.parts, await pool())]
    if problems:
        raise BankInvalid(problems)
    values: dict[str, Any] = {
        "title": spec.title.strip(), "description": spec.description.strip(),
        "time_limit_minutes": spec.time_limit_minutes, "max_attempts": spec.max_attempts,
        "cooldown_minutes": spec.cooldown_minutes, "link_valid_minutes": spec.link_valid_minutes,
        "scope_categories": list(dict.fromkeys(spec.scope_categories)),
        "scope_departments": list(dict.fromkeys(spec.scope_departments)), "active": spec.active,
    }
    parts = [
        {"sort": i, "name": p.name.strip(), "category": p.category,
         "department_code": p.department_code or None,
         "tags": list(dict.fromkeys(t.strip() for t in p.tags if t.strip())),
         "question_count": p.question_count, "pass_percent": p.pass_percent}
        for i, p in enumerate(spec.parts)
    ]
    async with in_transaction():
        exam = await Exam.get_or_none(code=spec.code)
        if exam is None:
            exam = await Exam.create(code=spec.code, **values)
        elif any(getattr(exam, k) != v for k, v in values.items()):
            await Exam.filter(id=exam.id).update(**values)
        old = await ExamPart.filter(exam_id=exam.id).order_by("sort").values(*PART_FIELDS[1:])
        if old != parts:
            await ExamPart.filter(exam_id=exam.id).delete()
            await ExamPart.bulk_create([ExamPart(exam_id=exam.id, **p) for p in parts])
    found = await exam_row(spec.code)
    assert found is not None
    return found


async def exam_row(code: str) -> dict[str, Any] | None:
    rows = await Exam.filter(code=code).values(*EXAM_FIELDS)
    return rows[0] if rows else None


async def list_exams(include_inactive: bool) -> list[dict[str, Any]]:
    qs = Exam.all() if include_inactive else Exam.filter(active=True)
    return await qs.order_by("id").values(*EXAM_FIELDS)


async def parts_of(exam_ids: list[int]) -> list[dict[str, Any]]:
    return await ExamPart.filter(exam_id__in=exam_ids).order_by("exam_id", "sort").values(*PART_FIELDS)


async def active_exam(code: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    exam = await exam_row(code)
    if exam is None or not exam["active"]:
        raise HubError(ErrorCode.NOT_FOUND, f"考试 {code} 不存在或已停用", "examCode")
    return exam, await parts_of([exam["id"]])


async def active_exam_by_id(exam_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rows = await Exam.filter(id=exam_id, active=True).values(*EXAM_FIELDS)
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, "该考试已停用，请联系管理者")
    return rows[0], await parts_of([exam_id])


def scope_label(categories: list[str], departments: list[str], names: dict[str, str]) -> str:
    """"综合受理；人社、医保" — what a certificate lets its holder serve."""
    parts = []
    if categories:
        parts.append("、".join(QUEUE_CATEGORY_LABELS.get(c, c) for c in categories))
    if departments:
        parts.append("、".join(names.get(d, d) for d in departments))
    return "；".join(parts)
