"""`make bench`: the back-office queue — 20 cases with applicant and item — on one hub worker.

Seeds a SQLite copy, accepts 20 district 医保 cases at the 文新街道 window, then drives
`backofficeQueue(tab: UNCLAIMED, first: 20)` as the A post (yb_a) with wrk (1 thread,
BENCH_CONNECTIONS connections) and prints requests/s, latency percentiles and SQL statements
per request (counted in-process). Target: at least 300 requests/s.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench.http_bench import CONNECTIONS, DURATION, ROOT, run_wrk, run_wrk_warm, start_hub

QUEUE = """query Queue{ backofficeQueue(tab: UNCLAIMED, first: 20){
  entries{ offeredToMe canClaim dueState dueStateLabel
           id number itemName applicantName maskedIdNumber statusLabel dueOn dueProvisional version assignee }
  counts{ unclaimed mine supplement prereview } hasNextPage endCursor } }"""
ME = "query Me{ me{ id username name roles roleLabels servicePoint{ name } department{ name } } }"
LOGIN = 'mutation{ login(input:{username:"yb_a",password:"demo1234"}){ token } }'
CASES = 20
TARGET = 300


async def prepare(database_url: str) -> int:
    """Accept the cases, then count the statements of one queue request in-process."""
    from bench.backoffice_cases import district_case
    from bench.querycount import count_queries
    from hub.core import db
    from hub.core.settings import Settings
    from hub.web.app import create_app

    await db.init_db(database_url)
    try:
        start = datetime.now(UTC) - timedelta(days=1)
        for i in range(CASES):
            await district_case(start + timedelta(minutes=i), tag=f"bench{i}")
        settings = Settings(mode="prod", database_url=database_url, secret_key="bench")
        app = create_app(settings, manage_db=False)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as c:
            token = (await c.post("/graphql", json={"query": LOGIN})).json()["data"]["login"]["token"]
            headers = {"authorization": f"Bearer {token}"}
            await c.post("/graphql", json={"query": QUEUE}, headers=headers)
            with count_queries() as statements:
                r = await c.post("/graphql", json={"query": QUEUE}, headers=headers)
            entries = r.json()["data"]["backofficeQueue"]["entries"]
            assert len(entries) == CASES, r.text
            return len(statements)
    finally:
        await db.close_db()


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 1
    print(f"OneWindow Hub back-office queue benchmark — 1 hub worker (uvicorn, prod mode, SQLite), "
          f"wrk 1 thread, {CONNECTIONS} connections, {DURATION}, {os.cpu_count()} CPU cores")
    tmp = Path(tempfile.mkdtemp(prefix="owh-bench-bo-"))
    database_url = f"sqlite://{tmp / 'hub.sqlite3'}"
    env = os.environ | {"HUB_DATA_DIR": str(tmp), "DATABASE_URL": database_url}
    try:
        for cmd in ("migrate", "seed"):
            subprocess.run([sys.executable, "-m", "hub", cmd], env=env, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        sql = asyncio.run(prepare(database_url))
        url, proc = start_hub(tmp, database_url, "0")
        try:
            token = httpx.post(f"{url}/graphql", json={"query": LOGIN}).json()["data"]["login"]["token"]
            run_wrk_warm(url, QUEUE, {}, token)
            r = run_wrk(url, QUEUE, {}, token)
            # the cheapest authenticated request on the same worker, to read the figure on a
            # shared machine (README: `me` 397 req/s when the machine was quiet)
            me = run_wrk(url, ME, {}, token)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    verdict = "met" if r["rps"] >= TARGET else "NOT met"
    print(f"{'operation':<55} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} "
          f"{'SQL/req':>8}")
    print(f"{f'back-office queue ({CASES} cases, applicant, item)':<55} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} "
          f"{r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>7} {sql:>8}")
    print(f"{'me (reference: 3 statements)':<55} {me['rps']:>8.0f} {me['p50_ms']:>8.1f} "
          f"{me['p95_ms']:>8.1f} {me['p99_ms']:>8.1f} {me['errors']:>7} {3:>8}")
    print(f"target ≥ {TARGET} req/s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
