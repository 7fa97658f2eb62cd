"""Two hub processes sharing one database and Redis: a call made on instance A reaches a board
connected to instance B, and a board whose connection drops 100 times at random while tickets
keep coming resumes by cursor each time and ends with every event exactly once."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.conftest import hub_process
from tests.services import need_redis

# a hang (an event that never comes) fails with its stack after this, not at CI's limit
pytestmark = [pytest.mark.both_databases, pytest.mark.timeout(240, func_only=True)]
POINT = "330106013"
EVENTS = """subscription($a:Int){ hallEvents(servicePointCode:"330106013", after:$a){
  cursor kind call{ number windowNumber } } }"""
DROPS = 100
TICKETS = 200


async def gql(http: httpx.AsyncClient, query: str, variables: dict | None = None,
              token: str | None = None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = (await http.post("/graphql", json={"query": query, "variables": variables or {}},
                            headers=headers)).json()
    assert "errors" not in body, body
    return body["data"]


async def login(http: httpx.AsyncClient, username: str) -> str:
    data = await gql(http, 'mutation($u:String!){ login(input:{username:$u,password:"demo1234"})'
                           "{ token } }", {"u": username})
    return data["login"]["token"]


async def sign_in_and_call(http: httpx.AsyncClient, desk: str) -> dict:
    """The counter signs in to the point's first window for queue A and calls; the window."""
    windows = await gql(http, '{ servicePoint(code:"330106013"){ windows{ id number } } }')
    window = windows["servicePoint"]["windows"][0]
    await gql(http, 'mutation($w:ID!){ signInWindow(windowId:$w, prefixes:["A"]){ errors{ message } } }',
              {"w": window["id"]}, desk)
    await gql(http, "mutation{ callNext{ ticket{ number } errors{ message } } }", token=desk)
    return window


async def subscribe(base: str, token: str, after: int):
    ws = await connect(base.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"])
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authToken": token}}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(json.dumps({"type": "subscribe", "id": "1",
                              "payload": {"query": EVENTS, "variables": {"a": after}}}))
    return ws


async def next_event(ws, wait: float = 10) -> dict:
    message = json.loads(await asyncio.wait_for(ws.recv(), wait))
    assert message["type"] == "next", message
    return message["payload"]["data"]["hallEvents"]


@pytest.fixture
def two_hubs(database_url: str, tmp_path: Path):
    need_redis()
    env = {"REDIS_URL": "redis://127.0.0.1:6379/0", "HUB_REDIS_NAMESPACE": f"test-{uuid.uuid4()}"}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with hub_process(database_url, tmp_path / "a", **env) as a, \
            hub_process(database_url, tmp_path / "b", **env) as b:
        yield a, b


async def test_calls_cross_instances_and_random_drops_lose_nothing(two_hubs):
    a, b = two_hubs
    async with httpx.AsyncClient(base_url=a, timeout=20) as on_a, \
            httpx.AsyncClient(base_url=b, timeout=20) as on_b:
        kiosk, desk, board = (await login(on_a, "kiosk01"), await login(on_a, "qiantai"),
                              await login(on_b, "board01"))
        start = (await gql(on_b, '{ hall(servicePointCode:"330106013"){ cursor } }'))["hall"]["cursor"]

        # a call on A reaches the board on B
        ws = await subscribe(b, board, start)
        take = """mutation($p:String!){ takeTicket(input:{servicePointCode:"330106013", prefix:$p}){
          ticket{ number } errors{ message } } }"""
        await gql(on_a, take, {"p": "A"}, kiosk)
        window = await sign_in_and_call(on_a, desk)
        assert (await next_event(ws))["kind"] == "TAKEN"
        called = await next_event(ws)
        assert called["kind"] == "CALLED"
        assert called["call"] == {"number": "A001", "windowNumber": window["number"]}
        await ws.close()

        # tickets keep coming on A while the board on B keeps losing its connection
        seen: list[int] = [start + 1, called["cursor"]]
        last = called["cursor"]
        rng = random.Random(20261201)

        async def produce() -> None:
            for i in range(TICKETS):
                await gql(on_a, take, {"p": "ABCD"[i % 4]}, kiosk)
                if i % 10 == 0:
                    await asyncio.sleep(0.01)

        producer = asyncio.create_task(produce())
        drops = 0
        while drops < DROPS:
            ws = await subscribe(b, board, last)
            for _ in range(rng.randint(0, 3)):
                try:
                    event = await next_event(ws, wait=0.5)
                except TimeoutError:
                    break
                seen.append(event["cursor"])
                last = event["cursor"]
            if rng.random() < 0.5:
                ws.transport.abort()  # the network drops
            else:
                await ws.close()      # the board reloads
            drops += 1
        await producer
        final = (await gql(on_b, '{ hall(servicePointCode:"330106013"){ cursor } }'))["hall"]["cursor"]
        ws = await subscribe(b, board, last)
        while last < final:
            event = await next_event(ws)
            seen.append(event["cursor"])
            last = event["cursor"]
        await ws.close()

    assert final == start + 2 + TICKETS
    assert seen == list(range(start + 1, final + 1)), "an event was lost or delivered twice"
