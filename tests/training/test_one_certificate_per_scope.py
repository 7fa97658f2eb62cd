"""One valid certificate per person and scope (issue 16): no exam for a scope a valid
certificate covers, except a renewal in its last 30 days; a renewal ends the old one; two passes
graded at the same moment issue one certificate."""

import asyncio
from datetime import timedelta

import pytest

from hub.core.clock import local_date, one_year_later, utcnow
from hub.core.models import Certificate, ExamAttempt, Staff
from hub.core.models.enums import Role
from tests.factories import make_staff
from tests.training.test_training_certificates import certify
from tests.training.training_support import SIGNER, open_and_start, sheet, small_exam, stored_paper
from training import certificates

pytestmark = pytest.mark.both_databases

OPEN = """mutation($s:ID!,$e:String!){ openExamSession(input:{staffId:$s, examCode:$e}){
  session{ attemptId } errors{ code field message } } }"""
SUBMIT = """mutation($s:String!,$a:[ExamAnswerInput!]){ submitExam(sessionToken:$s, answers:$a){
  paper{ result{ passed certificate{ code status } } } errors{ code message } } }"""


async def _valid_codes(staff: Staff) -> list[str]:
    today = local_date(utcnow())
    return [c.code for c in await Certificate.filter(staff_id=staff.id, revoked=False).order_by("id")
            if c.issued_on <= today <= c.valid_until]


async def test_a_supervisor_cannot_examine_a_holder_again_until_the_renewal_period(gql):
    # given a front-desk member certified for 综合受理 in 人社 and 医保 until 60 days from now
    await small_exam()  # scope: 综合受理, 医保 — covered by the certificate
    today = local_date(utcnow())
    staff = await make_staff("chongkao", Role.FRONT_DESK)
    held = await certify(staff, issued_on=today - timedelta(days=300),
                         valid_until=today + timedelta(days=60))
    await gql.login("zhuren", "demo1234")
    # when the supervisor opens the exam, then it is refused with a typed code and the dates
    refused = (await gql(OPEN, {"s": str(staff.id), "e": "SMALL"}))["data"]["openExamSession"]
    assert refused["session"] is None
    error = refused["errors"][0]
    assert (error["code"], error["field"]) == ("ALREADY_CERTIFIED", "staffId")
    renew_from = today + timedelta(days=30)
    assert error["message"] == (
        f"{staff.name} 已持有效的上岗证 {held.code}（{held.exam_title}，有效期至 {held.valid_until}），"
        f"已覆盖本考试的范围，无需重复考试；可于 {renew_from} 起参加换证考试")
    assert await ExamAttempt.filter(staff_id=staff.id).count() == 0
    # when the certificate is within its last 30 days, then the renewal exam opens
    await Certificate.filter(id=held.id).update(valid_until=today + timedelta(days=30))
    opened = (await gql(OPEN, {"s": str(staff.id), "e": "SMALL"}))["data"]["openExamSession"]
    assert opened["errors"] == []


async def test_a_renewal_ends_the_old_certificate_so_one_stays_valid(database):
    await small_exam()
    today = local_date(utcnow())
    staff = await make_staff("huanzheng", Role.FRONT_DESK)
    old = await certify(staff, issued_on=today - timedelta(days=340), valid_until=today + timedelta(days=25),
                        scope_departments=["YB"])
    session, attempt_id = await open_and_start(staff, utcnow())
    from training import attempts

    await attempts.submit(session, sheet(await stored_paper(attempt_id)), signer=SIGNER, now=utcnow())
    new = await certificates.of_attempt(attempt_id)
    assert new is not None and new["valid_until"] == one_year_later(today)
    assert await _valid_codes(staff) == [new["code"]]
    assert (await Certificate.get(id=old.id)).valid_until == today - timedelta(days=1)


async def test_two_passes_graded_at_the_same_moment_issue_one_certificate(gql):
    # given two exams of the same scope, both running for one person (opened before any pass)
    await small_exam()
    await small_exam(code="SMALL2", title="医保综合窗口上岗考试（B 卷）")
    staff = await make_staff("bingfa", Role.FRONT_DESK)
    now = utcnow()
    runs = [await open_and_start(staff, now, exam=code) for code in ("SMALL", "SMALL2")]
    answers = [[{"index": i, "choices": c} for i, c in sheet(await stored_paper(a))] for _, a in runs]
    # when both phones submit a perfect paper at once
    pairs = zip(runs, answers, strict=True)
    bodies = await asyncio.gather(*(gql(SUBMIT, {"s": s, "a": a}) for (s, _), a in pairs))
    # then both passed, and exactly one valid certificate covers the scope
    results = [b["data"]["submitExam"]["paper"]["result"] for b in bodies]
    assert [r["passed"] for r in results] == [True, True]
    issued = [r["certificate"]["code"] for r in results if r["certificate"]]
    assert len(issued) == 1 and await _valid_codes(staff) == issued
