"""The queue over GraphQL: taking tickets at the kiosk, signing in to a window behind the
持证上岗 gate, calling, recalling, no-show, transfer, scanning the slip, the hall snapshot."""

import json

import pytest

from hub.core.models import Certificate, Event, QueueCategory, Ticket, Window
from hub.core.models.enums import Role
from tests.factories import PASSWORD, make_staff

pytestmark = pytest.mark.both_databases

TAKE = """mutation($i:TakeTicketInput!){ takeTicket(input:$i){
  ticket{ number categoryName status priority priorityLabel ahead estimatedWaitMinutes token }
  errors{ code field message } } }"""
SIGN_IN = """mutation($w:ID!,$p:[String!]!){ signInWindow(windowId:$w, prefixes:$p){
  session{ window{ number } categories{ prefix } current{ number } } errors{ code message } } }"""
TICKET = "ticket{ number status statusLabel recalls windowNumber holder{ name maskedIdNumber } }"
CALL = "mutation{ callNext{ TICKET errors{ code message } } }".replace("TICKET", TICKET)
HALL = """query{ hall(servicePointCode:"330106013"){ cursor queues{ prefix name waiting }
  recentCalls{ number windowNumber text recall } } }"""

ZHANG = "330106195803120245"  # 张桂英, in the demo registry
WANG = "341221199008170518"
ELDER = "330106195001010028"  # born 1950: 70+


def act(name: str) -> str:
    return f"mutation{{ {name}{{ {TICKET} errors{{ code message }} }} }}"


async def window_id(number: int) -> str:
    w = await Window.get(service_point__code="330106013", number=number)
    return str(w.id)


async def take(gql, id_number=None, prefix="A", **extra):
    body = await gql(TAKE, {"i": {"servicePointCode": "330106013", "prefix": prefix,
                                  "idNumber": id_number, **extra}})
    return body["data"]["takeTicket"]


async def test_the_kiosk_gives_numbers_in_order_with_the_people_ahead(gql):
    await gql.login("kiosk01", "demo1234")
    first = await take(gql, ZHANG)
    second = await take(gql, WANG)
    assert first["errors"] == [] and first["ticket"]["number"] == "A001"
    assert first["ticket"]["ahead"] == 0 and first["ticket"]["token"]
    assert second["ticket"]["number"] == "A002" and second["ticket"]["ahead"] == 1
    assert second["ticket"]["estimatedWaitMinutes"] is None  # no window serves the queue: no guess
    assert second["ticket"]["categoryName"] == "社保医保"


async def test_a_holder_cannot_take_a_second_number_and_bad_ids_are_named(gql):
    await gql.login("kiosk01", "demo1234")
    await take(gql, ZHANG)
    again = await take(gql, ZHANG)
    assert again["ticket"] is None
    assert again["errors"][0]["code"] == "ALREADY_HOLDING" and "A001" in again["errors"][0]["message"]
    bad = await take(gql, "330106195803120246")
    assert bad["errors"] == [{"code": "INVALID_ID_NUMBER", "field": "idNumber",
                              "message": "身份证号码校验位不正确，请核对"}]
    assert await Ticket.all().count() == 1


async def test_age_gives_priority_and_the_kiosk_cannot_grant_disability(gql):
    await gql.login("kiosk01", "demo1234")
    elder = await take(gql, ELDER)
    assert elder["ticket"]["priority"] == "ELDERLY"
    refused = await take(gql, WANG, priority="DISABLED")
    assert refused["errors"][0]["code"] == "PRIORITY_NOT_ALLOWED"
    assert "工作人员核验" in refused["errors"][0]["message"]


async def test_the_daily_cap_is_kept(gql):
    await QueueCategory.filter(service_point__code="330106013", prefix="C").update(daily_cap=1)
    await gql.login("kiosk01", "demo1234")
    assert (await take(gql, ZHANG, prefix="C"))["ticket"]["number"] == "C001"
    sold_out = await take(gql, WANG, prefix="C")
    assert sold_out["errors"][0]["code"] == "SOLD_OUT" and "号源已取完" in sold_out["errors"][0]["message"]


async def test_an_uncertified_member_is_refused_at_the_window(gql):
    await make_staff("xiaoxin", Role.FRONT_DESK)
    await gql.login("xiaoxin", PASSWORD)
    body = await gql(SIGN_IN, {"w": await window_id(1), "p": ["A"]})
    error = body["data"]["signInWindow"]["errors"][0]
    assert error["code"] == "NOT_CERTIFIED"
    assert error["message"].startswith("在综合受理窗口服务需持有效的上岗证")
    assert "尚未取得上岗证" in error["message"]


async def test_one_window_one_member(gql):
    await gql.login("qiantai", "demo1234")
    ok = await gql(SIGN_IN, {"w": await window_id(1), "p": ["A", "B"]})
    assert ok["data"]["signInWindow"]["session"]["categories"] == [{"prefix": "A"}, {"prefix": "B"}]
    other = await make_staff("other", Role.FRONT_DESK)
    cert = await Certificate.get(code="DEMO-0000-0001")
    await Certificate.create(**{k: getattr(cert, k) for k in (
        "exam_id", "holder_name", "exam_title", "scope_categories", "scope_departments",
        "issued_on", "valid_until")}, staff=other, code="TEST-0000-0002")
    await gql.login("other", PASSWORD)
    taken = await gql(SIGN_IN, {"w": await window_id(1), "p": ["A"]})
    assert taken["data"]["signInWindow"]["errors"][0]["code"] == "WINDOW_TAKEN"
    assert "李晓敏" in taken["data"]["signInWindow"]["errors"][0]["message"]


async def test_a_call_goes_to_the_window_and_the_board_sees_no_person(gql):
    await gql.login("kiosk01", "demo1234")
    await take(gql, ZHANG)
    await gql.login("qiantai", "demo1234")
    await gql(SIGN_IN, {"w": await window_id(3), "p": ["A"]})
    called = (await gql(CALL))["data"]["callNext"]
    assert called["errors"] == []
    assert called["ticket"]["number"] == "A001" and called["ticket"]["windowNumber"] == 3
    assert called["ticket"]["holder"] == {"name": "张桂英", "maskedIdNumber": "330106********0245"}
    hall = (await gql(HALL))["data"]["hall"]
    assert hall["recentCalls"][0] == {"number": "A001", "windowNumber": 3, "recall": False,
                                      "text": "请 A001 号到 3 号窗口办理业务"}
    logged = [e.payload for e in await Event.all()]
    assert ZHANG not in json.dumps(logged) and "张桂英" not in json.dumps(logged, ensure_ascii=False)


async def test_nobody_waiting_gives_an_empty_call_and_a_busy_window_must_finish_first(gql):
    await gql.login("qiantai", "demo1234")
    await gql(SIGN_IN, {"w": await window_id(1), "p": ["A"]})
    empty = (await gql(CALL))["data"]["callNext"]
    assert empty == {"ticket": None, "errors": []}
    await gql.login("kiosk01", "demo1234")
    await take(gql, ZHANG)
    await take(gql, WANG)
    await gql.login("qiantai", "demo1234")
    await gql(CALL)
    busy = (await gql(CALL))["data"]["callNext"]
    assert busy["errors"][0]["code"] == "BUSY" and "A001" in busy["errors"][0]["message"]
    await gql(act("startService"))
    done = (await gql(act("finishService")))["data"]["finishService"]["ticket"]
    assert done["status"] == "DONE"
    assert (await gql(CALL))["data"]["callNext"]["ticket"]["number"] == "A002"


async def test_no_show_only_after_two_recalls(gql):
    await gql.login("kiosk01", "demo1234")
    await take(gql, ZHANG)
    await gql.login("qiantai", "demo1234")
    await gql(SIGN_IN, {"w": await window_id(1), "p": ["A"]})
    await gql(CALL)
    early = (await gql(act("markNoShow")))["data"]["markNoShow"]
    assert early["errors"][0]["code"] == "TOO_EARLY"
    await gql(act("recallTicket"))
    recalled = (await gql(act("recallTicket")))["data"]["recallTicket"]["ticket"]
    assert recalled["recalls"] == 2
    gone = (await gql(act("markNoShow")))["data"]["markNoShow"]["ticket"]
    assert gone["status"] == "NO_SHOW" and gone["statusLabel"] == "过号"
    hall = (await gql(HALL))["data"]["hall"]
    assert hall["recentCalls"][0]["recall"] is True


async def test_a_transferred_ticket_keeps_its_place_in_the_other_queue(gql):
    await gql.login("kiosk01", "demo1234")
    await take(gql, ZHANG, prefix="A")
    await take(gql, WANG, prefix="B")
    await gql.login("qiantai", "demo1234")
    await gql(SIGN_IN, {"w": await window_id(1), "p": ["A", "B"]})
    await gql(CALL)  # A001 (taken first)
    moved = (await gql("mutation{ transferTicket(prefix:\"B\"){ ticket{ number status } errors{ code } } }"))
    assert moved["data"]["transferTicket"]["ticket"] == {"number": "A001", "status": "WAITING"}
    # A001 was taken before B001, so it is called again first in queue B
    await gql(SIGN_IN, {"w": await window_id(1), "p": ["B"]})
    assert (await gql(CALL))["data"]["callNext"]["ticket"]["number"] == "A001"


async def test_a_ticket_sent_to_a_window_is_called_only_there(gql):
    await gql.login("kiosk01", "demo1234")
    await take(gql, ZHANG)
    await take(gql, WANG)
    await gql.login("qiantai", "demo1234")
    await gql(SIGN_IN, {"w": await window_id(1), "p": ["A"]})
    await gql(CALL)
    sent = await gql("mutation{ transferTicket(windowNumber:2){ ticket{ number } errors{ code } } }")
    assert sent["data"]["transferTicket"]["errors"] == []
    assert (await gql(CALL))["data"]["callNext"]["ticket"]["number"] == "A002"
    target = await Ticket.get(number="A001")
    assert target.status == "WAITING" and target.target_window_id == int(await window_id(2))


async def test_the_counter_scans_the_slip_and_nobody_else_can(gql):
    await gql.login("kiosk01", "demo1234")
    token = (await take(gql, ZHANG))["ticket"]["token"]
    query = "query($t:String!){ ticketByToken(token:$t){ number holder{ name idNumber } } }"
    refused = await gql(query, {"t": token})
    assert (refused["data"] is None and "没有权限" in refused["errors"][0]["message"]) or \
        "需要" in refused["errors"][0]["message"]
    await gql.login("qiantai", "demo1234")
    found = (await gql(query, {"t": token}))["data"]["ticketByToken"]
    assert found == {"number": "A001", "holder": {"name": "张桂英", "idNumber": ZHANG}}
    forged = await gql(query, {"t": token[:-2] + "xx"})
    assert forged["errors"][0]["message"] == "无法识别该取号小票，请核对或手工查询"


async def test_a_revoked_certificate_stops_the_next_call_at_once(gql):
    await gql.login("kiosk01", "demo1234")
    await take(gql, ZHANG)
    await gql.login("qiantai", "demo1234")
    await gql(SIGN_IN, {"w": await window_id(1), "p": ["A"]})
    await Certificate.filter(code="DEMO-0000-0001").update(revoked=True, revoked_reason="违规操作")
    refused = (await gql(CALL))["data"]["callNext"]
    assert refused["errors"][0]["code"] == "NOT_CERTIFIED"
    assert "已被撤销（违规操作）" in refused["errors"][0]["message"]
    assert await Ticket.filter(status="WAITING").count() == 1


async def test_a_certificate_must_cover_the_departments_of_the_queues_served(gql):
    await Certificate.filter(code="DEMO-0000-0001").update(scope_departments=["RS", "YB"])
    await gql.login("qiantai", "demo1234")
    refused = (await gql(SIGN_IN, {"w": await window_id(1), "p": ["A", "C"]}))["data"]["signInWindow"]
    assert refused["errors"][0]["code"] == "NOT_CERTIFIED"
    assert refused["errors"][0]["message"].startswith("在综合受理窗口服务、办理公安业务需持有效的上岗证")
    admitted = (await gql(SIGN_IN, {"w": await window_id(1), "p": ["A"]}))["data"]["signInWindow"]
    assert admitted["errors"] == [] and admitted["session"]["categories"] == [{"prefix": "A"}]
