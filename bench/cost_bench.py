"""`make bench`: does the instance keep answering while anonymous clients send the most
expensive queries the cost limit accepts?

Starts one hub worker (uvicorn, prod mode, anonymous response cache off so every request
executes) on a seeded SQLite copy. Each candidate shape (a page of items with their materials,
a walk down the service point tree, a back-and-forth through `parent`, the item page, the
departments with their counts) is repeated under aliases as often as the anonymous budget
allows; the candidate that takes longest to answer is "the most expensive accepted query". Then
ten anonymous clients (asyncio, in a process of their own) send it back to back for
BENCH_COST_SECONDS (15) while another client asks `/healthz` every 20 ms; prints that
latency's p50/p99 (the target: p99 < 100 ms) and the machine's load average.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing import Process, Queue
from pathlib import Path

import httpx
from graphql import parse

from bench.http_bench import ROOT, start_hub

SECONDS = float(os.environ.get("BENCH_COST_SECONDS", "15"))
CLIENTS = 10
PROBE_EVERY = 0.02

CANDIDATES = {
    "items with materials": "items(first:100){ totalCount edges{ node{ code name kindLabel "
    "timeLimitLabel department{ code shortName } materials{ name formLabel count requirementLabel "
    "note } } } }",
    "service point tree": "servicePoints{ code name children{ code name centreName children{ code "
    "name centreName address children{ code name centreName address phone hours } } } }",
    "children and parent": 'servicePoint(code:"330106"){ name children{ code name parent{ code '
    "name centreName address phone hours levelLabel } } }",
    "item page": 'item(code:"330106-YB-001"){ code name kindLabel scope acceptingAgency '
    "decidingAgency legalTimeLimitDays promisedTimeLimitDays timeLimitLabel fee feeBasis "
    "channels{ counter pc mobile kiosk } department{ name shortName } lifeEvents{ name } "
    "acceptingPoints{ name } materials{ name formLabel count requirementLabel note } }",
    "departments": "departments{ code name shortName itemCount }",
}


def fill(body: str, limit: int, max_aliases: int) -> tuple[str, int, int]:
    """The body repeated under aliases as often as the budget allows: (query, aliases, cost)."""
    from hub.core.settings import Settings
    from hub.web.cost import document_costs
    from hub.web.graphql_schema import build_schema

    schema = build_schema(Settings(secret_key="bench"))._schema
    one = document_costs(schema, parse("{ " + body + " }"))[None]
    n = min(max_aliases, limit // one)
    query = "{ " + " ".join(f"a{i}: {body}" for i in range(n)) + " }"
    return query, n, document_costs(schema, parse(query))[None]


def slowest(url: str, limit: int, max_aliases: int) -> tuple[str, str, int, int, float]:
    """The accepted candidate that takes longest to answer: (name, query, aliases, cost, ms)."""
    best: tuple[str, str, int, int, float] | None = None
    for name, body in CANDIDATES.items():
        query, n, cost = fill(body, limit, max_aliases)
        if n == 0:
            print(f"  {name:<24} over the budget alone: refused")
            continue
        times = []
        for _ in range(3):
            start = time.perf_counter()
            r = httpx.post(f"{url}/graphql", json={"query": query}, timeout=60)
            times.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200 and "errors" not in r.json(), r.text[:300]
        ms = statistics.median(times)
        print(f"  {name:<24} ×{n:<3} cost {cost:>6}  {ms:>7.1f} ms  {len(r.content):>8} bytes")
        if best is None or ms > best[4]:
            best = (name, query, n, cost, ms)
    assert best is not None
    return best


def probe(url: str, stop: threading.Event, out: list[float]) -> None:
    with httpx.Client(timeout=30) as client:
        while not stop.is_set():
            start = time.perf_counter()
            client.get(f"{url}/healthz")
            out.append((time.perf_counter() - start) * 1000)
            time.sleep(PROBE_EVERY)


async def _clients(url: str, query: str, seconds: float) -> tuple[int, int]:
    """CLIENTS anonymous clients sending ``query`` back to back: (answers, refusals)."""
    done = refused = 0
    deadline = time.monotonic() + seconds

    async def client() -> None:
        nonlocal done, refused
        async with httpx.AsyncClient(timeout=60) as http:
            while time.monotonic() < deadline:
                r = await http.post(f"{url}/graphql", json={"query": query})
                done += 1
                refused += r.status_code != 200 or "errors" in r.json()

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return done, refused


def _load_process(url: str, query: str, seconds: float, out: Queue) -> None:
    out.put(asyncio.run(_clients(url, query, seconds)))


def load(url: str, query: str, seconds: float) -> tuple[int, int]:
    """Runs the clients in their own process, so the prober here is never held up by them."""
    out: Queue = Queue()
    worker = Process(target=_load_process, args=(url, query, seconds, out))
    worker.start()
    result = out.get()
    worker.join()
    return result


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    from hub.core.settings import Settings

    limit = int(os.environ.get("HUB_COST_LIMIT_ANONYMOUS") or Settings.cost_limit_anonymous)
    aliases = Settings.max_aliases
    tmp = Path(tempfile.mkdtemp(prefix="owh-cost-bench-"))
    database_url = f"sqlite://{tmp / 'hub.sqlite3'}"
    env = os.environ | {"HUB_DATA_DIR": str(tmp), "DATABASE_URL": database_url}
    try:
        for cmd in ("migrate", "seed"):
            subprocess.run([sys.executable, "-m", "hub", cmd], env=env, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        url, proc = start_hub(tmp, database_url, "0")
        try:
            print(f"OneWindow Hub cost-limit benchmark — 1 hub worker (uvicorn, prod mode, SQLite, "
                  f"response cache off), anonymous budget {limit}, {os.cpu_count()} CPU cores")
            print("Candidates, each repeated under aliases up to the anonymous budget:")
            name, query, n, cost, ms = slowest(url, limit, aliases)
            print(f"Most expensive accepted: {name} ×{n} (cost {cost}, {ms:.1f} ms alone)")
            samples: list[float] = []
            idle: list[float] = []
            stop = threading.Event()
            prober = threading.Thread(target=probe, args=(url, stop, idle))
            prober.start()
            time.sleep(2)
            stop.set()
            prober.join()
            stop = threading.Event()
            prober = threading.Thread(target=probe, args=(url, stop, samples))
            prober.start()
            try:
                done, refused = load(url, query, SECONDS)
            finally:
                stop.set()
                prober.join()
            print(f"/healthz idle: p50 {percentile(idle, 50):.1f} ms, p99 {percentile(idle, 99):.1f} ms")
            print(f"/healthz under {CLIENTS} anonymous clients ({done / SECONDS:.1f} expensive "
                  f"requests/s, {refused} refused, {SECONDS:.0f} s): {len(samples)} probes, "
                  f"p50 {percentile(samples, 50):.1f} ms, p99 {percentile(samples, 99):.1f} ms, "
                  f"max {max(samples):.1f} ms (target p99 < 100 ms); load average "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
