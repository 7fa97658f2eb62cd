"""Exam papers, pure: the random draw frozen on the attempt, what the phone may see, answer
checking, and grading per part.

A paper is ``{"parts": [...], "questions": [...]}``. Parts keep their name and pass mark as they
were when drawn; each question keeps its text, its options in the shuffled order shown, the
correct option keys and the explanation. The phone sees options lettered A, B, C … in that
order, so "the answer is B" passed between colleagues is worthless, and it answers in those
letters; grading maps them back to option keys.
"""

from __future__ import annotations

import random
from typing import Any

from hub.core.errors import ErrorCode, HubError
from hub.core.models.enums import EXAM_QUESTION_TYPE_LABELS, ExamQuestionType
from training.exams import eligible, shortages

LETTERS = "ABCDEFGH"
Paper = dict[str, Any]


def choose(parts: list[dict[str, Any]], pool: list[dict[str, Any]], rng: random.Random) -> list[list[int]]:
    """Question ids per part, in the order they will be asked; no question twice in a paper."""
    short = shortages(parts, pool)
    if short:
        raise HubError(ErrorCode.NOT_ENOUGH_QUESTIONS, short[0])
    used: set[int] = set()
    chosen = []
    for part in parts:
        fits = [q["id"] for q in pool if q["id"] not in used and eligible(part, q)]
        ids = rng.sample(fits, part["question_count"])  # random subset in random order
        used.update(ids)
        chosen.append(ids)
    return chosen


def freeze(
    parts: list[dict[str, Any]], chosen: list[list[int]], rows: dict[int, dict[str, Any]], rng: random.Random
) -> Paper:
    questions = []
    for index, ids in enumerate(chosen):
        for qid in ids:
            q = rows[qid]
            options = [dict(o) for o in q["options"]]
            if q["type"] != ExamQuestionType.TRUE_FALSE:  # 正确 before 错误, always
                rng.shuffle(options)
            questions.append({
                "question_id": qid, "code": q["code"], "part": index, "type": str(q["type"]),
                "text": q["text"], "options": options, "answer": list(q["answer"]),
                "explanation": q["explanation"],
            })
    frozen_parts = [
        {"name": p["name"], "category": str(p["category"]), "pass_percent": p["pass_percent"],
         "question_count": p["question_count"]}
        for p in parts
    ]
    return {"parts": frozen_parts, "questions": questions}


def for_phone(paper: Paper, answers: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The questions without answers or explanations: all the phone gets before submission."""
    return [
        {
            "index": i, "part": paper["parts"][q["part"]]["name"], "type": q["type"],
            "type_label": EXAM_QUESTION_TYPE_LABELS[ExamQuestionType(q["type"])], "text": q["text"],
            "options": [{"key": LETTERS[j], "text": o["text"]} for j, o in enumerate(q["options"])],
            "chosen": answers.get(str(i), []),
        }
        for i, q in enumerate(paper["questions"])
    ]


def check_answers(paper: Paper, answers: list[tuple[int, list[str]]]) -> dict[str, list[str]]:
    """Answers keyed by question index, in letters; every problem listed in one message."""
    questions = paper["questions"]
    problems: list[str] = []
    checked: dict[str, list[str]] = {}
    for index, choices in answers:
        if not 0 <= index < len(questions):
            problems.append(f"第 {index + 1} 题不存在")
            continue
        q = questions[index]
        letters = sorted(set(choices))
        invalid = [c for c in letters if c not in LETTERS[: len(q["options"])]]
        if invalid:
            problems.append(f"第 {index + 1} 题没有选项 {'、'.join(invalid)}")
        elif q["type"] != ExamQuestionType.MULTIPLE and len(letters) > 1:
            label = EXAM_QUESTION_TYPE_LABELS[ExamQuestionType(q["type"])]
            problems.append(f"第 {index + 1} 题是{label}，只能选一个选项")
        else:
            checked[str(index)] = letters
    if problems:
        raise HubError(ErrorCode.INVALID, "；".join(problems), "answers")
    return checked


def _correct_letters(q: dict[str, Any]) -> list[str]:
    return [LETTERS[j] for j, o in enumerate(q["options"]) if o["key"] in q["answer"]]


def grade(paper: Paper, answers: dict[str, list[str]]) -> dict[str, Any]:
    """Per part: correct / total against the pass mark (a multiple choice counts only when
    exactly right). The exam is passed when every part is."""
    per_part = [{"correct": 0, "total": 0} for _ in paper["parts"]]
    marks = []
    for i, q in enumerate(paper["questions"]):
        ok = sorted(answers.get(str(i), [])) == _correct_letters(q)
        marks.append(ok)
        per_part[q["part"]]["total"] += 1
        per_part[q["part"]]["correct"] += ok
    parts = []
    for part, count in zip(paper["parts"], per_part, strict=True):
        total, correct = count["total"], count["correct"]
        parts.append({
            "name": part["name"], "correct": correct, "total": total,
            "percent": round(100 * correct / total, 1) if total else 0.0,
            "pass_percent": part["pass_percent"],
            # Integer comparison: 16 of 20 meets an 80 % mark without float rounding doubts.
            "passed": total > 0 and 100 * correct >= part["pass_percent"] * total,
        })
    return {"passed": all(p["passed"] for p in parts), "parts": parts, "marks": marks}


def review(paper: Paper, answers: dict[str, list[str]], result: dict[str, Any]) -> list[dict[str, Any]]:
    """After submission only: each question with the chosen and correct letters and why."""
    shown = for_phone(paper, answers)
    for item, q, ok in zip(shown, paper["questions"], result["marks"], strict=True):
        item.update(answer=_correct_letters(q), correct=ok, explanation=q["explanation"])
    return shown
