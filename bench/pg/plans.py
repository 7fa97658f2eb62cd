"""`python -m bench.pg.plans [OPS]`: how PostgreSQL runs the hub's statements on the bench database.

For each operation, the statements the hub sends (captured from a real request, as the floor
replays them) are run under ``EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`` inside a transaction that
is rolled back (a write is measured, never kept); printed: execution time, the scan nodes
(table, index, rows) and any sequential scan over service_case, ticket or event.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from typing import Any

from bench.pg.capture import Statement, capture
from bench.pg.context import context
from bench.pg.ops import selected
from bench.pg.prepare import URL

BIG = {"service_case", "ticket", "event"}


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


async def explain(statements: dict[str, list[Statement]]) -> int:
    import asyncpg

    conn = await asyncpg.connect(URL)
    seq = 0
    try:
        for key, items in statements.items():
            print(f"\n## {key}: {len(items)} statements")
            for sql, values in items:
                tr = conn.transaction()
                await tr.start()
                try:
                    raw = await conn.fetchval("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, *values)
                finally:
                    await tr.rollback()
                top = json.loads(raw)[0]
                scans = [n for n in nodes(top["Plan"]) if "Scan" in n["Node Type"] and n.get("Relation Name")]
                text = ", ".join(f"{n['Node Type']} {n['Relation Name']}"
                                 + (f" using {n['Index Name']}" if n.get("Index Name") else "")
                                 + f" ({n.get('Actual Rows', 0)} rows)" for n in scans)
                bad = [n for n in scans if n["Node Type"] == "Seq Scan" and n["Relation Name"] in BIG]
                seq += len(bad)
                print(f"{top['Execution Time']:>8.2f} ms  {text}{'  <-- SEQ SCAN' if bad else ''}")
                print(f"            {sql[:160]}")
    finally:
        await conn.close()
    return seq


def main() -> int:
    ops = selected(sys.argv[1] if len(sys.argv) > 1 else None)
    ctx = asyncio.run(context(URL))
    statements = asyncio.run(capture(URL, ops, ctx))
    seq = asyncio.run(explain(statements))
    print(f"\nsequential scans over {', '.join(sorted(BIG))}: {seq}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
