"""Dashboard figures over a city-sized year (`python -m bench.dashboard_bench`, part of `make bench`).

For SQLite and PostgreSQL (when it answers at PGHOST:PGPORT): a fresh database is migrated, seeded
and filled with `python -m hub history --cases BENCH_CASES` (default 1,000,000, seed 7, ending
yesterday), kept for the next run (SQLite under data/bench/, PostgreSQL as owh_bench_<cases>_<seed>;
BENCH_FRESH=1 rebuilds them). Then every dashboard figure is asked through the real GraphQL app
(in-process, no network) as the district supervisor, over the whole year of the whole district
(the largest scope) and with a street, a department and an item filter: the first call and the
median of BENCH_REPEAT (5) more, in milliseconds. It also times a rollup refresh after a change
(one day re-aggregated). Figures only: targets are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
CASES = int(os.environ.get("BENCH_CASES", "1000000"))
SEED = int(os.environ.get("BENCH_SEED", "7"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
PG_HOST = os.environ.get("PGHOST", "127.0.0.1")
PG_PORT = int(os.environ.get("PGPORT", "5432"))
PG_USER = os.environ.get("PGUSER", "postgres")
TARGET_MS = {"sqlite": 1000.0, "postgres": 500.0}

TIMES = "times { count avgWait p50Wait p90Wait avgHandle p90Handle }"
FIGURES = {
    "summary": f"summary {{ cases instantRate firstTimeRate onTimeRate openOverdue ratingAverage {TIMES} }}",
    "casesOverTime DAY": "casesOverTime(granularity: DAY) { key count }",
    "casesOverTime MONTH": "casesOverTime(granularity: MONTH) { key count }",
    "casesBy ITEM": "casesBy(dimension: ITEM) { key count }",
    "casesBy DEPARTMENT": "casesBy(dimension: DEPARTMENT) { key count }",
    "casesBy SERVICE_POINT": "casesBy(dimension: SERVICE_POINT) { key count }",
    "casesBy CHANNEL": "casesBy(dimension: CHANNEL) { key count }",
    "casesBy STATUS": "casesBy(dimension: STATUS) { key count }",
    "regions (drill-down)": f"regions {{ code cases casesPerWindowDay onTimeRate ratingAverage {TIMES} }}",
    "windows": f"windows {{ name served servedPerDay {TIMES} }}",
    "peaksByDayOfMonth": "peaksByDayOfMonth { label values }",
    "peaksByHour": "peaksByHour { label values }",
    "waitingTimes WINDOW": f"waitingTimes(by: WINDOW) {{ key {TIMES} }}",
    "waitingTimes SERVICE_POINT": f"waitingTimes(by: SERVICE_POINT) {{ key {TIMES} }}",
    "waitingTimes ITEM": f"waitingTimes(by: ITEM) {{ key {TIMES} }}",
    "overdueCases(100)": "overdueCases(first: 100) { number daysOverdue }",
    "satisfaction": "satisfaction { key count }",
    "unhappyRatings(100)": "unhappyRatings(first: 100) { level comment }",
    "openRectifications(100)": "openRectifications(first: 100) { dueOn }",
    "whistle": "whistle { key calls p90ResponseSeconds }",
    "attendance": "attendance { servicePointName lateCount }",
    "staffingAdvice": "staffingAdvice { windows { text } experts { text } busyDays { day } }",
    "today (live)": "today { cases waiting avgWait }",
}
SCOPES = {
    "district, 1 year": {},
    "street 留下街道": {"regionCode": "330106009"},
    "department 人社": {"departmentCode": "RS"},
    "item 330106-RS-001": {"itemCode": "330106-RS-001"},
}


def _history(url: str, env_extra: dict[str, str]) -> float:
    env = os.environ | {"DATABASE_URL": url} | env_extra
    started = time.perf_counter()
    for args in (["migrate"], ["seed"], ["history", "--cases", str(CASES), "--seed", str(SEED)]):
        subprocess.run([sys.executable, "-m", "hub", *args], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


async def _pg_exists(name: str) -> bool:
    import asyncpg

    conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return False
    finally:
        await conn.close()
    db = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=name)
    try:
        return bool(await db.fetchval("SELECT COUNT(*) FROM service_case") >= CASES)
    except Exception:
        return False
    finally:
        await db.close()


async def _pg_recreate(name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def prepare(kind: str) -> tuple[str, str]:
    """The database URL of the benchmark history (generated when missing) and how it was had."""
    fresh = os.environ.get("BENCH_FRESH") == "1"
    if kind == "sqlite":
        path = ROOT / "data" / "bench" / f"dashboard-{CASES}-{SEED}.sqlite3"
        url = f"sqlite://{path}"
        if path.exists() and not fresh:
            return url, "reused"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        seconds = _history(url, {"HUB_DATA_DIR": str(path.parent)})
        return url, f"generated in {seconds:.0f} s"
    name = f"owh_bench_{CASES}_{SEED}"
    url = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    if not fresh and asyncio.run(_pg_exists(name)):
        return url, "reused"
    asyncio.run(_pg_recreate(name))
    seconds = _history(url, {"HUB_DATA_DIR": str(ROOT / "data" / "bench")})
    return url, f"generated in {seconds:.0f} s"


async def measure(url: str) -> tuple[dict[tuple[str, str], tuple[float, float]], dict[str, float]]:
    from hub.core import db
    from hub.core.clock import utcnow
    from hub.core.settings import Settings
    from hub.web.app import create_app
    from resolvers.analytics import rollups

    await db.init_db(url)
    settings = Settings(mode="prod", database_url=url, secret_key="bench-secret",
                        frontend_dir=ROOT / "frontends" / "dist")
    app = create_app(settings, manage_db=False)
    out: dict[tuple[str, str], tuple[float, float]] = {}
    extra: dict[str, float] = {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as http:
        r = await http.post("/graphql", json={"query": 'mutation { login(input: {username: "zhuren", '
                                                       'password: "demo1234"}) { token } }'})
        headers = {"authorization": f"Bearer {r.json()['data']['login']['token']}"}

        async def ask(selection: str, f: dict[str, Any]) -> float:
            started = time.perf_counter()
            res = await http.post("/graphql", headers=headers, json={
                "query": "query($f: AnalyticsFilterInput) { analytics(filter: $f) { " + selection + " } }",
                "variables": {"f": f}})
            elapsed = (time.perf_counter() - started) * 1000
            body = res.json()
            if body.get("errors"):
                raise RuntimeError(f"{selection}: {body['errors']}")
            return elapsed

        # the rollups: the first refresh of the day re-aggregates the days since the history ended
        started = time.perf_counter()
        await rollups.refresh(utcnow())
        extra["refresh (days since the last one)"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        await rollups.refresh(utcnow())
        extra["refresh (today only)"] = (time.perf_counter() - started) * 1000
        for scope_name, f in SCOPES.items():
            for name, selection in FIGURES.items():
                if scope_name != "district, 1 year" and name in ("attendance", "today (live)"):
                    continue
                first = await ask(selection, f)
                runs = [await ask(selection, f) for _ in range(REPEAT)]
                out[(scope_name, name)] = (first, statistics.median(runs))
        everything = " ".join(f"f{i}: {sel}" for i, sel in enumerate(FIGURES.values()))
        extra["whole dashboard in one request"] = statistics.median(
            [await ask(everything, {}) for _ in range(3)])
    await db.close_db()
    return out, extra


def report(kind: str, how: str, rows: dict[tuple[str, str], tuple[float, float]],
           extra: dict[str, float]) -> None:
    target = TARGET_MS[kind]
    print(f"\n## {kind}: {CASES:,} cases (seed {SEED}), history {how}; target < {target:.0f} ms per query")
    print(f"{'scope':<20} {'figure':<28} {'first ms':>9} {'median ms':>10}")
    worst = 0.0
    for (scope, name), (first, median) in rows.items():
        worst = max(worst, median)
        flag = "" if median < target else "  <-- over target"
        print(f"{scope:<20} {name:<28} {first:>9.1f} {median:>10.1f}{flag}")
    for name, ms in extra.items():
        print(f"{name:<49} {ms:>10.1f}")
    print(f"slowest median: {worst:.1f} ms — {'met' if worst < target else 'NOT met'}")


def main() -> int:
    kinds = ["sqlite"]
    import socket

    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            kinds.append("postgres")
    except OSError:
        print(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}: SQLite only")
    only = os.environ.get("BENCH_DATABASES")
    if only:
        kinds = [k for k in kinds if k in only.split(",")]
    for kind in kinds:
        url, how = prepare(kind)
        rows, extra = asyncio.run(measure(url))
        report(kind, how, rows, extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
