"""The `python -m hub` commands and the readiness probe's view of its services."""

import subprocess
import sys

import httpx
import pytest

from hub.core.settings import ROOT
from hub.web.app import create_app
from tests.conftest import TEST_SECRET, test_settings
from tests.services import need_redis


def hub_cli(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "hub", *args], cwd=ROOT, capture_output=True, text=True,
        env=os.environ | {"DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET, **env},
    )


def test_export_schema_check_passes_on_the_checked_in_sdl(tmp_path):
    result = hub_cli("export-schema", "--check", database_url=f"sqlite://{tmp_path}/x.sqlite3")
    assert result.returncode == 0, result.stderr
    stale = tmp_path / "stale.graphql"
    stale.write_text("type Query { old: Int }")
    result = hub_cli("export-schema", "--check", "--output", str(stale),
                     database_url=f"sqlite://{tmp_path}/x.sqlite3")
    assert result.returncode == 1 and "make schema" in result.stderr


async def test_create_admin_makes_an_account_that_can_log_in(database_url):
    weak = hub_cli("create-admin", "chief", "--password", "short", database_url=database_url)
    assert weak.returncode == 1 and "至少 8 位" in weak.stderr
    made = hub_cli("create-admin", "chief", "--name", "区管理员", "--service-point", "330106",
                   database_url=database_url, HUB_ADMIN_PASSWORD="strong-pass-1")
    assert made.returncode == 0 and "已创建管理员 chief" in made.stdout
    again = hub_cli("create-admin", "chief", "--password", "strong-pass-1", database_url=database_url)
    assert again.returncode == 1 and "已存在" in again.stderr

    from hub.core import db

    await db.init_db(database_url)
    try:
        app = create_app(test_settings(database_url), manage_db=False)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
            r = await c.post("/graphql", json={"query": 'mutation{ login(input:{username:"chief",'
                                                        'password:"strong-pass-1"}){ staff{ roles } } }'})
        assert r.json()["data"]["login"]["staff"]["roles"] == ["ADMIN"]
    finally:
        await db.close_db()


@pytest.mark.parametrize("reachable", [True, False])
async def test_readiness_checks_redis_when_configured(database, reachable):
    need_redis()
    url = "redis://127.0.0.1:6379/0" if reachable else "redis://127.0.0.1:1/0"
    app = create_app(test_settings(database, redis_url=url), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
        r = await c.get("/readyz")
    if reachable:
        assert r.status_code == 200 and r.json() == {"status": "ready", "database": "ok",
                                                     "migrations": "ok", "redis": "ok"}
    else:
        assert r.status_code == 503 and r.json()["redis"] == "unreachable"


def test_several_workers_need_redis(tmp_path):
    # two processes with in-process buses: a call on one would never reach a board on the other
    result = hub_cli("serve", "--workers", "2", database_url=f"sqlite://{tmp_path}/x.sqlite3",
                     REDIS_URL="")
    assert result.returncode == 2 and "REDIS_URL" in result.stderr and "工作进程" in result.stderr


def test_migrate_check_exits_1_while_migrations_are_pending(tmp_path, database_url):
    pending = hub_cli("migrate", "--check", database_url=f"sqlite://{tmp_path}/fresh.sqlite3")
    assert pending.returncode == 1 and "hub.0001_initial" in pending.stderr
    done = hub_cli("migrate", "--check", database_url=database_url)  # migrated and seeded
    assert done.returncode == 0 and "没有待执行的迁移" in done.stdout
