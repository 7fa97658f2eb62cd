"""`make bench-pg`: the hub, PostGraphile 4.14.1 and an asyncpg floor on one PostgreSQL database
of 300,000 cases, side by side (also the PostgreSQL part of `make bench`).

1. The bench database is prepared once and reused (``bench.pg.prepare``: ``python -m hub history
   --cases 300000`` plus a year of hall events, a marker row says it is complete).
2. Three servers start, one process each, pinned to core 0 (``taskset``) where there are two cores
   or more: the hub (``python -m hub serve``, prod mode, public cache off, the tracking lookup's
   per-client and per-number budgets raised through HUB_LOOKUP_ATTEMPTS_PER_MINUTE and
   HUB_LOOKUP_TARGET_ATTEMPTS_PER_MINUTE, since wrk asks for one case from one address thousands of
   times a second), PostGraphile (``bench/postgraphile/server.mjs``, installed by ``npm ci``) and
   the floor (``bench.pg.floor``: the hub's own captured SQL in asyncpg + orjson).
3. Each operation (``bench.pg.ops``) is checked once on every server (no GraphQL errors, the same
   number of rows where it can be compared), warmed, then driven by ``wrk -t1 -c16 -dN`` pinned to
   core 1, one server after the other; a Lua script per POST operation.
4. One table: operation | server | req/s | p50 | p99 | CPU ms/req | hub/PostGraphile | hub/floor,
   and the machine (cores, load average before and after). CPU ms/req is the server process's
   own user + system time per answered request (the database's work is not in it): on a shared
   machine it moves far less than req/s; the ratio in brackets is the same comparison by CPU
   (the other's CPU per request over the hub's). Then the queue read on ``--workers 2``.

Settings (environment): OPS=queue,me (default all: queue track items item me worklist),
DURATION=10 (seconds per measurement), WARMUP=2, CONNECTIONS=16, BENCH_PG_URL, BENCH_FRESH=1,
WORKERS2=0 (skip the two-worker run; it needs Redis, BENCH_REDIS_URL), WRITES=0 (skip the
writes, ``bench.pg.writes``).
Figures only: the targets are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench.pg.ops import Operation, hub_variables, postgraphile_variables, selected
from bench.pg.prepare import ROOT, URL, prepare, reachable

DURATION = int(os.environ.get("DURATION", "10"))
WARMUP = int(os.environ.get("WARMUP", "2"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "16"))
PGL_DIR = ROOT / "bench" / "postgraphile"
CORES = os.cpu_count() or 1
SERVER_CPUS = "0" if CORES >= 2 else None
CLIENT_CPUS = "1" if CORES >= 2 else None
TARGETS = "targets: every read ≥ 1.0× PostGraphile and ≥ 0.4× the floor, p99 < 100 ms; 2 workers ≥ 1.7× one"

WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{headers}
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %f %f %f %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.mean,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout))
end
"""


def _pinned(cmd: list[str], cpus: str | None) -> list[str]:
    return ["taskset", "-c", cpus, *cmd] if cpus and shutil.which("taskset") else cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wrk(url: str, body: bytes, headers: dict[str, str], seconds: int) -> dict[str, float]:
    lua_headers = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items())
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT.format(body="[==[" + body.decode() + "]==]", headers=lua_headers))
        script = f.name
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    database = postgres_cpu_seconds()
    try:
        out = subprocess.run(
            _pinned(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s",
                     "-s", script, url], CLIENT_CPUS),
            capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script)
    database = postgres_cpu_seconds() - database
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    m = re.search(r"BENCH (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)", out)
    if not m:
        raise RuntimeError(out)
    n, dur, p50, p99, _mean, errors, timeouts = m.groups()
    served = max(int(n), 1)
    return {"rps": int(n) / (int(dur) / 1e6), "p50": float(p50) / 1000, "p99": float(p99) / 1000,
            "errors": int(errors) + int(timeouts),
            # CPU ms per request of the load generator and of every PostgreSQL process: what
            # the machine spends besides the server, which bounds what more workers can gain
            "client_ms": client / served * 1000, "db_ms": database / served * 1000}


def postgres_cpu_seconds() -> float:
    """User + system CPU time of every PostgreSQL process on this machine (0 where /proc cannot
    tell): the database's share of a measurement."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() not in ("postgres", "postmaster"):
                continue
            total += cpu_seconds(int(entry.name))
        except OSError:
            continue
    return total


def _wait(url: str, proc: subprocess.Popen, what: str, method: str = "GET") -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            r = httpx.request(method, url, timeout=1, json={"query": "{__typename}"}
                              if method == "POST" else None)
            if r.status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start")


@contextmanager
def server(cmd: list[str], env: dict[str, str], ready: str, what: str, method: str = "GET",
           cwd: Path = ROOT, cpus: str | None = SERVER_CPUS) -> Iterator[subprocess.Popen]:
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(_pinned(cmd, cpus), cwd=cwd, env=env, stdout=log, stderr=log)
        try:
            try:
                _wait(ready, proc, what, method)
            except RuntimeError:
                log.seek(0)
                sys.stderr.write(log.read().decode(errors="replace")[-3000:])
                raise
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def hub_env(database_url: str = URL) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": database_url, "HUB_MODE": "prod", "SECRET_KEY": secrets.token_urlsafe(32),
        "HUB_KIOSK_OPENING_HOURS": "off",  # the writes take tickets whatever the hour
        "HUB_DATA_DIR": str(ROOT / "data" / "bench"), "HUB_PUBLIC_CACHE_SECONDS": "0",
        # the event log stays at volume (the retention job would prune it to 30 days)
        "HUB_RETENTION_EVENT_DAYS": "3650",
        # the writes' notifications go to the built-in fake provider and robots, not outside
        "HUB_SMS_ADAPTER": "fake", "HUB_ROBOT_ADAPTER": "fake",
        # wrk asks for the same case from one address thousands of times a second
        "HUB_LOOKUP_ATTEMPTS_PER_MINUTE": "100000000", "HUB_LOOKUP_TARGET_ATTEMPTS_PER_MINUTE": "100000000",
    }


REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def hub_server(port: int, workers: int = 1, database_url: str = URL) -> Any:
    env = hub_env(database_url)
    if workers > 1:  # the hub refuses several workers without Redis (events, shared limits)
        env |= {"REDIS_URL": REDIS_URL, "HUB_REDIS_NAMESPACE": f"owh-bench-{os.getpid()}"}
    return server([sys.executable, "-m", "hub", "serve", "--port", str(port), "--workers", str(workers)],
                  env, f"http://127.0.0.1:{port}/readyz", f"the hub ({workers} worker(s))",
                  cpus=SERVER_CPUS if workers == 1 else None)


def postgraphile_server(port: int) -> Any:
    return server(["node", "server.mjs", URL, str(port)], os.environ.copy(),
                  f"http://127.0.0.1:{port}/graphql", "PostGraphile", "POST", cwd=PGL_DIR)


def floor_server(port: int, ops: list[Operation]) -> Any:
    return server([sys.executable, "-m", "bench.pg.floor", str(port), ",".join(o.key for o in ops)],
                  os.environ.copy(), f"http://127.0.0.1:{port}/op/none", "the floor", "POST")


def tokens(hub: str, ops: list[Operation]) -> dict[str, str]:
    out = {}
    for user in {o.user for o in ops if o.user}:
        r = httpx.post(f"{hub}/graphql", json={"query": f'mutation{{ login(input:{{username:"{user}",'
                                                        f'password:"demo1234"}}){{ token }} }}'})
        out[user] = r.json()["data"]["login"]["token"]
    return out


def _size(data: Any) -> int:
    """Rows in an answer: the longest list found (nodes, entries, edges), 1 for a lone object."""
    if isinstance(data, list):
        return max(len(data), *(_size(x) for x in data)) if data else 0
    if isinstance(data, dict):
        return max([1, *(_size(v) for v in data.values())])
    return 0


def requests_for(op: Operation, ctx: dict[str, Any], hub: str, pgl: str, floor: str,
                 tok: dict[str, str]) -> dict[str, tuple[str, bytes, dict[str, str]]]:
    """The three requests of an operation, each checked once."""
    hub_body = json.dumps({"query": op.hub, "variables": hub_variables(op, ctx)}, ensure_ascii=False).encode()
    hub_headers = {"Content-Type": "application/json"}
    if op.user:
        hub_headers["Authorization"] = f"Bearer {tok[op.user]}"
    pgl_body = json.dumps({"query": op.postgraphile, "variables": postgraphile_variables(op, ctx)},
                          ensure_ascii=False).encode()
    out = {"hub": (f"{hub}/graphql", hub_body, hub_headers),
           "PostGraphile": (f"{pgl}/graphql", pgl_body, {"Content-Type": "application/json"}),
           "floor": (f"{floor}/op/{op.key}", b"{}", {"Content-Type": "application/json"})}
    sizes = {}
    for name, (url, body, headers) in out.items():
        r = httpx.post(url, content=body, headers=headers, timeout=30)
        answer = r.json()
        if r.status_code != 200 or answer.get("errors") or not answer.get("data"):
            raise RuntimeError(f"{op.key} on {name}: HTTP {r.status_code} {r.text[:500]}")
        if name != "floor" and not any(v for v in answer["data"].values()):
            raise RuntimeError(f"{op.key} on {name}: an empty answer {r.text[:300]}")
        sizes[name] = _size(answer["data"])
    print(f"  checked {op.key}: rows hub {sizes['hub']}, PostGraphile {sizes['PostGraphile']}", flush=True)
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a server process (all its threads), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine() -> str:
    load = os.getloadavg()
    return f"{CORES} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def print_table(rows: list[tuple[Operation, dict[str, dict[str, float]]]]) -> None:
    print(f"\n{'operation':<56} {'server':<13} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'err':>4} "
          f"{'CPU ms/req':>10} {'hub/PGL (CPU)':>15} {'hub/floor (CPU)':>15}")
    for op, figures in rows:
        hub = figures.get("hub")
        for name, f in figures.items():
            ratios = ""
            if name == "hub" and hub:
                pgl, floor = figures.get("PostGraphile"), figures.get("floor")
                ratios = " ".join(
                    f"{hub['rps'] / other['rps']:>8.2f} ({other['cpu_ms'] / hub['cpu_ms']:.2f})"
                    if other and hub.get("cpu_ms") else f"{'-':>8}" for other in (pgl, floor))
            print(f"{op.title if name == 'hub' else '':<56} {name:<13} {f['rps']:>8.0f} {f['p50']:>8.1f} "
                  f"{f['p99']:>8.1f} {f['errors']:>4} {f.get('cpu_ms', 0):>10.2f} {ratios}")


def main() -> int:
    if not reachable():
        print(f"bench-pg skipped: PostgreSQL is not reachable for {URL} (set BENCH_PG_URL)")
        return 0
    for tool in ("wrk", "node"):
        if shutil.which(tool) is None:
            print(f"bench-pg skipped: {tool} is missing")
            return 0
    if not (PGL_DIR / "node_modules" / "postgraphile").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PGL_DIR, check=True)
    ops = selected(os.environ.get("OPS"))
    how = prepare()
    from bench.pg.context import context

    ctx = asyncio.run(context(URL))
    import asyncpg

    async def counts() -> tuple[int, int, int]:
        conn = await asyncpg.connect(URL)
        try:
            return (await conn.fetchval("SELECT COUNT(*) FROM service_case"),
                    await conn.fetchval("SELECT COUNT(*) FROM ticket"),
                    await conn.fetchval("SELECT COUNT(*) FROM event"))
        finally:
            await conn.close()

    n_cases, n_tickets, n_events = asyncio.run(counts())
    before = machine()
    print(f"OneWindow Hub on PostgreSQL at volume — {n_cases:,} cases, {n_tickets:,} tickets, "
          f"{n_events:,} events ({how}); one process each pinned to core {SERVER_CPUS}, "
          f"wrk -t1 -c{CONNECTIONS} -d{DURATION}s pinned to core {CLIENT_CPUS}; {before}", flush=True)
    ports = {k: _free_port() for k in ("hub", "pgl", "floor")}
    hub, pgl, floor = (f"http://127.0.0.1:{ports[k]}" for k in ("hub", "pgl", "floor"))
    rows: list[tuple[Operation, dict[str, dict[str, float]]]] = []
    with hub_server(ports["hub"]) as p_hub, postgraphile_server(ports["pgl"]) as p_pgl, \
            floor_server(ports["floor"], ops) as p_floor:
        pids = {"hub": p_hub.pid, "PostGraphile": p_pgl.pid, "floor": p_floor.pid}
        tok = tokens(hub, ops)
        for op in ops:
            reqs = requests_for(op, ctx, hub, pgl, floor, tok)
            figures = {}
            for name, (url, body, headers) in reqs.items():
                if WARMUP:
                    wrk(url, body, headers, WARMUP)
                cpu = cpu_seconds(pids[name])
                figures[name] = wrk(url, body, headers, DURATION)
                served = figures[name]["rps"] * DURATION
                figures[name]["cpu_ms"] = (cpu_seconds(pids[name]) - cpu) / max(served, 1) * 1000
            rows.append((op, figures))
    after = machine()
    print_table(rows)
    print(f"machine: before {before}; after {after}\n{TARGETS}")
    if os.environ.get("WORKERS2", "1") != "0" and any(o.key == "queue" for o in ops):
        two_workers(ctx, rows)
    if os.environ.get("WRITES", "1") != "0":
        from bench.pg import writes

        writes.main()
    return 0


def two_workers(ctx: dict[str, Any], rows: list[tuple[Operation, dict[str, dict[str, float]]]]) -> None:
    """The queue read on `python -m hub serve --workers 2` with Redis (both cores: the workers are
    not pinned; wrk stays on core 1, so one worker shares its core with the load generator)."""
    from urllib.parse import urlsplit

    redis = urlsplit(REDIS_URL)
    try:
        socket.create_connection((redis.hostname or "127.0.0.1", redis.port or 6379), timeout=1).close()
    except OSError:
        print(f"\n--workers 2 skipped: Redis is not reachable at {REDIS_URL} (BENCH_REDIS_URL)")
        return
    op = next(o for o, _ in rows if o.key == "queue")
    one = next(f for o, f in rows if o.key == "queue")["hub"]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with hub_server(port, workers=2):
        tok = tokens(url, [op])
        body = json.dumps({"query": op.hub, "variables": hub_variables(op, ctx)}).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {tok[op.user or '']}"}
        if WARMUP:
            wrk(f"{url}/graphql", body, headers, WARMUP)
        two = wrk(f"{url}/graphql", body, headers, DURATION)
    print(f"\nqueue read, hub --workers 2: {two['rps']:.0f} req/s, p50 {two['p50']:.1f} ms, p99 "
          f"{two['p99']:.1f} ms, errors {two['errors']} — {two['rps'] / one['rps']:.2f}× one worker "
          f"({one['rps']:.0f} req/s); target ≥ 1.7×; {machine()}")
    # What the machine allows: every request costs the hub, wrk and PostgreSQL CPU, and the
    # machine has CORES cores for all three; one worker can use at most one core.
    per_request = one["cpu_ms"] + one["client_ms"] + one["db_ms"]
    if per_request > 0:
        bound = min(2 * 1000 / one["cpu_ms"], CORES * 1000 / per_request) / one["rps"]
        print(f"  one worker's request cost: hub {one['cpu_ms']:.2f} ms, wrk {one['client_ms']:.2f} ms, "
              f"PostgreSQL {one['db_ms']:.2f} ms of CPU; with {CORES} cores for all three, two "
              f"workers can reach at most {bound:.2f}× one")


if __name__ == "__main__":
    sys.exit(main())
