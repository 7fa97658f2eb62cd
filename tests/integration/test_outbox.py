"""Reliable hand-off to a department system: the outbox row is written with the case; two
dispatchers (as two hub instances) deliver a stream of cases to a fake department server that
is taken down midway, and after it comes back every case has arrived exactly once; signed
callbacks move the case on, forged, stale and replayed ones are refused; a delivery that keeps
failing ends DEAD, is shown to administrators and can be retried."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bench.cases import counter_intake, counter_viewer
from hub.core import outbox
from hub.core.errors import HubError
from hub.core.models import Case, CaseLog, OutboxMessage, ServicePoint, Staff
from hub.core.models.enums import CaseStatus, OutboxStatus
from hub.core.outbox import Policy, backoff, dispatch_once, run_dispatcher
from resolvers.integration import signing
from resolvers.integration.handoff import enqueue_handoff
from tests.conftest import _free_port
from tests.integration.fake_department import FakeDepartment

pytestmark = pytest.mark.both_databases

HANDOFF = "department.handoff"  # (the cases' notifications are messages of other topics)

ITEM = "330106-YB-003"  # 基本医疗保险关系转移 (医保, YB)
SECRET = "a-shared-secret-of-the-yibao-system-0123456789"
FAST = Policy(max_attempts=1000, backoff_seconds=0.05, backoff_max_seconds=0.3, timeout_seconds=2)
CONFIGURE = """mutation($i:DepartmentEndpointInput!){ configureDepartmentEndpoint(input:$i){
  endpoint{ url active secretHint callbackPath department{ code } } errors{ code field message } } }"""
OUTBOX = """query($s:OutboxStatus){ outboxMessages(status:$s){ id caseNumber idempotencyKey status
  statusLabel attempts lastError deliveredAt department{ code } } }"""
ENDPOINTS = "{ departmentEndpoints{ url pending delivered dead department{ code } } }"
RETRY = "mutation($id:ID!){ retryOutboxMessage(id:$id){ message{ status attempts } errors{ code message } } }"


@pytest.fixture
def department():
    fake = FakeDepartment(SECRET, _free_port())
    fake.start()
    yield fake
    if fake.up:
        fake.stop()


async def configure(gql, url: str, secret: str | None = SECRET, code: str = "YB") -> dict:
    await gql.login("admin", "admin123")
    body = await gql(CONFIGURE, {"i": {"departmentCode": code, "url": url, "secret": secret}})
    return body["data"]["configureDepartmentEndpoint"]


async def _viewer():
    staff = await Staff.get(username="qiantai")
    point = await ServicePoint.get(code="330106013")
    return counter_viewer(staff.id, point.id, point.path)


async def wait_for(predicate) -> None:
    async with asyncio.timeout(30):
        while not await predicate():  # noqa: ASYNC110 - polling the database
            await asyncio.sleep(0.05)


async def test_every_case_reaches_a_department_that_was_down_exactly_once(gql, department):
    # given the 医保 system's endpoint, and two dispatchers as two hub instances would run
    configured = await configure(gql, department.url)
    assert configured["errors"] == [] and configured["endpoint"]["secretHint"] == "…6789"
    assert configured["endpoint"]["callbackPath"] == "/integration/callback/YB"
    viewer = await _viewer()
    dispatchers = [asyncio.create_task(run_dispatcher(FAST, 0.02)) for _ in range(2)]
    try:
        numbers = []
        # when 30 cases are received, with the department down for cases 11–20
        for i in range(30):
            if i == 10:
                await asyncio.to_thread(department.stop)
            if i == 20:  # every case received while it is down has failed at least once
                async def all_tried() -> bool:
                    return not await OutboxMessage.filter(topic=HANDOFF, status=OutboxStatus.PENDING,
                                                          attempts=0).exists()
                await wait_for(all_tried)
                waiting = await OutboxMessage.filter(topic=HANDOFF, status=OutboxStatus.PENDING).values(
                    "attempts", "last_error")
                assert len(waiting) >= 10 and all(w["last_error"] for w in waiting)
                await asyncio.to_thread(department.start)
            numbers.append((await counter_intake(viewer, ITEM))["number"])
        # then, once it is back, every case is delivered
        async def all_delivered() -> bool:
            return await OutboxMessage.filter(topic=HANDOFF, status=OutboxStatus.DELIVERED).count() == 30
        await wait_for(all_delivered)
    finally:
        for task in dispatchers:
            task.cancel()
        await asyncio.gather(*dispatchers, return_exceptions=True)
    processed, received = department.snapshot()
    expected = {f"{n}:RECEIVED" for n in numbers}
    # exactly once: every key arrived, none twice, nothing else
    assert set(processed) == expected
    assert set(received.values()) == {1}, received
    assert department.refused == 0
    retried = await OutboxMessage.filter(topic=HANDOFF, attempts__gt=1).count()
    assert retried >= 10  # the ones received while it was down
    # the department got the case as received: number, item, applicant, checklist, signed
    sample = processed[f"{numbers[0]}:RECEIVED"]
    assert sample["case"]["number"] == numbers[0] and sample["case"]["itemCode"] == ITEM
    assert sample["case"]["status"] == "RECEIVED" and sample["case"]["dueOn"]
    assert sample["applicant"] == {"name": "张桂英", "idNumber": "330106195803120245",
                                   "phone": "13800000000", "company": None}
    assert sample["materials"] and sample["callback"] == "/integration/callback/YB"
    # and administrators see the deliveries
    rows = (await gql(OUTBOX, {"s": "DELIVERED"}))["data"]["outboxMessages"]
    assert len(rows) == 30 and {r["statusLabel"] for r in rows} == {"已送达"}
    assert rows[0]["department"]["code"] == "YB" and rows[0]["deliveredAt"]
    counts = (await gql(ENDPOINTS))["data"]["departmentEndpoints"]
    assert counts == [{"url": department.url, "pending": 0, "delivered": 30, "dead": 0,
                       "department": {"code": "YB"}}]


async def test_the_outbox_row_is_written_with_the_case_and_only_then(gql, database):
    viewer = await _viewer()
    # no endpoint for the department: nothing to deliver
    plain = await counter_intake(viewer, ITEM)
    assert await OutboxMessage.filter(handoff__case_id=plain["id"]).count() == 0
    await configure(gql, "http://127.0.0.1:9/cases")
    # a received case has its delivery, once, however often it is enqueued
    case = await counter_intake(viewer, ITEM)
    rows = await OutboxMessage.filter(handoff__case_id=case["id"]).values("idempotency_key", "status",
                                                                          "payload")
    assert [(r["idempotency_key"], r["status"]) for r in rows] == [
        (f"{case['number']}:RECEIVED", OutboxStatus.PENDING)]
    from tortoise.transactions import in_transaction
    async with in_transaction() as conn:
        assert await enqueue_handoff(conn, case) is False
    # an intake that fails writes neither a case nor a delivery
    before = (await Case.all().count(), await OutboxMessage.all().count())
    with pytest.raises(HubError):
        await counter_intake(viewer, ITEM, name="别人")  # name does not match the registry
    assert (await Case.all().count(), await OutboxMessage.all().count()) == before


def test_back_off_doubles_up_to_the_ceiling_with_jitter():
    p = Policy(backoff_seconds=2, backoff_max_seconds=600)
    assert [backoff(n, p, rand=lambda: 1.0) for n in (1, 2, 3, 10, 11)] == [2, 4, 8, 600, 600]
    assert backoff(3, p, rand=lambda: 0.0) == 4  # half of 8: retries spread over 50–100 %


async def test_a_delivery_that_keeps_failing_is_dead_shown_to_admins_and_can_be_retried(gql, database,
                                                                                         monkeypatch):
    # (the dispatcher here serves hand-offs only: the case's notifications are not counted)
    monkeypatch.setattr(outbox, "_handlers", {HANDOFF: outbox._handlers[HANDOFF]})
    await configure(gql, f"http://127.0.0.1:{_free_port()}/cases")  # nobody listens there
    case = await counter_intake(await _viewer(), ITEM)
    policy = Policy(max_attempts=3, backoff_seconds=1, backoff_max_seconds=5, timeout_seconds=2)
    at = datetime.now(UTC)
    for _ in range(3):
        at += timedelta(minutes=1)  # past any back-off
        assert await dispatch_once(policy, now=at) == 1
    assert await dispatch_once(policy, now=at + timedelta(days=1)) == 0
    dead = (await gql(OUTBOX, {"s": "DEAD"}))["data"]["outboxMessages"]
    assert len(dead) == 1 and dead[0]["caseNumber"] == case["number"]
    assert dead[0]["attempts"] == 3 and "ConnectError" in dead[0]["lastError"]
    assert dead[0]["statusLabel"] == "投递失败（已停止重试）"
    retried = (await gql(RETRY, {"id": dead[0]["id"]}))["data"]["retryOutboxMessage"]
    assert retried == {"message": {"status": "PENDING", "attempts": 0}, "errors": []}
    again = (await gql(RETRY, {"id": dead[0]["id"]}))["data"]["retryOutboxMessage"]
    assert again["errors"][0]["code"] == "NOT_FOUND"
    # only administrators configure endpoints and see deliveries
    await gql.login("shenpi", "demo1234")
    refused = await gql(OUTBOX, {"s": None})
    assert refused["data"] is None and refused["errors"][0]["message"].startswith("需要以下角色之一")
    denied = await gql(CONFIGURE, {"i": {"departmentCode": "YB", "url": "http://x/", "secret": SECRET}})
    assert denied["errors"][0]["message"].startswith("需要以下角色之一")


async def test_endpoint_settings_are_checked(gql, database):
    bad_url = await configure(gql, "ftp://yibao/cases")
    assert bad_url["errors"][0]["field"] == "url"
    short = await configure(gql, "https://yibao.example/cases", secret="short")
    assert short["errors"][0]["field"] == "secret"
    first_without = await configure(gql, "https://yibao.example/cases", secret=None)
    assert first_without["errors"][0]["message"] == "首次接入须设置签名密钥"
    unknown = await configure(gql, "https://x.example/", code="NOPE")
    assert unknown["errors"][0]["code"] == "NOT_FOUND"
    ok = await configure(gql, "https://yibao.example/cases")
    assert ok["errors"] == []
    kept = await configure(gql, "https://yibao.example/v2/cases", secret=None)  # secret kept
    assert kept["endpoint"]["secretHint"] == "…6789" and kept["endpoint"]["url"].endswith("/v2/cases")


# --- callbacks -----------------------------------------------------------------------------


def signed(body: dict, key: str, *, secret: str = SECRET, at: float | None = None) -> tuple[bytes, dict]:
    raw = signing.canonical(body)
    return raw, signing.headers(secret, int(at if at is not None else time.time()), key, raw)


async def callback(gql, raw: bytes, headers: dict, code: str = "YB") -> httpx.Response:
    return await gql.http.post(f"/integration/callback/{code}", content=raw, headers=headers)


async def test_a_signed_callback_decides_the_case_and_forgeries_and_replays_are_refused(gql, database):
    await configure(gql, "http://127.0.0.1:9/cases")
    viewer = await _viewer()
    case = await counter_intake(viewer, ITEM)
    decision = {"caseNumber": case["number"], "decision": "APPROVED", "note": "同意转移"}
    # a forged signature (another secret) is refused and changes nothing
    raw, headers = signed(decision, "cb-1", secret="not-the-yibao-secret-0000000000000000")
    forged = await callback(gql, raw, headers)
    assert forged.status_code == 401 and forged.json()["error"] == "签名不正确"
    # a body changed after signing, or a key swapped to pass a replay off as new, too
    raw, headers = signed(decision, "cb-1")
    tampered = await callback(gql, raw.replace("同意".encode(), "驳回".encode()), headers)
    assert tampered.status_code == 401
    assert (await callback(gql, raw, {**headers, signing.KEY: "cb-other"})).status_code == 401
    # a signature older than five minutes is refused
    raw_old, old = signed(decision, "cb-old", at=time.time() - 301)
    stale = await callback(gql, raw_old, old)
    assert stale.status_code == 401 and "5 分钟" in stale.json()["error"]
    assert (await Case.get(id=case["id"])).status == CaseStatus.RECEIVED
    # the authentic callback approves the case, in the audit trail as the 医保 system
    ok = await callback(gql, raw, headers)
    assert ok.status_code == 200 and ok.json() == {"caseNumber": case["number"], "status": "APPROVED"}
    approved = await Case.get(id=case["id"])
    assert approved.status == CaseStatus.APPROVED and approved.decision_note == "同意转移"
    assert approved.decided_at is not None
    log = await CaseLog.filter(case_id=case["id"], action="APPROVE").values(
        "from_status", "to_status", "actor_name", "channel", "actor_id", "detail")
    assert log == [{"from_status": "RECEIVED", "to_status": "APPROVED", "actor_name": "医保业务系统",
                    "channel": "DEPARTMENT", "actor_id": None,
                    "detail": {"decision": "APPROVED", "note": "同意转移", "callback": "cb-1"}}]
    # the same request again is a replay
    replay = await callback(gql, raw, headers)
    assert replay.status_code == 409 and "重复的回调" in replay.json()["error"]
    # a fresh callback on a decided case conflicts
    raw2, h2 = signed({**decision, "decision": "REJECTED", "note": "材料不全"}, "cb-2")
    late = await callback(gql, raw2, h2)
    assert late.status_code == 409 and "审批通过" in late.json()["error"]


async def test_supplement_is_recorded_for_the_back_office_and_bad_callbacks_get_clear_answers(
        gql, database):
    await configure(gql, "http://127.0.0.1:9/cases")
    case = await counter_intake(await _viewer(), ITEM)
    raw, headers = signed({"caseNumber": case["number"], "decision": "SUPPLEMENT",
                           "note": "请补充原参保地出具的参保凭证"}, "cb-s")
    answer = await callback(gql, raw, headers)
    assert answer.status_code == 202 and answer.json()["status"] == "RECEIVED"
    row = await CaseLog.filter(case_id=case["id"], action="DEPT_SUPPLEMENT").values("actor_name", "detail")
    assert row[0]["actor_name"] == "医保业务系统"
    assert row[0]["detail"]["note"] == "请补充原参保地出具的参保凭证"
    # a rejection needs its reason; an unknown case or department is 404
    raw, headers = signed({"caseNumber": case["number"], "decision": "REJECTED"}, "cb-r")
    assert (await callback(gql, raw, headers)).status_code == 400
    raw, headers = signed({"caseNumber": "330106000000000000", "decision": "APPROVED"}, "cb-n")
    assert (await callback(gql, raw, headers)).status_code == 404
    assert (await callback(gql, raw, headers, code="RS")).status_code == 404  # RS not connected
    assert (await callback(gql, b"{}", {})).status_code == 401  # unsigned


async def test_a_pre_reviewed_case_is_handed_over_when_a_window_accepts_it(database):
    from bench.backoffice_cases import PREREVIEW_ITEM, viewer
    from bench.cases import ZHANG, answers_for, full_materials
    from hub.core.models import Department, DepartmentEndpoint
    from hub.core.models.enums import CaseChannel
    from resolvers.cases import backoffice
    from resolvers.cases.actors import Actor
    from resolvers.cases.intake import IntakeRequest, open_case
    from resolvers.people.registry import person_id_for

    # given the item's department connected, and the applicant's own online application
    zhang = await person_id_for(ZHANG, "张桂英")
    answers = await answers_for(PREREVIEW_ITEM)
    req = IntakeRequest(item_code=PREREVIEW_ITEM, answers=answers, service_point_code="330106013",
                        channel=CaseChannel.PC, id_number=ZHANG, name="张桂英",
                        materials=await full_materials(PREREVIEW_ITEM, answers, defer=False))
    case = (await open_case(Actor.applicant(zhang, CaseChannel.PC), req)).case
    dept = await Department.get(id=case["department_id"])
    await DepartmentEndpoint.create(department=dept, url="http://127.0.0.1:9/cases", secret=SECRET)
    # pre-review (网上预审) hands nothing over: the case is not received yet
    assert case["status"] == CaseStatus.PREREVIEW
    passed = await backoffice.pass_prereview(await viewer(f"{dept.code.lower()}_b"), case["id"],
                                             version=case["version"])
    assert await OutboxMessage.filter(handoff__case_id=case["id"]).count() == 0
    # when a certified window accepts it (受理), the delivery is written with that step
    done = await backoffice.accept_prereviewed(await viewer("qiantai"), case["id"],
                                               version=passed.case["version"])
    assert done.case["status"] == CaseStatus.RECEIVED
    keys = await OutboxMessage.filter(handoff__case_id=case["id"]).values_list("idempotency_key",
                                                                               flat=True)
    assert keys == [f"{case['number']}:RECEIVED"]
