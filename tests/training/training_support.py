"""Helpers for the training tests: a small exam, viewers, a frozen clock, answer sheets."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime
from typing import Any

from hub.core.models import ExamAttempt, Staff
from hub.core.models.enums import QuestionCategory
from hub.core.security import TokenClaims
from hub.core.viewer import Viewer
from resolvers.staff.actions import load_viewer
from tests.conftest import TEST_SECRET
from training import attempts, exams
from training.links import ExamLinkSigner
from training.papers import LETTERS

SIGNER = ExamLinkSigner(TEST_SECRET)
# 10:00 in Shanghai; every rule takes its time from the test.
T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
SMALL = "SMALL"


async def small_exam(**overrides: Any) -> dict[str, Any]:
    """业务知识 4 medical-insurance questions and 系统操作 3, 75 % each, 10 minutes, 2 attempts,
    a 60-minute cool-down."""
    spec = exams.ExamSpec(
        code=SMALL,
        title="医保综合窗口上岗考试",
        description="",
        time_limit_minutes=10,
        max_attempts=2,
        cooldown_minutes=60,
        link_valid_minutes=15,
        scope_categories=["INTAKE"],
        scope_departments=["YB"],
        parts=[
            exams.PartSpec("业务知识", QuestionCategory.BUSINESS, "YB", [], 4, 75),
            exams.PartSpec("系统操作", QuestionCategory.SYSTEM, None, ["叫号", "受理", "补件"], 3, 75),
        ],
    )
    return await exams.apply_exam(dataclasses.replace(spec, **overrides))


async def viewer_of(staff: Staff | str) -> Viewer:
    if isinstance(staff, str):
        staff = await Staff.get(username=staff)
    viewer = await load_viewer(TokenClaims(staff.id, staff.token_version))
    assert viewer is not None
    return viewer


async def open_and_start(
    candidate: Staff, now: datetime = T0, *, by: Staff | None = None, seed: int = 7, exam: str = SMALL
) -> tuple[str, int]:
    opened = await attempts.open_session(
        await viewer_of(by or candidate), candidate.id, exam, signer=SIGNER, now=now
    )
    return await attempts.start(opened.token, signer=SIGNER, now=now, rng=random.Random(seed))


def sheet(paper: dict[str, Any], right: int | None = None) -> list[tuple[int, list[str]]]:
    """Answers in the letters the phone shows: the first ``right`` questions correct (all when
    None), the rest wrong."""
    out = []
    for i, q in enumerate(paper["questions"]):
        correct = [LETTERS[j] for j, o in enumerate(q["options"]) if o["key"] in q["answer"]]
        if right is not None and i >= right:
            wrong = [LETTERS[j] for j, o in enumerate(q["options"]) if o["key"] not in q["answer"]]
            correct = wrong[:1]
        out.append((i, correct))
    return out


async def stored_paper(attempt_id: int) -> dict[str, Any]:
    return (await ExamAttempt.get(id=attempt_id)).paper
