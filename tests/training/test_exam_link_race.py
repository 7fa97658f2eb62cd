"""One live exam link per person and exam, even when openings race (issue 15, "one at a time"):
several openExamSession for one person at once leave exactly one ISSUED link, on both
databases; the database itself refuses a second one."""

import asyncio
from datetime import timedelta

import pytest
from tortoise.exceptions import IntegrityError

from hub.core.clock import utcnow
from hub.core.models import ExamAttempt
from hub.core.models.enums import AttemptStatus, Role
from tests.factories import make_staff
from tests.training.training_support import small_exam

pytestmark = pytest.mark.both_databases

OPEN = """mutation($s:ID!,$e:String!){ openExamSession(input:{staffId:$s, examCode:$e}){
  session{ attemptId } errors{ code message } } }"""


async def test_openings_at_once_leave_one_live_link(gql):
    await small_exam()
    staff = await make_staff("racer", Role.FRONT_DESK)
    await gql.login("zhuren", "demo1234")
    # six requests at once (on PostgreSQL each in its own connection and transaction)
    answers = await asyncio.gather(*(gql(OPEN, {"s": str(staff.id), "e": "SMALL"}) for _ in range(6)))
    payloads = [a["data"]["openExamSession"] for a in answers]
    opened = {p["session"]["attemptId"] for p in payloads if p["session"]}
    refused = [p["errors"][0] for p in payloads if not p["session"]]
    assert opened and all(e["code"] == "IN_PROGRESS" for e in refused), refused
    live = await ExamAttempt.filter(staff_id=staff.id, status=AttemptStatus.ISSUED) \
        .values_list("id", flat=True)
    assert len(live) == 1 and str(live[0]) in opened
    # every other link that was handed out has been cancelled: its QR code no longer starts
    assert await ExamAttempt.filter(staff_id=staff.id).count() == len(opened)


async def test_the_database_refuses_a_second_live_link(gql):
    exam = await small_exam()
    staff = await make_staff("twice", Role.FRONT_DESK)
    now = utcnow()
    row = {"exam_id": exam["id"], "staff_id": staff.id, "link_expires_at": now + timedelta(minutes=5),
           "created_at": now}
    await ExamAttempt.create(link_nonce="n1", **row)
    with pytest.raises(IntegrityError):
        await ExamAttempt.create(link_nonce="n2", **row)
    # a cancelled or started one beside the live link is fine
    await ExamAttempt.create(link_nonce="n3", status=AttemptStatus.CANCELLED, **row)
