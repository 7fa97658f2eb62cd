"""argon2 off the event loop (issue 15, finding 3): 25 concurrent logins are hashed in the bounded
argon2 pool, never on the loop's thread, and ``/healthz`` keeps answering meanwhile."""

from __future__ import annotations

import asyncio
import threading

import pytest

from hub.core import security, workers
from hub.core.models import Staff
from tests.conftest import healthz_during

LOGIN = """mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){ token } }"""


async def test_25_concurrent_logins_hash_off_the_loop_and_healthz_keeps_answering(
        gql, monkeypatch: pytest.MonkeyPatch):
    threads: list[str] = []
    real = security.verify_password

    def recording(password_hash: str | None, password: str) -> bool:
        threads.append(threading.current_thread().name)
        return real(password_hash, password)

    # 25 accounts (25 logins at once to one account would be taken for guesses and locked)
    admin = await Staff.get(username="admin")
    for i in range(25):
        await Staff.create(username=f"clerk{i:02d}", name=f"窗口{i}", roles=["FRONT_DESK"],
                           password_hash=admin.password_hash, service_point_id=admin.service_point_id)
    monkeypatch.setattr(security, "verify_password", recording)
    loop_thread = threading.current_thread().name
    responses, latencies, burst = await healthz_during(gql, asyncio.gather(
        *(gql.post(LOGIN, {"u": f"clerk{i:02d}", "p": "admin123"}) for i in range(25))))
    assert all(r.json()["data"]["login"]["token"] for r in responses), [r.text for r in responses][:3]
    assert len(threads) == 25 and loop_thread not in threads
    assert all(name.startswith("argon2") for name in threads), set(threads)
    # The loop answered throughout: many probes ran during the burst, and none waited for more
    # than a fraction of it (on the loop, 25 checks would have held /healthz for the whole burst).
    print(f"burst {burst:.2f} s, {len(latencies)} probes, max /healthz {max(latencies) * 1000:.0f} ms")
    assert len(latencies) >= 5
    assert max(latencies) < max(1.0, burst / 2)


async def test_the_pool_size_is_a_setting():
    with pytest.raises(ValueError, match="HUB_PASSWORD_HASH_THREADS"):
        workers.passwords.configure(0)
    workers.passwords.configure(3)
    try:
        assert await security.verify_password_async(security.hash_password("x-1234567"), "x-1234567")
        assert workers.passwords.executor()._max_workers == 3
    finally:
        workers.passwords.configure(2)
