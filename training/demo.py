"""Demo training data for `python -m hub seed`: the question bank (demo_bank.json), the exam
综合窗口人员上岗考试 and a certificate for the demo front-desk account. Idempotent."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

from hub.models import Certificate, Department, Exam, Staff
from hub.models.enums import QuestionCategory
from training import bank, exams
from training.clock import one_year_later

BANK_FILE = Path(__file__).with_name("demo_bank.json")
DEMO_EXAM_CODE = "FRONT_DESK"
DEMO_CERTIFICATE = "DEMO-0000-0001"  # held by qiantai (李晓敏), so the demo counter may serve


def demo_exam(departments: list[str]) -> exams.ExamSpec:
    return exams.ExamSpec(
        code=DEMO_EXAM_CODE, title="综合窗口人员上岗考试",
        description="业务知识与系统操作两部分，均达到 80 分方可持证上岗；手机扫码答题，限时 30 分钟。",
        time_limit_minutes=30, max_attempts=3, cooldown_minutes=60, link_valid_minutes=15,
        scope_categories=["INTAKE"], scope_departments=departments,
        parts=[
            exams.PartSpec("业务知识", QuestionCategory.BUSINESS, None, [], 20, 80),
            exams.PartSpec("系统操作", QuestionCategory.SYSTEM, None, [], 10, 80),
        ],
    )


async def load_training(stats: Counter, today: date) -> None:
    documents = json.loads(BANK_FILE.read_text(encoding="utf-8"))["questions"]
    try:
        result = await bank.apply_bank(documents)
    except bank.BankInvalid as e:
        raise ValueError("演示题库有误：\n" + "\n".join(p.message for p in e.problems)) from e
    if result.created:
        stats["ExamQuestion+"] += len(result.created)
    if result.updated:
        stats["ExamQuestion~"] += len(result.updated)
    codes = await Department.all().order_by("sort", "code").values_list("code", flat=True)
    departments = [str(c) for c in codes]
    before = await exams.exam_row(DEMO_EXAM_CODE)
    after = await exams.apply_exam(demo_exam(departments))
    if before != after:
        stats["Exam+" if before is None else "Exam~"] += 1
    holder = await Staff.get_or_none(username="qiantai")
    if holder and not await Certificate.exists(code=DEMO_CERTIFICATE):
        exam = await Exam.get(code=DEMO_EXAM_CODE)
        await Certificate.create(
            code=DEMO_CERTIFICATE, staff=holder, exam=exam, holder_name=holder.name,
            exam_title=exam.title, scope_categories=exam.scope_categories,
            scope_departments=exam.scope_departments, issued_on=today, valid_until=one_year_later(today),
        )
        stats["Certificate+"] += 1
