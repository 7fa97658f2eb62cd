"""窗口吹哨 over GraphQL: routing to the right department's experts along the caller's chain,
one winner among concurrent accepts, chat permissions, kept answers with response and
resolution times, escalation with frozen time, and no-loss replay of a call's channel."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bench.querycount import count_queries
from hub.core.clock import local_date
from hub.core.models import Department, HelpCall, ServicePoint, Staff
from hub.core.models.enums import Role
from hub.core.security import TokenClaims, hash_password
from realtime.bus import EventBus
from realtime.stream import follow
from resolvers.staff.actions import load_viewer
from resolvers.whistle import actions
from resolvers.whistle.rules import ESCALATIONS_CHANNEL, call_channel, chain, route

pytestmark = pytest.mark.both_databases

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
RS_ITEM = "330106-RS-002"  # 失业登记, 人社
CALL = """id status statusLabel itemCode itemName topic departmentCode departmentName question
  caseRef callerName expertName escalated escalationReason answer responseSeconds
  resolutionSeconds"""
RAISE = ("mutation($i:RaiseWhistleInput!){ raiseWhistle(input:$i){ call{ CALL } "
         "errors{ code field message } } }").replace("CALL", CALL)
ACCEPT = ("mutation($c:ID!){ acceptWhistle(callId:$c){ call{ CALL } errors{ code message } } }"
          .replace("CALL", CALL))
SEND = """mutation($c:ID!,$t:String!){ sendWhistleMessage(callId:$c, text:$t){
  message{ authorName role text } errors{ code message } } }"""
RESOLVE = ("mutation($c:ID!,$a:String!){ resolveWhistle(callId:$c, answer:$a){ call{ CALL } "
           "errors{ code message } } }").replace("CALL", CALL)
DESK = "{ whistleDesk{ mode cursor calls{ CALL } } }".replace("CALL", CALL)
DETAIL = "query($c:ID!){ whistleCall(callId:$c){ cursor call{ status } messages{ role text } } }"
ANSWERS = ('query($i:String!){ whistleAnswers(itemCode:$i){ question answer expertName '
           'resolutionSeconds } }')


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    frozen = Clock(T0)
    monkeypatch.setattr(actions, "utcnow", frozen)
    return frozen


async def expert(username: str, point: str, dept: str = "RS", *roles: Role) -> Staff:
    return await Staff.create(
        username=username, name=f"专家{username}", password_hash=hash_password("pass1234"),
        roles=[r.value for r in (roles or (Role.EXPERT,))],
        service_point=await ServicePoint.get(code=point),
        department=await Department.get(code=dept))


async def token(gql, username: str, password: str = "pass1234") -> str:
    payload = await gql.login(username, password)
    assert payload["token"], payload
    return payload["token"]


async def run(gql, tok: str, query: str, variables: dict | None = None) -> dict:
    response = await gql.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                   headers={"authorization": f"Bearer {tok}"})
    assert response.status_code == 200, response.text
    return response.json()


async def raise_call(gql, tok: str, **fields: str) -> dict:
    body = await run(gql, tok, RAISE, {"i": {"itemCode": RS_ITEM, "question": "失业后还能领低保吗？",
                                             **fields}})
    return body["data"]["raiseWhistle"]


def test_the_chain_runs_from_the_caller_up_and_routes_to_the_nearest_level_on_duty():
    path = "330100/330106/330106013/"
    assert chain(path) == [path, "330100/330106/", "330100/"]
    assert route(path, ["330100/330106/", path]) == path
    assert route(path, ["330100/330106/"]) == "330100/330106/"
    assert route(path, ["330100/330106/330106004/"]) is None


async def test_a_call_reaches_the_on_duty_experts_of_the_item_department_nearest_first(gql, clock):
    # given 人社 experts at the caller's street (zhuanjia), the district and another street,
    # and a 民政 expert at the street; all of them logged in (on duty)
    await expert("rs_district", "330106")
    await expert("rs_other", "330106004")
    await expert("mz_street", "330106013", "MZ")
    tokens = {u: await token(gql, u) for u in ("rs_district", "rs_other", "mz_street")}
    tokens["zhuanjia"] = await token(gql, "zhuanjia", "demo1234")
    front = await token(gql, "qiantai", "demo1234")
    # when the front desk asks about a 人社 item
    raised = await raise_call(gql, front, caseRef="XH-2026-000123")
    # then it goes to the street's 人社 expert only
    assert raised["errors"] == []
    call = raised["call"]
    assert (call["status"], call["departmentCode"], call["itemName"], call["caseRef"]) == (
        "OPEN", "RS", "失业登记", "XH-2026-000123")
    assert call["escalated"] is False
    desks = {u: (await run(gql, t, DESK))["data"]["whistleDesk"] for u, t in tokens.items()}
    assert [c["id"] for c in desks["zhuanjia"]["calls"]] == [call["id"]]
    assert desks["zhuanjia"]["mode"] == "EXPERT"
    assert desks["rs_district"]["calls"] == [] and desks["rs_other"]["calls"] == []
    assert desks["mz_street"]["calls"] == []

    # when the street expert has not been seen for longer than the on-duty window
    clock.advance(minutes=11)
    await token(gql, "rs_district")  # the district expert logs in again
    second = (await raise_call(gql, front, question="灵活就业怎么登记？"))["call"]
    # then the call goes up to the district's expert
    district = (await run(gql, tokens["rs_district"], DESK))["data"]["whistleDesk"]["calls"]
    assert second["id"] in [c["id"] for c in district]
    row = await HelpCall.get(id=int(second["id"]))
    assert row.routed_path == "330100/330106/"


async def test_with_nobody_on_duty_the_call_escalates_at_once_and_a_free_topic_names_a_department(
        gql, clock):
    front = await token(gql, "qiantai", "demo1234")
    missing = await run(gql, front, RAISE, {"i": {"topic": "低保", "question": "能办低保吗？"}})
    assert missing["data"]["raiseWhistle"]["errors"][0]["field"] == "departmentCode"
    body = await run(gql, front, RAISE, {"i": {"topic": "低保", "departmentCode": "MZ",
                                                "question": "失业人员能办低保吗？"}})
    call = body["data"]["raiseWhistle"]["call"]
    assert call["departmentName"] and call["itemCode"] is None
    assert call["escalated"] is True and call["escalationReason"] == "无在岗专家"
    boss = await token(gql, "zhuren", "demo1234")
    desk = (await run(gql, boss, DESK))["data"]["whistleDesk"]
    assert desk["mode"] == "SUPERVISOR" and [c["id"] for c in desk["calls"]] == [call["id"]]


async def test_an_expert_clocked_in_at_work_is_on_duty_without_opening_the_console(gql, clock):
    from hub.core.models import Attendance

    # given the street's 人社 expert clocked in this morning (考勤) but never logged in here
    clerk = await Staff.get(username="zhuanjia")
    await Attendance.create(staff=clerk, service_point_id=clerk.service_point_id,
                            day=local_date(clock.now), clock_in_at=clock.now - timedelta(hours=1),
                            clock_in_method="QR")
    front = await token(gql, "qiantai", "demo1234")
    # when the front desk asks about a 人社 item, then the call goes to that expert
    call = (await raise_call(gql, front))["call"]
    assert call["escalated"] is False
    row = await HelpCall.get(id=int(call["id"]))
    assert row.routed_path == "330100/330106/330106013/"
    # and once the expert has clocked out, a new call finds nobody on duty
    await Attendance.filter(staff=clerk).update(clock_out_at=clock.now - timedelta(minutes=1))
    second = (await raise_call(gql, front, question="灵活就业怎么登记？"))["call"]
    assert second["escalated"] is True


async def test_two_experts_accepting_at_once_one_wins_and_the_other_is_told_who(gql, clock):
    await expert("rs_second", "330106013")
    first = await token(gql, "zhuanjia", "demo1234")
    second = await token(gql, "rs_second")
    front = await token(gql, "qiantai", "demo1234")
    call = (await raise_call(gql, front))["call"]

    results = await asyncio.gather(*(run(gql, t, ACCEPT, {"c": call["id"]})
                                     for t in (first, second)))
    payloads = [r["data"]["acceptWhistle"] for r in results]
    winners = [p for p in payloads if p["call"]]
    losers = [p for p in payloads if p["errors"]]
    assert len(winners) == 1 and len(losers) == 1
    winner = winners[0]["call"]["expertName"]
    assert losers[0]["errors"] == [{"code": "TAKEN", "message": f"已由 {winner} 接单"}]
    row = await HelpCall.get(id=int(call["id"]))
    assert row.status == "ACCEPTED" and row.response_seconds == 0
    # the loser no longer sees it on the desk; the winner does
    loser_token = second if winner == "周海燕" else first
    winner_token = first if loser_token == second else second
    assert (await run(gql, loser_token, DESK))["data"]["whistleDesk"]["calls"] == []
    assert len((await run(gql, winner_token, DESK))["data"]["whistleDesk"]["calls"]) == 1


async def test_only_the_two_parties_and_the_supervisors_read_and_write_the_chat(gql, clock):
    await expert("rs_second", "330106013")
    other = await token(gql, "rs_second")
    shenpi = await token(gql, "shenpi", "demo1234")
    boss = await token(gql, "zhuren", "demo1234")
    zhuanjia = await token(gql, "zhuanjia", "demo1234")
    front = await token(gql, "qiantai", "demo1234")
    call = (await raise_call(gql, front))["call"]
    # before acceptance another candidate expert sees the question but not the chat
    await run(gql, front, SEND, {"c": call["id"], "t": "居民在窗口等候"})
    seen = (await run(gql, other, DETAIL, {"c": call["id"]}))["data"]["whistleCall"]
    assert seen["call"]["status"] == "OPEN" and seen["messages"] == []
    await run(gql, zhuanjia, ACCEPT, {"c": call["id"]})

    sent = await run(gql, zhuanjia, SEND, {"c": call["id"], "t": "可以，按家庭收入核定"})
    assert sent["data"]["sendWhistleMessage"]["message"]["role"] == "EXPERT"
    by_boss = await run(gql, boss, SEND, {"c": call["id"], "t": "请尽快答复"})
    assert by_boss["data"]["sendWhistleMessage"]["message"]["role"] == "SUPERVISOR"
    for outsider in (other, shenpi):
        refused = await run(gql, outsider, SEND, {"c": call["id"], "t": "我也说一句"})
        assert refused["errors"][0]["message"].startswith("只有吹哨的窗口人员、接单专家和管理者")
        unread = await run(gql, outsider, DETAIL, {"c": call["id"]})
        assert unread["data"] is None and "只有吹哨的窗口人员" in unread["errors"][0]["message"]
    chat = (await run(gql, front, DETAIL, {"c": call["id"]}))["data"]["whistleCall"]["messages"]
    assert [(m["role"], m["text"]) for m in chat] == [
        ("CALLER", "居民在窗口等候"), ("EXPERT", "可以，按家庭收入核定"), ("SUPERVISOR", "请尽快答复")]


async def test_the_answer_is_kept_with_response_and_resolution_times(gql, clock):
    zhuanjia = await token(gql, "zhuanjia", "demo1234")
    front = await token(gql, "qiantai", "demo1234")
    call = (await raise_call(gql, front))["call"]
    clock.advance(seconds=90)
    accepted = (await run(gql, zhuanjia, ACCEPT, {"c": call["id"]}))["data"]["acceptWhistle"]
    assert accepted["call"]["responseSeconds"] == 90
    clock.advance(seconds=210)
    done = (await run(gql, zhuanjia, RESOLVE, {"c": call["id"], "a": "失业登记后可申请低保，按家庭收入审核"}))
    resolved = done["data"]["resolveWhistle"]["call"]
    assert resolved["status"] == "RESOLVED" and resolved["statusLabel"] == "已解决"
    assert (resolved["responseSeconds"], resolved["resolutionSeconds"]) == (90, 300)
    again = await run(gql, front, RESOLVE, {"c": call["id"], "a": "再结一次"})
    assert again["data"]["resolveWhistle"]["errors"][0]["code"] == "CLOSED"
    late = await run(gql, front, SEND, {"c": call["id"], "t": "谢谢"})
    assert late["data"]["sendWhistleMessage"]["errors"][0]["code"] == "CLOSED"
    notes = (await run(gql, front, ANSWERS, {"i": RS_ITEM}))["data"]["whistleAnswers"]
    assert notes == [{"question": "失业后还能领低保吗？", "answer": "失业登记后可申请低保，按家庭收入审核",
                      "expertName": "周海燕", "resolutionSeconds": 300}]


async def test_an_unaccepted_call_escalates_to_the_supervisors_after_the_set_minutes(gql, clock):
    zhuanjia = await token(gql, "zhuanjia", "demo1234")
    boss = await token(gql, "zhuren", "demo1234")
    front = await token(gql, "qiantai", "demo1234")
    call = (await raise_call(gql, front))["call"]
    before = (await run(gql, boss, DESK))["data"]["whistleDesk"]
    clock.advance(minutes=2, seconds=59)
    assert (await run(gql, boss, DESK))["data"]["whistleDesk"]["calls"] == []
    clock.advance(seconds=1)
    # when anyone lists the desk three minutes after the call
    desk = (await run(gql, zhuanjia, DESK))["data"]["whistleDesk"]
    # then the call is flagged, on the supervisors' channel, and widened to every level
    assert desk["calls"][0]["escalated"] is True
    assert desk["calls"][0]["escalationReason"] == "超时无人接单"
    supervisors = (await run(gql, boss, DESK))["data"]["whistleDesk"]
    assert [c["id"] for c in supervisors["calls"]] == [call["id"]]
    assert supervisors["cursor"] == before["cursor"] + 1
    row = await HelpCall.get(id=int(call["id"]))
    assert row.escalated_at == T0 + timedelta(minutes=3) and row.routed_path == ""
    # a second check escalates nothing twice
    assert await actions.escalate_overdue(clock.now, 3) == []
    # the supervisor may follow the chat, and an accept later tells the supervisors too
    accepted = (await run(gql, zhuanjia, ACCEPT, {"c": call["id"]}))["data"]["acceptWhistle"]
    assert accepted["call"]["responseSeconds"] == 180
    after_accept = (await run(gql, boss, DESK))["data"]["whistleDesk"]
    assert after_accept["cursor"] == supervisors["cursor"] + 1
    assert after_accept["calls"][0]["status"] == "ACCEPTED"


async def test_a_reconnect_with_after_replays_the_call_channel_without_loss_or_repeat(gql, clock):
    zhuanjia = await token(gql, "zhuanjia", "demo1234")
    front = await token(gql, "qiantai", "demo1234")
    call = (await raise_call(gql, front))["call"]
    await run(gql, zhuanjia, ACCEPT, {"c": call["id"]})
    for n in range(1, 4):
        await run(gql, front if n % 2 else zhuanjia, SEND, {"c": call["id"], "t": f"第{n}条"})
    # the client saw RAISED, ACCEPTED and the first message (cursor 3), then dropped
    bus = EventBus()
    stream = follow(bus, call_channel(int(call["id"])), 3)
    replayed = [await anext(stream) for _ in range(2)]
    assert [(e.seq, e.kind, e.payload["message"]["text"]) for e in replayed] == [
        (4, "MESSAGE", "第2条"), (5, "MESSAGE", "第3条")]
    # and goes live afterwards: the next message arrives once, in order
    _, events = await actions.send_message(
        await _viewer("qiantai"), int(call["id"]), "第4条", now=clock.now)
    await bus.publish(events)
    live = await asyncio.wait_for(anext(stream), 2)
    assert (live.seq, live.payload["message"]["text"]) == (6, "第4条")
    await stream.aclose()


async def _viewer(username: str):
    staff = await Staff.get(username=username)
    return await load_viewer(TokenClaims(staff_id=staff.id, token_version=staff.token_version))


async def test_the_desk_and_the_answers_cost_a_fixed_number_of_queries(gql, clock):
    zhuanjia = await token(gql, "zhuanjia", "demo1234")
    front = await token(gql, "qiantai", "demo1234")
    first = (await raise_call(gql, front))["call"]
    await run(gql, zhuanjia, ACCEPT, {"c": first["id"]})  # stays on the desk, with its expert
    answered = (await raise_call(gql, front))["call"]
    await run(gql, front, RESOLVE, {"c": answered["id"], "a": "查到了：可以办理"})

    async def cost(tok: str, query: str, variables: dict | None = None) -> int:
        with count_queries() as statements:
            body = await run(gql, tok, query, variables)
        assert "errors" not in body, body
        return len(statements)

    small = (await cost(zhuanjia, DESK), await cost(front, ANSWERS, {"i": RS_ITEM}))
    for n in range(4):
        call = (await raise_call(gql, front, question=f"问题{n}"))["call"]
        if n % 2:
            await run(gql, zhuanjia, ACCEPT, {"c": call["id"]})
            await run(gql, zhuanjia, RESOLVE, {"c": call["id"], "a": f"答复{n}"})
    large = (await cost(zhuanjia, DESK), await cost(front, ANSWERS, {"i": RS_ITEM}))
    # viewer, overdue check, desk channel, cursor, calls, expert names
    assert small == large == (6, 3)


async def test_the_app_watcher_escalates_without_anyone_looking(gql, clock):
    front = await token(gql, "qiantai", "demo1234")
    await token(gql, "zhuanjia", "demo1234")
    call = (await raise_call(gql, front))["call"]
    bus = EventBus()
    supervisors = bus.subscribe(ESCALATIONS_CHANNEL)
    clock.advance(minutes=3)
    watcher = asyncio.create_task(actions.watch_escalations(bus, 3, every_seconds=0.01))
    try:
        event = await asyncio.wait_for(supervisors.get(), 5)
    finally:
        watcher.cancel()
    assert event is not None
    assert (event.kind, event.payload["call"]["id"]) == ("ESCALATED", int(call["id"]))


async def test_an_expert_logging_in_is_seen_through_the_login_hook_and_a_clerk_is_not(gql, clock):
    # given the whistle's login listener registered by the composition root
    from hub.core.models import ExpertPresence
    from hub.web import hooks
    from resolvers.staff import actions as staff_actions

    hooks.install()
    assert actions.expert_logged_in in staff_actions.logged_in
    rs = await expert("rs_hook", "330106013")
    clerk = await expert("desk_hook", "330106013", "RS", Role.FRONT_DESK)
    # when both log in
    await token(gql, "rs_hook")
    await token(gql, "desk_hook")
    # then only the expert is present, seen at the (frozen) login time
    seen = await ExpertPresence.filter(staff_id__in=[rs.id, clerk.id]).values("staff_id", "seen_at")
    assert [(s["staff_id"], s["seen_at"]) for s in seen] == [(rs.id, T0)]
