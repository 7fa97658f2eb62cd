"""The hot statements can be served by an index: no sequential scan over service_case, ticket or event.

The statements are captured from the real code paths (a GraphQL request through the app, or the
event log's own read), with their parameters, on a database with a generated history (cases,
tickets) and an event log, analysed. Each is then explained (``EXPLAIN (FORMAT JSON)``, never
executed) with ``enable_seqscan = off``: the planner then takes a sequential scan only when no
index can serve the statement at all, so a ``Seq Scan`` node over one of the three big tables
means a missing index, whatever the table's size in the test. PostgreSQL only (the scale-out
database; ``make bench-pg`` measures the same statements at 300,000 cases).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from bench.pg.capture import Statement, recording
from hub.core.clock import local_date, utcnow
from hub.core.models import Window
from hub.demo import history
from realtime import log

pytestmark = pytest.mark.both_databases

BIG = {"service_case", "ticket", "event"}
ZHANG = "330106195803120245"


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


async def plans(statements: list[Statement], *, sorts: bool = True) -> list[tuple[str, dict[str, Any]]]:
    """Each read or write statement with its plan (explained, not executed), seq scans off
    (and sorts, when ``sorts`` is false: a Sort node then means no index gives the order)."""
    out = []
    async with in_transaction() as conn:
        await conn.execute_script("SET LOCAL enable_seqscan = off")
        if not sorts:
            await conn.execute_script("SET LOCAL enable_sort = off")
        for sql, values in statements:
            if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
                continue
            rows = await conn.execute_query_dict("EXPLAIN (FORMAT JSON) " + sql, list(values))
            raw = rows[0]["QUERY PLAN"]
            out.append((sql, (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]))
    return out


async def seq_scans(statements: list[Statement]) -> list[str]:
    """The Seq Scan nodes over the big tables, in the plans of all the statements."""
    return [f"Seq Scan on {n['Relation Name']}: {sql[:300]}" for sql, plan in await plans(statements)
            for n in nodes(plan) if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG]


async def sorts_in(statements: list[Statement], marker: str) -> list[str]:
    """The sorting nodes (Sort, Incremental Sort) of the statement containing ``marker``, planned
    with sorts off: none when an index gives the page's whole order (migration 0026)."""
    (plan,) = [p for sql, p in await plans(statements, sorts=False) if marker in sql]
    return [n["Node Type"] for n in nodes(plan) if n["Node Type"].endswith("Sort")]


def touching(statements: list[Statement], table: str) -> list[Statement]:
    return [s for s in statements if f'"{table}"' in s[0] or f" {table} " in s[0]]


@pytest.fixture
async def volume(database: str, db_backend: str) -> str:
    if db_backend != "postgres":
        pytest.skip("query plans are checked on PostgreSQL (HUB_TEST_DATABASE=postgres)")
    await history.generate(1000, seed=3, end=local_date(utcnow()) - timedelta(days=1), days=30)
    for n in range(120):  # a hall's event log
        async with in_transaction() as conn:
            await log.append(conn, "hall:330106013", "CALLED", {"n": n})
    await connections.get("default").execute_script("ANALYZE")
    return database


async def captured(gql, query: str, variables: dict | None = None) -> list[Statement]:
    await gql(query, variables or {})  # once to warm the caches the second request reads from
    with recording() as statements:
        body = await gql(query, variables or {})
    assert not body.get("errors"), body
    return list(statements)


async def test_the_back_office_queue_page_and_counts_use_indexes(volume, gql):
    await gql.login("yb_a", "demo1234")
    statements = await captured(gql, """{ backofficeQueue(tab: UNCLAIMED, first: 20){
        entries{ number applicantName maskedIdNumber dueOn }
        counts{ unclaimed mine supplement prereview } } }""")
    # one statement: the page with every tab's count (resolvers/cases/workqueue.py)
    assert len(touching(statements, "service_case")) == 1
    assert await seq_scans(statements) == []
    assert await sorts_in(statements, "ORDER BY c.due_on") == []


async def test_tracking_by_number_and_id_number_uses_indexes(volume, gql):
    rows = await connections.get("default").execute_query_dict(
        "SELECT c.number, p.id_number FROM service_case c JOIN person p ON p.id = c.person_id "
        "ORDER BY c.id DESC LIMIT 1")
    statements = await captured(gql, "query($n:String!,$i:String!){ trackCase(number:$n, idNumber:$i){ "
                                "number statusLabel department{ name } } }",
                                {"n": rows[0]["number"], "i": rows[0]["id_number"]})
    assert touching(statements, "service_case")
    assert await seq_scans(statements) == []


async def test_the_ticket_claim_of_call_next_uses_indexes(volume, gql):
    await gql.login("kiosk01", "demo1234")
    take = "mutation($i:TakeTicketInput!){ takeTicket(input:$i){ ticket{ number } errors{ code } } }"
    taken = await gql(take, {"i": {"servicePointCode": "330106013", "prefix": "A", "idNumber": ZHANG}})
    assert taken["data"]["takeTicket"]["errors"] == []
    await gql.login("qiantai", "demo1234")
    window = await Window.get(service_point__code="330106013", number=3)
    signed = await gql("""mutation($w:ID!){ signInWindow(windowId:$w, prefixes:["A"]){ errors{ code } } }""",
                       {"w": str(window.id)})
    assert signed["data"]["signInWindow"]["errors"] == []
    with recording() as statements:
        called = await gql("mutation{ callNext{ ticket{ number } errors{ code } } }")
    assert called["data"]["callNext"]["ticket"]["number"] == "A001"
    claim = touching(statements, "ticket")
    assert any(s[0].lstrip().upper().startswith(("UPDATE", "WITH")) or "FOR UPDATE" in s[0].upper()
               for s in claim), claim
    assert await seq_scans(statements) == []


async def test_the_event_log_replay_after_a_cursor_uses_indexes(volume):
    with recording() as statements:
        events = await log.read("hall:330106013", after=100)
    assert [e.seq for e in events] == list(range(101, 121))
    assert touching(statements, "event")
    assert await seq_scans(statements) == []


async def test_the_issuance_worklist_uses_indexes(volume, gql):
    await gql.login("chujian", "demo1234")
    statements = await captured(gql, "{ issuanceQueue(first: 20){ number applicantName maskedIdNumber } }")
    assert touching(statements, "service_case")
    assert await seq_scans(statements) == []
    assert await sorts_in(statements, 'c.finish_point_id =') == []


async def test_the_check_finds_a_sequential_scan(volume):
    # a statement no index can serve is reported: the check above is not vacuous
    found = await seq_scans([('SELECT "id" FROM "service_case" WHERE "decision_note" = $1', ("x",))])
    assert found and found[0].startswith("Seq Scan on service_case")


