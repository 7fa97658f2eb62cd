"""``serve --workers N``: what must hold for the whole service holds across worker processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from hub.web.cli import workers_problem
from tests.conftest import PROCESSES, ROOT, _pg_admin, _run, hub_process, pg_url, test_settings
from tests.services import need_postgres, need_redis

REDIS = "redis://127.0.0.1:6379/0"
ME = "{ me { id name } }"
LOGIN = 'mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){ token errors{ code } } }'
CHANGE = """mutation{ changePassword(input:{oldPassword:"demo1234", newPassword:"new-pass-2026"}){
  ok errors{ code } } }"""


def test_several_workers_need_redis_and_postgresql():
    pg = "postgres://postgres@127.0.0.1:5432/x"
    assert workers_problem(test_settings(database_url=pg), 1) is None
    assert "REDIS_URL" in (workers_problem(test_settings(database_url=pg), 2) or "")
    assert "PostgreSQL" in (workers_problem(test_settings(redis_url=REDIS), 2) or "")
    assert workers_problem(test_settings(database_url=pg, redis_url=REDIS), 2) is None
    assert workers_problem(test_settings(database_url=pg), 0) == "--workers 至少为 1"


def test_the_server_refuses_two_workers_without_redis(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {
        "HUB_DATA_DIR": str(tmp_path), "SECRET_KEY": "x" * 40}
    result = subprocess.run([sys.executable, "-m", "hub", "serve", "--port", "9", "--workers", "2"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("无法启动：多个工作进程（--workers）须配置 REDIS_URL")


def _post(base: str, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    """One request on a connection of its own, so the kernel may hand it to either worker."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    r = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables or {}},
                   headers=headers | {"connection": "close"}, timeout=30)
    return r.json()


def _workers(server_pid: int) -> list[int]:
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    return [int(c) for c in children
            if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


@pytest.fixture
def two_workers(tmp_path: Path):
    """A hub of two worker processes on a fresh, seeded PostgreSQL database, with its own Redis
    namespace, viewers cached for a minute (far beyond the bound tested). The database is
    prepared by the CLI in processes of their own: this pytest process may be the SQLite pass,
    and Tortoise keeps one dialect per process (tests/conftest.py db_backend)."""
    need_postgres()
    need_redis()
    name = f"owh_test_{os.getpid()}_workers_{uuid.uuid4().hex[:8]}"
    _run(_pg_admin, f'CREATE DATABASE "{name}"')
    try:
        env = os.environ | {"DATABASE_URL": pg_url(name), "HUB_DATA_DIR": str(tmp_path)}
        for command in ("migrate", "seed"):
            subprocess.run([sys.executable, "-m", "hub", command], cwd=ROOT, env=env, check=True,
                           capture_output=True, timeout=300)
        with hub_process(pg_url(name), tmp_path, workers=2, REDIS_URL=REDIS,
                         HUB_REDIS_NAMESPACE=f"test-{uuid.uuid4()}",
                         HUB_VIEWER_CACHE_SECONDS="60") as base:
            workers = _workers(PROCESSES[base].pid)
            assert len(workers) == 2, workers
            yield base, workers
    finally:
        _run(_pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _spread(base: str, n: int, query: str, variables: dict | None = None,
            token: str | None = None) -> list[dict]:
    """``n`` requests at once, each on its own connection."""
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda _: _post(base, query, variables, token), range(n)))


def test_two_workers_share_the_login_limit_and_a_revoked_token_leaves_both(two_workers):
    base, workers = two_workers
    # given a token whose viewer both workers have cached (each did some of the work)
    token = _post(base, LOGIN, {"u": "yb_a", "p": "demo1234"})["data"]["login"]["token"]
    before = [_cpu_ticks(w) for w in workers]
    answers = _spread(base, 48, ME, token=token)
    assert all(a["data"]["me"]["name"] for a in answers), answers[:2]
    assert all(_cpu_ticks(w) > b for w, b in zip(workers, before, strict=True)), "one worker idle"

    # when the password is changed through one of them
    changed = _post(base, CHANGE, token=token)["data"]["changePassword"]
    assert changed == {"ok": True, "errors": []}

    # then within two seconds no worker answers the old token (the cache holds it a minute)
    deadline = time.monotonic() + 2.0
    while True:
        answers = _spread(base, 24, ME, token=token)
        if all((a.get("data") or {}).get("me") is None for a in answers):
            break
        assert time.monotonic() < deadline, [a for a in answers if (a.get("data") or {}).get("me")][:1]
        time.sleep(0.1)

    # and the login limit per address (30 a minute) is one count across both workers: the
    # login above was the first, so 29 more are checked and the other 11 refused
    results = _spread(base, 40, LOGIN, {"u": f"nobody-{uuid.uuid4().hex[:6]}", "p": "wrong-pass-1"})
    codes = [r["data"]["login"]["errors"][0]["code"] for r in results]
    assert codes.count("RATE_LIMITED") == 11, codes
    assert codes.count("INVALID_CREDENTIALS") == 29, codes
