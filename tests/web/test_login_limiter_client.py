"""The per-IP login limiter keys on the real client (issue 15, finding 9) and is shared across
instances through Redis (finding 2): a spoofed X-Forwarded-For from an untrusted peer changes
nothing, the header of a proxy in HUB_TRUSTED_PROXIES is believed (rightmost untrusted hop), and
two instances sharing Redis count one client together."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from hub.core.clientip import client_address, parse_networks
from hub.core.throttle import Throttle
from hub.web.app import create_app
from tests.conftest import test_settings
from tests.services import need_redis

LOGIN = """mutation($u:String!){ login(input:{username:$u,password:"x-1234567"}){ errors{ code } } }"""
LIMIT = 3
LIMITERS: dict[httpx.AsyncClient, Throttle] = {}  # each client's instance's login limiter


@asynccontextmanager
async def hub(database: str, peer: str, **settings) -> AsyncIterator[httpx.AsyncClient]:
    """One hub instance (its own app and services) reached from ``peer``."""
    app = create_app(test_settings(database, login_ip_attempts_per_minute=LIMIT, **settings),
                     manage_db=False)
    transport = httpx.ASGITransport(app=app, client=(peer, 1234))
    http = httpx.AsyncClient(transport=transport, base_url="http://hub.test")
    try:
        async with http:
            LIMITERS[http] = app.state.services.login_limiter
            yield http
    finally:
        LIMITERS.pop(http, None)
        await app.state.services.login_limiter.close()


async def code(http: httpx.AsyncClient, forwarded_for: str | None = None) -> str:
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    r = await http.post("/graphql", json={"query": LOGIN, "variables": {"u": "nobody"}}, headers=headers)
    return r.json()["data"]["login"]["errors"][0]["code"]


def test_the_client_is_the_peer_unless_the_peer_is_a_trusted_proxy():
    proxies = ("10.0.0.0/8", "192.168.1.1")
    assert client_address("203.0.113.9", "1.2.3.4", ()) == "203.0.113.9"  # none trusted: ignored
    assert client_address("203.0.113.9", "1.2.3.4", proxies) == "203.0.113.9"  # untrusted peer
    assert client_address("10.1.2.3", "1.2.3.4", proxies) == "1.2.3.4"
    # the client's own (spoofed) entries sit left of the hop the proxy appended
    assert client_address("10.1.2.3", "6.6.6.6, 198.51.100.7", proxies) == "198.51.100.7"
    # through two trusted proxies: the rightmost untrusted hop
    assert client_address("10.1.2.3", "6.6.6.6, 198.51.100.7, 192.168.1.1", proxies) == "198.51.100.7"
    assert client_address("10.1.2.3", "6.6.6.6, not-an-ip", proxies) == "10.1.2.3"
    assert client_address("10.1.2.3", None, proxies) == "10.1.2.3"
    assert client_address("::1", "2001:db8::1", ("::1",)) == "2001:db8::1"
    with pytest.raises(ValueError, match="HUB_TRUSTED_PROXIES"):
        parse_networks(("10.0.0.0/33",))


async def test_a_spoofed_forwarded_for_from_an_untrusted_peer_does_not_change_the_key(database):
    async with hub(database, "127.0.0.1") as http:  # loopback is not trusted by default
        codes = [await code(http, f"198.51.100.{i}") for i in range(LIMIT + 1)]
    assert codes == ["INVALID_CREDENTIALS"] * LIMIT + ["RATE_LIMITED"]


async def test_the_forwarded_for_of_a_trusted_proxy_is_the_key(database):
    async with hub(database, "10.9.9.9", trusted_proxies=("10.0.0.0/8",)) as http:
        # each client behind the proxy has its own count ...
        spread = [await code(http, f"6.6.6.6, 198.51.100.{i}") for i in range(LIMIT + 2)]
        # ... and one client stays one client, whatever it writes to the left
        same = [await code(http, f"6.6.6.{i}, 198.51.100.200") for i in range(LIMIT + 1)]
    assert spread == ["INVALID_CREDENTIALS"] * (LIMIT + 2)
    assert same == ["INVALID_CREDENTIALS"] * LIMIT + ["RATE_LIMITED"]


async def test_two_instances_sharing_redis_share_the_count(database):
    need_redis()
    shared = {"redis_url": "redis://127.0.0.1:6379/0", "redis_namespace": f"test-{uuid.uuid4()}"}
    async with hub(database, "198.51.100.1", **shared) as a, \
            hub(database, "198.51.100.1", **shared) as b:
        assert LIMITERS[a].shared and LIMITERS[a] is not LIMITERS[b]
        codes = [await code(a), await code(b), await code(a), await code(b)]
    assert codes == ["INVALID_CREDENTIALS"] * LIMIT + ["RATE_LIMITED"]


async def test_without_redis_each_instance_counts_alone(database):
    async with hub(database, "198.51.100.1") as a, hub(database, "198.51.100.1") as b:
        assert not LIMITERS[a].shared
        codes = [await code(a) for _ in range(LIMIT)] + [await code(b)]
    assert codes == ["INVALID_CREDENTIALS"] * (LIMIT + 1)


async def test_a_redis_outage_falls_back_to_counting_in_this_process():
    limiter = Throttle(2, 60, "redis://127.0.0.1:1/0")  # nothing listens there
    try:
        assert [await limiter.hit("k") for _ in range(3)] == [True, True, False]
    finally:
        await limiter.close()
