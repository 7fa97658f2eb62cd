"""Whistle over the websocket: an expert's open console receives the raised call live, and the
caller's call subscription receives the acceptance and the expert's message."""

import pytest
from starlette.testclient import TestClient

from hub.web.app import create_app
from tests.conftest import test_settings
from tests.realtime.test_websocket import PROTOCOL, login

DESK = """subscription($a:Int){ whistleDeskEvents(after:$a){ cursor kind
  call{ id status itemName question callerName } } }"""
CALL = """subscription($c:ID!,$a:Int){ whistleCallEvents(callId:$c, after:$a){ cursor kind
  call{ status expertName } message{ role text } } }"""


@pytest.fixture
def client(database_url):
    with TestClient(create_app(test_settings(database_url))) as c:
        yield c


def gql(client, token, query, variables=None):
    body = client.post("/graphql", json={"query": query, "variables": variables or {}},
                       headers={"authorization": f"Bearer {token}"}).json()
    assert "errors" not in body, body
    return body["data"]


def connect(ws, token):
    ws.send_json({"type": "connection_init", "payload": {"authToken": token}})
    assert ws.receive_json()["type"] == "connection_ack"


def test_the_expert_console_receives_the_raised_call_and_the_caller_sees_it_taken(client):
    expert = login(client, "zhuanjia")
    front = login(client, "qiantai")
    # the console loads the desk, then follows it from the desk's cursor (nothing in between is lost)
    cursor = gql(client, expert, "{ whistleDesk{ cursor } }")["whistleDesk"]["cursor"]
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as console:
        connect(console, expert)
        console.send_json({"type": "subscribe", "id": "desk",
                           "payload": {"query": DESK, "variables": {"a": cursor}}})
        raised = gql(client, front, """mutation{ raiseWhistle(input:{itemCode:"330106-RS-002",
          question:"失业后还能领低保吗？"}){ call{ id } errors{ message } } }""")["raiseWhistle"]
        call_id = raised["call"]["id"]
        event = console.receive_json()
        assert event["type"] == "next" and event["id"] == "desk"
        data = event["payload"]["data"]["whistleDeskEvents"]
        assert data["kind"] == "RAISED" and data["call"]["id"] == call_id
        assert data["call"]["itemName"] == "失业登记" and data["call"]["callerName"] == "李晓敏"

        with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as counter:
            connect(counter, front)
            counter.send_json({"type": "subscribe", "id": "call",
                               "payload": {"query": CALL, "variables": {"c": call_id, "a": 0}}})
            first = counter.receive_json()["payload"]["data"]["whistleCallEvents"]
            assert (first["cursor"], first["kind"]) == (1, "RAISED")
            gql(client, expert, f'mutation{{ acceptWhistle(callId:"{call_id}"){{ call{{ id }} }} }}')
            gql(client, expert, f'mutation{{ sendWhistleMessage(callId:"{call_id}", '
                                f'text:"我马上到窗口"){{ message{{ id }} }} }}')
            accepted = counter.receive_json()["payload"]["data"]["whistleCallEvents"]
            assert accepted["kind"] == "ACCEPTED" and accepted["call"]["expertName"] == "周海燕"
            said = counter.receive_json()["payload"]["data"]["whistleCallEvents"]
            assert said["message"] == {"role": "EXPERT", "text": "我马上到窗口"}
        taken = console.receive_json()["payload"]["data"]["whistleDeskEvents"]
        assert taken["kind"] == "ACCEPTED" and taken["call"]["status"] == "ACCEPTED"


def test_only_the_parties_may_subscribe_to_a_call(client):
    front = login(client, "qiantai")
    raised = gql(client, front, """mutation{ raiseWhistle(input:{itemCode:"330106-RS-002",
      question:"问题"}){ call{ id } } }""")["raiseWhistle"]
    outsider = login(client, "shenpi")
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        connect(ws, outsider)
        ws.send_json({"type": "subscribe", "id": "1", "payload": {
            "query": CALL, "variables": {"c": raised["call"]["id"], "a": None}}})
        refused = ws.receive_json()  # an error raised in the generator comes as a result
        assert refused["payload"]["data"] is None
        assert "只有吹哨的窗口人员" in refused["payload"]["errors"][0]["message"]
