"""`make bench` (queue part): call-to-board latency, memory per idle subscriber, callNext throughput.

1. Latency: one hub worker (uvicorn, prod mode, SQLite); BENCH_BOARDS (1,000) websocket boards
   subscribe to the hall of 文新街道; a window calls BENCH_CALLS (50) tickets one after another;
   for every board and every call, the time from just before this process sends callNext to
   the moment that board has read and parsed the frame carrying the CALLED event (one sample
   per board and call: 50,000). The boards are raw websocket clients (bench/boards.py: one
   asyncio protocol per socket, no task per board) in BENCH_CLIENT_PROCS (1) worker processes
   on the same machine; both times are time.monotonic(), one clock for all processes. The
   client's own receive work is in the figure and shares the 2 cores with the hub. Before each
   call every board has received the ticket's TAKEN event, so each call starts from quiet.
2. Memory: a fresh worker's resident memory (VmRSS) before and after BENCH_IDLE (5,000) idle
   subscribers (one websocket and one hallEvents subscription each, all proven live).
3. callNext throughput: the claim transaction (pick + compare-and-set + hall event with fresh
   waiting counts), 16 in flight, in-process, over 2,000 waiting tickets, SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

from bench import boards
from bench.http_bench import ROOT, start_hub

BOARDS = int(os.environ.get("BENCH_BOARDS", "1000"))
CALLS = int(os.environ.get("BENCH_CALLS", "50"))
IDLE = int(os.environ.get("BENCH_IDLE", "5000"))
CLAIMS = int(os.environ.get("BENCH_CLAIMS", "2000"))
CLIENT_PROCS = int(os.environ.get("BENCH_CLIENT_PROCS", "1"))
# Which parts to run (comma-separated), e.g. BENCH_PARTS=latency while iterating on one.
PARTS = {p.strip() for p in os.environ.get("BENCH_PARTS", "latency,memory,claims").split(",")}
EVENTS = """subscription{ hallEvents(servicePointCode:"330106013"){ cursor kind call{ number } } }"""


def gql(url: str, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = httpx.post(f"{url}/graphql", json={"query": query, "variables": variables or {}},
                      headers=headers, timeout=30).json()
    if "errors" in body:
        raise RuntimeError(body["errors"])
    return body["data"]


def login(url: str, username: str) -> str:
    return gql(url, f'mutation{{ login(input:{{username:"{username}",password:"demo1234"}}){{ token }} }}'
               )["login"]["token"]


async def open_board(url: str, token: str):
    ws = await connect(url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"],
                       max_queue=None)
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authToken": token}}))
    await ws.recv()
    await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": EVENTS}}))
    return ws


async def open_boards(url: str, token: str, n: int) -> list:
    boards: list = []
    for start in range(0, n, 200):
        boards += await asyncio.gather(*(open_board(url, token) for _ in range(min(200, n - start))))
    return boards


async def wait_all(boards: list, kind: str) -> list[float]:
    """Every board's receipt time (monotonic) of the next event of ``kind``."""
    async def one(ws) -> float:
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 30))
            if message["type"] == "next" and message["payload"]["data"]["hallEvents"]["kind"] == kind:
                return time.monotonic()
    return await asyncio.gather(*(one(ws) for ws in boards))


def take(url: str, kiosk: str, prefix: str = "A") -> None:
    gql(url, f'mutation{{ takeTicket(input:{{servicePointCode:"330106013", prefix:"{prefix}"}})'
             "{ errors{ message } } }", token=kiosk)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def ask(pipes: list, kind: str) -> list[float]:
    """Every board's receipt time (monotonic) of the next event of ``kind``."""
    for pipe in pipes:
        pipe.send(("wait", kind))
    return collect(pipes)


def collect(pipes: list) -> list[float]:
    times: list[float] = []
    for pipe in pipes:
        if not pipe.poll(60):
            raise RuntimeError("a board worker did not answer within 60 s")
        times += pipe.recv()
    return times


def latency(url: str) -> None:
    kiosk, desk, board = login(url, "kiosk01"), login(url, "qiantai"), login(url, "board01")
    windows = gql(url, '{ servicePoint(code:"330106013"){ windows{ id } } }')
    gql(url, 'mutation($w:ID!){ signInWindow(windowId:$w, prefixes:["A"]){ errors{ message } } }',
        {"w": windows["servicePoint"]["windows"][0]["id"]}, desk)
    spawn = multiprocessing.get_context("spawn")
    pipes, workers = [], []
    for i in range(CLIENT_PROCS):
        share = BOARDS // CLIENT_PROCS + (1 if i < BOARDS % CLIENT_PROCS else 0)
        pipe, child = spawn.Pipe()
        proc = spawn.Process(target=boards.worker, args=(child, url, board, EVENTS, share), daemon=True)
        proc.start()
        pipes.append(pipe)
        workers.append(proc)
    for pipe in pipes:
        if not pipe.poll(300) or pipe.recv() != "ready":
            raise RuntimeError("a board worker did not get ready")
    samples: list[float] = []
    auth = {"authorization": f"Bearer {desk}"}
    with httpx.Client(base_url=url, timeout=30) as http:
        for _ in range(CALLS):
            take(url, kiosk)
            ask(pipes, "TAKEN")  # every board is quiet and live
            for pipe in pipes:
                pipe.send(("wait", "CALLED"))
            sent = time.monotonic()
            http.post("/graphql", json={"query": "mutation{ callNext{ ticket{ number } } }"},
                      headers=auth).raise_for_status()
            samples += [(t - sent) * 1000 for t in collect(pipes)]
            for doc in ("startService", "finishService"):
                http.post("/graphql", json={"query": f"mutation{{ {doc}{{ errors{{ code }} }} }}"},
                          headers=auth)
    for pipe in pipes:
        pipe.send(("stop",))
    for proc in workers:
        proc.join(timeout=30)
    assert len(samples) == BOARDS * CALLS
    print(f"call-to-board latency, {BOARDS} boards x {CALLS} calls ({len(samples)} receipts, "
          f"boards in {CLIENT_PROCS} client process(es)): "
          f"p50 {statistics.median(samples):.1f} ms, p99 {pct(samples, 99):.1f} ms, "
          f"max {max(samples):.1f} ms")


async def memory(url: str, pid: int) -> None:
    kiosk, board = login(url, "kiosk01"), login(url, "board01")
    warm = await open_boards(url, board, 50)
    take(url, kiosk, "B")
    await wait_all(warm, "TAKEN")
    for ws in warm:
        await ws.close()
    await asyncio.sleep(1)
    before = rss_mb(pid)
    boards = await open_boards(url, board, IDLE)
    take(url, kiosk, "B")
    await wait_all(boards, "TAKEN")  # every subscriber is live
    await asyncio.sleep(1)
    after = rss_mb(pid)
    per = (after - before) * 1024 / IDLE
    print(f"memory: worker RSS {before:.0f} MB before, {after:.0f} MB with {IDLE} idle subscribers "
          f"({per:.1f} KB per subscriber; {after:.0f} MB in all)")
    for ws in boards:
        await ws.close()


async def claim_throughput(database_url: str, label: str) -> None:
    from tortoise.transactions import in_transaction

    from hub.core import db
    from hub.core.clock import local_date, utcnow
    from hub.core.models import QueueCategory, ServicePoint, Ticket, Window
    from hub.core.models.enums import TicketStatus
    from hub.core.retry import retrying
    from resolvers.queue.calling import claim_next
    from resolvers.queue.hall import append_hall_event

    await db.init_db(database_url)
    point = await ServicePoint.get(code="330106013")
    category = await QueueCategory.get(service_point=point, prefix="A")
    windows = await Window.filter(service_point=point).values_list("id", flat=True)
    now = utcnow()
    day = local_date(now)
    await Ticket.bulk_create([
        Ticket(service_point=point, category=category, queue=category, day=day, seq=i,
               number=f"A{i:03d}", rank_at=now + timedelta(seconds=i), taken_at=now, nonce="x")
        for i in range(1, CLAIMS + 1)])
    gate = asyncio.Semaphore(16)

    async def one(i: int) -> None:
        async def attempt() -> None:
            async with in_transaction() as conn:
                got = await claim_next(conn, service_point_id=point.id, window_id=windows[i % len(windows)],
                                       staff_id=1, category_ids=[category.id], day=day, now=now)
                # finished at once: a window holds one called ticket at a time (migration 0017)
                await Ticket.filter(id=got).using_db(conn).update(status=TicketStatus.DONE)
                await append_hall_event(conn, {"id": point.id, "code": point.code}, day, "CALLED",
                                        {"number": str(got), "windowNumber": 1})
        async with gate:
            await retrying(attempt, tries=200)

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(CLAIMS)))
    elapsed = time.perf_counter() - started
    await db.close_db()
    print(f"callNext claim transactions, {label}: {CLAIMS / elapsed:.0f} calls/s "
          f"({CLAIMS} calls, 16 in flight, {elapsed:.1f} s)")


def prepared_sqlite(tmp: Path) -> str:
    url = f"sqlite://{tmp / 'hub.sqlite3'}"
    env = os.environ | {"HUB_DATA_DIR": str(tmp), "DATABASE_URL": url}
    for cmd in ("migrate", "seed"):
        subprocess.run([sys.executable, "-m", "hub", cmd], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return url


def run_claims(database_url: str, label: str) -> None:
    subprocess.run([sys.executable, "-m", "bench.queue_bench", "--claims", database_url, label],
                   cwd=ROOT, check=True)


def main() -> int:
    if sys.argv[1:2] == ["--claims"]:
        asyncio.run(claim_throughput(sys.argv[2], sys.argv[3]))
        return 0
    print(f"OneWindow Hub queue benchmark — 1 hub worker (uvicorn, prod mode, SQLite), "
          f"{os.cpu_count()} CPU cores")
    tmp = Path(tempfile.mkdtemp(prefix="owh-queue-bench-"))
    try:
        for phase in [p for p in ("latency", "memory") if p in PARTS]:
            work = tmp / phase
            work.mkdir()
            url_db = prepared_sqlite(work)
            if phase == "memory":
                # The idle boards never read, so never pong: keep the hub's keep-alive timers
                # (their memory counts) but let them fire only after the measurement.
                os.environ.setdefault("HUB_WS_PING_SECONDS", "3600")
            url, proc = start_hub(work, url_db, "10")
            try:
                if phase == "latency":
                    latency(url)
                else:
                    asyncio.run(memory(url, proc.pid))
            finally:
                proc.terminate()
                proc.wait(timeout=30)
        if "claims" not in PARTS:
            return 0
        claims = tmp / "claims"
        claims.mkdir()
        # One process per database: Tortoise caches SQL compiled for the first dialect it saw.
        run_claims(prepared_sqlite(claims), "SQLite")
        pg = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
        name = f"owh_bench_{os.getpid()}"
        subprocess.run(["psql", pg, "-qc", f'CREATE DATABASE "{name}"'], check=True)
        try:
            pg_url = pg.rsplit("/", 1)[0] + f"/{name}"
            env = os.environ | {"HUB_DATA_DIR": str(claims), "DATABASE_URL": pg_url}
            for cmd in ("migrate", "seed"):
                subprocess.run([sys.executable, "-m", "hub", cmd], env=env, cwd=ROOT, check=True,
                               stdout=subprocess.DEVNULL)
            run_claims(pg_url, "PostgreSQL")
        finally:
            subprocess.run(["psql", pg, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                           check=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
