"""Exam attempts and the QR flow (扫码考试).

1. ``open_session``: the staff member or their supervisor gets a signed, single-use link that
   expires after the exam's link time (shown as a QR code).
2. ``start``: the phone redeems the link; the paper is drawn and frozen on the attempt, the
   server sets the deadline, and the phone gets a session token.
3. ``save_answers`` while running, ``submit`` (or the deadline) grades per part once; passing
   every part issues a certificate in the same transaction.

Every state change is a compare-and-set UPDATE on ``status`` (SQLite ignores row locks), so a
link redeemed twice starts once and a paper submitted twice is graded once. ``now`` comes from
the caller.
"""

from __future__ import annotations

import hmac
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core.clock import local_date, local_text
from hub.core.errors import ErrorCode, HubError
from hub.core.models import Exam, ExamAttempt, ExamQuestion, Staff
from hub.core.models.enums import AttemptStatus
from hub.core.viewer import Viewer, require_viewer
from training import certificates, exams, papers
from training.access import require_candidate, require_staff_access
from training.links import ExamLinkSigner

ATTEMPT_FIELDS = (
    "id", "exam_id", "staff_id", "status", "seq", "link_expires_at", "created_at", "started_at",
    "deadline", "submitted_at", "timed_out", "result", "passed",
)
_system_random = random.SystemRandom()

LINK_USED = "该考试链接已使用过，不能重复进入；如需重考，请联系管理者重新生成二维码"
SUBMITTED = "本场考试已交卷，不能再作答或重复提交"
SESSION_INVALID = "考试会话无效，请使用扫码进入时的手机继续作答"


@dataclass(frozen=True)
class OpenedSession:
    attempt_id: int
    token: str
    expires_at: datetime
    exam: dict[str, Any]
    staff_name: str


async def open_session(
    viewer: Viewer | None, staff_id: int, exam_code: str, *, signer: ExamLinkSigner, now: datetime
) -> OpenedSession:
    v = require_viewer(viewer)
    staff = await require_staff_access(v, staff_id, "只能为本人开考；为他人开考需要管理者或系统管理员角色")
    require_candidate(staff)
    exam, parts = await exams.active_exam(exam_code)
    short = exams.shortages(parts, await exams.pool())
    if short:
        raise HubError(ErrorCode.NOT_ENOUGH_QUESTIONS, short[0], "examCode")
    await close_overdue(staff_id, now)
    may_start(await _history(staff_id, exam["id"]), exam, now)
    await certificates.require_not_certified(staff_id, exam, local_date(now))
    expires = now + timedelta(minutes=exam["link_valid_minutes"])
    attempt_id, nonce = await _issue_link(staff_id, exam["id"], v.staff_id, expires, now)
    return OpenedSession(attempt_id, signer.link(attempt_id, nonce, expires), expires, exam, staff["name"])


async def _issue_link(staff_id: int, exam_id: int, opened_by: int, expires: datetime,
                      now: datetime, tries: int = 3) -> tuple[int, str]:
    """One live link per person and exam: an earlier, unscanned QR code stops working. The
    partial unique index on ISSUED attempts (migration 0019) makes this hold when two openings
    race: the one that commits second fails on the index, and tries again, now cancelling the
    first one's link, as an opening a moment later would have."""
    for attempt_no in range(tries):
        nonce = secrets.token_urlsafe(16)
        try:
            async with in_transaction():
                await ExamAttempt.filter(staff_id=staff_id, exam_id=exam_id,
                                         status=AttemptStatus.ISSUED).update(status=AttemptStatus.CANCELLED)
                attempt = await ExamAttempt.create(
                    exam_id=exam_id, staff_id=staff_id, opened_by_id=opened_by, link_nonce=nonce,
                    link_expires_at=expires, created_at=now,
                )
            return attempt.id, nonce
        except IntegrityError:
            if attempt_no == tries - 1:
                raise HubError(ErrorCode.IN_PROGRESS,
                               "正在为该人员生成这场考试的二维码，请稍后重试") from None
    raise AssertionError("unreachable")


def may_start(history: list[dict[str, Any]], exam: dict[str, Any], now: datetime) -> None:
    """Refuse a new attempt while one runs, when the attempts since the last pass are used up,
    or during the cool-down after a failed one."""
    running = [a for a in history if a["status"] == AttemptStatus.RUNNING]
    if running:
        raise HubError(ErrorCode.IN_PROGRESS,
                       f"已有一场考试正在进行（{local_text(running[0]['deadline'])} 截止），"
                       "请在已扫码的手机上继续作答")
    started = [a for a in history if a["seq"] is not None]
    last_pass = max((a["seq"] for a in started if a["passed"]), default=0)
    failed = sorted((a for a in started if a["seq"] > last_pass), key=lambda a: a["seq"])
    if len(failed) >= exam["max_attempts"]:
        raise HubError(ErrorCode.ATTEMPTS_EXHAUSTED,
                       f"「{exam['title']}」已考 {len(failed)} 次未通过，已达允许的 "
                       f"{exam['max_attempts']} 次，请参加培训后联系管理者")
    if failed and exam["cooldown_minutes"]:
        until = failed[-1]["submitted_at"] + timedelta(minutes=exam["cooldown_minutes"])
        if now < until:
            raise HubError(ErrorCode.COOLING_DOWN,
                           f"距上次考试结束未满 {exam['cooldown_minutes']} 分钟，"
                           f"请于 {local_text(until)} 后再试")


async def _history(staff_id: int, exam_id: int) -> list[dict[str, Any]]:
    return await ExamAttempt.filter(staff_id=staff_id, exam_id=exam_id).values(*ATTEMPT_FIELDS)


async def _unused_link(token: str, signer: ExamLinkSigner, now: datetime) -> ExamAttempt:
    """The attempt of a link that may still be redeemed, or the Chinese reason why not."""
    claims = signer.read_link(token)
    attempt = await ExamAttempt.get_or_none(id=claims.attempt_id) if claims else None
    if claims is None or attempt is None or not hmac.compare_digest(attempt.link_nonce, claims.nonce):
        raise HubError(ErrorCode.LINK_INVALID, "考试链接无效，请扫描管理者提供的二维码")
    if attempt.status == AttemptStatus.CANCELLED:
        raise HubError(ErrorCode.LINK_INVALID,
                       "该考试链接已作废（之后又生成了新的二维码），请扫描最新的二维码")
    if attempt.status != AttemptStatus.ISSUED:
        raise HubError(ErrorCode.LINK_USED, LINK_USED)
    if now >= attempt.link_expires_at or now.timestamp() >= claims.expires:
        raise HubError(ErrorCode.LINK_EXPIRED,
                       f"该考试链接已于 {local_text(attempt.link_expires_at)} 过期，"
                       "请联系管理者重新生成二维码")
    return attempt


def masked_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 11 else ("****" if phone else "")


async def preview(token: str, *, signer: ExamLinkSigner, now: datetime) -> dict[str, Any]:
    """What the start screen shows before the timer runs: who the link is for and the rules.
    Reading it redeems nothing; only ``start`` (确认身份，开始考试) draws the paper and sets
    the deadline."""
    attempt = await _unused_link(token, signer, now)
    exam, parts = await exams.active_exam_by_id(attempt.exam_id)
    staff = await Staff.filter(id=attempt.staff_id).values(
        "name", "username", "phone", "service_point__name")
    return {
        "exam": exam, "parts": parts, "link_expires_at": attempt.link_expires_at,
        "name": staff[0]["name"], "username": staff[0]["username"],
        "masked_phone": masked_phone(staff[0]["phone"]), "service_point": staff[0]["service_point__name"],
    }


async def start(
    token: str, *, signer: ExamLinkSigner, now: datetime, rng: random.Random | None = None
) -> tuple[str, int]:
    """Redeem a link: (session token, attempt id). The first redemption wins, once."""
    attempt = await _unused_link(token, signer, now)
    exam, parts = await exams.active_exam_by_id(attempt.exam_id)
    await close_overdue(attempt.staff_id, now)
    history = await _history(attempt.staff_id, attempt.exam_id)
    if any(a["id"] == attempt.id and a["status"] != AttemptStatus.ISSUED for a in history):
        raise HubError(ErrorCode.LINK_USED, LINK_USED)  # redeemed by a racing scan since we read it
    may_start(history, exam, now)
    await certificates.require_not_certified(attempt.staff_id, exam, local_date(now))
    rng = rng or _system_random
    chosen = papers.choose(parts, await exams.pool(), rng)
    ids = [qid for part in chosen for qid in part]
    rows = {r["id"]: r for r in await ExamQuestion.filter(id__in=ids).values()}
    paper = papers.freeze(parts, chosen, rows, rng)
    session = secrets.token_urlsafe(16)
    seq = max((a["seq"] or 0 for a in history), default=0) + 1
    try:
        changed = await ExamAttempt.filter(id=attempt.id, status=AttemptStatus.ISSUED).update(
            status=AttemptStatus.RUNNING, seq=seq, started_at=now, session_nonce=session, paper=paper,
            deadline=now + timedelta(minutes=exam["time_limit_minutes"]),
        )
    except IntegrityError:  # another link of the same person started this very moment
        raise HubError(ErrorCode.IN_PROGRESS, "已有一场考试刚刚开始，本链接不能再使用") from None
    if not changed:
        raise HubError(ErrorCode.LINK_USED, LINK_USED)
    return signer.session(attempt.id, session), attempt.id


async def by_session(token: str, signer: ExamLinkSigner) -> ExamAttempt:
    claims = signer.read_session(token)
    attempt = await ExamAttempt.get_or_none(id=claims.attempt_id) if claims else None
    if claims is None or attempt is None or attempt.session_nonce is None or not hmac.compare_digest(
        attempt.session_nonce, claims.nonce
    ):
        raise HubError(ErrorCode.SESSION_INVALID, SESSION_INVALID)
    return attempt


async def save_answers(
    token: str, answers: list[tuple[int, list[str]]], *, signer: ExamLinkSigner, now: datetime
) -> int:
    """Merge answers into the running attempt; the seconds left."""
    attempt = await _running(token, signer, now)
    merged = {**attempt.answers, **papers.check_answers(attempt.paper, answers)}
    changed = await ExamAttempt.filter(
        id=attempt.id, status=AttemptStatus.RUNNING, deadline__gt=now
    ).update(answers=merged)
    if not changed:  # submitted or timed out meanwhile
        raise HubError(ErrorCode.ALREADY_SUBMITTED, SUBMITTED)
    assert attempt.deadline is not None
    return int((attempt.deadline - now).total_seconds())


async def _running(token: str, signer: ExamLinkSigner, now: datetime) -> ExamAttempt:
    attempt = await by_session(token, signer)
    if attempt.status == AttemptStatus.SUBMITTED:
        raise HubError(ErrorCode.ALREADY_SUBMITTED, SUBMITTED)
    if attempt.status != AttemptStatus.RUNNING:
        raise HubError(ErrorCode.SESSION_INVALID, SESSION_INVALID)
    assert attempt.deadline is not None
    if now >= attempt.deadline:
        await close(attempt, attempt.answers, attempt.deadline, timed_out=True, quiet=True)
        raise HubError(ErrorCode.TIME_UP, "考试时间已到，已按已保存的答案自动交卷，不能再作答")
    return attempt


async def submit(
    token: str, answers: list[tuple[int, list[str]]] | None, *, signer: ExamLinkSigner, now: datetime
) -> int:
    """Hand in (answers given here are saved first). After the deadline only the answers saved
    in time count: the attempt is closed as timed out."""
    attempt = await by_session(token, signer)
    if attempt.status == AttemptStatus.SUBMITTED:
        raise HubError(ErrorCode.ALREADY_SUBMITTED, SUBMITTED)
    if attempt.status != AttemptStatus.RUNNING or attempt.deadline is None:
        raise HubError(ErrorCode.SESSION_INVALID, SESSION_INVALID)
    if now >= attempt.deadline:
        await close(attempt, attempt.answers, attempt.deadline, timed_out=True)
        return attempt.id
    final = {**attempt.answers, **papers.check_answers(attempt.paper, answers or [])}
    await close(attempt, final, now, timed_out=False)
    return attempt.id


async def close(
    attempt: ExamAttempt, answers: dict[str, list[str]], ended: datetime, *, timed_out: bool,
    quiet: bool = False,
) -> None:
    """Grade and close a running attempt, once. ``quiet``: someone else closing it first is fine."""
    result = papers.grade(attempt.paper, answers)
    async with in_transaction():
        changed = await ExamAttempt.filter(id=attempt.id, status=AttemptStatus.RUNNING).update(
            status=AttemptStatus.SUBMITTED, submitted_at=ended, timed_out=timed_out, answers=answers,
            result=result, passed=result["passed"],
        )
        if not changed:
            if quiet:
                return
            raise HubError(ErrorCode.ALREADY_SUBMITTED, SUBMITTED)
        if result["passed"]:
            await certificates.issue(attempt.staff_id, attempt.exam_id, attempt.id, local_date(ended))


async def close_overdue(staff_id: int, now: datetime) -> None:
    """Grade the staff member's attempts whose time ran out with nobody submitting them."""
    for attempt in await ExamAttempt.filter(
        staff_id=staff_id, status=AttemptStatus.RUNNING, deadline__lte=now
    ):
        assert attempt.deadline is not None
        await close(attempt, attempt.answers, attempt.deadline, timed_out=True, quiet=True)


async def paper_view(token: str, *, signer: ExamLinkSigner, now: datetime) -> dict[str, Any]:
    """What the phone shows: the questions, the saved answers and the time left; after
    submission the result, the correct answers and their explanations as well."""
    attempt = await by_session(token, signer)
    if attempt.status == AttemptStatus.RUNNING and attempt.deadline and now >= attempt.deadline:
        await close(attempt, attempt.answers, attempt.deadline, timed_out=True, quiet=True)
        attempt = await by_session(token, signer)
    return await _view(attempt, now)


async def _view(attempt: ExamAttempt, now: datetime) -> dict[str, Any]:
    exam = await Exam.get(id=attempt.exam_id).values("title")
    staff = await Staff.get(id=attempt.staff_id).values("name")
    assert attempt.deadline is not None
    view: dict[str, Any] = {
        "attempt_id": attempt.id, "exam_title": exam["title"], "candidate": staff["name"],
        "status": attempt.status, "started_at": attempt.started_at, "deadline": attempt.deadline,
        "server_time": now, "parts": attempt.paper["parts"],
        "remaining_seconds": max(0, int((attempt.deadline - now).total_seconds()))
        if attempt.status == AttemptStatus.RUNNING else 0,
        "questions": papers.for_phone(attempt.paper, attempt.answers), "result": None,
    }
    if attempt.status == AttemptStatus.SUBMITTED and attempt.result is not None:
        cert = await certificates.of_attempt(attempt.id)
        names = await certificates.department_names() if cert else {}
        view["result"] = {
            "passed": attempt.passed, "timed_out": attempt.timed_out, "submitted_at": attempt.submitted_at,
            "parts": attempt.result["parts"],
            "review": papers.review(attempt.paper, attempt.answers, attempt.result),
            "certificate": certificates.public_view(cert, local_date(now), names) if cert else None,
        }
    return view


async def history_of(
    viewer: Viewer | None, staff_id: int, exam_code: str | None, now: datetime
) -> list[dict[str, Any]]:
    """A staff member's attempts, newest first (scores per part, never the paper)."""
    await require_staff_access(viewer, staff_id, "只能查看本人或管辖范围内人员的考试记录")
    await close_overdue(staff_id, now)
    qs = ExamAttempt.filter(staff_id=staff_id)
    if exam_code:
        qs = qs.filter(exam__code=exam_code)
    return await qs.order_by("-id").values(*ATTEMPT_FIELDS, exam_title="exam__title")
