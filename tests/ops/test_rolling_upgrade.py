"""Upgrading while serving (expand / contract, DECISIONS §46): a hub of the running release keeps
answering reads and writes over HTTP and keeps one websocket subscription going while the next
release's additive migrations (a nullable column on a hot table, a new table, an index built
``CONCURRENTLY`` on PostgreSQL) are applied by the real runner, ``python -m hub migrate``; the
next release's ``/readyz`` names the pending migrations before and none after.

The next release is this code copied with two more migration files, run from its own directory.
On PostgreSQL the runner waits at most ``HUB_MIGRATION_LOCK_TIMEOUT_SECONDS`` for a table lock: an
ALTER queued behind a long transaction gives up and is tried again instead of holding up every
query of the serving instance on that table."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from hub.core import db
from hub.core.models import QueueCategory
from hub.core.settings import ROOT
from tests.conftest import TEST_SECRET, hub_process

pytestmark = [pytest.mark.both_databases, pytest.mark.timeout(360, func_only=True)]

PACKAGES = ("hub", "resolvers", "schema", "training", "realtime", "departments")
COLUMNS = "9990_next_release_columns"
INDEX = "9991_next_release_index"
POINT = "330106013"
TAKE = """mutation($p:String!){ takeTicket(input:{servicePointCode:"330106013", prefix:$p}){
  ticket{ number } errors{ code message } } }"""
HALL = '{ hall(servicePointCode:"330106013"){ cursor } }'
ITEMS = "query GuideItems { items(first:5){ totalCount } }"
EVENTS = """subscription($a:Int){ hallEvents(servicePointCode:"330106013", after:$a){
  cursor kind } }"""

# The next release's expand step: what the running release neither reads nor writes.
COLUMNS_MIGRATION = '''from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("hub", "{leaf}")]

    initial = False

    operations = [
        ops.AddField(model_name="Ticket", name="drill_note",
                     field=fields.CharField(null=True, max_length=64)),
        ops.CreateModel(name="UpgradeDrill", fields=[
            ("id", fields.IntField(primary_key=True)),
            ("note", fields.CharField(max_length=64)),
        ], options={{"table": "upgrade_drill", "app": "hub", "pk_attr": "id"}}, bases=["Model"]),
    ]
'''
INDEX_MIGRATION = '''from tortoise import migrations
from tortoise.migrations import operations as ops

NAME = "idx_ticket_drill_note"


async def build(apps, editor):
    client = editor.client
    if client.capabilities.dialect == "postgres":
        # outside a transaction, without blocking writes; a build an earlier try left
        # invalid is dropped first, so the migration can run again
        invalid = await client.execute_query_dict(
            "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = $1 AND NOT i.indisvalid", [NAME])
        if invalid:
            await client.execute_script(f'DROP INDEX CONCURRENTLY IF EXISTS "{{NAME}}"')
        await client.execute_script(
            f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{{NAME}}" ON "ticket" ("drill_note")')
    else:
        await client.execute_script(f'CREATE INDEX IF NOT EXISTS "{{NAME}}" ON "ticket" ("drill_note")')


class Migration(migrations.Migration):
    dependencies = [("hub", "{columns}")]

    initial = False
    atomic = False

    operations = [ops.RunPython(build)]
'''


def next_release(tmp_path: Path) -> Path:
    """This release's code plus the next release's two migrations, in a directory of its own."""
    root = tmp_path / "next-release"
    for package in PACKAGES:
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    migrations = root / "hub" / "core" / "migrations"
    names = {p.stem for p in migrations.glob("[0-9][0-9][0-9][0-9]_*.py")}
    needed = {dep for p in migrations.glob("[0-9][0-9][0-9][0-9]_*.py")
              for dep in re.findall(r"""\(\s*['"]hub['"]\s*,\s*['"]([^'"]+)['"]\s*\)""", p.read_text())}
    [leaf] = names - needed  # the newest migration: the one no other depends on
    (migrations / f"{COLUMNS}.py").write_text(COLUMNS_MIGRATION.format(leaf=leaf), encoding="utf-8")
    (migrations / f"{INDEX}.py").write_text(INDEX_MIGRATION.format(columns=COLUMNS), encoding="utf-8")
    return root


def hub_cli(release: Path, database_url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hub", *args], cwd=release, capture_output=True,
                          text=True, timeout=300, env=os.environ | {
                              "DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET,
                              "HUB_MODE": "dev"} | env)


async def lift_daily_caps(database_url: str) -> None:
    """Tickets without a daily cap: the traffic takes more than a day's 150 of a queue."""
    await db.init_db(database_url)
    try:
        await QueueCategory.all().update(daily_cap=1_000_000)
    finally:
        await db.close_db()


async def login(http: httpx.AsyncClient, username: str) -> str:
    query = 'mutation($u:String!){ login(input:{username:$u,password:"demo1234"}){ token } }'
    body = (await http.post("/graphql", json={"query": query, "variables": {"u": username}})).json()
    return body["data"]["login"]["token"]


class Traffic:
    """Reads and writes against one hub until stopped; every failure and each write's latency."""

    def __init__(self, http: httpx.AsyncClient, kiosk: str) -> None:
        self.http, self.kiosk = http, kiosk
        self.failures: list[str] = []
        self.taken: list[str] = []
        self.latencies: list[tuple[float, float]] = []  # (started, seconds) of each write
        self.reads = 0
        self._stop = asyncio.Event()

    async def _graphql(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        r = await self.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                 headers=headers)
        body = r.json()
        if r.status_code != 200 or body.get("errors"):
            raise AssertionError(f"{r.status_code} {body}")
        return body["data"]

    async def _loop(self, what: str, step: Callable, pause: float) -> None:
        while not self._stop.is_set():
            try:
                await step()
            except Exception as e:
                self.failures.append(f"{what}: {type(e).__name__}: {e}")
            await asyncio.sleep(pause)

    async def _write(self) -> None:
        started = time.monotonic()
        data = await self._graphql(TAKE, {"p": "ABCD"[len(self.taken) % 4]}, self.kiosk)
        self.latencies.append((started, time.monotonic() - started))
        payload = data["takeTicket"]
        if payload["errors"]:
            raise AssertionError(payload["errors"])
        self.taken.append(payload["ticket"]["number"])

    async def _read(self) -> None:
        await self._graphql(ITEMS)
        await self._graphql(HALL)
        r = await self.http.get("/readyz")
        if r.status_code != 200:
            raise AssertionError(f"/readyz of the running release: {r.status_code} {r.text}")
        self.reads += 1

    def start(self) -> list[asyncio.Task]:
        return [asyncio.create_task(self._loop("write", self._write, 0.05)),
                asyncio.create_task(self._loop("read", self._read, 0.02))]

    async def stop(self, tasks: list[asyncio.Task]) -> None:
        self._stop.set()
        await asyncio.gather(*tasks)


async def subscribe(base: str, token: str, after: int):
    ws = await connect(base.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"])
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authToken": token}}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(json.dumps({"type": "subscribe", "id": "1",
                              "payload": {"query": EVENTS, "variables": {"a": after}}}))
    return ws


async def collect(ws, into: list[dict]) -> None:
    """Every message of the subscription until the socket closes or the task is cancelled;
    the server's keep-alive pings are answered, as a board does."""
    async for raw in ws:
        message = json.loads(raw)
        if message["type"] == "ping":
            await ws.send(json.dumps({"type": "pong"}))
        else:
            into.append(message)


async def readyz(base: str) -> tuple[int, dict]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        r = await http.get("/readyz")
        return r.status_code, r.json()


async def test_the_running_release_keeps_serving_while_the_next_one_migrates(database_url, tmp_path):
    # given a hub of the running release, and the next release (two more migrations) beside it
    release = next_release(tmp_path)
    await lift_daily_caps(database_url)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    with hub_process(database_url, tmp_path / "old") as old, \
            hub_process(database_url, tmp_path / "new", cwd=release, ready_path="/healthz") as new:
        # the next release is not ready: its migrations are pending (and `migrate --check` says so)
        status, before = await readyz(new)
        assert status == 503 and before["migrations"] == "pending"
        assert before["pendingMigrations"] == [f"hub.{COLUMNS}", f"hub.{INDEX}"]
        check = hub_cli(release, database_url, "migrate", "--check")
        assert check.returncode == 1 and f"hub.{COLUMNS}" in check.stderr
        assert (await readyz(old))[0] == 200

        async with httpx.AsyncClient(base_url=old, timeout=30) as http:
            kiosk, board = await login(http, "kiosk01"), await login(http, "board01")
            start = (await http.post("/graphql", json={"query": HALL})).json()["data"]["hall"]["cursor"]
            ws = await subscribe(old, board, start)
            messages: list[dict] = []
            listener = asyncio.create_task(collect(ws, messages))
            traffic = Traffic(http, kiosk)
            tasks = traffic.start()
            await asyncio.sleep(1.0)
            served_before = (len(traffic.taken), traffic.reads)

            # when the next release's migrations are applied by the real runner while it serves
            migrated = await asyncio.to_thread(hub_cli, release, database_url, "migrate")
            served_during = (len(traffic.taken), traffic.reads)
            await asyncio.sleep(1.0)
            await traffic.stop(tasks)
            final = (await http.post("/graphql", json={"query": HALL})).json()["data"]["hall"]["cursor"]
            deadline = time.monotonic() + 20
            while (not messages or messages[-1].get("payload", {}).get("data", {})  # noqa: ASYNC110
                   .get("hallEvents", {}).get("cursor", 0) < final) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            listener_alive = not listener.done()
            listener.cancel()
            await ws.close()

        # then the migrations ran, and not one request of the running release failed
        assert migrated.returncode == 0, migrated.stderr
        assert traffic.failures == []
        assert served_before[0] > 0 and served_during[0] > served_before[0], "no write during the run"
        assert len(traffic.taken) > served_during[0], "no write after the run"
        # and the one subscription went on: every ticket's event, in order, none twice
        assert listener_alive, "the subscription ended"
        assert all(m["type"] == "next" for m in messages), [m for m in messages if m["type"] != "next"]
        events = [m["payload"]["data"]["hallEvents"] for m in messages]
        assert [e["cursor"] for e in events] == list(range(start + 1, final + 1))
        assert sum(e["kind"] == "TAKEN" for e in events) == len(traffic.taken)
        # and the next release is ready with nothing pending, the running one still ready
        status, after = await readyz(new)
        assert status == 200 and after["migrations"] == "ok" and "pendingMigrations" not in after
        assert (await readyz(old))[0] == 200
        assert hub_cli(release, database_url, "migrate", "--check").returncode == 0
    # and the schema has what the next release added, the index valid
    assert await schema_of(database_url) == (True, True, True)


async def schema_of(database_url: str) -> tuple[bool, bool, bool]:
    """(ticket.drill_note exists, table upgrade_drill exists, its index exists and is valid)."""
    if database_url.startswith("sqlite://"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite://"))) as conn:
            columns = {r[1] for r in conn.execute('PRAGMA table_info("ticket")')}
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        return "drill_note" in columns, "upgrade_drill" in names, "idx_ticket_drill_note" in names
    import asyncpg

    conn = await asyncpg.connect(database_url)
    try:
        valid = await conn.fetchval("SELECT i.indisvalid FROM pg_index i JOIN pg_class c "
                                    "ON c.oid = i.indexrelid WHERE c.relname = 'idx_ticket_drill_note'")
        return ("drill_note" in await columns_of(database_url, "ticket"),
                bool(await conn.fetchval("SELECT to_regclass('upgrade_drill') IS NOT NULL")), valid is True)
    finally:
        await conn.close()


async def columns_of(database_url: str, table: str) -> set[str]:
    import asyncpg

    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch("SELECT column_name FROM information_schema.columns "
                                "WHERE table_name = $1", table)
        return {r["column_name"] for r in rows}
    finally:
        await conn.close()


async def test_an_alter_behind_a_long_transaction_gives_up_and_retries_instead_of_stalling(
        db_backend, database_url, tmp_path):
    if db_backend != "postgres":
        pytest.skip("lock_timeout is PostgreSQL's; SQLite has no lock queue behind a reader")
    import asyncpg

    # given a hub of the running release serving steadily, and a long transaction (a report,
    # a stuck session) that has read the ticket table and stays open
    release = next_release(tmp_path)
    await lift_daily_caps(database_url)
    (tmp_path / "old").mkdir()
    quick = {"HUB_MIGRATION_LOCK_TIMEOUT_SECONDS": "0.3", "HUB_MIGRATION_LOCK_PAUSE_SECONDS": "0.5"}
    with hub_process(database_url, tmp_path / "old") as old:
        async with httpx.AsyncClient(base_url=old, timeout=60) as http:
            traffic = Traffic(http, await login(http, "kiosk01"))
            tasks = traffic.start()
            long = await asyncpg.connect(database_url)
            try:
                await long.execute("BEGIN")
                await long.fetchval('SELECT count(*) FROM "ticket"')
                held_from = time.monotonic()

                # when a migration run with two tries of 0.3 s each meets it
                refused = await asyncio.to_thread(
                    hub_cli, release, database_url, "migrate", HUB_MIGRATION_LOCK_ATTEMPTS="2", **quick)
                # then it gives up with a clear message and leaves nothing half-done
                assert refused.returncode == 1
                assert "迁移等待表锁超时" in refused.stderr and "长事务" in refused.stderr
                assert "drill_note" not in await columns_of(database_url, "ticket")
                check = hub_cli(release, database_url, "migrate", "--check")
                assert check.returncode == 1 and f"hub.{COLUMNS}" in check.stderr

                # and a run with more tries keeps giving up and trying again while the
                # transaction lasts (at least twice, and ten seconds in all), then applies both
                log = tmp_path / "patient.log"
                with log.open("w") as out:
                    patient = subprocess.Popen(  # noqa: ASYNC220 - runs beside the test
                        [sys.executable, "-m", "hub", "migrate"], cwd=release, stdout=out, stderr=out,
                        text=True, env=os.environ | {"DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET,
                                                     "HUB_MODE": "dev", "HUB_MIGRATION_LOCK_ATTEMPTS": "60"}
                        | quick)
                deadline = time.monotonic() + 120
                while (log.read_text().count("秒后重试") < 2  # noqa: ASYNC110 - polling its log
                       or time.monotonic() - held_from < 10) \
                        and time.monotonic() < deadline and patient.poll() is None:
                    await asyncio.sleep(0.2)
                assert patient.poll() is None, log.read_text()
            finally:
                await long.execute("ROLLBACK")
                held_until = time.monotonic()
                await long.close()
            returncode = await asyncio.to_thread(patient.wait, 120)
            await asyncio.sleep(0.5)
            await traffic.stop(tasks)

    output = log.read_text()
    assert returncode == 0, output
    assert output.count("秒后重试") >= 2 and "数据库已迁移到最新版本" in output
    assert "drill_note" in await columns_of(database_url, "ticket")
    assert await columns_of(database_url, "upgrade_drill") == {"id", "note"}
    # and meanwhile the hub never waited behind the queued ALTER for long: without the timeout
    # every write on the ticket table would have waited the whole 10 s and more it was held
    assert traffic.failures == []
    during = [seconds for started, seconds in traffic.latencies if held_from <= started <= held_until]
    assert len(during) >= 20, f"only {len(during)} writes while the transaction was held"
    assert max(during) < 4.0, f"a write waited {max(during):.1f} s"
