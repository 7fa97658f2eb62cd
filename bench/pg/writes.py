"""Writes at volume on PostgreSQL (part of `make bench-pg`; alone: ``python -m bench.pg.writes``).

On a copy of the bench database (``CREATE DATABASE … TEMPLATE owh_bench_300k``, dropped after, so
the kept history stays as generated), with one hub process pinned to core 0 and the client on
core 1:

- intake: BENCH_CASES (500) counter cases, each two uploads (``POST /case-files``) and
  ``intakeCase``, 8 in flight — ``bench.intake_bench.drive``, the SQLite benchmark's client;
  target ≥ 100 cases/s;
- ``callNext`` at a window of 文新街道 over CALLS (300) waiting tickets taken at the kiosk: the
  latency of each call (then ``startService`` and ``finishService``, so the window is free again);
- the hall event log: APPENDS (2,000) events appended by 16 concurrent writers to one hall
  channel (each in its own transaction, through ``realtime.log.append``, the channel row locked
  until commit), then the replay of the last 100 events after a cursor, on a log of 300,000+.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from typing import Any

import httpx

from bench.pg.prepare import URL, admin_url, database_name, reachable

CALLS = int(os.environ.get("CALLS", "300"))
APPENDS = int(os.environ.get("APPENDS", "2000"))
COPY = database_name(URL) + "_writes"
COPY_URL = URL.rsplit("/", 1)[0] + "/" + COPY
POINT = "330106013"  # 文新街道, where qiantai serves


async def _admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url(URL))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] * 1000


async def call_next(url: str) -> dict[str, float]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as c:
        async def login(user: str) -> dict[str, str]:
            r = await c.post("/graphql", json={"query": f'mutation{{ login(input:{{username:"{user}",'
                                                        f'password:"demo1234"}}){{ token }} }}'})
            return {"authorization": f"Bearer {r.json()['data']['login']['token']}"}

        async def gql(headers: dict[str, str], query: str, variables: dict | None = None) -> Any:
            body = (await c.post("/graphql", headers=headers, json={"query": query,
                                                                    "variables": variables or {}})).json()
            if body.get("errors"):
                raise RuntimeError(body["errors"])
            return body["data"]

        kiosk, desk = await login("kiosk01"), await login("qiantai")
        for _ in range(CALLS):
            taken = await gql(kiosk, "mutation($i:TakeTicketInput!){ takeTicket(input:$i){ ticket{ number } "
                                     "errors{ code message } } }",
                              {"i": {"servicePointCode": POINT, "prefix": "A"}})
            if taken["takeTicket"]["errors"]:
                raise RuntimeError(taken["takeTicket"]["errors"])
        windows = await gql(desk, f'{{ hall(servicePointCode:"{POINT}"){{ cursor }} }}')
        assert windows
        import asyncpg

        conn = await asyncpg.connect(COPY_URL)
        try:
            window = await conn.fetchval("SELECT w.id FROM \"window\" w JOIN service_point p ON p.id = "
                                         "w.service_point_id WHERE p.code = $1 AND w.number = 3", POINT)
        finally:
            await conn.close()
        signed = await gql(desk, 'mutation($w:ID!){ signInWindow(windowId:$w, prefixes:["A"]){ '
                                 'errors{ code message } } }', {"w": str(window)})
        if signed["signInWindow"]["errors"]:
            raise RuntimeError(signed["signInWindow"]["errors"])
        latencies = []
        started = time.perf_counter()
        for _ in range(CALLS):
            t0 = time.perf_counter()
            called = await gql(desk, "mutation{ callNext{ ticket{ number } errors{ code message } } }")
            latencies.append(time.perf_counter() - t0)
            if not called["callNext"]["ticket"]:
                raise RuntimeError(f"callNext found no ticket: {called}")
            await gql(desk, "mutation{ startService{ errors{ code } } }")
            await gql(desk, "mutation{ finishService{ errors{ code } } }")
        wall = time.perf_counter() - started
    return {"p50": _pct(latencies, 0.5), "p99": _pct(latencies, 0.99),
            "mean": statistics.mean(latencies) * 1000, "cycles": CALLS / wall}


async def event_log() -> dict[str, float]:
    from tortoise.transactions import in_transaction

    from hub.core import db
    from realtime import log

    await db.init_db(COPY_URL)
    try:
        channel = f"hall:{POINT}"
        before = (await log.state(channel)).last_seq
        remaining = APPENDS

        async def writer() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                async with in_transaction() as conn:
                    await log.append(conn, channel, "CALLED", {"queues": [], "call": {"number": "A001"}})

        started = time.perf_counter()
        await asyncio.gather(*(writer() for _ in range(16)))
        wall = time.perf_counter() - started
        after = (await log.state(channel)).last_seq
        assert after - before == APPENDS, (before, after)
        replays = []
        for _ in range(50):
            t0 = time.perf_counter()
            events = await log.read(channel, after=after - 100)
            replays.append(time.perf_counter() - t0)
            assert len(events) == 100
        from tortoise import connections

        count = "SELECT COUNT(*) AS n FROM event"
        total = (await connections.get("default").execute_query_dict(count))[0]["n"]
        return {"rate": APPENDS / wall, "replay_p50": _pct(replays, 0.5), "replay_p99": _pct(replays, 0.99),
                "events": float(total)}
    finally:
        await db.close_db()


def main() -> int:
    if not reachable():
        print(f"bench-pg writes skipped: PostgreSQL is not reachable for {URL}")
        return 0
    from bench import intake_bench
    from bench.pg.prepare import prepare
    from bench.pg.run import CLIENT_CPUS, _free_port, hub_server, machine

    prepare()
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{COPY}" WITH (FORCE)'))
    asyncio.run(_admin(f'CREATE DATABASE "{COPY}" TEMPLATE "{database_name(URL)}"'))
    if CLIENT_CPUS and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {int(CLIENT_CPUS)})
    try:
        print(f"\nWrites on PostgreSQL, a copy of {database_name(URL)} ({machine()})", flush=True)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with hub_server(port, database_url=COPY_URL) as proc:
            intake = asyncio.run(intake_bench.drive(url, proc.pid))
            calls = asyncio.run(call_next(url))
        events = asyncio.run(event_log())
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{COPY}" WITH (FORCE)'))
    print(f"{'write':<58} {'rate':>12} {'p50 ms':>8} {'p99 ms':>8}")
    print(f"{'intake: 2 uploads + intakeCase, 8 in flight (target ≥ 100/s)':<58} "
          f"{intake['rate']:>8.1f} c/s {intake['p50']:>8.1f} {intake['p99']:>8.1f}")
    print(f"{'callNext at one window (then start + finish service)':<58} "
          f"{calls['cycles']:>6.1f} cycles/s {calls['p50']:>8.1f} {calls['p99']:>8.1f}")
    replay = f"event log: replay 100 after a cursor ({events['events']:,.0f} events)"
    print(f"{'event log: append to one hall channel, 16 writers':<58} {events['rate']:>8.0f} ev/s")
    print(f"{replay:<58} "
          f"{'':>12} {events['replay_p50']:>8.2f} {events['replay_p99']:>8.2f}")
    print(f"hub CPU per intake case {intake['cpu_ms']:.1f} ms; {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
