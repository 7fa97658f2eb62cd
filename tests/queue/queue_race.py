"""One racing process for the double-call test: N concurrent callNext claims, ids to stdout.

Usage: python -m tests.queue.queue_race DATABASE_URL SERVICE_POINT_ID WINDOW_IDS(comma) N
"""

from __future__ import annotations

import asyncio
import json
import sys

from tortoise.transactions import in_transaction

from hub.core import db
from hub.core.clock import local_date, utcnow
from hub.core.retry import retrying
from resolvers.queue.calling import claim_next


async def main(url: str, point_id: int, window_ids: list[int], n: int) -> None:
    await db.init_db(url)
    from hub.core.models import QueueCategory

    categories = await QueueCategory.filter(service_point_id=point_id).values_list("id", flat=True)
    now = utcnow()
    gate = asyncio.Semaphore(32)  # 32 calls in flight at any moment

    async def one(i: int) -> int | None:
        window = window_ids[i % len(window_ids)]

        async def attempt() -> int | None:
            async with in_transaction() as conn:
                return await claim_next(conn, service_point_id=point_id, window_id=window,
                                        staff_id=1, category_ids=list(categories),
                                        day=local_date(now), now=now)

        async with gate:
            return await retrying(attempt, tries=200)

    claimed = await asyncio.gather(*(one(i) for i in range(n)))
    await db.close_db()
    print(json.dumps([c for c in claimed if c is not None]))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]),
                     [int(w) for w in sys.argv[3].split(",")], int(sys.argv[4])))
