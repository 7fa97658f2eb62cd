"""One racing process for the slot-capacity test: N concurrent bookings of one slot, each with
its own ID number; prints how many succeeded and the other messages as JSON.

Usage: python -m tests.queue.appointment_race DATABASE_URL FIRST_PERSON N STARTS_AT NOW
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime

from hub.core import db
from hub.core.errors import HubError
from hub.core.idcard import check_char
from resolvers.queue import appointments


def id_number(n: int) -> str:
    first17 = f"330106199002{n % 28 + 1:02d}{n:03d}"
    return first17 + check_char(first17)


async def main(url: str, first: int, n: int, starts_at: datetime, now: datetime) -> None:
    await db.init_db(url)

    async def one(i: int) -> str:
        request = appointments.BookingRequest(
            service_point_code="330106013", prefix="A", starts_at=starts_at, name=f"居民{i}",
            id_number=id_number(i), phone="13800001234")
        try:
            await appointments.book(request, now)
            return "OK"
        except HubError as e:
            return e.message

    results = await asyncio.gather(*(one(first + i) for i in range(n)))
    await db.close_db()
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
                     datetime.fromisoformat(sys.argv[4]), datetime.fromisoformat(sys.argv[5])))
