"""The per-process viewer cache: a few seconds per token, forgotten on revocation everywhere."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest
from tortoise import connections

from hub.core.models import Staff
from hub.core.viewer import Viewer
from hub.web.app import create_app
from resolvers.staff.viewer_cache import ViewerCache
from tests.conftest import GQL, test_settings
from tests.services import need_redis

ME = "{ me { id name } }"
CHANGE = """mutation{ changePassword(input:{oldPassword:"demo1234", newPassword:"new-pass-2026"}){
  ok errors{ code } } }"""


def _viewer(staff_id: int) -> Viewer:
    return Viewer(staff_id, "张三", frozenset(), 1, "330100/", None)


def test_entries_expire_after_the_ttl_and_an_account_is_forgotten_whole():
    now = [100.0]
    cache = ViewerCache(5, clock=lambda: now[0])
    cache.put("t1", _viewer(1))
    cache.put("t2", _viewer(1))
    cache.put("t3", _viewer(2))
    assert cache.get("t1") == _viewer(1)
    assert cache.forget_staff(1) == 2 and cache.get("t1") is None and cache.get("t2") is None
    now[0] += 5
    assert cache.get("t3") is None and len(cache) == 0


def test_the_cache_is_bounded_and_off_with_a_zero_ttl():
    now = [0.0]
    cache = ViewerCache(5, max_entries=3, clock=lambda: now[0])
    for i in range(3):
        cache.put(f"t{i}", _viewer(i))
    now[0] += 6  # all three expired: dropped to make room
    cache.put("t9", _viewer(9))
    assert len(cache) == 1
    for i in range(3):
        cache.put(f"u{i}", _viewer(i))  # none expired: the cache starts over
    assert len(cache) <= 3
    off = ViewerCache(0)
    off.put("t", _viewer(1))
    assert off.get("t") is None and not off.enabled


@pytest.mark.both_databases
async def test_a_password_change_on_one_instance_refuses_the_old_token_on_another(database):
    need_redis()
    namespace = f"test-{uuid.uuid4()}"
    settings = test_settings(database, redis_url="redis://127.0.0.1:6379/0", redis_namespace=namespace,
                             viewer_cache_seconds=60)
    a, b = create_app(settings, manage_db=False), create_app(settings, manage_db=False)
    async with a.router.lifespan_context(a), b.router.lifespan_context(b), \
            httpx.AsyncClient(transport=httpx.ASGITransport(app=a), base_url="http://a") as ha, \
            httpx.AsyncClient(transport=httpx.ASGITransport(app=b), base_url="http://b") as hb:
        on_a, on_b = GQL(ha), GQL(hb)
        await on_a.login("yb_a", "demo1234")
        on_b.token = on_a.token
        # given B has the viewer cached (a minute)
        assert (await on_b(ME))["data"]["me"]["name"]
        # when A changes the password
        assert (await on_a(CHANGE))["data"]["changePassword"] == {"ok": True, "errors": []}
        # then A refuses the old token at once, and B within two seconds (not a minute)
        assert (await on_a(ME))["data"]["me"] is None
        deadline = time.monotonic() + 2.0
        while (await on_b(ME))["data"]["me"] is not None:
            assert time.monotonic() < deadline, "B still serves a revoked token"
            await asyncio.sleep(0.05)


@pytest.mark.both_databases
async def test_a_change_made_outside_the_hub_is_seen_within_the_ttl(database):
    app = create_app(test_settings(database, viewer_cache_seconds=0.5), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as http:
        gql = GQL(http)
        await gql.login("yb_a", "demo1234")
        assert (await gql(ME))["data"]["me"]["name"]
        # an administrator deactivates the account in the database directly
        await Staff.filter(username="yb_a").update(active=False)
        started = time.monotonic()
        while (await gql(ME))["data"]["me"] is not None:
            assert time.monotonic() - started < 0.5 + 0.5, "the cache outlived its bound"
            await asyncio.sleep(0.05)


@pytest.mark.both_databases
async def test_released_connections_carry_no_open_transaction(database):
    """PostgreSQL connections go back to the pool without asyncpg's reset query, but a
    transaction left open is still rolled back before the connection is reused."""
    conn = connections.get("default")
    if conn.capabilities.dialect != "postgres":
        pytest.skip("the pool and its reset are PostgreSQL's")
    assert await Staff.filter(username="yb_a").count() == 1  # (the pool opens on first use)
    pool = conn._pool
    async with pool.acquire() as raw:
        assert raw.get_reset_query() == ""
        await raw.execute("BEGIN")
        await raw.execute("UPDATE staff SET name = 'changed' WHERE username = 'yb_a'")
        held = raw._con  # the connection itself (the proxy dies on release)
    assert not held.is_in_transaction()  # rolled back on release
    assert await Staff.filter(username="yb_a", name="changed").count() == 0
