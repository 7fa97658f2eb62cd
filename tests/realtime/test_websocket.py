"""Websockets: graphql-transport-ws only, auth in connection_init, timeouts and caps."""

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from hub.web.app import create_app
from tests.conftest import test_settings

# a hang (a message that never comes) fails with its stack after this, not at CI's limit
pytestmark = pytest.mark.timeout(120, func_only=True)

PROTOCOL = "graphql-transport-ws"
CLOCK = "subscription{ serverClock(intervalSeconds:1){ now viewerName } }"


@pytest.fixture
def client(database_url):
    app = create_app(test_settings(database_url, ws_init_timeout_seconds=1,
                                   max_subscriptions_per_connection=2))
    with TestClient(app) as c:
        yield c


def login(client, username="board01", password="demo1234"):
    body = client.post("/graphql", json={"query": (
        f'mutation{{ login(input:{{username:"{username}",password:"{password}"}}){{ token }} }}'
    )}).json()
    return body["data"]["login"]["token"]


def test_authenticated_board_receives_the_clock(client):
    token = login(client)
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authToken": token}})
        ack = ws.receive_json()
        assert ack == {"type": "connection_ack", "payload": {"viewer": "文新街道叫号屏"}}
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": CLOCK}})
        tick = ws.receive_json()
        assert tick["type"] == "next"
        assert tick["payload"]["data"]["serverClock"]["viewerName"] == "文新街道叫号屏"


def test_anonymous_connections_are_allowed_for_public_data(client):
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": CLOCK}})
        assert ws.receive_json()["payload"]["data"]["serverClock"]["viewerName"] is None


def test_a_bad_token_is_refused(client):
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authToken": "forged.token.value"}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 4403


def test_the_legacy_protocol_is_refused(client):
    with pytest.raises(WebSocketDisconnect), client.websocket_connect(
        "/graphql", subprotocols=["graphql-ws"]
    ) as ws:
        ws.receive_json()


def test_connection_init_must_come_in_time(client):
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()  # we never send connection_init
        assert closed.value.code == 4408


def test_subscriptions_per_connection_are_capped(client):
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        ws.receive_json()
        for i in range(3):
            ws.send_json({"type": "subscribe", "id": str(i), "payload": {"query": CLOCK}})
        messages = [ws.receive_json() for _ in range(3)]
        errors = [m for m in messages if m["type"] == "error"]
        assert len(errors) == 1 and errors[0]["id"] == "2"


# --- a bad document is the operation's error, not a bare complete --------------------------

def subscribe_and_receive(ws, query, op_id="1"):
    ws.send_json({"type": "subscribe", "id": op_id, "payload": {"query": query}})
    return ws.receive_json()


@pytest.mark.parametrize("query", [
    "subscription{ serverClock(",                       # syntax
    "subscription{ serverClock{ now nope } }",          # validation: unknown field
    "subscription{ serverClock{ now } t: serverClock{ now } }",  # validation: two root fields
    "subscription{ serverClock{ " + "now " * 2100 + "} }",   # the token limit
])
def test_a_bad_document_gets_an_error_message_and_the_connection_stays(client, query):
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        ws.receive_json()
        message = subscribe_and_receive(ws, query)
        assert message["type"] == "error" and message["id"] == "1"
        assert message["payload"] and all(e["message"] for e in message["payload"])
        # the same id is free again, and the connection still serves good documents
        assert subscribe_and_receive(ws, CLOCK)["type"] == "next"


@pytest.mark.parametrize(("payload", "message"), [
    ({"query": "subscription A{ serverClock{ now } } subscription B{ serverClock{ now } }"},
     "查询文档包含多个操作，请用 operationName 指明要执行哪一个"),
    ({"query": "subscription A{ serverClock{ now } }", "operationName": "Z"},
     "查询文档中没有名为「Z」的操作"),
    ({"query": CLOCK, "operationName": {"a": 1}}, "operationName 必须是字符串或 null"),
])
def test_an_operation_that_cannot_be_told_gets_an_error_as_over_http(client, payload, message):
    # several operations and no operationName: HTTP answers 400, the websocket an error message
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        ws.receive_json()
        ws.send_json({"type": "subscribe", "id": "1", "payload": payload})
        assert ws.receive_json() == {"id": "1", "type": "error", "payload": [
            {"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}
        # naming the operation runs it, on the same connection and id
        named = {"query": payload["query"], "operationName": "A"} if "A{" in payload["query"] \
            else {"query": CLOCK}
        ws.send_json({"type": "subscribe", "id": "1", "payload": named})
        assert ws.receive_json()["type"] == "next"
    assert client.post("/graphql", json=payload).status_code == 400


# --- the server pings; a peer that never answers is disconnected ---------------------------

@pytest.fixture
def pinging(database_url):
    app = create_app(test_settings(database_url, ws_ping_seconds=0.3, ws_pong_timeout_seconds=2))
    with TestClient(app) as c:
        yield c


def test_the_server_pings_and_a_client_that_answers_stays(pinging):
    with pinging.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        for _ in range(3):
            assert ws.receive_json() == {"type": "ping"}
            ws.send_json({"type": "pong"})
        assert subscribe_and_receive(ws, CLOCK)["type"] == "next"


def test_a_client_that_never_answers_pong_is_disconnected(pinging):
    with pinging.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        assert ws.receive_json() == {"type": "ping"}
        # (it keeps talking, but never says pong)
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                ws.receive_json()
        assert closed.value.code == 4408


def test_pings_can_be_turned_off(database_url):
    app = create_app(test_settings(database_url, ws_ping_seconds=0, ws_pong_timeout_seconds=0.1))
    with TestClient(app) as c, c.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        ws.receive_json()
        first = subscribe_and_receive(ws, "subscription{ serverClock(intervalSeconds:1){ now } }")
        assert first["type"] == "next"
        # a second tick comes after a second: no ping in between, and still connected
        assert ws.receive_json()["type"] == "next"
