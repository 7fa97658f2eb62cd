"""The bench database: generated once, kept, and reused (`python -m bench.pg.prepare`).

`BENCH_PG_URL` (default ``postgres://postgres@127.0.0.1:5432/owh_bench_300k``) names it. When the
marker table ``bench_history`` says a history of at least ``BENCH_PG_CASES`` (300,000) cases was
written to completion, the database is reused as is (only `migrate` runs, so new indexes arrive);
otherwise it is dropped, created, migrated, seeded and filled by
``python -m hub history --cases N`` (cases, their queue tickets, ratings, whistle calls), then by a
year of hall events (one ``CALLED`` event per counter ticket, appended per channel with
dense sequence numbers, as `realtime.log` appends them) so that the event log is at volume too,
and last the marker row is written. ``BENCH_FRESH=1`` rebuilds it.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CASES = int(os.environ.get("BENCH_PG_CASES", "300000"))
SEED = int(os.environ.get("BENCH_SEED", "7"))
PG_HOST = os.environ.get("PGHOST", "127.0.0.1")
PG_PORT = int(os.environ.get("PGPORT", "5432"))
PG_USER = os.environ.get("PGUSER", "postgres")
URL = os.environ.get("BENCH_PG_URL", f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/owh_bench_300k")

MARKER = """CREATE TABLE IF NOT EXISTS bench_history (
    cases INTEGER NOT NULL, seed INTEGER NOT NULL, events BIGINT NOT NULL,
    completed_at TIMESTAMPTZ NOT NULL DEFAULT now())"""

# One hall event per ticket that was called, on the channel of its service point, seq dense per
# channel in call order; the channel rows get their last_seq. Same shape as realtime.log writes.
EVENTS = """
INSERT INTO event (channel, seq, kind, payload, created_at)
SELECT 'hall:' || p.code,
       row_number() OVER (PARTITION BY p.code ORDER BY t.called_at, t.id),
       'CALLED',
       jsonb_build_object('queues', '[]'::jsonb,
                          'call', jsonb_build_object('number', t.number, 'window', t.window_id)),
       t.called_at
FROM ticket t JOIN service_point p ON p.id = t.service_point_id WHERE t.called_at IS NOT NULL
"""
CHANNELS = """
INSERT INTO event_channel (channel, last_seq, pruned_through)
SELECT channel, MAX(seq), 0 FROM event GROUP BY channel
ON CONFLICT (channel) DO UPDATE SET last_seq = GREATEST(event_channel.last_seq, EXCLUDED.last_seq)
"""


def database_name(url: str = URL) -> str:
    return urlsplit(url).path.lstrip("/")


def admin_url(url: str = URL) -> str:
    parts = urlsplit(url)
    return parts._replace(path="/postgres").geturl()


def reachable(url: str = URL) -> bool:
    import socket

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), timeout=1):
            return True
    except OSError:
        return False


async def _complete(url: str) -> bool:
    import asyncpg

    admin = await asyncpg.connect(admin_url(url))
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database_name(url)):
            return False
    finally:
        await admin.close()
    conn = await asyncpg.connect(url)
    try:
        n = await conn.fetchval("SELECT MAX(cases) FROM bench_history")
        return bool(n and n >= CASES)
    except asyncpg.UndefinedTableError:
        return False
    finally:
        await conn.close()


async def _recreate(url: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(admin_url(url))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{database_name(url)}"')
    finally:
        await admin.close()


async def _refill_events(url: str) -> int | None:
    """Put the generated hall events back if something pruned them (a hub started on the bench
    database without the bench's retention setting); the number put back, or None."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        wanted = await conn.fetchval("SELECT MAX(events) FROM bench_history")
        if await conn.fetchval("SELECT COUNT(*) FROM event") >= wanted:
            return None
        async with conn.transaction():
            await conn.execute("DELETE FROM event WHERE channel LIKE 'hall:%'")
            await conn.execute(EVENTS)
            await conn.execute(CHANNELS)
            await conn.execute("ANALYZE event")
        return int(await conn.fetchval("SELECT COUNT(*) FROM event"))
    finally:
        await conn.close()


async def _events_and_marker(url: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            await conn.execute(EVENTS)
            await conn.execute(CHANNELS)
            events = await conn.fetchval("SELECT COUNT(*) FROM event")
            await conn.execute("ANALYZE event")
            await conn.execute(MARKER)
            await conn.execute("INSERT INTO bench_history (cases, seed, events) VALUES ($1, $2, $3)",
                               CASES, SEED, events)
        return int(events)
    finally:
        await conn.close()


def _hub(url: str, *args: str) -> None:
    env = os.environ | {"DATABASE_URL": url, "HUB_DATA_DIR": str(ROOT / "data" / "bench")}
    subprocess.run([sys.executable, "-m", "hub", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def prepare(url: str = URL) -> str:
    """Make sure the bench database is complete; say how it was had."""
    if os.environ.get("BENCH_FRESH") != "1" and asyncio.run(_complete(url)):
        _hub(url, "migrate")  # indexes added since the history was written
        refilled = asyncio.run(_refill_events(url))
        return "reused" + (f", {refilled:,} hall events put back" if refilled else "")
    started = time.perf_counter()
    print(f"generating {CASES:,} cases in {database_name(url)} (once; kept for later runs) …", flush=True)
    asyncio.run(_recreate(url))
    _hub(url, "migrate")
    _hub(url, "seed")
    _hub(url, "history", "--cases", str(CASES), "--seed", str(SEED))
    events = asyncio.run(_events_and_marker(url))
    return f"generated in {time.perf_counter() - started:.0f} s ({events:,} hall events)"


if __name__ == "__main__":
    if not reachable():
        print(f"PostgreSQL not reachable for {URL}: nothing to prepare")
        sys.exit(0)
    print(prepare())
