"""Websockets: graphql-transport-ws only, auth in connection_init, timeouts and caps."""

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from hub.web.app import create_app
from tests.conftest import test_settings

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
