"""`make bench`: figures for representative operations over HTTP on a running hub.

Starts one hub worker (uvicorn, prod mode) on a seeded SQLite copy, then drives each
operation with wrk (Debian's load generator, 1 thread, 16 connections) and prints requests/s
and latency percentiles; the SQL statements per request are counted in-process.
Set BENCH_URL to measure an already running hub instead (SQL counts are then skipped).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))

ITEM_LIST = """query Guide($first:Int){ items(first:$first){ totalCount
  edges{ node{ code name kind kindLabel timeLimitLabel department{ code shortName }
    materials{ name formLabel count requirement requirementLabel note } } }
  pageInfo{ hasNextPage endCursor } } }"""
ITEM_PAGE = """query Item($code:String!){ item(code:$code){ code name kindLabel scope acceptingAgency
  decidingAgency legalTimeLimitDays promisedTimeLimitDays timeLimitLabel fee feeBasis
  channels{ counter pc mobile kiosk } acceptScopeLabel standardLabel
  department{ name shortName } lifeEvents{ name } acceptingPoints{ name }
  materials{ name formLabel count requirementLabel note } } }"""
ME = "query Me{ me{ id username name roles roleLabels servicePoint{ name } department{ name } } }"

SCENARIOS = [
    ("guide item list (20 items + departments + materials)", ITEM_LIST, {"first": 20}, False),
    ("item page (six elements + materials)", ITEM_PAGE, {"code": "330106-YB-001"}, False),
    ("me (authenticated)", ME, {}, True),
]

WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{auth}
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %f %f %f %f %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, summary.errors.status, summary.errors.timeout))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def run_wrk(url: str, query: str, variables: dict, token: str | None) -> dict:
    body = json.dumps({"query": query, "variables": variables}, ensure_ascii=False)
    auth = f'wrk.headers["Authorization"] = "Bearer {token}"' if token else ""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT.format(body=_lua_string(body), auth=auth))
        script = f.name
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}", "-s", script, f"{url}/graphql"],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        os.unlink(script)
    match = re.search(r"BENCH (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)", out)
    if not match:
        raise RuntimeError(out)
    n, dur_us, p50, p95, p99, mean, status_errors, timeouts = match.groups()
    return {
        "requests": int(n), "rps": int(n) / (int(dur_us) / 1e6), "p50_ms": float(p50) / 1000,
        "p95_ms": float(p95) / 1000, "p99_ms": float(p99) / 1000, "mean_ms": float(mean) / 1000,
        "errors": int(status_errors) + int(timeouts),
    }


async def count_sql(database_url: str) -> list[int]:
    """SQL statements per request for each scenario, counted in-process on the same data."""
    from bench.querycount import count_queries
    from hub.core import db
    from hub.core.settings import Settings
    from hub.web.app import create_app

    settings = Settings(mode="prod", database_url=database_url, secret_key="bench")
    await db.init_db(database_url)
    try:
        app = create_app(settings, manage_db=False)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as c:
            login = await c.post("/graphql", json={"query": LOGIN})
            token = login.json()["data"]["login"]["token"]
            counts = []
            for _name, query, variables, auth in SCENARIOS:
                headers = {"authorization": f"Bearer {token}"} if auth else {}
                with count_queries() as statements:
                    r = await c.post("/graphql", json={"query": query, "variables": variables},
                                     headers=headers)
                assert "errors" not in r.json(), r.text
                counts.append(len(statements))
            return counts
    finally:
        await db.close_db()


LOGIN = 'mutation{ login(input:{username:"admin",password:"admin123"}){ token } }'


def start_hub(tmp: Path, database_url: str, cache_seconds: str) -> tuple[str, subprocess.Popen]:
    env = os.environ | {"HUB_DATA_DIR": str(tmp), "DATABASE_URL": database_url,
                        "HUB_MODE": "prod", "SECRET_KEY": secrets.token_urlsafe(32),
                        "HUB_PUBLIC_CACHE_SECONDS": cache_seconds}
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "hub", "serve", "--port", str(port)],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return url, proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the hub did not start")


def measure(title: str, url: str, sql: list) -> None:
    token = httpx.post(f"{url}/graphql", json={"query": LOGIN}).json()["data"]["login"]["token"]
    for _name, query, variables, auth in SCENARIOS:  # warm caches and the connection pool
        run_wrk_warm(url, query, variables, token if auth else None)
    print(f"\n{title}")
    print(f"{'operation':<55} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7} {'SQL/req':>8}")
    for (name, query, variables, auth), n_sql in zip(SCENARIOS, sql, strict=True):
        r = run_wrk(url, query, variables, token if auth else None)
        print(f"{name:<55} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
              f"{r['p99_ms']:>8.1f} {r['errors']:>7} {n_sql if n_sql is not None else '-':>8}")


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 1
    print(f"OneWindow Hub HTTP benchmark — 1 hub worker (uvicorn, prod mode, SQLite), wrk 1 thread, "
          f"{CONNECTIONS} connections, {DURATION} per operation, {os.cpu_count()} CPU cores")
    if external := os.environ.get("BENCH_URL"):
        measure(f"hub at {external}", external.rstrip("/"), [None] * len(SCENARIOS))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="owh-bench-"))
    database_url = f"sqlite://{tmp / 'hub.sqlite3'}"
    env = os.environ | {"HUB_DATA_DIR": str(tmp), "DATABASE_URL": database_url}
    try:
        for cmd in ("migrate", "seed"):
            subprocess.run([sys.executable, "-m", "hub", cmd], env=env, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        sql = asyncio.run(count_sql(database_url))
        for title, cache_seconds in (
            ("Executed on every request (HUB_PUBLIC_CACHE_SECONDS=0); SQL/req counted in-process:",
             "0"),
            ("As served by default (anonymous catalogue reads cached 10 s; `me` is never cached):",
             "10"),
        ):
            url, proc = start_hub(tmp, database_url, cache_seconds)
            try:
                measure(title, url, sql if cache_seconds == "0" else ["0 (hit)", "0 (hit)", sql[2]])
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def run_wrk_warm(url: str, query: str, variables: dict, token: str | None) -> None:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    for _ in range(20):
        httpx.post(f"{url}/graphql", json={"query": query, "variables": variables}, headers=headers)


if __name__ == "__main__":
    sys.exit(main())
