"""Live hall events written straight to the boards' sockets (realtime.frames), on a real uvicorn
server in this process: the frames are byte for byte what strawberry sends, a replay hands over
to live events with nothing lost or repeated, graphql-transport-ws stays exact, and a board
that stops reading is disconnected."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn
from tortoise.transactions import in_transaction
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from hub.web.app import create_app
from realtime import frames as ws_frames
from realtime import log
from realtime.bus import WRITTEN
from tests.conftest import _free_port, test_settings

POINT = "330106013"
CHANNEL = f"hall:{POINT}"
EVENTS = """subscription($a:Int){ hallEvents(servicePointCode:"330106013", after:$a){
  cursor kind at call{ number windowNumber text } queues{ prefix name waiting } } }"""


class Hub:
    def __init__(self, base: str, app: Any, server: uvicorn.Server) -> None:
        self.base = base
        self.app = app
        self.server = server
        self.bus = app.state.services.bus
        self.token = ""

    async def publish(self, n: int, text: str = "请到 3 号窗口") -> list[int]:
        """n hall events, as a call makes them; their cursors."""
        events = []
        for i in range(n):
            async with in_transaction() as conn:
                events.append(await log.append(conn, CHANNEL, "CALLED", {
                    "queues": [{"prefix": "A", "name": "综合受理", "waiting": i}],
                    "call": {"number": f"A{i:03d}", "windowNumber": 3, "text": text}}))
            await self.bus.publish([events[-1]])
        return [e.seq for e in events]

    async def cursor(self) -> int:
        return (await log.state(CHANNEL)).last_seq


@pytest.fixture
async def hub(database: str) -> AsyncIterator[Hub]:
    app = create_app(test_settings(database, ws_send_buffer_bytes=2048), manage_db=False)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, ws=ws_frames.HubWebSocketProtocol,
                            ws_per_message_deflate=False, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(1000):
        if server.started:
            break
        await asyncio.sleep(0.01)
    hub = Hub(f"http://127.0.0.1:{port}", app, server)
    async with httpx.AsyncClient(base_url=hub.base) as http:
        body = (await http.post("/graphql", json={"query": (
            'mutation{ login(input:{username:"board01",password:"demo1234"}){ token } }')})).json()
    hub.token = body["data"]["login"]["token"]
    try:
        yield hub
    finally:
        server.should_exit = True
        await task


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Cursors of the events that went the direct way."""
    seen: list[int] = []
    original = ws_frames._DirectSink.__call__

    def spy(self: Any, event: Any) -> str:
        outcome = original(self, event)
        if outcome == WRITTEN:
            seen.append(event.seq)
        return outcome

    monkeypatch.setattr(ws_frames._DirectSink, "__call__", spy)
    return seen


async def board(hub: Hub, after: int | None, op_id: str = "1", **kwargs: Any) -> ClientConnection:
    ws = await connect(hub.base.replace("http", "ws") + "/graphql",
                       subprotocols=["graphql-transport-ws"], **kwargs)  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authToken": hub.token}}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(json.dumps({"type": "subscribe", "id": op_id,
                              "payload": {"query": EVENTS, "variables": {"a": after}}}))
    return ws


async def frames(ws: ClientConnection, n: int) -> list[str]:
    return [str(await asyncio.wait_for(ws.recv(), 10)) for _ in range(n)]


def cursors(texts: list[str]) -> list[int]:
    return [json.loads(t)["payload"]["data"]["hallEvents"]["cursor"] for t in texts]


async def live(hub: Hub, ws: ClientConnection) -> None:
    """Wait until the board's subscription is live (its replay is done)."""
    for _ in range(200):
        subs = hub.bus._subscribers.get(CHANNEL, ())
        if subs and all(s.waiter is not None for s in subs):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the board never went live")


async def test_a_direct_frame_is_byte_for_byte_the_frame_strawberry_sends(hub, written):
    # given a live board (direct frames) and the cursor before two events
    before = await hub.cursor()
    live_board = await board(hub, None)
    await live(hub, live_board)
    # when two events are published, and then a second board replays them (strawberry's path)
    sent = await hub.publish(2)
    direct = await frames(live_board, 2)
    replay_board = await board(hub, before)
    replayed = await frames(replay_board, 2)
    # then the live board's frames went the direct way and are the replayed frames exactly
    assert written == sent
    assert direct == replayed
    assert json.loads(direct[0])["payload"]["data"]["hallEvents"]["call"]["number"] == "A000"
    await live_board.close()
    await replay_board.close()


async def test_a_board_replays_then_follows_live_without_gaps_or_repeats(hub, written):
    # given events the board missed
    before = await hub.cursor()
    missed = await hub.publish(3)
    # when it subscribes after its old cursor while more events keep coming
    ws = await board(hub, before)
    during = await hub.publish(3)
    await live(hub, ws)
    after = await hub.publish(4)
    # then it gets every event once, in order, and the live ones went the direct way
    got = cursors(await frames(ws, 10))
    assert got == missed + during + after
    assert set(after) <= set(written) and not set(missed) & set(written)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(ws.recv(), 0.3)
    await ws.close()


async def test_a_completed_operation_gets_no_more_frames_and_ping_still_pongs(hub, written):
    # given two live operations on one connection
    ws = await board(hub, None, "a")
    await ws.send(json.dumps({"type": "subscribe", "id": "b",
                              "payload": {"query": EVENTS, "variables": {"a": None}}}))
    for _ in range(200):
        if len(hub.bus._subscribers.get(CHANNEL, ())) == 2:
            break
        await asyncio.sleep(0.01)
    await live(hub, ws)
    # when the client completes "a" and an event follows
    await ws.send(json.dumps({"type": "complete", "id": "a"}))
    await ws.send(json.dumps({"type": "ping"}))
    assert json.loads(await ws.recv()) == {"type": "pong"}
    (seq,) = await hub.publish(1)
    # then only "b" receives it
    (message,) = [json.loads(t) for t in await frames(ws, 1)]
    assert (message["id"], message["type"]) == ("b", "next")
    assert message["payload"]["data"]["hallEvents"]["cursor"] == seq
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(ws.recv(), 0.3)
    # and completing "b" ends its server-side subscription
    await ws.send(json.dumps({"type": "complete", "id": "b"}))
    for _ in range(200):
        if hub.bus.subscriber_count() == 0:
            break
        await asyncio.sleep(0.01)
    assert hub.bus.subscriber_count() == 0
    await ws.close()


async def test_a_board_that_stops_reading_is_disconnected_and_resumes_by_cursor(hub, written):
    # given a board with a small receive buffer that stops reading after its first message
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", int(hub.base.rsplit(":", 1)[1])))
    sock.setblocking(False)
    before = await hub.cursor()
    ws = await board(hub, None, sock=sock, max_queue=1)
    await live(hub, ws)
    # (and the kernel may hold little on the hub's side too, as on a congested link)
    for connection in hub.server.server_state.connections:
        if isinstance(connection, ws_frames.HubWebSocketProtocol):
            connection.transport.get_extra_info("socket").setsockopt(
                socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    # when far more is published than its buffers hold (the server allows 2 KiB unsent)
    await hub.publish(120, text="请到 3 号窗口办理" * 40)
    # then the hub cut it off: the subscription is gone and the close code says try again
    for _ in range(300):
        if hub.bus.subscriber_count() == 0:
            break
        await asyncio.sleep(0.01)
    assert hub.bus.subscriber_count() == 0
    received: list[int] = []
    with contextlib.suppress(ConnectionClosed):
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if message["type"] == "next" and message["payload"].get("data"):
                received.append(message["payload"]["data"]["hallEvents"]["cursor"])
    assert ws.close_code == ws_frames.SLOW_CLOSE_CODE
    assert received == list(range(before + 1, before + 1 + len(received))) and len(received) < 120
    # and a new board from its last cursor gets the rest, once
    again = await board(hub, received[-1] if received else before)
    rest = cursors(await frames(again, 120 - len(received)))
    assert rest == list(range(before + 1 + len(received), before + 121))
    await again.close()


# --- shared payloads: the key covers every variable the document uses ----------------------

FRAGMENT = """subscription($withCall:Boolean!){ hallEvents(servicePointCode:"330106013"){ ...F } }
fragment F on HallEvent { cursor kind call @include(if:$withCall){ number } }"""
NESTED = """subscription($hide:Boolean!){ hallEvents(servicePointCode:"330106013"){ ...Outer } }
fragment Outer on HallEvent { cursor ...Middle }
fragment Middle on HallEvent { kind ...Inner }
fragment Inner on HallEvent { call @skip(if:$hide){ number } }"""
SPREAD_DIRECTIVES = """subscription($a:Boolean!,$b:Boolean!){ hallEvents(servicePointCode:"330106013"){
  cursor ...C @include(if:$a) ... on HallEvent @skip(if:$b){ queues{ prefix } } } }
fragment C on HallEvent { call{ number } }"""
ALIASES = """subscription($c:Boolean!){ hallEvents(servicePointCode:"330106013"){
  seq: cursor who: call @include(if:$c){ n: number } also: call{ w: windowNumber } } }"""
ROOT_FRAGMENT = """subscription($c:Boolean!,$a:Int){ ...Root }
fragment Root on Subscription { hallEvents(servicePointCode:"330106013", after:$a){
  cursor call @include(if:$c){ number } } }"""


async def one_event_per_board(hub: Hub, query: str, variable_sets: list[dict]) -> list[dict]:
    """Each board (its own connection) subscribes with its variables; one event is published;
    what each board received."""
    sockets = []
    for variables in variable_sets:
        ws = await connect(hub.base.replace("http", "ws") + "/graphql",
                           subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authToken": hub.token}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"type": "subscribe", "id": "1",
                                  "payload": {"query": query, "variables": variables}}))
        sockets.append(ws)
    for _ in range(300):
        if len(hub.bus._subscribers.get(CHANNEL, ())) == len(sockets):
            break
        await asyncio.sleep(0.01)
    await live(hub, sockets[0])
    await hub.publish(1)
    received = []
    for ws in sockets:
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert message["type"] == "next", message
        received.append(message["payload"]["data"]["hallEvents"])
        await ws.close()
    return received


@pytest.fixture(params=["direct", "strawberry"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways an event reaches a board share results: the direct frame path and strawberry's
    own (schema.queue.subscriptions without a direct sink)."""
    if request.param == "strawberry":
        monkeypatch.setattr("schema.queue.subscriptions.direct_sink", lambda *a, **k: None)
    return str(request.param)


async def test_a_variable_inside_a_fragment_keeps_boards_apart(hub, path):
    # given two boards with the same document, one asking for the call and one not
    with_call, without = await one_event_per_board(
        hub, FRAGMENT, [{"withCall": True}, {"withCall": False}])
    # then each gets what it asked for: the second board never sees the call
    assert with_call["call"] == {"number": "A000"}
    assert "call" not in without and without["kind"] == "CALLED"


async def test_the_board_that_asked_first_does_not_decide_for_the_other(hub, path):
    without, with_call = await one_event_per_board(
        hub, FRAGMENT, [{"withCall": False}, {"withCall": True}])
    assert "call" not in without and with_call["call"] == {"number": "A000"}


async def test_variables_in_nested_fragments_count(hub, path):
    shown, hidden = await one_event_per_board(hub, NESTED, [{"hide": False}, {"hide": True}])
    assert shown["call"] == {"number": "A000"} and shown["kind"] == "CALLED"
    assert "call" not in hidden and hidden["kind"] == "CALLED" and hidden["cursor"] == shown["cursor"]


async def test_skip_and_include_on_spreads_and_inline_fragments_count(hub, path):
    sets = [{"a": True, "b": False}, {"a": False, "b": False}, {"a": True, "b": True},
            {"a": False, "b": True}]
    both, queues_only, call_only, neither = await one_event_per_board(hub, SPREAD_DIRECTIVES, sets)
    assert both["call"] == {"number": "A000"} and both["queues"] == [{"prefix": "A"}]
    assert "call" not in queues_only and queues_only["queues"] == [{"prefix": "A"}]
    assert call_only["call"] == {"number": "A000"} and "queues" not in call_only
    assert set(neither) == {"cursor"}


async def test_aliased_fields_under_include_count(hub, path):
    shown, hidden = await one_event_per_board(hub, ALIASES, [{"c": True}, {"c": False}])
    assert shown["who"] == {"n": "A000"} and shown["also"] == {"w": 3}
    assert "who" not in hidden and hidden["also"] == {"w": 3} and hidden["seq"] == shown["seq"]


async def test_a_root_level_fragment_counts_too(hub, path):
    shown, hidden = await one_event_per_board(
        hub, ROOT_FRAGMENT, [{"c": True, "a": None}, {"c": False, "a": None}])
    assert shown["call"] == {"number": "A000"} and "call" not in hidden


async def test_boards_with_the_same_document_and_variables_still_share_one_encoding(
        hub, monkeypatch):
    # given the direct path, counting how often an event's payload is executed and encoded
    encoded: list[int] = []
    original = ws_frames._DirectSink._encode

    def count(self: Any, root: Any) -> Any:
        encoded.append(1)
        return original(self, root)

    monkeypatch.setattr(ws_frames._DirectSink, "_encode", count)
    # when three boards with the same variables (and a fourth with others) receive an event
    got = await one_event_per_board(hub, FRAGMENT, [{"withCall": True}] * 3 + [{"withCall": False}])
    # then it was executed once per distinct variables, and every board got its own answer
    assert len(encoded) == 2
    assert [("call" in g) for g in got] == [True, True, True, False]
    # and a plain document (no variables below the root field) is executed once for all
    encoded.clear()
    await one_event_per_board(hub, EVENTS, [{"a": None}, {"a": None}])
    assert len(encoded) == 1
