"""Demo training data for `python -m hub seed`: the question bank (demo_bank.json), the exam
综合窗口人员上岗考试 and 综合出件窗口人员上岗考试, and a certificate for the demo front-desk and
issuance-window accounts. Idempotent."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

from hub.core.clock import one_year_later
from hub.core.models import Certificate, Department, Exam, Staff
from hub.core.models.enums import QuestionCategory
from training import bank, exams

BANK_FILE = Path(__file__).with_name("demo_bank.json")
DEMO_EXAM_CODE = "FRONT_DESK"
DEMO_CERTIFICATE = "DEMO-0000-0001"  # held by qiantai (李晓敏), so the demo counter may serve
ISSUER_EXAM_CODE = "ISSUER"
ISSUER_CERTIFICATE = "DEMO-0000-0002"  # held by chujian (赵丽), so the demo issuance window may serve
# The issuers of the other issuance windows (hub.demo.load.ISSUERS): DEMO-0000-0101 …
STREET_ISSUER_CERTIFICATE = "DEMO-0000-{:04d}"


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


def issuer_exam(departments: list[str]) -> exams.ExamSpec:
    return exams.ExamSpec(
        code=ISSUER_EXAM_CODE, title="综合出件窗口人员上岗考试",
        description="出件核验、代领委托、快递与网格员送达、好差评与整改；两部分均达到 80 分方可持证上岗。",
        time_limit_minutes=30, max_attempts=3, cooldown_minutes=60, link_valid_minutes=15,
        scope_categories=["ISSUANCE"], scope_departments=departments,
        parts=[
            exams.PartSpec("业务知识", QuestionCategory.BUSINESS, None, [], 20, 80),
            exams.PartSpec("系统操作", QuestionCategory.SYSTEM, None, [], 10, 80),
        ],
    )


async def _demo_certificate(stats: Counter, today: date, username: str, code: str,
                            exam_code: str) -> None:
    holder = await Staff.get_or_none(username=username)
    if holder and not await Certificate.exists(code=code):
        exam = await Exam.get(code=exam_code)
        await Certificate.create(
            code=code, staff=holder, exam=exam, holder_name=holder.name,
            exam_title=exam.title, scope_categories=exam.scope_categories,
            scope_departments=exam.scope_departments, issued_on=today, valid_until=one_year_later(today),
        )
        stats["Certificate+"] += 1


async def load_training(stats: Counter, today: date, issuers: tuple[str, ...] = ()) -> None:
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
    for spec in (demo_exam(departments), issuer_exam(departments)):
        before = await exams.exam_row(spec.code)
        after = await exams.apply_exam(spec)
        if before != after:
            stats["Exam+" if before is None else "Exam~"] += 1
    await _demo_certificate(stats, today, "qiantai", DEMO_CERTIFICATE, DEMO_EXAM_CODE)
    await _demo_certificate(stats, today, "chujian", ISSUER_CERTIFICATE, ISSUER_EXAM_CODE)
    for n, username in enumerate(issuers, start=101):
        await _demo_certificate(stats, today, username, STREET_ISSUER_CERTIFICATE.format(n), ISSUER_EXAM_CODE)


DEMO_HOURS_POINT = "330106"  # 西湖区: every centre below it inherits these hours
DEMO_COURSE = "YCSL-101"
DEMO_COURSE_TEXT = """## 一窗受理是什么

前台综合受理、后台分类审批、统一窗口出件。任一综合窗口受理所有事项，按责转办后台部门。

## 窗口服务要点

1. **亮证上岗**：持上岗证方可在综合窗口签到服务。
2. **一次告知**：按定制办事清单收件，缺什么一次说清，容缺材料可后补。
3. **首问负责**：答不上来时“窗口吹哨”，后台专家实时报到。
4. **好差评**：每一件都请办事群众评价，差评当日整改。

## 考勤

上班时扫描大厅屏幕上的考勤二维码签到，下班时签退；营业时间为周一至周五 09:00–12:00、13:30–17:00。
"""


async def load_learning(stats: Counter) -> None:
    """The demo opening hours (周一至周五 09:00–12:00、13:30–17:00 at 西湖区) and one course."""
    from hub.core.models import Course, CourseMaterial, OpeningHours, ServicePoint
    from hub.core.models.enums import MaterialKind
    from resolvers.attendance.hours import DEFAULT_WEEKLY

    point = await ServicePoint.get_or_none(code=DEMO_HOURS_POINT)
    if point and not await OpeningHours.exists(service_point_id=point.id):
        await OpeningHours.create(service_point_id=point.id, weekly=DEFAULT_WEEKLY, grace_minutes=0)
        stats["OpeningHours+"] += 1
    if not await Course.exists(code=DEMO_COURSE):
        course = await Course.create(code=DEMO_COURSE, title="一窗受理综合窗口服务规范",
                                     summary="综合窗口人员岗前必学：一窗受理流程、服务规范与考勤要求。",
                                     published=True)
        await CourseMaterial.create(course_id=course.id, sort=0, kind=MaterialKind.TEXT, title="服务规范",
                                    text=DEMO_COURSE_TEXT, markdown=True)
        stats["Course+"] += 1
