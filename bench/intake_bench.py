"""`make bench` (intake part): cases filed per second at the counter on one hub worker.

One hub worker (uvicorn, prod mode) on a migrated and seeded SQLite copy. The front desk
(qiantai, 文新街道) files BENCH_CASES (500) cases of 基本医疗保险关系转移, BENCH_INTAKE_CONCURRENCY
(8) in flight; each case is what the counter really sends: two small uploads (POST /case-files,
a scan as PDF and a phone photo as PNG, different bytes every time so each is stored) and then
intakeCase with the two materials. The figure is completed cases per second over the wall time,
with per-case latency percentiles, and the hub process's CPU time per case (user + system, all
threads: a figure that depends less on what else the shared machine runs); the SQL statements of
one intakeCase are counted in-process (and pinned by tests/cases/test_intake_querycount.py). The target
is at least 50 cases/s.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.http_bench import ROOT, start_hub

CASES = int(os.environ.get("BENCH_CASES", "500"))
CONCURRENCY = int(os.environ.get("BENCH_INTAKE_CONCURRENCY", "8"))
TARGET = 50.0
ITEM = "330106-YB-003"
APPLICANT = {"idNumber": "11010519491231002X", "name": "王小明", "phone": "13800000000"}
LOGIN = 'mutation{ login(input:{username:"qiantai",password:"demo1234"}){ token } }'
CHECKLIST = """query($c:String!,$a:[AnswerInput!]){ checklist(itemCode:$c, answers:$a){
  checklist{ complete missing{ code kind options{ value } } lines{ materialId requirement } } } }"""
INTAKE = """mutation($i:IntakeCaseInput!){ intakeCase(input:$i){ errors{ code message }
  case{ number dueOn } } }"""


def scan_pdf(n: int) -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\n%" + f"scan {n}".encode() + b"\ntrailer<<>>\n%%EOF\n"


def photo_png(n: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + n.to_bytes(8, "big") + b"\x00" * 56


async def checklist_for(c: httpx.AsyncClient, headers: dict) -> tuple[list[dict], list[int]]:
    """Answers for every question (first option, 否, a date, 1) and the two required lines."""
    answers: dict[str, Any] = {}
    for _ in range(20):
        body = (await c.post("/graphql", headers=headers, json={
            "query": CHECKLIST, "variables": {"c": ITEM, "a": list(answers.values())}})).json()
        checklist = body["data"]["checklist"]["checklist"]
        if checklist["complete"]:
            required = [int(x["materialId"]) for x in checklist["lines"] if x["requirement"] == "REQUIRED"]
            return list(answers.values()), required[:2]
        for q in checklist["missing"]:
            value = {"SINGLE": lambda q: q["options"][0]["value"], "YES_NO": lambda q: "false",
                     "DATE": lambda q: "2026-01-05", "NUMBER": lambda q: "1",
                     "MULTIPLE": lambda q: None}[q["kind"]](q)
            answers[q["code"]] = ({"question": q["code"], "values": [q["options"][0]["value"]]}
                                  if q["kind"] == "MULTIPLE" else {"question": q["code"], "value": value})
    raise RuntimeError("questions never settle")


async def one_case(c: httpx.AsyncClient, headers: dict, n: int, answers: list[dict],
                   lines: list[int]) -> float:
    start = time.perf_counter()
    files = []
    for data, name in ((scan_pdf(n), "scan.pdf"), (photo_png(n), "photo.png")):
        r = await c.post(f"/case-files?filename={name}", content=data, headers=headers)
        if r.status_code != 201:
            raise RuntimeError(r.text)
        files.append({"fileId": r.json()["fileId"], "filename": name})
    materials = [{"materialId": m, "originalSeen": True, "files": [f]}
                 for m, f in zip(lines, files, strict=True)]
    r = await c.post("/graphql", headers=headers, json={"query": INTAKE, "variables": {"i": {
        "itemCode": ITEM, "answers": answers, "materials": materials, "applicant": APPLICANT}}})
    payload = r.json()["data"]["intakeCase"]
    if payload["errors"]:
        raise RuntimeError(payload["errors"])
    return time.perf_counter() - start


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads, SQLite's included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def drive(url: str, pid: int) -> dict[str, float]:
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as c:
        token = (await c.post("/graphql", json={"query": LOGIN})).json()["data"]["login"]["token"]
        headers = {"authorization": f"Bearer {token}"}
        answers, lines = await checklist_for(c, headers)
        assert len(lines) == 2, lines
        for n in range(20):  # warm the worker (caches, connection pool)
            await one_case(c, headers, 10_000_000 + n, answers, lines)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for n in range(CASES):
            queue.put_nowait(n)
        latencies: list[float] = []

        async def worker() -> None:
            while not queue.empty():
                n = queue.get_nowait()
                latencies.append(await one_case(c, headers, n, answers, lines))

        started, cpu = time.perf_counter(), cpu_seconds(pid)
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        wall, cpu = time.perf_counter() - started, cpu_seconds(pid) - cpu
    latencies.sort()
    return {"rate": CASES / wall, "wall": wall, "cpu_ms": cpu / CASES * 1000,
            "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000}


async def count_sql(database_url: str, data_dir: Path) -> int:
    """SQL statements of one intakeCase (after a first one), in-process on the same data."""
    from bench.querycount import count_queries
    from hub.core import db
    from hub.core.settings import Settings
    from hub.web.app import create_app
    from realtime import log

    settings = Settings(mode="prod", database_url=database_url, secret_key="bench", data_dir=data_dir)
    await db.init_db(database_url)
    try:
        app = create_app(settings, manage_db=False)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as c:
            token = (await c.post("/graphql", json={"query": LOGIN})).json()["data"]["login"]["token"]
            headers = {"authorization": f"Bearer {token}"}
            answers, lines = await checklist_for(c, headers)
            await one_case(c, headers, 20_000_000, answers, lines)
            files = []
            for data in (scan_pdf(20_000_001), photo_png(20_000_001)):
                files.append((await c.post("/case-files", content=data, headers=headers)).json()["fileId"])
            materials = [{"materialId": m, "originalSeen": True, "files": [{"fileId": f}]}
                         for m, f in zip(lines, files, strict=True)]
            log._known_channels.clear()
            with count_queries() as statements:
                r = await c.post("/graphql", headers=headers, json={"query": INTAKE, "variables": {"i": {
                    "itemCode": ITEM, "answers": answers, "materials": materials,
                    "applicant": APPLICANT}}})
            assert r.json()["data"]["intakeCase"]["errors"] == [], r.text
            return len(statements)
    finally:
        await db.close_db()


def main() -> int:
    print(f"OneWindow Hub intake benchmark — 1 hub worker (uvicorn, prod mode, SQLite), {CASES} counter "
          f"cases of {ITEM}, each two uploads + intakeCase, {CONCURRENCY} in flight, "
          f"{os.cpu_count()} CPU cores shared with the client")
    tmp = Path(tempfile.mkdtemp(prefix="owh-intake-bench-"))
    database_url = f"sqlite://{tmp / 'hub.sqlite3'}"
    env = os.environ | {"HUB_DATA_DIR": str(tmp), "DATABASE_URL": database_url}
    try:
        for cmd in ("migrate", "seed"):
            subprocess.run([sys.executable, "-m", "hub", cmd], env=env, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        sql = asyncio.run(count_sql(database_url, tmp))
        url, proc = start_hub(tmp, database_url, "0")
        try:
            r = asyncio.run(drive(url, proc.pid))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    verdict = "target met" if r["rate"] >= TARGET else f"BELOW the target of {TARGET:.0f}/s"
    print(f"{'operation':<44} {'cases/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'SQL/intake':>10}")
    print(f"{'counter intake (2 uploads + intakeCase)':<44} {r['rate']:>8.1f} {r['p50']:>8.1f} "
          f"{r['p95']:>8.1f} {r['p99']:>8.1f} {sql:>10}")
    print(f"{CASES} cases in {r['wall']:.1f} s: {verdict}; the hub spent {r['cpu_ms']:.1f} ms of CPU per "
          f"case (all threads), i.e. {1000 / r['cpu_ms']:.0f} cases/s for one fully available core; "
          f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0  # a figure, like the other benchmarks: the verdict line says whether it met the target


if __name__ == "__main__":
    sys.exit(main())
