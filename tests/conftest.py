"""Fixtures: a migrated, seeded database per test (SQLite, or PostgreSQL where marked),
an in-process GraphQL client, and a live hub for browser tests."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.core import db, ports
from hub.core.settings import ROOT, Settings
from hub.demo.load import seed_database
from hub.web.app import create_app
from hub.web.hooks import install as install_hooks
from hub.web.wiring import build_ports
from tests.services import PG_HOST, PG_PORT, PG_USER, need_postgres

TEST_SECRET = "test-secret-key-not-for-production"
# The calendar tests count 2027 as unpublished: pin the bundled schedules to 2026 so that a
# chinesecalendar release adding 2027 changes no result (the hubs the tests start inherit it).
KNOWN_UNTIL = 2026
os.environ["HUB_CALENDAR_KNOWN_UNTIL"] = str(KNOWN_UNTIL)
_counter = itertools.count()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: they are the slowest, and they share the Playwright loop."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session", autouse=True)
def default_ports() -> Iterator[None]:
    """The default adapters of the ports for code a test runs outside a wired app and the
    ``database`` fixture (set-up helpers that open a database themselves, in a thread)."""
    previous = ports.install(build_ports(test_settings()))
    yield
    ports.install(previous)


@pytest.fixture(scope="session", autouse=True)
def cross_domain_listeners() -> None:
    """The listeners the app factory and the CLI install, also for tests that call rules directly."""
    install_hooks()


@pytest.fixture(scope="session")
def db_backend() -> str:
    """sqlite, or postgres when HUB_TEST_DATABASE=postgres.

    One pytest process talks to one database kind only, as the hub does: Tortoise caches each
    model's compiled SQL per connection name, so a process cannot switch dialects midway.
    `make test` runs the suite on SQLite, then the tests marked ``both_databases`` again in a
    second process on PostgreSQL.
    """
    backend = os.environ.get("HUB_TEST_DATABASE", "sqlite")
    if backend not in ("sqlite", "postgres"):
        raise ValueError(f"HUB_TEST_DATABASE must be sqlite or postgres, not {backend!r}")
    return backend


def pg_url(name: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _run(coro_fn, *args) -> Any:
    """Run a coroutine to completion from sync code, even under Playwright's running loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coro_fn(*args))).result()


def _prepare(url: str) -> None:
    _run(db.migrate, url)
    _run(seed_database, url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "hub.sqlite3"
    _prepare(f"sqlite://{path}")
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    need_postgres()
    name = f"owh_test_{os.getpid()}_template"
    _run(_pg_admin, f'DROP DATABASE IF EXISTS "{name}"')
    _run(_pg_admin, f'CREATE DATABASE "{name}"')
    _prepare(pg_url(name))
    yield name
    _run(_pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database_url(db_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated and seeded database for one test; dropped afterwards."""
    if db_backend == "sqlite":
        path = tmp_path / "hub.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite://{path}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"owh_test_{os.getpid()}_{next(_counter)}"
    _run(_pg_admin, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield pg_url(name)
    _run(_pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_url(db_backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the kind under test (not the migrated template), for a migration
    test that migrates it to an older release first; dropped afterwards."""
    if db_backend == "sqlite":
        yield f"sqlite://{tmp_path / 'old.sqlite3'}"
        return
    need_postgres()
    name = f"owh_test_{os.getpid()}_fresh_{next(_counter)}"
    _run(_pg_admin, f'DROP DATABASE IF EXISTS "{name}"')
    _run(_pg_admin, f'CREATE DATABASE "{name}"')
    yield pg_url(name)
    _run(_pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[str]:
    """The database, and the default adapters of the ports (as a hub process wires them)."""
    await db.init_db(database_url)
    previous = ports.install(build_ports(test_settings(database_url)))
    try:
        yield database_url
    finally:
        await ports.close()
        ports.install(previous)
        await db.close_db()


def test_settings(database_url: str = "sqlite://:memory:", **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "mode": "dev", "database_url": database_url, "secret_key": TEST_SECRET,
        "frontend_dir": ROOT / "frontends" / "dist",
    }
    values.update(overrides)
    return Settings(**values)


test_settings.__test__ = False  # type: ignore[attr-defined]


class GQL:
    """A GraphQL client over the real ASGI app (no network)."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.token: str | None = None

    async def post(self, query: str, variables: dict | None = None, **headers: str) -> httpx.Response:
        if self.token:
            headers.setdefault("authorization", f"Bearer {self.token}")
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def __call__(self, query: str, variables: dict | None = None) -> dict[str, Any]:
        response = await self.post(query, variables)
        assert response.status_code == 200, response.text
        return response.json()

    async def login(self, username: str, password: str) -> dict[str, Any]:
        body = await self(
            "mutation($u:String!,$p:String!){login(input:{username:$u,password:$p})"
            "{token staff{name roles} errors{code message field}}}",
            {"u": username, "p": password},
        )
        payload = body["data"]["login"]
        if payload["token"]:
            self.token = payload["token"]
        return payload


async def healthz_during(gql: GQL, work: Awaitable[Any]) -> tuple[Any, list[float], float]:
    """Await ``work`` while /healthz is asked every 10 ms: (its result, each probe's seconds,
    the burst's seconds) — whether the event loop kept answering under that work."""
    latencies: list[float] = []
    done = asyncio.Event()

    async def probe() -> None:
        while not done.is_set():
            started = time.perf_counter()
            assert (await gql.http.get("/healthz")).status_code == 200
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(0.01)

    async def run() -> Any:
        try:
            return await work
        finally:
            done.set()

    started = time.perf_counter()
    result, _ = await asyncio.gather(run(), probe())
    return result, latencies, time.perf_counter() - started


@pytest.fixture
async def gql(database: str) -> AsyncIterator[GQL]:
    app = create_app(test_settings(database), manage_db=False)
    transport = httpx.ASGITransport(app=app, client=(f"10.0.0.{next(_counter) % 250}", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        yield GQL(http)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def hub_server(template: Path, data_dir: Path, **extra_env: str) -> Iterator[str]:
    """A real hub (uvicorn) on loopback over a copy of ``template``; yields its base URL."""
    shutil.copy(template, data_dir / "hub.sqlite3")
    with hub_process(f"sqlite://{data_dir / 'hub.sqlite3'}", data_dir, **extra_env) as base:
        yield base


# The process behind each running hub_process, by its base URL (a test may kill one).
PROCESSES: dict[str, subprocess.Popen] = {}


@contextmanager
def hub_process(database_url: str, data_dir: Path, *, cwd: Path = ROOT, ready_path: str = "/readyz",
                workers: int = 1, **extra_env: str) -> Iterator[str]:
    """A real hub (uvicorn, ``workers`` processes) on loopback over ``database_url``; yields its
    base URL once ``ready_path`` answers 200. ``cwd``: the release it runs (another copy of the
    code)."""
    port = _free_port()
    env = os.environ | {
        "HUB_DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET, "HUB_PORT": str(port), "HUB_MODE": "dev",
        # tests run at any hour: a test of the hall's hours turns them back on
        "HUB_KIOSK_OPENING_HOURS": "off",
    } | extra_env
    if "REDIS_URL" not in extra_env:
        env.pop("REDIS_URL", None)
    log = (data_dir / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a loaded CI machine
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}{ready_path}", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError((data_dir / "server.log").read_text())
        PROCESSES[base] = proc
        yield base
    finally:
        PROCESSES.pop(base, None)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a loaded machine: do not fail the test on shutdown
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def live_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real hub (uvicorn) on loopback serving the built frontends and a seeded database."""
    with hub_server(sqlite_template, tmp_path_factory.mktemp("live")) as base:
        yield base
