"""The exam rules with a frozen clock: frozen draw and order, server-side deadline, single-use
links, no replay, attempt limit, cool-down, compare-and-set grading."""

import asyncio
import random
from datetime import timedelta

import pytest

from hub.core.errors import HubError
from hub.core.models import Certificate, ExamAttempt, ExamQuestion
from hub.core.models.enums import AttemptStatus, Role
from tests.factories import make_staff
from tests.training.training_support import (
    SIGNER,
    T0,
    open_and_start,
    sheet,
    small_exam,
    stored_paper,
    viewer_of,
)
from training import attempts, papers

pytestmark = pytest.mark.both_databases


async def _code(coro) -> HubError:
    with pytest.raises(HubError) as caught:
        await coro
    return caught.value


async def test_the_draw_is_frozen_on_the_attempt_with_shuffled_options(database):
    # given a candidate who scanned the link
    await small_exam()
    staff = await make_staff("kaosheng1", Role.FRONT_DESK)
    session, attempt_id = await open_and_start(staff)
    paper = await stored_paper(attempt_id)
    first = await attempts.paper_view(session, signer=SIGNER, now=T0)
    # when the bank is edited and the paper is fetched again
    await ExamQuestion.filter(id__in=[q["question_id"] for q in paper["questions"]]).update(text="改过的题干")
    again = await attempts.paper_view(session, signer=SIGNER, now=T0 + timedelta(minutes=1))
    # then the same questions come back in the same order, with the same options, unedited
    assert [q["text"] for q in again["questions"]] == [q["text"] for q in first["questions"]]
    assert "改过的题干" not in {q["text"] for q in again["questions"]}
    assert [q["options"] for q in again["questions"]] == [q["options"] for q in first["questions"]]
    assert [p["name"] for p in paper["parts"]] == ["业务知识", "系统操作"]
    assert [q["part"] for q in paper["questions"]] == [0, 0, 0, 0, 1, 1, 1]
    # and the options are shown as A, B, C … in an order that is not the bank's for some question
    bank = {q.id: [o["key"] for o in q.options] for q in await ExamQuestion.all()}
    shown = [[o["key"] for o in q["options"]] for q in paper["questions"]]
    assert any(order != bank[q["question_id"]] for order, q in zip(shown, paper["questions"], strict=True))
    assert all(o["key"] in "ABCDEFGH" for q in first["questions"] for o in q["options"])


async def test_two_candidates_get_different_draws(database):
    await small_exam()
    a = await make_staff("kaosheng2", Role.FRONT_DESK)
    b = await make_staff("kaosheng3", Role.FRONT_DESK)
    _, first = await open_and_start(a, seed=1)
    _, second = await open_and_start(b, seed=2)
    ids = [[q["question_id"] for q in (await stored_paper(x))["questions"]] for x in (first, second)]
    assert ids[0] != ids[1]


async def test_the_phone_never_sees_answers_or_explanations_before_submission(database):
    await small_exam()
    staff = await make_staff("kaosheng4", Role.FRONT_DESK)
    session, attempt_id = await open_and_start(staff)
    view = await attempts.paper_view(session, signer=SIGNER, now=T0)
    secret = await stored_paper(attempt_id)
    assert view["result"] is None
    for shown in view["questions"]:
        assert set(shown) == {"index", "part", "type", "type_label", "text", "options", "chosen"}
    text = repr(view)
    assert all(q["explanation"] not in text for q in secret["questions"])


async def test_the_link_is_single_use(database):
    # given an opened link, redeemed once
    await small_exam()
    staff = await make_staff("kaosheng5", Role.FRONT_DESK)
    opened = await attempts.open_session(await viewer_of(staff), staff.id, "SMALL", signer=SIGNER, now=T0)
    await attempts.start(opened.token, signer=SIGNER, now=T0)
    # when it is redeemed again (the same phone reloading, or a colleague with a photo of it)
    error = await _code(attempts.start(opened.token, signer=SIGNER, now=T0 + timedelta(seconds=5)))
    # then it is refused in Chinese
    assert error.code == "LINK_USED" and "不能重复进入" in error.message


async def test_two_phones_racing_on_one_link_start_one_attempt(database):
    await small_exam()
    staff = await make_staff("kaosheng6", Role.FRONT_DESK)
    opened = await attempts.open_session(await viewer_of(staff), staff.id, "SMALL", signer=SIGNER, now=T0)
    results = await asyncio.gather(
        *(attempts.start(opened.token, signer=SIGNER, now=T0) for _ in range(2)), return_exceptions=True
    )
    wins = [r for r in results if not isinstance(r, Exception)]
    losses = [r for r in results if isinstance(r, HubError)]
    assert len(wins) == 1 and len(losses) == 1 and losses[0].code == "LINK_USED"
    assert await ExamAttempt.filter(staff_id=staff.id, status=AttemptStatus.RUNNING).count() == 1


async def test_one_link_scanned_by_two_phones_at_once_starts_one_attempt(database):
    # given one live link (a second live link of the same person and exam cannot exist: the
    # partial unique index of migration 0019, raced in test_exam_link_race.py)
    await small_exam()
    staff = await make_staff("kaosheng15", Role.FRONT_DESK)
    link = await attempts.open_session(await viewer_of(staff), staff.id, "SMALL", signer=SIGNER, now=T0)
    # when two phones scan it at the same moment, then one attempt runs and the other scan is told
    results = await asyncio.gather(
        *(attempts.start(link.token, signer=SIGNER, now=T0) for _ in range(2)), return_exceptions=True
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert [r.code for r in results if isinstance(r, HubError)] == ["LINK_USED"]
    assert await ExamAttempt.filter(staff_id=staff.id, status=AttemptStatus.RUNNING).count() == 1


async def test_an_expired_or_tampered_or_superseded_link_is_refused(database):
    await small_exam()
    staff = await make_staff("kaosheng7", Role.FRONT_DESK)
    viewer = await viewer_of(staff)
    old = await attempts.open_session(viewer, staff.id, "SMALL", signer=SIGNER, now=T0)
    late = T0 + timedelta(minutes=15)
    expired = await _code(attempts.start(old.token, signer=SIGNER, now=late))
    assert expired.code == "LINK_EXPIRED" and "已于 2026-11-23 10:15 过期" in expired.message
    tampered = await _code(attempts.start(old.token[:-3] + "xyz", signer=SIGNER, now=T0))
    assert tampered.code == "LINK_INVALID"
    new = await attempts.open_session(viewer, staff.id, "SMALL", signer=SIGNER, now=late)
    superseded = await _code(attempts.start(old.token, signer=SIGNER, now=late))
    assert superseded.code == "LINK_INVALID" and "作废" in superseded.message
    assert await attempts.start(new.token, signer=SIGNER, now=late)


async def test_the_server_keeps_the_deadline(database):
    # given a running 10-minute attempt with two answers saved in time
    await small_exam()
    staff = await make_staff("kaosheng8", Role.FRONT_DESK)
    session, attempt_id = await open_and_start(staff)
    right = sheet(await stored_paper(attempt_id))
    assert await attempts.save_answers(session, right[:2], signer=SIGNER, now=T0 + timedelta(minutes=9)) == 60
    # when the phone tries to save after the deadline
    deadline = T0 + timedelta(minutes=10)
    error = await _code(attempts.save_answers(session, right[2:], signer=SIGNER, now=deadline))
    # then it is refused, the attempt is closed as timed out and only the saved answers count
    assert error.code == "TIME_UP"
    attempt = await ExamAttempt.get(id=attempt_id)
    assert (
        attempt.status == AttemptStatus.SUBMITTED and attempt.timed_out and attempt.submitted_at == deadline
    )
    assert attempt.result["parts"][0]["correct"] == 2 and attempt.passed is False
    # and a late submit cannot add answers or grade again
    late = await _code(attempts.submit(session, right, signer=SIGNER, now=deadline + timedelta(seconds=1)))
    assert late.code == "ALREADY_SUBMITTED"


async def test_a_submit_after_the_deadline_grades_only_what_was_saved_in_time(database):
    await small_exam()
    staff = await make_staff("kaosheng9", Role.FRONT_DESK)
    session, attempt_id = await open_and_start(staff)
    right = sheet(await stored_paper(attempt_id))
    await attempts.submit(session, right, signer=SIGNER, now=T0 + timedelta(minutes=11))
    attempt = await ExamAttempt.get(id=attempt_id)
    assert attempt.timed_out and attempt.passed is False and attempt.answers == {}
    assert not await Certificate.exists(staff_id=staff.id)


async def test_no_replay_after_submission(database):
    # given a submitted attempt
    await small_exam()
    staff = await make_staff("kaosheng10", Role.FRONT_DESK)
    opened = await attempts.open_session(await viewer_of(staff), staff.id, "SMALL", signer=SIGNER, now=T0)
    session, attempt_id = await attempts.start(opened.token, signer=SIGNER, now=T0)
    right = sheet(await stored_paper(attempt_id))
    await attempts.submit(session, right, signer=SIGNER, now=T0 + timedelta(minutes=3))
    # then answering, submitting and rescanning are all refused
    later = T0 + timedelta(minutes=4)
    assert (
        await _code(attempts.save_answers(session, right, signer=SIGNER, now=later))
    ).code == "ALREADY_SUBMITTED"
    assert (
        await _code(attempts.submit(session, right, signer=SIGNER, now=later))
    ).code == "ALREADY_SUBMITTED"
    assert (await _code(attempts.start(opened.token, signer=SIGNER, now=later))).code == "LINK_USED"
    # and the result with explanations is now shown
    view = await attempts.paper_view(session, signer=SIGNER, now=later)
    assert view["result"]["passed"] and all(q["explanation"] for q in view["result"]["review"])


async def test_a_double_submit_grades_once(database):
    await small_exam()
    staff = await make_staff("kaosheng11", Role.FRONT_DESK)
    session, attempt_id = await open_and_start(staff)
    right = sheet(await stored_paper(attempt_id))
    now = T0 + timedelta(minutes=2)
    results = await asyncio.gather(
        *(attempts.submit(session, right, signer=SIGNER, now=now) for _ in range(3)), return_exceptions=True
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(r.code == "ALREADY_SUBMITTED" for r in results if isinstance(r, HubError))
    assert await Certificate.filter(staff_id=staff.id).count() == 1


async def test_attempt_limit_and_cool_down(database):
    # given a failed first attempt (2 attempts allowed, 60-minute cool-down)
    await small_exam()
    staff = await make_staff("kaosheng12", Role.FRONT_DESK)
    viewer = await viewer_of(staff)
    session, attempt_id = await open_and_start(staff)
    await attempts.submit(
        session, sheet(await stored_paper(attempt_id), right=0), signer=SIGNER, now=T0 + timedelta(minutes=5)
    )
    # when the candidate tries again 30 minutes later, then the cool-down says when
    soon = await _code(
        attempts.open_session(viewer, staff.id, "SMALL", signer=SIGNER, now=T0 + timedelta(minutes=35))
    )
    assert soon.code == "COOLING_DOWN" and soon.message.endswith("请于 2026-11-23 11:05 后再试")
    # after the cool-down the second attempt runs, and blocks a third link meanwhile
    t1 = T0 + timedelta(minutes=65)
    session, attempt_id = await open_and_start(staff, t1)
    running = await _code(attempts.open_session(viewer, staff.id, "SMALL", signer=SIGNER, now=t1))
    assert running.code == "IN_PROGRESS"
    await attempts.submit(session, [], signer=SIGNER, now=t1 + timedelta(minutes=1))
    # then with both attempts failed, no more, whatever the time
    used = await _code(
        attempts.open_session(viewer, staff.id, "SMALL", signer=SIGNER, now=t1 + timedelta(days=2))
    )
    assert used.code == "ATTEMPTS_EXHAUSTED" and "已考 2 次未通过" in used.message


async def test_a_link_opened_before_the_limit_cannot_start_beyond_it(database):
    # given two links opened while one attempt was still allowed (the first one superseded)
    await small_exam(max_attempts=1, cooldown_minutes=0)
    staff = await make_staff("kaosheng13", Role.FRONT_DESK)
    viewer = await viewer_of(staff)
    link = await attempts.open_session(viewer, staff.id, "SMALL", signer=SIGNER, now=T0)
    session, _ = await attempts.start(link.token, signer=SIGNER, now=T0)
    await attempts.submit(session, [], signer=SIGNER, now=T0 + timedelta(minutes=1))
    # when a link is forged from a stale row, the start re-checks the limit
    await ExamAttempt.create(
        exam_id=(await ExamAttempt.get(staff_id=staff.id)).exam_id,
        staff_id=staff.id,
        link_nonce="stale-nonce",
        link_expires_at=T0 + timedelta(hours=1),
        created_at=T0,
    )
    stale = await ExamAttempt.get(link_nonce="stale-nonce")
    token = SIGNER.link(stale.id, "stale-nonce", T0 + timedelta(hours=1))
    error = await _code(attempts.start(token, signer=SIGNER, now=T0 + timedelta(minutes=2)))
    assert error.code == "ATTEMPTS_EXHAUSTED"


async def test_an_abandoned_attempt_closes_at_its_deadline_and_counts(database):
    await small_exam(cooldown_minutes=0)
    staff = await make_staff("kaosheng14", Role.FRONT_DESK)
    await open_and_start(staff)
    # nobody submits; a new link an hour later finds the old attempt graded as timed out
    await attempts.open_session(
        await viewer_of(staff), staff.id, "SMALL", signer=SIGNER, now=T0 + timedelta(hours=1)
    )
    first = await ExamAttempt.get(staff_id=staff.id, seq=1)
    assert first.status == AttemptStatus.SUBMITTED and first.timed_out and first.passed is False


def test_grading_per_part_against_the_pass_mark():
    # given a paper of two parts: 4 questions at 75 % and 2 at 100 %
    def q(part):
        return {
            "part": part,
            "type": "SINGLE",
            "options": [{"key": "X", "text": "对"}, {"key": "Y", "text": "错"}],
            "answer": ["X"],
            "explanation": "",
            "text": "题",
        }

    paper = {
        "parts": [{"name": "业务知识", "pass_percent": 75}, {"name": "系统操作", "pass_percent": 100}],
        "questions": [q(0), q(0), q(0), q(0), q(1), q(1)],
    }
    # when 3 of 4 and 2 of 2 are right, then both parts pass
    result = papers.grade(paper, {"0": ["A"], "1": ["A"], "2": ["A"], "3": ["B"], "4": ["A"], "5": ["A"]})
    assert result["passed"] and [p["correct"] for p in result["parts"]] == [3, 2]
    assert result["parts"][0]["percent"] == 75.0
    # when one system question is wrong, that part fails and so does the exam
    result = papers.grade(paper, {"0": ["A"], "1": ["A"], "2": ["A"], "3": ["A"], "4": ["A"]})
    assert not result["passed"] and [p["passed"] for p in result["parts"]] == [True, False]


def test_multiple_choice_counts_only_when_exactly_right_and_single_choice_takes_one():
    paper = {
        "parts": [{"name": "业务知识", "pass_percent": 50}],
        "questions": [
            {
                "part": 0,
                "type": "MULTIPLE",
                "text": "题",
                "explanation": "",
                "options": [{"key": k, "text": k} for k in "PQRS"],
                "answer": ["P", "R"],
            }
        ],
    }
    assert papers.grade(paper, {"0": ["A", "C"]})["passed"]
    assert not papers.grade(paper, {"0": ["A"]})["passed"]
    assert not papers.grade(paper, {"0": ["A", "B", "C"]})["passed"]
    single = {"parts": paper["parts"], "questions": [{**paper["questions"][0], "type": "SINGLE"}]}
    with pytest.raises(HubError, match="第 1 题是单选题，只能选一个选项"):
        papers.check_answers(single, [(0, ["A", "B"])])
    with pytest.raises(HubError, match="第 1 题没有选项 E；第 3 题不存在"):
        papers.check_answers(single, [(0, ["E"]), (2, ["A"])])


def test_choose_never_repeats_a_question_and_says_which_part_is_short():
    parts = [
        {
            "name": "业务知识",
            "category": "BUSINESS",
            "department_code": None,
            "tags": [],
            "question_count": 2,
        },
        {"name": "系统操作", "category": "SYSTEM", "department_code": None, "tags": [], "question_count": 2},
    ]
    pool = [
        {
            "id": i,
            "category": "BUSINESS" if i < 3 else "SYSTEM",
            "department_code": None,
            "tags": [],
            "active": True,
        }
        for i in range(4)
    ]
    with pytest.raises(HubError, match="「系统操作」可抽取的题目只有 1 道，少于所需的 2 道"):
        papers.choose(parts, pool, random.Random(1))
    pool.append({"id": 9, "category": "SYSTEM", "department_code": None, "tags": [], "active": True})
    chosen = papers.choose(parts, pool, random.Random(1))
    assert len({i for part in chosen for i in part}) == 4
