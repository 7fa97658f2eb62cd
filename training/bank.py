"""The question bank: validation that lists every problem in Chinese, edits, import and export.

A question document (the GraphQL input, one entry of the bank file) has ``code``, ``category``,
``department_code``, ``type``, ``text``, ``options`` ([{key, text}]), ``answer`` (option keys),
``tags``, ``explanation``, ``difficulty`` (1–5) and ``active``. True/false questions have the
fixed options T 正确 / F 错误.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from hub.core.errors import ErrorCode, HubError
from hub.core.models import Department, ExamQuestion
from hub.core.models.enums import ExamQuestionType, QuestionCategory, Role
from hub.core.pagination import Page, check_page_size, decode_cursor, encode_cursor
from hub.core.viewer import Viewer, require_role

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
KEY_RE = re.compile(r"^[A-Za-z0-9]{1,4}$")
TRUE_FALSE_OPTIONS = [{"key": "T", "text": "正确"}, {"key": "F", "text": "错误"}]
MAX_OPTIONS = 8
MAX_TAGS = 10
FILE_KIND = "onewindow-exam-bank"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
QUESTION_FIELDS = (
    "id", "code", "category", "department_code", "type", "text", "options", "answer", "tags",
    "explanation", "difficulty", "active", "updated_at",
)
_DOC_FIELDS = QUESTION_FIELDS[1:-1]  # what an import can change


class Problem(NamedTuple):
    field: str | None  # the GraphQL input field at fault
    message: str


class BankInvalid(HubError):
    """Questions that cannot be saved; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(ErrorCode.BANK_INVALID, f"题库校验未通过，共 {len(problems)} 个问题")
        self.problems = problems

    def per_problem(self) -> list[tuple[str | None, str]]:
        return [(p.field, p.message) for p in self.problems]


def check_question(raw: Any, departments: set[str]) -> tuple[dict[str, Any], list[Problem]]:
    """The cleaned question document and every problem found in it."""
    if not isinstance(raw, dict):
        return {}, [Problem(None, "题目须是一个对象")]
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(field, message))

    code = raw.get("code")
    if not isinstance(code, str) or not CODE_RE.match(code):
        bad("code", "题目编码须为 1–32 位字母、数字、下划线或连字符")
    category = _enum(QuestionCategory, raw.get("category"))
    if category is None:
        bad("category", "题目类别须为 BUSINESS（业务知识）或 SYSTEM（系统操作）")
    department = raw.get("department_code") or None
    if department is not None:
        if category == QuestionCategory.SYSTEM:
            bad("departmentCode", "系统操作题不区分部门，请不要填写部门")
        elif department not in departments:
            bad("departmentCode", f"部门 {department} 不存在")
    qtype = _enum(ExamQuestionType, raw.get("type"))
    if qtype is None:
        bad("type", "题型须为 SINGLE（单选题）、MULTIPLE（多选题）或 TRUE_FALSE（判断题）")
    text = raw["text"].strip() if isinstance(raw.get("text"), str) else ""
    if not text:
        bad("text", "请填写题干")
    elif len(text) > 500:
        bad("text", "题干不能超过 500 字")
    # Options and answer are judged by the type: with an unknown type they cannot be.
    options = _check_options(qtype, raw.get("options"), bad) if qtype else []
    answer = _check_answer(qtype, options, raw.get("answer"), bad) if qtype else []
    tags = _check_tags(raw.get("tags"), bad)
    explanation = raw.get("explanation") or ""
    if not isinstance(explanation, str) or len(explanation) > 1000:
        bad("explanation", "解析须为不超过 1000 字的文字")
        explanation = ""
    difficulty = raw.get("difficulty", 3)
    if not isinstance(difficulty, int) or isinstance(difficulty, bool) or not 1 <= difficulty <= 5:
        bad("difficulty", "难度须为 1 到 5 的整数")
    active = raw.get("active", True)
    if not isinstance(active, bool):
        bad("active", "active 须为 true 或 false")
    clean = {
        "code": code, "category": category, "department_code": department, "type": qtype,
        "text": text, "options": options, "answer": answer, "tags": tags,
        "explanation": explanation.strip(), "difficulty": difficulty, "active": active,
    }
    return clean, problems


def _enum(enum: Any, value: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        return None


def _check_options(qtype: ExamQuestionType | None, raw: Any, bad: Any) -> list[dict[str, str]]:
    if qtype == ExamQuestionType.TRUE_FALSE:
        if raw and raw != TRUE_FALSE_OPTIONS:
            bad("options", "判断题的选项固定为「正确」「错误」，无需填写")
        return [dict(o) for o in TRUE_FALSE_OPTIONS]
    if not isinstance(raw, list) or not all(isinstance(o, dict) for o in raw):
        bad("options", "选项须是列表，每项含 key 和 text")
        return []
    options = [{"key": str(o.get("key") or "").strip(), "text": str(o.get("text") or "").strip()}
               for o in raw]
    label = "单选题" if qtype == ExamQuestionType.SINGLE else "选择题"
    if len(options) < 2:
        bad("options", f"{label}至少需要 2 个选项")
    if len(options) > MAX_OPTIONS:
        bad("options", f"选项不能超过 {MAX_OPTIONS} 个")
    keys: set[str] = set()
    texts: set[str] = set()
    for i, o in enumerate(options):
        if not KEY_RE.match(o["key"]):
            bad("options", f"第 {i + 1} 个选项的标识须为 1–4 位字母或数字，如 A")
        elif o["key"] in keys:
            bad("options", f"选项标识 {o['key']} 重复")
        keys.add(o["key"])
        if not o["text"]:
            bad("options", f"选项 {o['key'] or i + 1} 的内容为空")
        elif o["text"] in texts:
            bad("options", f"选项内容「{o['text']}」重复")
        texts.add(o["text"])
    return options


def _check_answer(
    qtype: ExamQuestionType | None, options: list[dict[str, str]], raw: Any, bad: Any
) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
        bad("answer", "正确答案须是选项标识的列表，如 [\"A\"]")
        return []
    keys = [o["key"] for o in options]
    answer = sorted(set(raw), key=lambda k: keys.index(k) if k in keys else len(keys))
    unknown = [k for k in answer if k not in keys]
    if unknown and options:
        bad("answer", f"正确答案 {'、'.join(unknown)} 不是已有的选项")
    if qtype == ExamQuestionType.SINGLE and len(answer) != 1:
        bad("answer", "单选题须有且只有一个正确选项")
    elif qtype == ExamQuestionType.MULTIPLE and len(answer) < 2:
        bad("answer", "多选题须至少有两个正确选项")
    elif qtype == ExamQuestionType.TRUE_FALSE and len(answer) != 1:
        bad("answer", "判断题须指定「正确」（T）或「错误」（F）之一为答案")
    return answer


def _check_tags(raw: Any, bad: Any) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        bad("tags", "标签须是文字列表")
        return []
    tags = list(dict.fromkeys(t.strip() for t in raw if t.strip()))
    if len(tags) > MAX_TAGS:
        bad("tags", f"标签不能超过 {MAX_TAGS} 个")
    if any(len(t) > 20 for t in tags):
        bad("tags", "每个标签不能超过 20 字")
    return tags


async def department_codes() -> set[str]:
    return {str(code) for code in await Department.all().values_list("code", flat=True)}


async def _row(code: str) -> dict[str, Any]:
    rows = await ExamQuestion.filter(code=code).values(*QUESTION_FIELDS)
    return rows[0]


async def create_question(viewer: Viewer | None, raw: dict[str, Any]) -> dict[str, Any]:
    require_role(viewer, Role.ADMIN)
    raw = {**raw, "code": raw.get("code") or f"Q{secrets.token_hex(4).upper()}"}
    clean, problems = check_question(raw, await department_codes())
    if problems:
        raise BankInvalid(problems)
    async with in_transaction():
        if await ExamQuestion.exists(code=clean["code"]):
            raise HubError(ErrorCode.DUPLICATE, f"题目编码 {clean['code']} 已存在", "code")
        await ExamQuestion.create(**clean)
    return await _row(clean["code"])


async def update_question(viewer: Viewer | None, code: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Replace a question's content; attempts already drawn keep the version they showed."""
    require_role(viewer, Role.ADMIN)
    if not await ExamQuestion.exists(code=code):
        raise HubError(ErrorCode.NOT_FOUND, f"题目 {code} 不存在", "code")
    clean, problems = check_question({**raw, "code": code}, await department_codes())
    if problems:
        raise BankInvalid(problems)
    await ExamQuestion.filter(code=code).update(**clean)
    return await _row(code)


async def set_active(viewer: Viewer | None, code: str, active: bool) -> dict[str, Any]:
    """Deactivated questions are no longer drawn; papers that hold them are unaffected."""
    require_role(viewer, Role.ADMIN)
    if not await ExamQuestion.filter(code=code).update(active=active):
        raise HubError(ErrorCode.NOT_FOUND, f"题目 {code} 不存在", "code")
    return await _row(code)


@dataclass(frozen=True)
class QuestionFilter:
    category: QuestionCategory | None = None
    department_code: str | None = None
    active: bool | None = None
    keyword: str | None = None


async def list_questions(
    viewer: Viewer | None, f: QuestionFilter, first: int, after: str | None, max_page: int
) -> Page:
    require_role(viewer, Role.ADMIN)
    check_page_size(first, max_page)
    qs = ExamQuestion.all()
    if f.category:
        qs = qs.filter(category=f.category)
    if f.department_code:
        qs = qs.filter(department_code=f.department_code)
    if f.active is not None:
        qs = qs.filter(active=f.active)
    if f.keyword and f.keyword.strip():
        kw = f.keyword.strip()
        qs = qs.filter(Q(text__icontains=kw) | Q(code__icontains=kw))
    if after:
        qs = qs.filter(id__gt=int(decode_cursor(after)[0]))
    rows = await qs.order_by("id").limit(first + 1).values(*QUESTION_FIELDS)
    page = rows[:first]
    return Page(rows=page, has_next=len(rows) > first, cursors=[encode_cursor([r["id"]]) for r in page])


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


def parse_bank(content: str) -> list[Any]:
    if len(content.encode()) > MAX_IMPORT_BYTES:
        raise BankInvalid([Problem("content", f"文件超过 {MAX_IMPORT_BYTES // 1024 // 1024} MB")])
    try:
        data = json.loads(content)
    except json.JSONDecodeError as e:
        where = f"第 {e.lineno} 行第 {e.colno} 列"
        raise BankInvalid([Problem("content", f"不是有效的 JSON：{where}，{e.msg}")]) from e
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise BankInvalid([Problem("content", "文件须是一个对象，并含有 questions 列表")])
    return data["questions"]


async def import_bank(viewer: Viewer | None, content: str) -> ImportResult:
    require_role(viewer, Role.ADMIN)
    return await apply_bank(parse_bank(content))


async def apply_bank(documents: list[Any]) -> ImportResult:
    """Add or update the listed questions (by code), all or nothing; others stay as they are."""
    departments = await department_codes()
    problems: list[Problem] = []
    cleaned: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(documents, start=1):
        clean, found = check_question(raw, departments)
        where = f"第 {i} 题" + (f"（{clean['code']}）" if clean.get("code") else "")
        problems += [Problem(p.field, f"{where}：{p.message}") for p in found]
        code = clean.get("code")
        if isinstance(code, str) and code in seen:
            problems.append(Problem("code", f"{where}：编码与第 {seen[code]} 题重复"))
        elif isinstance(code, str):
            seen[code] = i
        cleaned.append(clean)
    if problems:
        raise BankInvalid(problems)
    result = ImportResult()
    async with in_transaction():
        existing = {r["code"]: r for r in await ExamQuestion.filter(code__in=list(seen)).values(*_DOC_FIELDS)}
        for clean in cleaned:
            old = existing.get(clean["code"])
            if old is None:
                await ExamQuestion.create(**clean)
                result.created.append(clean["code"])
            elif any(old[k] != clean[k] for k in _DOC_FIELDS):
                await ExamQuestion.filter(code=clean["code"]).update(**clean)
                result.updated.append(clean["code"])
            else:
                result.unchanged += 1
    return result


async def export_bank(viewer: Viewer | None) -> str:
    """The whole bank (inactive questions included) in the shape import_bank reads."""
    require_role(viewer, Role.ADMIN)
    rows = await ExamQuestion.all().order_by("code").values(*_DOC_FIELDS)
    data = {"kind": FILE_KIND, "version": 1, "questions": [_plain(r) for r in rows]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.value if isinstance(v, QuestionCategory | ExamQuestionType) else v) for k, v in row.items()}
