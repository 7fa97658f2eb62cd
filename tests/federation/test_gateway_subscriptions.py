"""Subscriptions through Hive Gateway: a client subscribes at the gateway over SSE (the npm
graphql-sse client), the gateway subscribes to the hub over SSE, and a call made at the hub
reaches the client; the hub's refusals and its lookup guard hold through the gateway, which
forwards the client's address."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import hub_server
from tests.federation.test_supergraph import HUB_SDL, SECRET, Client, compose, start_gateway
from tests.federation.test_supergraph import node as node  # the fixture, shared
from tests.services import need

# a hang (an event that never comes) fails with its stack after this, not at CI's limit
pytestmark = [pytest.mark.gateway, pytest.mark.timeout(180, func_only=True)]

SSE_CLIENT = Path(__file__).parents[1] / "realtime" / "graphql_sse_client.mjs"
HALL = """subscription($a:Int){ hallEvents(servicePointCode:"330106013", after:$a){
  cursor kind call{ number windowNumber } } }"""
CASE_EVENTS = """subscription($n:String, $i:String){ caseEvents(number:$n, idNumber:$i){ cursor kind } }"""


@pytest.fixture(scope="module")
def stack(node: str, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[str, str]]:
    """The hub behind Hive Gateway; yields (the gateway's /graphql URL, the hub's base URL)."""
    tmp = tmp_path_factory.mktemp("gateway-subscriptions")
    with ExitStack() as processes:
        # the gateway (on loopback) is the hub's trusted proxy; three lookups a minute per client
        hub = processes.enter_context(hub_server(
            sqlite_template, tmp, HUB_GATEWAY_SECRET=SECRET, HUB_TRUSTED_PROXIES="127.0.0.1",
            HUB_LOOKUP_ATTEMPTS_PER_MINUTE="3"))
        composed = compose(node, tmp, [{"name": "hub", "url": f"{hub}/graphql", "sdl": str(HUB_SDL)}])
        assert composed.returncode == 0, composed.stderr
        yield start_gateway(processes, node, tmp), hub


def sse_client(node: str, url: str, operations: list[dict[str, Any]]) -> subprocess.Popen[str]:
    modules = SSE_CLIENT.parents[2] / "gateway" / "node_modules"
    need("the graphql-sse npm client (gateway/node_modules)", (modules / "graphql-sse").is_dir())
    process = subprocess.Popen([node, str(SSE_CLIENT), url, str(modules)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdin is not None
    process.stdin.write(json.dumps({"operations": operations}))
    process.stdin.close()
    return process


def outcomes(process: subprocess.Popen[str]) -> dict[str, Any]:
    assert process.stdout is not None and process.stderr is not None
    out = process.stdout.read()
    assert process.wait(timeout=60) == 0, process.stderr.read()
    return json.loads(out)["outcomes"]


def test_a_board_subscribed_through_the_gateway_hears_a_call_made_at_the_hub(
        node: str, stack: tuple[str, str]):
    gateway, hub = stack
    board = Client(gateway)
    board.login("board01", "demo1234")
    start = board('{ hall(servicePointCode:"330106013"){ cursor } }')["data"]["hall"]["cursor"]
    # given a board following the hall through the gateway
    listening = sse_client(node, gateway, [
        {"name": "hall", "query": HALL, "variables": {"a": start}, "token": board.token, "take": 2}])
    time.sleep(1.5)  # (the cursor makes the order safe either way; this makes the events live)
    # when a ticket is taken and called at the hub itself
    kiosk, desk = Client(f"{hub}/graphql"), Client(f"{hub}/graphql")
    kiosk.login("kiosk01", "demo1234")
    desk.login("qiantai", "demo1234")
    taken = kiosk("""mutation{ takeTicket(input:{servicePointCode:"330106013", prefix:"A"}){
      ticket{ number } errors{ message } } }""")["data"]["takeTicket"]
    assert not taken["errors"], taken
    window = desk('{ servicePoint(code:"330106013"){ windows{ id number } } }')[
        "data"]["servicePoint"]["windows"][0]
    desk('mutation($w:ID!){ signInWindow(windowId:$w, prefixes:["A"]){ errors{ message } } }',
         {"w": window["id"]})
    called = desk("mutation{ callNext{ ticket{ number } errors{ message } } }")["data"]["callNext"]
    assert called["ticket"]["number"] == taken["ticket"]["number"]
    # then the board hears both, with the window to go to
    hall = outcomes(listening)["hall"]
    assert hall["kind"] == "next", hall
    events = [r["data"]["hallEvents"] for r in hall["got"]]
    assert [e["kind"] for e in events] == ["TAKEN", "CALLED"]
    assert events[1]["call"] == {"number": taken["ticket"]["number"], "windowNumber": window["number"]}
    assert [e["cursor"] for e in events] == [start + 1, start + 2]


def stream_outcome(gateway: str, variables: dict[str, Any], token: str | None = None,
                   client: str = "10.0.0.1") -> dict[str, Any]:
    """The one result of a caseEvents subscription at the gateway (the stream then completes),
    sent by ``client`` through a proxy in front of the gateway (X-Forwarded-For)."""
    headers = {"accept": "text/event-stream", "x-forwarded-for": client}
    if token:
        headers["authorization"] = f"Bearer {token}"
    with httpx.stream("POST", gateway, json={"query": CASE_EVENTS, "variables": variables},
                      headers=headers, timeout=20) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        text = response.read().decode()
    datas = [line[5:].strip() for line in text.splitlines() if line.startswith("data:")]
    results = [json.loads(d) for d in datas if d]
    assert len(results) == 1 and "event: complete" in text, text
    return results[0]


def codes(result: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in result.get("errors", [])]


def test_case_events_through_the_gateway_are_refused_and_throttled_as_at_the_hub(
        stack: tuple[str, str]):
    gateway, _ = stack
    # without credentials, and with a forged token
    anonymous = stream_outcome(gateway, {})
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert anonymous["errors"][0]["message"] == "请先登录，或提供办件编号和身份证号码"
    forged = stream_outcome(gateway, {}, token="forged.token.value")
    assert codes(forged) == ["UNAUTHENTICATED"]
    assert forged["errors"][0]["message"] == "令牌无效或已过期，请重新登录"
    # guesses of one case number: twenty a minute (HUB_LOOKUP_TARGET_ATTEMPTS_PER_MINUTE), then
    # refused before anything is read — whichever clients guess
    guess = {"n": "SL-GATEWAY-GUESS", "i": "330106195803120245"}
    outcomes = [codes(stream_outcome(gateway, guess, client=f"10.0.1.{i}")) for i in range(21)]
    assert outcomes[:20] == [["NOT_FOUND"]] * 20
    assert outcomes[20] == ["RATE_LIMITED"]
    # one client's guesses of several numbers: three a minute here, counted under that client's
    # own address (the gateway forwards it), not under the gateway's, which others share
    mine = [codes(stream_outcome(gateway, {"n": f"SL-MINE-{i}", "i": "330106195803120245"},
                                 client="10.0.2.1")) for i in range(4)]
    assert mine == [["NOT_FOUND"]] * 3 + [["RATE_LIMITED"]]
    other = stream_outcome(gateway, {"n": "SL-OTHER", "i": "330106195803120245"}, client="10.0.2.2")
    assert codes(other) == ["NOT_FOUND"]
