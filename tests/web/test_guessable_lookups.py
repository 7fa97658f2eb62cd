"""Public lookups by a code or number plus an ID number are guarded by one counter per client
address and one per looked-up number: 40 guesses on each field are cut at the limit, 30 aliased
guesses in one request count 30, subscriptions count when they start, and two instances sharing
Redis share the count."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from hub.core.settings import Settings
from hub.web.app import create_app
from tests.conftest import hub_process, test_settings
from tests.realtime.test_websocket import PROTOCOL
from tests.services import need_redis

WRONG_ID = "11010519491231002X"
LIMIT = Settings.lookup_attempts_per_minute
TARGET_LIMIT = Settings.lookup_target_attempts_per_minute
MESSAGE = "查询过于频繁，请一分钟后再试"

FIELDS: dict[str, tuple[str, Callable[[int], str]]] = {
    "trackCase": ('query($t:String!,$i:String!){ trackCase(number:$t, idNumber:$i){ id } }',
                  lambda n: f"SL20260101{n:06d}"),
    "trackApplication": ('query($t:String!,$i:String!){ trackApplication(number:$t, idNumber:$i)'
                         "{ id } }", lambda n: f"LB20260101{n:06d}"),
    "findAppointment": ('query($t:String!,$i:String!){ findAppointment(code:$t, idNumber:$i)'
                        "{ errors{ message } } }", lambda n: f"{n:06d}"),
    "cancelAppointment": ('mutation($t:String!,$i:String!){ cancelAppointment(code:$t, idNumber:$i)'
                          "{ errors{ message } } }", lambda n: f"{n:06d}"),
    "evaluateCase": ('mutation($t:String!,$i:String!){ evaluateCase(input:{number:$t, idNumber:$i,'
                     " level:5}){ errors{ message } } }", lambda n: f"SL20260101{n:06d}"),
}


def _refused(body: dict[str, Any]) -> bool:
    errors = body.get("errors") or []
    limited = [e for e in errors if e["message"] == MESSAGE]
    for e in limited:
        assert e["extensions"]["code"] == "RATE_LIMITED", e
    return bool(limited)


@pytest.fixture
async def clients(database: str) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """Clients of one in-process hub, each from the address it is asked for."""
    app = create_app(test_settings(database), manage_db=False)
    made: list[httpx.AsyncClient] = []

    def client(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 1234))
        made.append(httpx.AsyncClient(transport=transport, base_url="http://hub.test"))
        return made[-1]

    yield client
    for c in made:
        await c.aclose()


async def _guess(http: httpx.AsyncClient, field: str, target: str) -> dict[str, Any]:
    query, _ = FIELDS[field]
    response = await http.post("/graphql", json={"query": query, "variables": {"t": target, "i": WRONG_ID}})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("field", list(FIELDS))
async def test_forty_guesses_from_one_client_are_cut_at_the_limit(clients, field):
    http = clients("10.1.0.1")
    _, target = FIELDS[field]
    refused = [_refused(await _guess(http, field, target(n))) for n in range(40)]
    assert refused == [False] * LIMIT + [True] * (40 - LIMIT)
    # another address is not held back by this one
    assert not _refused(await _guess(clients("10.1.0.2"), field, target(99)))


@pytest.mark.parametrize("field", list(FIELDS))
async def test_forty_guesses_on_one_number_from_many_addresses_are_cut_at_the_limit(clients, field):
    _, target = FIELDS[field]
    refused = [_refused(await _guess(clients(f"10.2.0.{n}"), field, target(7))) for n in range(40)]
    assert refused == [False] * TARGET_LIMIT + [True] * (40 - TARGET_LIMIT)


async def test_thirty_aliased_guesses_in_one_request_count_thirty(clients):
    http = clients("10.3.0.1")
    aliases = " ".join(f'g{n}: findAppointment(code:"{n:06d}", idNumber:"{WRONG_ID}")'
                       "{ errors{ message } }" for n in range(LIMIT))
    body = (await http.post("/graphql", json={"query": "{ " + aliases + " }"})).json()
    assert not _refused(body) and len(body["data"]) == LIMIT  # every alias ran …
    assert _refused(await _guess(http, "trackCase", "SL20260101000001"))  # … and each one counted


async def test_thirty_one_aliases_run_thirty_guesses_and_refuse_the_rest(clients):
    http = clients("10.3.0.2")
    assert not _refused(await _guess(http, "trackCase", "SL20260101000001"))
    aliases = " ".join(f'g{n}: trackCase(number:"SL2026010200{n:04d}", idNumber:"{WRONG_ID}"){{ id }}'
                       for n in range(LIMIT))
    body = (await http.post("/graphql", json={"query": "{ " + aliases + " }"})).json()
    limited = [e for e in body["errors"] if e["message"] == MESSAGE]
    assert len(limited) == 1 and limited[0]["path"] == [f"g{LIMIT - 1}"]


SUBSCRIPTIONS = {
    "caseEvents": "subscription($t:String!,$i:String!){ caseEvents(number:$t, idNumber:$i){ cursor } }",
    "applicationEvents": "subscription($t:String!,$i:String!){ applicationEvents(number:$t, "
                         "idNumber:$i){ cursor } }",
}


@pytest.mark.parametrize("field", list(SUBSCRIPTIONS))
def test_forty_subscription_guesses_are_cut_at_the_limit(database_url, field):
    app = create_app(test_settings(database_url))
    refused = []
    with TestClient(app) as client, client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        for n in range(40):
            ws.send_json({"type": "subscribe", "id": str(n), "payload": {
                "query": SUBSCRIPTIONS[field], "variables": {"t": f"SL20260101{n:06d}", "i": WRONG_ID}}})
            answer = ws.receive_json()
            while answer["type"] == "complete":  # the end of the previous refusal
                answer = ws.receive_json()
            errors = answer["payload"] if answer["type"] == "error" else answer["payload"]["errors"]
            assert errors, answer
            refused.append(_refused({"errors": errors}))
    assert refused == [False] * LIMIT + [True] * (40 - LIMIT)


def test_two_instances_sharing_redis_share_the_count(database_url: str, tmp_path: Path):
    need_redis()
    env = {"REDIS_URL": "redis://127.0.0.1:6379/0", "HUB_REDIS_NAMESPACE": f"test-{uuid.uuid4()}"}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with hub_process(database_url, tmp_path / "a", **env) as a, \
            hub_process(database_url, tmp_path / "b", **env) as b:
        query, target = FIELDS["findAppointment"]

        def guess(base: str, n: int) -> bool:
            body = httpx.post(f"{base}/graphql", json={"query": query, "variables": {
                "t": target(n), "i": WRONG_ID}}, timeout=10).json()
            return _refused(body)

        on_a = [guess(a, n) for n in range(20)]
        on_b = [guess(b, 20 + n) for n in range(20)]
    assert on_a == [False] * 20
    assert on_b == [False] * (LIMIT - 20) + [True] * (40 - LIMIT)
