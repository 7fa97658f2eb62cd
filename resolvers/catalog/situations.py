"""Situations (情形) and the tailored checklist (定制办事清单).

An item asks a few questions; each material carries a condition over the answers, kept as data
so that an administrator can change the rules without a release. A condition is a clause

    {"q": "household", "is": "hangzhou"}

or ``{"all": [clause, ...]}`` / ``{"any": [clause, ...]}`` (one level, so it stays readable).
Ops: ``is``/``is_not`` (single choice or yes/no), ``in``/``not_in`` (single choice),
``has`` (multiple choice), ``lt``/``lte``/``gt``/``gte`` (number), ``age_lt_years``/
``age_gte_years``/``age_lt_days`` (a date such as a birth date, measured from today).
A question with ``show_if`` is asked only when that condition holds; a hidden question counts
as unanswered and every clause on it is false. Every checklist line says why it is there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hub.core.clock import local_today
from hub.core.errors import ErrorCode, HubError
from hub.core.models.enums import MaterialRequirement, QuestionKind
from resolvers.catalog import wording

CHOICE_OPS = ("is", "is_not", "in", "not_in")
NUMBER_OPS = ("lt", "lte", "gt", "gte")
DATE_OPS = ("age_lt_years", "age_gte_years", "age_lt_days")
OPS_BY_KIND = {
    QuestionKind.SINGLE: CHOICE_OPS,
    QuestionKind.YES_NO: ("is", "is_not"),
    QuestionKind.MULTIPLE: ("has",),
    QuestionKind.NUMBER: NUMBER_OPS,
    QuestionKind.DATE: DATE_OPS,
}
ALL_OPS = frozenset(op for ops in OPS_BY_KIND.values() for op in ops)
NUMBER_WORDS = {"lt": "小于", "lte": "不超过", "gt": "大于", "gte": "不少于"}

Answer = str | bool | float | date | tuple[str, ...]


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    kind: QuestionKind
    options: tuple[tuple[str, str], ...] = ()  # (value, label)
    required: bool = True
    show_if: dict | None = None
    help: str = ""

    def label(self, value: str) -> str:
        return dict(self.options).get(value, value)


@dataclass(frozen=True)
class MaterialRule:
    id: int
    name: str
    form: str
    count: int
    requirement: MaterialRequirement
    note: str | None
    condition: dict | None = None
    deferrable_if: dict | None = None
    license_type: str | None = None


@dataclass(frozen=True)
class ChecklistLine:
    material: MaterialRule
    requirement: MaterialRequirement  # after deferrable_if
    reason: str
    satisfied_by: str | None = None  # the licence that spares the citizen this paper


@dataclass
class Checklist:
    visible: list[Question]
    answers: dict[str, Answer]  # parsed answers of the visible questions only
    missing: list[Question]  # visible, required, unanswered
    lines: list[ChecklistLine] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


# --- validation of the rules themselves (catalog editing and import) -------------------------


def condition_problems(cond: Any, questions: Mapping[str, Question], where: str) -> list[str]:
    """Everything wrong with a condition, in Chinese; empty when it is valid."""
    if cond is None:
        return []
    if not isinstance(cond, dict):
        return [f"{where}：条件必须是对象"]
    for group in ("all", "any"):
        if group in cond:
            clauses = cond[group]
            if len(cond) != 1 or not isinstance(clauses, list) or not clauses:
                return [f"{where}：“{group}” 须是唯一的键，且为非空列表"]
            return [
                p for i, c in enumerate(clauses)
                for p in _clause_problems(c, questions, f"{where}第{i + 1}条")
            ]
    return _clause_problems(cond, questions, where)


def _clause_problems(clause: Any, questions: Mapping[str, Question], where: str) -> list[str]:
    if not isinstance(clause, dict) or "q" not in clause or len(clause) != 2:
        return [f"{where}：条件须形如 {{\"q\": 问题编码, 运算: 值}}"]
    code = clause["q"]
    op = next(k for k in clause if k != "q")
    question = questions.get(code)
    if question is None:
        return [f"{where}：引用了不存在（或排在其后）的问题 {code}"]
    if op not in OPS_BY_KIND[question.kind]:
        return [f"{where}：问题「{question.text}」不能使用运算 {op}"]
    value = clause[op]
    values = value if op in ("in", "not_in") else [value]
    if op in ("in", "not_in") and (not isinstance(value, list) or not value):
        return [f"{where}：{op} 的值须为非空列表"]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        known = {v for v, _ in question.options}
        unknown = [v for v in values if v not in known]
        if unknown:
            return [f"{where}：问题「{question.text}」没有选项 {', '.join(map(str, unknown))}"]
    if question.kind is QuestionKind.YES_NO and not isinstance(value, bool):
        return [f"{where}：是否题的值须为 true 或 false"]
    numeric = question.kind in (QuestionKind.NUMBER, QuestionKind.DATE)
    if numeric and (isinstance(value, bool) or not isinstance(value, int | float)):
        return [f"{where}：{op} 的值须为数字"]
    return []


def question_problems(questions: Sequence[Question]) -> list[str]:
    """Problems of an item's question list: codes, options, and show_if on earlier questions."""
    problems: list[str] = []
    earlier: dict[str, Question] = {}
    for q in questions:
        where = f"问题「{q.text or q.code}」"
        if q.code in earlier:
            problems.append(f"{where}：编码 {q.code} 重复")
        choice = q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
        if choice and not q.options:
            problems.append(f"{where}：选择题至少需要一个选项")
        if not choice and q.options:
            problems.append(f"{where}：只有选择题可以有选项")
        values = [v for v, _ in q.options]
        if len(set(values)) != len(values):
            problems.append(f"{where}：选项值重复")
        problems += condition_problems(q.show_if, earlier, f"{where}的显示条件")
        earlier[q.code] = q
    return problems


# --- answers ------------------------------------------------------------------------------------


def parse_answer(question: Question, raw: Any) -> Answer | None:
    """A raw answer (string, bool, number or list of strings) as its typed value; None if empty."""
    if raw is None or raw == "" or raw == []:
        return None
    bad = HubError(ErrorCode.INVALID_ANSWER, f"「{question.text}」的答案无效", question.code)
    kind = question.kind
    if kind is QuestionKind.SINGLE:
        if raw not in {v for v, _ in question.options}:
            raise bad
        return str(raw)
    if kind is QuestionKind.MULTIPLE:
        items = raw if isinstance(raw, list | tuple) else [raw]
        known = {v for v, _ in question.options}
        if any(v not in known for v in items):
            raise bad
        return tuple(dict.fromkeys(str(v) for v in items))
    if kind is QuestionKind.YES_NO:
        mapping = {True: True, False: False, "true": True, "false": False, "yes": True, "no": False}
        if raw not in mapping:
            raise bad
        return mapping[raw]
    if kind is QuestionKind.NUMBER:
        try:
            number = float(raw)
        except (TypeError, ValueError) as e:
            raise bad from e
        if number != number or number in (float("inf"), float("-inf")):  # NaN or infinite
            raise bad
        return number
    try:
        day = date.fromisoformat(str(raw))
    except ValueError as e:
        raise HubError(ErrorCode.INVALID_ANSWER,
                       f"「{question.text}」须为日期（年-月-日）", question.code) from e
    if day > local_today():
        raise HubError(ErrorCode.INVALID_ANSWER, f"「{question.text}」不能晚于今天", question.code)
    return day


def _age_years(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def holds(cond: dict | None, answers: Mapping[str, Answer], today: date | None = None) -> bool:
    if cond is None:
        return True
    if "all" in cond:
        return all(_clause_holds(c, answers, today) for c in cond["all"])
    if "any" in cond:
        return any(_clause_holds(c, answers, today) for c in cond["any"])
    return _clause_holds(cond, answers, today)


def _clause_holds(clause: dict, answers: Mapping[str, Answer], today: date | None) -> bool:
    answer = answers.get(clause["q"])
    if answer is None:
        return False
    op = next(k for k in clause if k != "q")
    value = clause[op]
    if op == "is":
        return answer == value
    if op == "is_not":
        return answer != value
    if op == "in":
        return answer in value
    if op == "not_in":
        return answer not in value
    if op == "has":
        return isinstance(answer, tuple) and value in answer
    if op in NUMBER_OPS:
        assert isinstance(answer, float)
        compare = {"lt": answer < value, "lte": answer <= value, "gt": answer > value, "gte": answer >= value}
        return compare[op]
    assert isinstance(answer, date)
    today = today or local_today()
    if op == "age_lt_days":
        return (today - answer).days < value
    years = _age_years(answer, today)
    return years < value if op == "age_lt_years" else years >= value


def explain(cond: dict | None, questions: Mapping[str, Question]) -> str:
    """Why a condition holds, in Chinese: the reason printed on a checklist line."""
    if cond is None:
        return wording.EVERYONE
    clauses = cond.get("all") or cond.get("any") or [cond]
    joiner = "，且" if "all" in cond else "，或" if "any" in cond else ""
    return "因为" + joiner.join(_explain_clause(c, questions) for c in clauses)


def _explain_clause(clause: dict, questions: Mapping[str, Question]) -> str:
    q = questions[clause["q"]]
    op = next(k for k in clause if k != "q")
    value = clause[op]
    name = f"「{q.text}」"
    if q.kind is QuestionKind.YES_NO:
        return f"{name}答“{'是' if (value if op == 'is' else not value) else '否'}”"
    if op in ("is", "in"):
        labels = "或".join(f"「{q.label(v)}」" for v in (value if op == "in" else [value]))
        return f"{name}选择了{labels}"
    if op in ("is_not", "not_in"):
        labels = "、".join(f"「{q.label(v)}」" for v in (value if op == "not_in" else [value]))
        return f"{name}未选择{labels}"
    if op == "has":
        return f"{name}勾选了「{q.label(value)}」"
    if op in NUMBER_WORDS:
        return f"{name}{NUMBER_WORDS[op]} {value:g}"
    if op == "age_lt_days":
        return f"按{name}计算未满 {value} 天"
    return f"按{name}计算{'未满' if op == 'age_lt_years' else '已满'} {value} 周岁"


# --- the checklist ------------------------------------------------------------------------------


def tailor(
    questions: Sequence[Question],
    materials: Sequence[MaterialRule],
    raw_answers: Mapping[str, Any],
    licences: Mapping[str, str] | None = None,
    today: date | None = None,
) -> Checklist:
    """The tailored checklist for these answers.

    Answers to questions that the other answers hide are dropped (they are kept by the client,
    so changing an earlier answer back restores them); unknown question codes are an error.
    ``licences`` maps a licence type the applicant holds (valid today) to its display name.
    """
    by_code = {q.code: q for q in questions}
    unknown = [c for c in raw_answers if c not in by_code]
    if unknown:
        raise HubError(ErrorCode.UNKNOWN_QUESTION, f"该事项没有问题 {unknown[0]}", unknown[0])
    answers: dict[str, Answer] = {}
    visible: list[Question] = []
    missing: list[Question] = []
    for q in questions:  # in order: show_if only looks at earlier questions
        if not holds(q.show_if, answers, today):
            continue
        visible.append(q)
        parsed = parse_answer(q, raw_answers.get(q.code))
        if parsed is None:
            if q.required:
                missing.append(q)
        else:
            answers[q.code] = parsed
    checklist = Checklist(visible=visible, answers=answers, missing=missing)
    if missing:
        return checklist
    held = licences or {}
    for m in materials:
        if not holds(m.condition, answers, today):
            continue
        requirement = m.requirement
        reason = (wording.unconditional_reason(requirement) if m.condition is None
                  else wording.conditional_reason(explain(m.condition, by_code), requirement))
        if m.deferrable_if is not None and holds(m.deferrable_if, answers, today):
            requirement = MaterialRequirement.DEFERRABLE
            reason += f"；{explain(m.deferrable_if, by_code).removeprefix('因为')}时可容缺后补"
        satisfied = held.get(m.license_type) if m.license_type else None
        checklist.lines.append(
            ChecklistLine(
                material=m, requirement=requirement, reason=reason,
                satisfied_by=f"已关联电子证照：{satisfied}（无需携带）" if satisfied else None,
            )
        )
    return checklist


def require_complete(checklist: Checklist) -> None:
    if checklist.missing:
        q = checklist.missing[0]
        raise HubError(ErrorCode.INCOMPLETE, f"请回答「{q.text}」", q.code)
