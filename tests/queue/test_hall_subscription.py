"""The hall board over graphql-transport-ws: a call reaches the board; a board that reconnects
with its last cursor gets what it missed, once."""

import pytest
from starlette.testclient import TestClient

from hub.web.app import create_app
from tests.conftest import test_settings

PROTOCOL = "graphql-transport-ws"
EVENTS = """subscription($a:Int){ hallEvents(servicePointCode:"330106013", after:$a){
  cursor kind call{ number windowNumber text } queues{ prefix waiting } } }"""


@pytest.fixture
def client(database_url):
    with TestClient(create_app(test_settings(database_url))) as c:
        yield c


def login(client, username):
    body = client.post("/graphql", json={"query": (
        f'mutation{{ login(input:{{username:"{username}",password:"demo1234"}}){{ token }} }}')}).json()
    return body["data"]["login"]["token"]


def gql(client, token, query, variables=None):
    body = client.post("/graphql", json={"query": query, "variables": variables or {}},
                       headers={"authorization": f"Bearer {token}"}).json()
    assert "errors" not in body, body
    return body["data"]


def take(client, kiosk, id_number):
    return gql(client, kiosk, """mutation($n:String){ takeTicket(input:{servicePointCode:"330106013",
      prefix:"A", idNumber:$n}){ ticket{ number } errors{ message } } }""", {"n": id_number})


def subscribe(ws, token, after):
    ws.send_json({"type": "connection_init", "payload": {"authToken": token}})
    assert ws.receive_json()["type"] == "connection_ack"
    ws.send_json({"type": "subscribe", "id": "1",
                  "payload": {"query": EVENTS, "variables": {"a": after}}})


def next_event(ws):
    message = ws.receive_json()
    assert message["type"] == "next", message
    return message["payload"]["data"]["hallEvents"]


def test_a_call_reaches_the_board_and_a_reconnect_resumes_from_the_cursor(client):
    board, kiosk, desk = login(client, "board01"), login(client, "kiosk01"), login(client, "qiantai")
    window = gql(client, desk, '{ servicePoint(code:"330106013"){ windows{ id number } } }')
    first_window = window["servicePoint"]["windows"][0]
    cursor = gql(client, board, '{ hall(servicePointCode:"330106013"){ cursor } }')["hall"]["cursor"]
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        subscribe(ws, board, cursor)
        take(client, kiosk, "330106195803120245")
        taken = next_event(ws)
        assert taken["kind"] == "TAKEN" and taken["queues"][0] == {"prefix": "A", "waiting": 1}
        gql(client, desk, 'mutation($w:ID!){ signInWindow(windowId:$w, prefixes:["A"]){'
            ' errors{ message } } }', {"w": first_window["id"]})
        gql(client, desk, "mutation{ callNext{ ticket{ number } errors{ message } } }")
        called = next_event(ws)
        assert called["kind"] == "CALLED"
        assert called["call"] == {"number": "A001", "windowNumber": first_window["number"],
                                  "text": f"请 A001 号到 {first_window['number']} 号窗口办理业务"}
        last_seen = called["cursor"]
    # the board is offline while two more things happen
    take(client, kiosk, "341221199008170518")
    gql(client, desk, "mutation{ recallTicket{ ticket{ number } errors{ message } } }")
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        subscribe(ws, board, last_seen)
        missed = [next_event(ws), next_event(ws)]
        assert [e["kind"] for e in missed] == ["TAKEN", "RECALLED"]
        assert [e["cursor"] for e in missed] == [last_seen + 1, last_seen + 2]


def test_the_board_needs_an_account_of_its_hall(client):
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        ws.receive_json()
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": EVENTS}})
        message = ws.receive_json()
        assert message["type"] == "error" or "errors" in message["payload"]
        assert "请先登录" in str(message)


def test_boards_share_an_event_result_only_when_document_and_variables_agree(client):
    """Hall events are executed once per document for all boards (hub.web.graphql_exec); a variable
    used inside the selection keeps results apart, the stream's own arguments do not."""
    board, kiosk = login(client, "board01"), login(client, "kiosk01")
    query = """subscription($a:Int, $q:Boolean!){ hallEvents(servicePointCode:"330106013", after:$a){
      cursor kind queues @include(if:$q){ prefix waiting } } }"""
    cursor = gql(client, board, '{ hall(servicePointCode:"330106013"){ cursor } }')["hall"]["cursor"]

    def open_board(ws, with_queues: bool, after):
        ws.send_json({"type": "connection_init", "payload": {"authToken": board}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"type": "subscribe", "id": "1", "payload": {
            "query": query, "variables": {"a": after, "q": with_queues}}})

    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as a, \
            client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as b, \
            client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as c:
        open_board(a, True, cursor)
        open_board(b, False, cursor)
        open_board(c, True, None)  # other stream arguments, same selection as a
        take(client, kiosk, "330106195803120245")
        got = [ws.receive_json()["payload"]["data"]["hallEvents"] for ws in (a, b, c)]
    assert got[0] == got[2] == {"cursor": cursor + 1, "kind": "TAKEN",
                                "queues": got[0]["queues"]}
    assert got[0]["queues"][0] == {"prefix": "A", "waiting": 1}
    assert got[1] == {"cursor": cursor + 1, "kind": "TAKEN"}
