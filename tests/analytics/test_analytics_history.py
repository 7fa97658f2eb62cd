"""`python -m hub history`: the generated year has the seeds' shape, fills the rollups, is the same
for the same seed, and never mixes with real cases."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from tortoise import connections

from hub.core.errors import HubError
from hub.core.settings import ROOT
from hub.demo import history

END = date(2026, 11, 30)


async def rows(sql: str) -> list[dict]:
    return await connections.get("default").execute_query_dict(sql)


@pytest.mark.both_databases
async def test_generated_year_has_the_seeds_shape_and_fills_the_rollups(database):
    # when 6,000 cases are generated for the year up to 2026-11-30
    counts = await history.generate(6000, seed=1, end=END)
    # then
    assert counts.cases == 6000
    assert counts.tickets > 5900 and counts.ratings > 2000 and counts.rectifications > 0
    (total,) = await rows("SELECT COUNT(*) AS n, MIN(submitted_at) AS first FROM service_case")
    assert total["n"] == 6000
    # nearly everything at the hall, a few online (seed 000: 10,673 of 10,705)
    channels = {r["channel"]: r["n"] for r in await rows(
        "SELECT channel, COUNT(*) AS n FROM service_case GROUP BY channel")}
    assert channels["COUNTER"] / 6000 > 0.97
    # 人社 peaks around the 15th
    rs = await rows("""SELECT c.submitted_at AS at FROM service_case c JOIN department d
                       ON d.id = c.department_id WHERE d.code = 'RS'""")
    from hub.core.clock import local_date

    days = [local_date(r["at"]) if not isinstance(r["at"], str) else
            date.fromisoformat(r["at"][:10]) for r in rs]
    mid = sum(1 for d in days if 14 <= d.day <= 16)
    rest = sum(1 for d in days if not 12 <= d.day <= 18)
    assert mid / 3 > 1.5 * rest / 24
    # 杨家牌楼 receives far more than any other community
    per_point = {r["name"]: r["n"] for r in await rows(
        """SELECT p.name, COUNT(*) AS n FROM service_case c JOIN service_point p
           ON p.id = c.service_point_id WHERE p.level = 'COMMUNITY' GROUP BY p.name""")}
    busiest = max(per_point, key=lambda k: per_point[k])
    assert busiest == "杨家牌楼社区"
    assert per_point[busiest] > 1.8 * sorted(per_point.values())[-2]
    # the rollups hold every case, ticket called and rating
    (stat,) = await rows("SELECT SUM(n) AS n FROM stat_case_day")
    (item_stat,) = await rows("SELECT SUM(n) AS n FROM stat_case_item_day")
    assert stat["n"] == item_stat["n"] == 6000
    (called,) = await rows("SELECT COUNT(*) AS n FROM ticket WHERE called_at IS NOT NULL")
    (win,) = await rows("SELECT SUM(n_called) AS n FROM stat_window_day")
    assert win["n"] == called["n"]
    (rated,) = await rows("SELECT SUM(n) AS n FROM stat_rating_day")
    assert rated["n"] == counts.ratings
    # and a second run refuses to mix with the cases already there
    with pytest.raises(HubError, match="已有办件"):
        await history.generate(10, seed=1, end=END)


async def _fingerprint() -> str:
    digest = hashlib.sha256()
    for table, cols in (("service_case", "number, item_code, channel, status, submitted_at, due_on"),
                        ("ticket", "number, day, called_at, finished_at"),
                        ("evaluation", "case_id, level, created_at")):
        for r in await rows(f"SELECT {cols} FROM {table} ORDER BY id"):
            digest.update(repr([str(v)[:19] for v in r.values()]).encode())
    return digest.hexdigest()


async def test_the_same_seed_gives_the_same_history(database, tmp_path: Path, sqlite_template: Path):
    await history.generate(1500, seed=42, end=END)
    mine = await _fingerprint()
    # the command line, on another copy of the seeded database
    other = tmp_path / "other.sqlite3"
    shutil.copy(sqlite_template, other)
    env = os.environ | {"DATABASE_URL": f"sqlite://{other}", "HUB_DATA_DIR": str(tmp_path)}
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "hub", "history", "--cases", "1500", "--seed", "42",
                         "--end", END.isoformat()], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "办件 1,500 件" in done.stdout
    from hub.core import db

    await db.close_db()
    await db.init_db(f"sqlite://{other}")
    assert await _fingerprint() == mine
