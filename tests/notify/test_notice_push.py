"""Staff notices pushed over the websocket (工作提醒): a case routed to 医保 rings the A post's bell
live, from the cursor myNotices gave; another department's approver hears nothing, and the
push carries no notice text."""

import pytest
from starlette.testclient import TestClient

from bench.backoffice_cases import ITEM, viewer
from bench.cases import ZHANG, answers_for, full_materials
from hub.core.models.enums import CaseChannel
from hub.web.app import create_app
from resolvers.cases.actors import Actor
from resolvers.cases.intake import IntakeRequest, open_case
from tests.conftest import test_settings
from tests.realtime.test_websocket import PROTOCOL, login

EVENTS = """subscription($a:Int){ myNoticeEvents(after:$a){ cursor kind noticeKinds caseId } }"""
NOTICES = "{ myNotices(first:5){ unread cursor notices{ kind message caseId } } }"


@pytest.fixture
def client(database_url):
    with TestClient(create_app(test_settings(database_url))) as c:
        yield c


def gql(client, token, query):
    body = client.post("/graphql", json={"query": query},
                       headers={"authorization": f"Bearer {token}"}).json()
    assert "errors" not in body, body
    return body["data"]


def follow(ws, token, after, sid="bell"):
    ws.send_json({"type": "connection_init", "payload": {"authToken": token}})
    assert ws.receive_json()["type"] == "connection_ack"
    ws.send_json({"type": "subscribe", "id": sid, "payload": {"query": EVENTS, "variables": {"a": after}}})


def intake(client) -> dict:
    """A 医保 case accepted at 文新街道's window; its events published as the mutation does."""
    async def run() -> dict:
        desk = await viewer("qiantai")
        answers = await answers_for(ITEM)
        req = IntakeRequest(item_code=ITEM, answers=answers, service_point_code="330106013",
                            channel=CaseChannel.COUNTER, id_number=ZHANG, name="张桂英",
                            phone="13800000000", materials=await full_materials(ITEM, answers))
        done = await open_case(Actor.staff(desk), req)
        await client.app.state.services.bus.publish(done.events)
        return done.case
    return client.portal.call(run)


def test_a_routed_case_rings_the_a_posts_bell_live_and_not_another_departments(client):
    yb, rs = login(client, "yb_a"), login(client, "rs_a")
    before = gql(client, yb, NOTICES)["myNotices"]
    rs_cursor = gql(client, rs, NOTICES)["myNotices"]["cursor"]
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as bell, \
            client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as other:
        follow(bell, yb, before["cursor"])
        follow(other, rs, rs_cursor)
        case = intake(client)
        pushed = bell.receive_json()
        assert pushed["type"] == "next", pushed
        event = pushed["payload"]["data"]["myNoticeEvents"]
        assert event == {"cursor": before["cursor"] + 1, "kind": "NOTICE", "noticeKinds": ["ASSIGNED"],
                         "caseId": str(case["id"])}
        assert "张" not in str(pushed)  # the push names nobody; the bell reloads myNotices
        after = gql(client, yb, NOTICES)["myNotices"]
        assert after["unread"] == before["unread"] + 1 and after["cursor"] == event["cursor"]
        assert after["notices"][0]["caseId"] == str(case["id"])
        # the other department's approver: the next frame on its socket is the answer to a ping
        other.send_json({"type": "ping"})
        assert other.receive_json()["type"] == "pong"
        assert gql(client, rs, NOTICES)["myNotices"]["cursor"] == rs_cursor
        # a bell that reconnects from the old cursor gets the missed notice once
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as again:
        follow(again, yb, before["cursor"])
        replay = again.receive_json()["payload"]["data"]["myNoticeEvents"]
        assert replay["cursor"] == event["cursor"]
        again.send_json({"type": "ping"})
        assert again.receive_json()["type"] == "pong"


def test_the_notice_channel_needs_a_login(client):
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"type": "subscribe", "id": "x", "payload": {"query": EVENTS, "variables": {"a": None}}})
        answer = ws.receive_json()
        assert answer["payload"]["data"] is None, answer
        assert answer["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
