"""Mining related items from the history of cases (`python -m hub mine-relations`, or the
administrator's button on the relations page).

For each pair of items A → B: ``support`` is the number of applicants who filed B within
``window_days`` after filing A; ``confidence`` is support divided by the number of applicants of A
(both over the cases of the last ``history_days``). One grouped SQL statement computes every pair;
pairs above both thresholds become SUGGESTED relations, to be accepted or rejected by an
administrator before anyone is offered them. A pair already curated is left alone; a pair already
mined keeps its decision and gets the new numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import ItemRelation
from hub.core.models.enums import RelationSource, RelationStatus, Role
from hub.core.viewer import Viewer, require_role
from resolvers.analytics.sql import Dialect, dialect
from resolvers.catalog.related import MAX_REASON, names

MAX_SUGGESTIONS = 500  # the most pairs one run writes (the most confident)


@dataclass(frozen=True)
class Thresholds:
    window_days: int = 30
    history_days: int = 365
    min_support: int = 5
    min_confidence: float = 0.1


@dataclass(frozen=True)
class Pair:
    from_code: str
    to_code: str
    support: int
    applicants: int

    @property
    def confidence(self) -> float:
        return self.support / self.applicants if self.applicants else 0.0


@dataclass(frozen=True)
class MiningResult:
    pairs: int  # pairs above the thresholds
    suggested: int  # new SUGGESTED rows
    updated: int  # mined rows that got new numbers (their decision kept)
    skipped: int  # pairs an administrator already curated


def pairs_sql(d: Dialect) -> str:
    """The one grouped statement: parameters since, window (days), min support, min confidence."""
    within = (
        "b.submitted_at <= a.submitted_at + make_interval(days => ?)"
        if d.pg
        else "julianday(b.submitted_at) - julianday(a.submitted_at) <= ?"
    )
    return f"""
        WITH base AS (
            SELECT item_code, COUNT(DISTINCT person_id) AS applicants
            FROM service_case WHERE submitted_at >= ? GROUP BY item_code
        )
        SELECT a.item_code AS from_code, b.item_code AS to_code,
               COUNT(DISTINCT a.person_id) AS support, MAX(base.applicants) AS applicants
        FROM service_case a
        JOIN service_case b ON b.person_id = a.person_id AND b.item_code <> a.item_code
             AND b.submitted_at > a.submitted_at AND {within}
        JOIN base ON base.item_code = a.item_code
        WHERE a.submitted_at >= ?
        GROUP BY a.item_code, b.item_code
        HAVING COUNT(DISTINCT a.person_id) >= ?
           AND COUNT(DISTINCT a.person_id) >= ? * MAX(base.applicants)
        ORDER BY COUNT(DISTINCT a.person_id) * 1.0 / MAX(base.applicants) DESC, a.item_code, b.item_code
        LIMIT {MAX_SUGGESTIONS}
    """


async def mine_pairs(t: Thresholds, now: datetime | None = None) -> list[Pair]:
    d = dialect()
    since = d.ts((now or utcnow()) - timedelta(days=t.history_days))
    rows = await d.rows(pairs_sql(d), [since, t.window_days, since, t.min_support, t.min_confidence])
    return [
        Pair(str(r["from_code"]), str(r["to_code"]), int(r["support"]), int(r["applicants"])) for r in rows
    ]


def suggested_reason(from_name: str, pair: Pair, window_days: int) -> str:
    pct = round(pair.confidence * 100)
    return f"办理“{from_name}”的群众中，约 {pct}% 在 {window_days} 天内还办理了本事项"[:MAX_REASON]


async def mine(t: Thresholds, now: datetime | None = None) -> MiningResult:
    """Run the mining and write its suggestions (city scope) in one transaction."""
    now = now or utcnow()
    found = await mine_pairs(t, now)
    labels = await names(p.from_code for p in found)
    suggested = updated = skipped = 0
    async with in_transaction():
        existing = {
            (r["from_code"], r["to_code"]): r
            for r in await ItemRelation.filter(scope="").values("id", "from_code", "to_code", "source")
        }
        for p in found:
            row = existing.get((p.from_code, p.to_code))
            if row is None:
                await ItemRelation.create(
                    from_code=p.from_code,
                    to_code=p.to_code,
                    scope="",
                    source=RelationSource.MINED,
                    status=RelationStatus.SUGGESTED,
                    support=p.support,
                    confidence=p.confidence,
                    reason=suggested_reason(labels.of(p.from_code), p, t.window_days),
                    mined_at=now,
                    created_by="数据挖掘",
                )
                suggested += 1
            elif row["source"] == RelationSource.MINED:
                await ItemRelation.filter(id=row["id"]).update(
                    support=p.support, confidence=p.confidence, mined_at=now
                )
                updated += 1
            else:
                skipped += 1
    return MiningResult(len(found), suggested, updated, skipped)


async def mine_as(viewer: Viewer | None, t: Thresholds) -> MiningResult:
    """The administrator's button: a city administrator mines the whole history."""
    v = require_role(viewer, Role.ADMIN)
    if v.service_point_path.count("/") != 1:
        raise HubError(ErrorCode.NOT_ALLOWED, "数据挖掘由市级管理员发起；区县管理员可审核本区的关联", "")
    return await mine(t)
