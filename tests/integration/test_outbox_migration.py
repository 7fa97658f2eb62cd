"""Migration 0016 turns the hand-off outbox into the generic one without losing a row: a
database at 0015 with hand-offs written the old way (case and department on the outbox row) is
migrated to head, and each row keeps its id, key, status, attempts, error and times, is listed
on the 部门系统对接 page by case and department through the same GraphQL fields, and a DEAD one
sent again reaches the department with the body it was written with."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from tortoise import connections

from bench.cases import counter_intake, counter_viewer
from hub.core import db, outbox, ports
from hub.core.models import DepartmentEndpoint, OutboxMessage, ServicePoint, Staff
from hub.core.models.enums import OutboxStatus
from hub.demo.load import seed_database
from hub.web.app import create_app
from hub.web.wiring import build_ports
from resolvers.cases import routing, transitions
from resolvers.integration import signing
from resolvers.integration.handoff import RecordingTransport
from resolvers.notify import engine as notify
from tests.conftest import _run, test_settings

pytestmark = pytest.mark.both_databases

ITEM = "330106-YB-003"  # 基本医疗保险关系转移 (医保, YB)
SECRET = "a-shared-secret-of-the-yibao-system-0123456789"
OUTBOX = """query($s:OutboxStatus){ outboxMessages(status:$s){ id caseNumber event idempotencyKey
  status attempts lastError nextAttemptAt createdAt deliveredAt department{ code } } }"""
ENDPOINTS = "{ departmentEndpoints{ pending delivered dead department{ code } } }"
RETRY = "mutation($id:ID!){ retryOutboxMessage(id:$id){ message{ status attempts } errors{ code } } }"
OLD_INSERT = """INSERT INTO outbox_message (case_id, department_id, event, idempotency_key, body, status,
    attempts, next_attempt_at, lease, last_error, created_at, delivered_at)
VALUES ({})"""


@pytest.fixture
async def at_0015(fresh_url: str) -> AsyncIterator[str]:
    """The database migrated to 0015 only and seeded, open, with the ports wired."""
    _run(db.migrate, fresh_url, "hub.0015_analytics")
    # The models are at head: while the demo is seeded and cases filed, the 0015 database gets
    # what later migrations add that those writes touch, and loses it again before migrating.
    await db.init_db(fresh_url)
    conn = connections.get("default")
    serial = "SERIAL" if conn.capabilities.dialect == "postgres" else "INTEGER"
    ts = "TIMESTAMPTZ" if conn.capabilities.dialect == "postgres" else "TIMESTAMP"
    for sql in (f'CREATE TABLE department_office (id {serial} PRIMARY KEY, department_id INT, '
                'point_id INT, name VARCHAR(128), short_name VARCHAR(16))',
                # 0033: the seed writes the demo relations, an intake its 顺便办 offers
                f'CREATE TABLE item_relation (id {serial} PRIMARY KEY, from_code VARCHAR(32), '
                'to_code VARCHAR(32), reason VARCHAR(255), source VARCHAR(16), status VARCHAR(16), '
                f'scope VARCHAR(32), support INT, confidence REAL, mined_at {ts}, created_by VARCHAR(64), '
                f'decided_by VARCHAR(64), decided_at {ts}, version INT, created_at {ts})',
                f'CREATE TABLE related_offer (id {serial} PRIMARY KEY, case_id INT, relation_id INT, '
                f'item_code VARCHAR(32), reason VARCHAR(255), offered_at {ts}, taken_case_id INT, '
                f'taken_at {ts})',
                # 0030: the demo's robot groups (the seed writes them)
                f'CREATE TABLE robot_group (id {serial} PRIMARY KEY, name VARCHAR(64), channel VARCHAR(16), '
                'department_id INT, point_id INT, supervisors BOOLEAN, webhook VARCHAR(500), '
                f'secret VARCHAR(128), active BOOLEAN, created_at {ts})',
                *LATER_COLUMNS_ADD):
        await conn.execute_script(sql)
    await db.close_db()
    _run(seed_database, fresh_url)
    await db.init_db(fresh_url)
    previous = ports.install(build_ports(test_settings(fresh_url)))
    # cases filed at 0015 tell nobody: the notifications' tables (0030) and the generic outbox
    # (0016) are not there yet
    quiet = [(transitions.recorded, notify.on_case_recorded), (transitions.moved, notify.on_case_moved),
             (routing.noticed, notify.on_staff_noticed)]
    for listeners, listener in quiet:
        listeners.remove(listener)
    try:
        yield fresh_url
    finally:
        for listeners, listener in quiet:
            listeners.add(listener)
        await ports.close()
        ports.install(previous)
        await db.close_db()


LATER_COLUMNS = (("service_case", "finish_point_id", "INT"), ("ticket", "item_code", "VARCHAR(32)"),
                 ("appointment", "item_code", "VARCHAR(32)"),  # 0020, 0024
                 ("item", "fees", "TEXT"),  # 0032: the seed writes the demo catalogue's fees
                 ("ticket", "near_phone", "VARCHAR(20)"))  # 0035
LATER_COLUMNS_ADD = tuple(f"ALTER TABLE {t} ADD COLUMN {c} {kind}" for t, c, kind in LATER_COLUMNS)


async def drop_later_additions() -> None:
    conn = connections.get("default")
    for table, column, _ in LATER_COLUMNS:
        await conn.execute_script(f"ALTER TABLE {table} DROP COLUMN {column}")
    await conn.execute_script("DROP TABLE department_office")
    await conn.execute_script("DROP TABLE related_offer")
    await conn.execute_script("DROP TABLE item_relation")
    await conn.execute_script("DROP TABLE robot_group")


async def insert_the_old_way(case: dict, status: str, attempts: int, next_at: datetime,
                             lease: str, error: str, created: datetime,
                             delivered: datetime | None) -> dict:
    """A hand-off row as 0013's outbox wrote it: case and department on the row, ``body``."""
    key = f"{case['number']}:RECEIVED"
    body = {"event": "RECEIVED", "idempotencyKey": key, "case": {"number": case["number"]},
            "applicant": {"name": "张桂英"}, "callback": "/integration/callback/YB"}
    values = [case["id"], case["department_id"], "RECEIVED", key, json.dumps(body, ensure_ascii=False),
              status, attempts, next_at, lease, error, created, delivered]
    conn = connections.get("default")
    marks = [f"${n}" for n in range(1, 13)] if conn.capabilities.dialect == "postgres" else ["?"] * 12
    await conn.execute_query(OLD_INSERT.format(", ".join(marks)), values)
    return {"key": key, "body": body}


async def test_migrating_keeps_every_hand_off_row(at_0015):
    # given, at 0015, the 医保 system connected and three received cases handed over the old way:
    # one delivered, one DEAD after 20 attempts, one claimed by a dispatcher right now
    staff = await Staff.get(username="qiantai")
    point = await ServicePoint.get(code="330106013")
    viewer = counter_viewer(staff.id, point.id, point.path)
    cases = [await counter_intake(viewer, ITEM) for _ in range(3)]  # no endpoint yet: no hand-off
    await DepartmentEndpoint.create(department_id=cases[0]["department_id"],
                                    url="https://yibao.example/cases", secret=SECRET)
    t = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    delivered = await insert_the_old_way(cases[0], "DELIVERED", 1, t, "", "", t, t + timedelta(seconds=2))
    dead = await insert_the_old_way(cases[1], "DEAD", 20, t + timedelta(hours=2), "",
                                    "HTTP 503: 系统维护中", t, None)
    lease_ends = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)  # (0013: next_attempt_at)
    leased = await insert_the_old_way(cases[2], "PENDING", 3, lease_ends, "0123456789abcdef",
                                      "ConnectError: refused", t, None)
    old_ids = await OutboxMessage.all().order_by("id").values_list("id", flat=True)
    await drop_later_additions()
    await db.close_db()

    # when the database is migrated to head
    _run(db.migrate, at_0015)
    await db.init_db(at_0015)

    # then each row is a department.handoff message with its id, key, status, attempts, error and times
    rows = await OutboxMessage.all().order_by("id").values()
    assert [r["id"] for r in rows] == list(old_ids)
    assert [(r["topic"], r["idempotency_key"], r["status"], r["attempts"], r["last_error"])
            for r in rows] == [
        ("department.handoff", delivered["key"], OutboxStatus.DELIVERED, 1, ""),
        ("department.handoff", dead["key"], OutboxStatus.DEAD, 20, "HTTP 503: 系统维护中"),
        ("department.handoff", leased["key"], OutboxStatus.PENDING, 3, "ConnectError: refused")]
    assert [r["payload"] for r in rows] == [delivered["body"], dead["body"], leased["body"]]
    assert [r["created_at"] for r in rows] == [t, t, t]
    assert [r["delivered_at"] for r in rows] == [t + timedelta(seconds=2), None, None]
    # the claimed row keeps its lease, which now has an expiry of its own
    assert (rows[2]["lease"], rows[2]["lease_until"]) == ("0123456789abcdef", lease_ends)
    assert [r["lease_until"] for r in rows[:2]] == [None, None]

    # and the 部门系统对接 page lists them by case and department with the same fields
    app = create_app(test_settings(at_0015), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        login = await http.post("/graphql", json={"query": 'mutation{ login(input:{username:"admin",'
                                                  'password:"admin123"}){ token } }'})
        auth = {"authorization": f"Bearer {login.json()['data']['login']['token']}"}

        async def gql(query: str, variables: dict | None = None) -> dict:
            r = await http.post("/graphql", json={"query": query, "variables": variables or {}},
                                headers=auth)
            return r.json()["data"]

        listed = (await gql(OUTBOX))["outboxMessages"]
        assert [(m["caseNumber"], m["event"], m["idempotencyKey"], m["status"], m["attempts"],
                 m["department"]["code"]) for m in listed] == [
            (cases[2]["number"], "RECEIVED", leased["key"], "PENDING", 3, "YB"),
            (cases[1]["number"], "RECEIVED", dead["key"], "DEAD", 20, "YB"),
            (cases[0]["number"], "RECEIVED", delivered["key"], "DELIVERED", 1, "YB")]
        assert listed[1]["lastError"] == "HTTP 503: 系统维护中" and listed[2]["deliveredAt"]
        assert (await gql(ENDPOINTS))["departmentEndpoints"] == [
            {"pending": 1, "delivered": 1, "dead": 1, "department": {"code": "YB"}}]
        # the DEAD one is sent again and reaches the department with the body it was written with
        dead_id = listed[1]["id"]
        assert (await gql(RETRY, {"id": dead_id}))["retryOutboxMessage"] == {
            "message": {"status": "PENDING", "attempts": 0}, "errors": []}
    fake = RecordingTransport()
    with ports.override(handoff=fake):
        assert await outbox.dispatch_once(outbox.Policy()) == 1  # the leased one is not due yet
    assert [(s.url, json.loads(s.body), s.headers[signing.KEY], s.headers[signing.EVENT])
            for s in fake.sent] == [("https://yibao.example/cases", dead["body"], dead["key"], "RECEIVED")]
    assert (await OutboxMessage.get(id=int(dead_id))).status == OutboxStatus.DELIVERED
