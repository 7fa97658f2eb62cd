"""GraphQL over Server-Sent Events (graphql-sse, distinct connections) on a real uvicorn server in
this process: the same token, cost budget, lookup guard, shared event results and cursors as
the websocket; errors of the document as next events; a closed stream leaves nothing behind."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from tortoise.transactions import in_transaction

from hub.web.app import create_app
from realtime import log
from tests.conftest import ROOT, test_settings
from tests.realtime.live import served, sse_events
from tests.services import need, need_node

# a hang (a message that never comes) fails with its stack after this, not at CI's limit
pytestmark = pytest.mark.timeout(120, func_only=True)

POINT = "330106013"
CHANNEL = f"hall:{POINT}"
HALL = """subscription($a:Int){ hallEvents(servicePointCode:"330106013", after:$a){
  cursor kind call{ number windowNumber } } }"""
STREAM = {"accept": "text/event-stream"}
SSE_CLIENT = Path(__file__).with_name("graphql_sse_client.mjs")
GATEWAY_MODULES = ROOT / "gateway" / "node_modules"


class Live:
    def __init__(self, app: Any, http: httpx.AsyncClient) -> None:
        self.app = app
        self.http = http
        self.bus = app.state.services.bus

    async def token(self, username: str = "board01") -> str:
        body = (await self.http.post("/graphql", json={"query": (
            f'mutation{{ login(input:{{username:"{username}",password:"demo1234"}}){{ token }} }}')})).json()
        return body["data"]["login"]["token"]

    def stream(self, query: str, variables: dict | None = None, token: str | None = None,
               **headers: str) -> Any:
        headers = STREAM | headers
        if token:
            headers["authorization"] = f"Bearer {token}"
        return self.http.stream("POST", "/graphql", json={"query": query, "variables": variables or {}},
                                headers=headers)

    async def events(self, query: str, variables: dict | None = None, token: str | None = None,
                     take: int = 10) -> list[tuple[str, Any]]:
        """The events of a stream until ``complete`` (or ``take`` events)."""
        got: list[tuple[str, Any]] = []
        async with self.stream(query, variables, token) as response:
            assert response.status_code == 200, await response.aread()
            assert response.headers["content-type"].startswith("text/event-stream")
            async for event in sse_events(response):
                got.append(event)
                if event[0] == "complete" or len(got) >= take:
                    break
        return got

    async def publish(self, n: int) -> list[int]:
        """n hall events, as calls make them; their cursors."""
        seqs = []
        for i in range(n):
            async with in_transaction() as conn:
                event = await log.append(conn, CHANNEL, "CALLED", {
                    "queues": [], "call": {"number": f"A{i:03d}", "windowNumber": 3,
                                           "text": "请到 3 号窗口"}})
            await self.bus.publish([event])
            seqs.append(event.seq)
        return seqs

    async def until_subscribed(self, count: int) -> None:
        for _ in range(500):
            if self.bus.subscriber_count() == count:
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"{self.bus.subscriber_count()} subscribers, expected {count}")


@pytest.fixture
async def live(database: str) -> AsyncIterator[Live]:
    # Small budgets so that the limits can be reached in a few requests.
    app = create_app(test_settings(database, cost_limit_staff=100,
                                   lookup_target_attempts_per_minute=2), manage_db=False)
    async with served(app) as base, httpx.AsyncClient(base_url=base, timeout=10) as http:
        yield Live(app, http)


def errors(events: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """(code, message) of the one next event's errors, which must be followed by complete."""
    assert [e for e, _ in events] == ["next", "complete"], events
    return [(e["extensions"]["code"], e["message"]) for e in events[0][1]["errors"]]


async def test_a_board_replays_then_follows_the_hall_and_boards_share_each_result(
        live: Live, monkeypatch: pytest.MonkeyPatch):
    executed: list[int] = []
    original = StrawberryGraphQLCoreExecutionContext.execute_operation

    def counting(self: Any, *args: Any) -> Any:
        executed.append(1)
        return original(self, *args)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "execute_operation", counting)
    token = await live.token()
    (before,) = await live.publish(1)
    missed = await live.publish(2)  # published before the boards subscribe from `before`

    replayed = [asyncio.Event(), asyncio.Event()]

    async def board(n: int) -> list[int]:
        got = []
        async with live.stream(HALL, {"a": before}, token) as response:
            async for event, data in sse_events(response):
                assert event == "next" and "errors" not in data, data
                got.append(data["data"]["hallEvents"]["cursor"])
                if len(got) == len(missed):
                    replayed[n].set()
                if len(got) == 4:
                    return got
        return got

    boards = [asyncio.create_task(board(n)) for n in range(2)]
    await live.until_subscribed(2)
    # count only live events: each board's replay (executed per board) must be over first
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in replayed)), 30)
    executed.clear()
    later = await live.publish(2)
    assert await asyncio.gather(*boards) == [missed + later] * 2
    # the two live events were executed once each for both boards (the replay is per board)
    assert len(executed) == 2
    await live.until_subscribed(0)


async def test_the_token_decides_as_on_the_websocket(live: Live):
    # no token: the hall is for logged-in boards
    assert errors(await live.events(HALL)) == [("UNAUTHENTICATED", "请先登录")]
    # a forged or expired token is refused before anything runs, as at connection_init
    async with live.stream(HALL, token="forged.token.value") as response:
        assert response.status_code == 401
        body = await response.aread()
    assert b"\xe4\xbb\xa4\xe7\x89\x8c" in body  # 令牌无效或已过期
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # a board's token: its name comes with the clock
    clock = await live.events("subscription{ serverClock{ viewerName } }", token=await live.token(),
                              take=1)
    assert clock == [("next", {"data": {"serverClock": {"viewerName": "文新街道叫号屏"}}})]


async def test_bad_documents_are_next_events_and_bad_requests_are_400(live: Live):
    token = await live.token()
    syntax = errors(await live.events("subscription{ serverClock(", token=token))
    assert syntax[0][0] == "BAD_USER_INPUT" and syntax[0][1].startswith("查询语法错误")
    validation = errors(await live.events("subscription{ serverClock{ nope } }", token=token))
    assert validation[0][0] == "BAD_USER_INPUT" and "nope" in validation[0][1]
    # the staff budget is 100 here: three lists of queues weigh 122
    costly = """subscription{ hallEvents(servicePointCode:"330106013"){ cursor
      queues{ prefix name waiting } a:queues{ prefix name waiting } b:queues{ prefix name waiting } } }"""
    ((code, message),) = errors(await live.events(costly, token=token))
    assert code == "COST_LIMIT" and "估算代价 122 超过上限 100" in message
    assert live.bus.subscriber_count() == 0
    # a malformed request is refused as GraphQL over HTTP says, before any stream
    several = await live.http.post("/graphql", headers=STREAM, json={
        "query": "subscription A{ serverClock{ now } } subscription B{ serverClock{ now } }"})
    assert several.status_code == 400 and "operationName" in several.json()["errors"][0]["message"]
    # and without asking for a stream, a subscription over HTTP is still a request error
    plain = await live.http.post("/graphql", json={"query": "subscription{ serverClock{ now } }"})
    assert plain.status_code == 400


async def test_guessable_lookups_are_counted_over_sse(live: Live):
    case_events = """subscription($n:String, $i:String){ caseEvents(number:$n, idNumber:$i){ cursor } }"""
    guess = {"n": "SL-NO-SUCH-CASE", "i": "330106195803120245"}
    outcomes = [errors(await live.events(case_events, guess))[0][0] for _ in range(3)]
    # two guesses on one number per minute here: the third is refused before anything is read
    assert outcomes == ["NOT_FOUND", "NOT_FOUND", "RATE_LIMITED"]


async def test_a_public_read_asked_as_a_stream_is_not_answered_from_the_cache(live: Live):
    query = '{ items(first:1){ edges{ node{ code } } } }'
    cached = await live.http.post("/graphql", json={"query": query})
    assert cached.status_code == 200 and cached.headers["content-type"].startswith("application/json")
    streamed = await live.events(query)
    assert [e for e, _ in streamed] == ["next", "complete"]
    assert streamed[0][1] == cached.json()


async def test_closing_the_stream_ends_the_subscription_and_its_tasks(live: Live):
    token = await live.token()
    baseline = len(asyncio.all_tasks())
    streams = []
    for _ in range(3):
        stream = live.stream(HALL, token=token)
        response = await stream.__aenter__()
        assert response.status_code == 200
        streams.append(stream)
    await live.until_subscribed(3)
    assert len(asyncio.all_tasks()) > baseline
    for stream in streams:  # the clients go away without a word
        await stream.__aexit__(None, None, None)
    await live.until_subscribed(0)
    for _ in range(200):
        if len(asyncio.all_tasks()) <= baseline:
            break
        await asyncio.sleep(0.01)
    assert len(asyncio.all_tasks()) <= baseline, asyncio.all_tasks()


async def test_the_graphql_sse_client_subscribes_and_hears_every_refusal(live: Live):
    node = need_node()
    need("the graphql-sse npm client (gateway/node_modules)", (GATEWAY_MODULES / "graphql-sse").is_dir())
    token = await live.token()
    (before,) = await live.publish(1)
    missed = await live.publish(2)
    operations = [
        {"name": "hall", "query": HALL, "variables": {"a": before}, "token": token, "take": 2},
        {"name": "clock", "query": "subscription{ serverClock(intervalSeconds:1){ viewerName } }",
         "token": token, "take": 2},
        {"name": "syntax", "query": "subscription{ serverClock(", "token": token},
        {"name": "validation", "query": "subscription{ serverClock{ nope } }", "token": token},
        {"name": "anonymous", "query": HALL},
        {"name": "forged", "query": HALL, "token": "forged.token.value"},
    ]
    process = await asyncio.create_subprocess_exec(
        node, str(SSE_CLIENT), str(live.http.base_url.join("/graphql")), str(GATEWAY_MODULES),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    spec = json.dumps({"operations": operations}).encode()
    out, err = await asyncio.wait_for(process.communicate(spec), 60)
    assert process.returncode == 0, err.decode()
    outcomes = json.loads(out)["outcomes"]
    hall = outcomes["hall"]
    assert hall["kind"] == "next", hall
    assert [r["data"]["hallEvents"]["cursor"] for r in hall["got"]] == missed
    clock = outcomes["clock"]
    assert [r["data"]["serverClock"]["viewerName"] for r in clock["got"]] == ["文新街道叫号屏"] * 2
    # a bad document: one result with the error, then the stream completes
    for name, code in (("syntax", "BAD_USER_INPUT"), ("validation", "BAD_USER_INPUT"),
                       ("anonymous", "UNAUTHENTICATED")):
        assert outcomes[name]["kind"] == "next", outcomes[name]
        assert outcomes[name]["got"][0]["errors"][0]["extensions"]["code"] == code
    forged = outcomes["forged"]
    assert (forged["kind"], forged["status"], forged["codes"]) == ("error", 401, ["UNAUTHENTICATED"])
    assert forged["messages"] == ["令牌无效或已过期，请重新登录"]
    await live.until_subscribed(0)
