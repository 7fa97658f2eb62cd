"""Issuance, ratings and rectification over GraphQL, and the live case events over the
websocket — with every boundary: another point's issuer, someone else's case, a wrong ID
number, a guessed case id."""

import pytest
from starlette.testclient import TestClient

from bench.cases import NEWCOMER, ZHANG
from hub.core.models import Ticket
from hub.core.models.enums import Role
from hub.web.app import create_app
from tests.cases.issuance_support import approved_case
from tests.conftest import test_settings
from tests.factories import PASSWORD, make_staff
from tests.realtime.test_websocket import PROTOCOL, login

pytestmark = pytest.mark.both_databases

QUEUE = "query($i:String){ issuanceQueue(idNumber:$i){ id number status } }"
ISSUE = """mutation($i:IssueCaseInput!){ issueCase(input:$i){ errors{ code field message }
  case{ id status statusLabel issuedAt issuance{ method methodLabel recipientName identityChecked
    courier trackingNumber delivered issuedBy } log{ action actionLabel actorName } } } }"""
EVALUATE = """mutation($i:EvaluateCaseInput!){ evaluateCase(input:$i){ rectificationDueOn
  errors{ code message } evaluation{ level label comment channel rectificationStatusLabel } } }"""
TRACK = """query($n:String!,$i:String!){ trackCase(number:$n, idNumber:$i){ number status eventCursor
  issuance{ methodLabel } evaluation{ label comment } } }"""
RECTS = """{ rectifications{ id status statusLabel dueOn overdue levelLabel comment caseNumber
  applicantName assignedTo callbackResultLabel } }"""


async def _register(gql, id_number=ZHANG, name="张桂英"):
    gql.token = None
    body = await gql("""mutation($i:String!,$n:String!){ registerCitizen(input:{idNumber:$i, name:$n,
        password:"zhang2026"}){ token errors{ code } } }""", {"i": id_number, "n": name})
    gql.token = body["data"]["registerCitizen"]["token"]
    assert gql.token


async def test_the_issuance_window_over_graphql(gql):
    case = await approved_case()
    await gql.login("chujian", "demo1234")
    queue = await gql(QUEUE)
    assert [c["number"] for c in queue["data"]["issuanceQueue"]] == [case["number"]]
    assert (await gql(QUEUE, {"i": NEWCOMER}))["data"]["issuanceQueue"] == []
    wrong = await gql(ISSUE, {"i": {"caseId": str(case["id"]), "method": "PICKUP",
                                    "collectorIdNumber": NEWCOMER}})
    assert wrong["data"]["issueCase"]["errors"][0]["code"] == "IDENTITY_MISMATCH"
    ok = await gql(ISSUE, {"i": {"caseId": str(case["id"]), "method": "PICKUP",
                                 "collectorIdNumber": ZHANG, "version": case["version"]}})
    payload = ok["data"]["issueCase"]
    assert payload["errors"] == []
    assert payload["case"]["status"] == "ISSUED" and payload["case"]["statusLabel"] == "已出件"
    assert payload["case"]["issuance"] == {
        "method": "PICKUP", "methodLabel": "窗口领取", "recipientName": "张桂英",
        "identityChecked": True, "courier": "", "trackingNumber": "", "delivered": True,
        "issuedBy": "赵丽"}
    assert payload["case"]["log"][-1] == {"action": "ISSUE", "actionLabel": "出件", "actorName": "赵丽"}
    again = await gql(ISSUE, {"i": {"caseId": str(case["id"]), "method": "PICKUP",
                                    "collectorIdNumber": ZHANG}})
    assert again["data"]["issueCase"]["errors"][0]["code"] == "CONFLICT"
    assert (await gql(QUEUE))["data"]["issuanceQueue"] == []


async def test_another_points_issuer_and_a_guessed_id_find_nothing(gql):
    case = await approved_case()
    await make_staff("xixi_issuer", Role.ISSUER, point_code="330106004")
    await gql.login("xixi_issuer", PASSWORD)
    assert (await gql(QUEUE))["data"]["issuanceQueue"] == []
    for guess in (str(case["id"]), str(case["id"] + 1), "abc"):
        body = await gql(ISSUE, {"i": {"caseId": guess, "method": "PICKUP", "collectorIdNumber": ZHANG}})
        assert body["data"]["issueCase"]["errors"][0]["code"] == "NOT_FOUND"
    await gql.login("shenpi", "demo1234")  # back office: not an issuance role at all
    refused = await gql(ISSUE, {"i": {"caseId": str(case["id"]), "method": "PICKUP",
                                      "collectorIdNumber": ZHANG}})
    assert refused["data"] is None and "出件窗口人员" in refused["errors"][0]["message"]


async def test_courier_and_grid_delivery_over_graphql(gql):
    posted = await approved_case(delivery_address="杭州市西湖区文三路 1 号")
    carried = await approved_case()
    await gql.login("chujian", "demo1234")
    sent = await gql(ISSUE, {"i": {"caseId": str(posted["id"]), "method": "COURIER"}})
    issuance = sent["data"]["issueCase"]["case"]["issuance"]
    assert issuance["courier"] == "EMS 政务专递" and issuance["trackingNumber"].startswith("EA")
    assert issuance["delivered"] is False
    workers = await gql("query($c:ID!){ gridWorkers(caseId:$c){ id name servicePointName } }",
                        {"c": str(carried["id"])})
    wangge = next(w for w in workers["data"]["gridWorkers"] if w["name"] == "黄雨晴")
    handed = await gql(ISSUE, {"i": {"caseId": str(carried["id"]), "method": "GRID",
                                     "address": "石灰桥社区 3 幢 2 单元", "gridWorkerId": wangge["id"]}})
    assert handed["data"]["issueCase"]["errors"] == []

    await gql.login("wangge", "demo1234")
    tasks = await gql("{ myDeliveries{ caseId caseNumber address applicantName confirmedAt } }")
    assert [t["caseNumber"] for t in tasks["data"]["myDeliveries"]] == [carried["number"]]
    confirm = """mutation($c:ID!,$s:String!){ confirmDelivery(caseId:$c, signedName:$s){
      errors{ code } case{ issuance{ delivered recipientName delivererName } log{ action actorName } } } }"""
    signed = await gql(confirm, {"c": str(carried["id"]), "s": "张桂英"})
    case = signed["data"]["confirmDelivery"]["case"]
    assert case["issuance"] == {"delivered": True, "recipientName": "张桂英", "delivererName": "黄雨晴"}
    assert case["log"][-1] == {"action": "DELIVERED", "actorName": "黄雨晴"}
    not_mine = await gql(confirm, {"c": str(posted["id"]), "s": "张桂英"})
    assert not_mine["data"]["confirmDelivery"]["errors"] == [{"code": "NOT_FOUND"}]


async def _issue(gql, case):
    await gql.login("chujian", "demo1234")
    body = await gql(ISSUE, {"i": {"caseId": str(case["id"]), "method": "PICKUP",
                                   "collectorIdNumber": ZHANG}})
    assert body["data"]["issueCase"]["errors"] == []


async def test_an_applicant_rates_their_own_case_once_and_nobody_elses(gql):
    mine = await approved_case()
    theirs = await approved_case(id_number=NEWCOMER, name="赵新来")
    await _issue(gql, mine)
    await gql.login("chujian", "demo1234")
    body = await gql(ISSUE, {"i": {"caseId": str(theirs["id"]), "method": "PICKUP",
                                   "collectorIdNumber": NEWCOMER}})
    assert body["data"]["issueCase"]["errors"] == []

    await _register(gql)
    other = await gql(EVALUATE, {"i": {"caseId": str(theirs["id"]), "level": 1, "comment": "差"}})
    assert other["data"]["evaluateCase"]["errors"][0]["code"] == "NOT_FOUND"
    by_number = await gql(EVALUATE, {"i": {"number": theirs["number"], "idNumber": ZHANG, "level": 1}})
    assert by_number["data"]["evaluateCase"]["errors"][0]["code"] == "NOT_FOUND"

    ok = await gql(EVALUATE, {"i": {"caseId": str(mine["id"]), "level": 2, "channel": "MOBILE",
                                    "comment": "等候时间太长"}})
    payload = ok["data"]["evaluateCase"]
    assert payload["errors"] == [] and payload["rectificationDueOn"]
    assert payload["evaluation"] == {"level": 2, "label": "不满意", "comment": "等候时间太长",
                                     "channel": "MOBILE", "rectificationStatusLabel": "整改中"}
    twice = await gql(EVALUATE, {"i": {"caseId": str(mine["id"]), "level": 5}})
    assert twice["data"]["evaluateCase"]["errors"] == [
        {"code": "ALREADY_RATED", "message": "该办件已评价，每个办件只能评价一次"}]

    # without login: the right number with a wrong ID number finds nothing
    gql.token = None
    assert (await gql(TRACK, {"n": theirs["number"], "i": ZHANG}))["data"]["trackCase"] is None
    tracked = (await gql(TRACK, {"n": mine["number"], "i": ZHANG}))["data"]["trackCase"]
    assert tracked["evaluation"] == {"label": "不满意", "comment": "等候时间太长"}
    assert tracked["issuance"] == {"methodLabel": "窗口领取"} and tracked["eventCursor"] >= 3
    anonymous = await gql(EVALUATE, {"i": {"caseId": str(theirs["id"]), "level": 5}})
    assert anonymous["data"] is None and "请先登录" in anonymous["errors"][0]["message"]
    by_id = await gql(EVALUATE, {"i": {"number": theirs["number"], "idNumber": NEWCOMER, "level": 4,
                                       "comment": "不错"}})
    assert by_id["data"]["evaluateCase"]["evaluation"]["label"] == "满意"
    assert by_id["data"]["evaluateCase"]["rectificationDueOn"] is None


async def test_the_supervisor_works_the_rectification(gql):
    case = await approved_case()
    await _issue(gql, case)
    gql.token = None
    await gql(EVALUATE, {"i": {"number": case["number"], "idNumber": ZHANG, "level": 1,
                               "comment": "态度差"}})
    await gql.login("qiantai", "demo1234")
    assert "管理者" in (await gql(RECTS))["errors"][0]["message"]
    await gql.login("zhuren", "demo1234")
    listed = (await gql(RECTS))["data"]["rectifications"]
    assert len(listed) == 1
    task = listed[0]
    assert task["statusLabel"] == "整改中" and task["levelLabel"] == "非常不满意"
    assert task["caseNumber"] == case["number"] and task["assignedTo"] == "王主任"
    assert task["overdue"] is False
    change = """mutation($i:RectificationInput!){ %s(input:$i){ errors{ code message }
      rectification{ status statusLabel measures callbackAt callbackNote callbackResultLabel closedBy } } }"""
    early = await gql(change % "closeRectification", {"i": {"id": task["id"], "measures": "加强培训"}})
    assert early["data"]["closeRectification"]["errors"][0]["code"] == "INCOMPLETE"
    saved = await gql(change % "updateRectification", {"i": {"id": task["id"], "measures": "加强培训"}})
    assert saved["data"]["updateRectification"]["rectification"]["measures"] == "加强培训"
    closed = await gql(change % "closeRectification", {"i": {
        "id": task["id"], "callbackAt": "2026-01-05T02:00:00+00:00", "callbackNote": "电话回访，已致歉",
        "callbackResult": "ACCEPTED"}})
    done = closed["data"]["closeRectification"]
    assert done["errors"] == [] and done["rectification"]["status"] == "DONE"
    assert done["rectification"]["callbackResultLabel"] == "回访基本认可"
    assert done["rectification"]["closedBy"] == "王主任"
    case_log = await gql("query($id:ID!){ case(id:$id){ log{ action } "
                         "evaluation{ rectificationStatusLabel } } }", {"id": str(case["id"])})
    actions = [e["action"] for e in case_log["data"]["case"]["log"]]
    assert actions[-3:] == ["EVALUATE", "RECTIFY", "RECTIFIED"]
    assert case_log["data"]["case"]["evaluation"]["rectificationStatusLabel"] == "已整改回访"


async def test_a_window_service_is_rated_once_by_its_ticket(gql):
    await gql.login("kiosk01", "demo1234")
    taken = await gql("""mutation($i:String!){ takeTicket(input:{servicePointCode:"330106013", prefix:"A",
        idNumber:$i}){ ticket{ id number token } errors{ message } } }""", {"i": ZHANG})
    ticket = taken["data"]["takeTicket"]["ticket"]
    rate = """mutation($i:RateTicketInput!){ rateTicket(input:$i){ errors{ code message }
      rectificationDueOn evaluation{ label channel } } }"""
    gql.token = None
    early = await gql(rate, {"i": {"ticketToken": ticket["token"], "level": 5}})
    assert early["data"]["rateTicket"]["errors"][0]["code"] == "NOT_RATEABLE"
    desk = await make_staff("desk_rated", Role.FRONT_DESK)
    await Ticket.filter(id=int(ticket["id"])).update(status="DONE", staff_id=desk.id)
    forged = await gql(rate, {"i": {"ticketToken": ticket["token"] + "x", "level": 5}})
    assert forged["data"]["rateTicket"]["errors"][0]["code"] == "NOT_FOUND"
    ok = await gql(rate, {"i": {"ticketToken": ticket["token"], "level": 2, "comment": "解释不清"}})
    assert ok["data"]["rateTicket"]["evaluation"] == {"label": "不满意", "channel": "MOBILE"}
    assert ok["data"]["rateTicket"]["rectificationDueOn"]
    await gql.login("qiantai", "demo1234")  # the window's rating pad
    twice = await gql(rate, {"i": {"ticketId": ticket["id"], "level": 5}})
    assert twice["data"]["rateTicket"]["errors"][0]["code"] == "ALREADY_RATED"
    await gql.login("zhuren", "demo1234")
    tasks = (await gql("{ rectifications{ ticketNumber ratedStaff levelLabel } }"))["data"]["rectifications"]
    assert tasks == [{"ticketNumber": ticket["number"], "ratedStaff": "测试desk_rated",
                      "levelLabel": "不满意"}]


# ------------------------------------------------------------------ live case events ----

EVENTS = """subscription($c:ID,$n:String,$i:String,$a:Int){ caseEvents(caseId:$c, number:$n,
  idNumber:$i, after:$a){ cursor kind action actionLabel status statusLabel actorName } }"""


@pytest.fixture
def client(database_url):
    with TestClient(create_app(test_settings(database_url))) as c:
        yield c


def _gql(client, token, query, variables=None):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.post("/graphql", json={"query": query, "variables": variables or {}},
                       headers=headers).json()


def _connect(ws, token=None):
    ws.send_json({"type": "connection_init", "payload": {"authToken": token} if token else {}})
    assert ws.receive_json()["type"] == "connection_ack"


def test_the_applicant_follows_the_case_live_by_number_and_id_number(client):
    case = client.portal.call(approved_case)
    cursor = _gql(client, None, TRACK, {"n": case["number"], "i": ZHANG})["data"]["trackCase"]["eventCursor"]
    issuer = login(client, "chujian")
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        _connect(ws)
        ws.send_json({"type": "subscribe", "id": "1", "payload": {
            "query": EVENTS, "variables": {"n": case["number"], "i": ZHANG, "a": cursor - 1}}})
        replayed = ws.receive_json()["payload"]["data"]["caseEvents"]  # the approval, replayed
        assert replayed["cursor"] == cursor and replayed["status"] == "APPROVED"
        body = _gql(client, issuer, ISSUE, {"i": {"caseId": str(case["id"]), "method": "PICKUP",
                                                  "collectorIdNumber": ZHANG}})
        assert body["data"]["issueCase"]["errors"] == []
        live = ws.receive_json()["payload"]["data"]["caseEvents"]
        assert live == {"cursor": cursor + 1, "kind": "CHANGE", "action": "ISSUE", "actionLabel": "出件",
                        "status": "ISSUED", "statusLabel": "已出件", "actorName": "赵丽"}


def test_a_guessed_case_id_or_a_wrong_id_number_cannot_be_followed(client):
    case = client.portal.call(approved_case)
    other = client.portal.call(lambda: approved_case(id_number=NEWCOMER, name="赵新来"))
    citizen = _gql(client, None, """mutation{ registerCitizen(input:{idNumber:"11010519491231002X",
        name:"赵新来", password:"zhao2026a"}){ token } }""")["data"]["registerCitizen"]["token"]
    elsewhere = client.portal.call(lambda: make_staff("xixi_desk", Role.FRONT_DESK, point_code="330106004"))
    desk = login(client, elsewhere.username, PASSWORD)
    attempts = [
        (citizen, {"c": str(case["id"])}),  # someone else's case id
        (desk, {"c": str(case["id"])}),  # a case of another point
        (None, {"c": str(case["id"])}),  # no login at all
        (None, {"n": case["number"], "i": NEWCOMER}),  # the right number, a wrong ID number
    ]
    for token, variables in attempts:
        with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
            _connect(ws, token)
            ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": EVENTS,
                                                                      "variables": variables}})
            refused = ws.receive_json()
            assert refused["payload"]["data"] is None, (variables, refused)
            assert refused["payload"]["errors"][0]["message"] in ("办件不存在或您无权查看",
                                                                 "请先登录，或提供办件编号和身份证号码")
    # the owner of the other case follows theirs with the citizen token
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        _connect(ws, citizen)
        ws.send_json({"type": "subscribe", "id": "1", "payload": {
            "query": EVENTS, "variables": {"c": str(other["id"]), "a": 0}}})
        first = ws.receive_json()["payload"]["data"]["caseEvents"]
        assert first["cursor"] == 1 and first["action"] == "BASEDATA_FETCH"  # then RECEIVE
