"""Two windows never get the same ticket: two processes make 500 concurrent calls each (from
1,000 windows, one call each) over 1,000 waiting tickets, on SQLite (compare-and-set) and
PostgreSQL (SKIP LOCKED + CAS)."""

import asyncio
import contextvars
import json
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from hub.core.clock import local_date, utcnow
from hub.core.models import QueueCategory, ServicePoint, Ticket, Window
from hub.core.models.enums import TicketStatus

pytestmark = pytest.mark.both_databases
ROOT = Path(__file__).resolve().parents[2]
CALLS_PER_PROCESS = 500


async def test_two_processes_calling_concurrently_never_call_a_ticket_twice(database):
    point = await ServicePoint.get(code="330106013")
    category = await QueueCategory.get(service_point=point, prefix="A")
    # one window per call: a window holds one called ticket at a time (migration 0017)
    await Window.bulk_create([Window(service_point=point, number=100 + i, name=f"测试窗口{i}")
                              for i in range(2 * CALLS_PER_PROCESS)])
    windows = await Window.filter(service_point=point, number__gte=100).values_list("id", flat=True)
    now = utcnow()
    await Ticket.bulk_create([
        Ticket(service_point=point, category=category, queue=category, day=local_date(now),
               seq=i, number=f"A{i:03d}", rank_at=now + timedelta(seconds=i), taken_at=now,
               nonce="x") for i in range(1, 2 * CALLS_PER_PROCESS + 1)])
    half = len(windows) // 2
    racers = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.queue.queue_race", database, str(point.id),
            ",".join(map(str, ws)), str(CALLS_PER_PROCESS),
            cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        for ws in (windows[:half], windows[half:])
    ]
    outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in racers)), 600)
    for p, (_, err) in zip(racers, outputs, strict=True):
        assert p.returncode == 0, err.decode()
    claims = [json.loads(out) for out, _ in outputs]
    every = claims[0] + claims[1]
    assert len(every) == len(set(every)), "a ticket was called twice"
    assert len(every) == 2 * CALLS_PER_PROCESS  # and every call got a ticket
    called = await Ticket.filter(status=TicketStatus.CALLED).values("id", "window_id")
    assert {r["id"] for r in called} == set(every)
    by_process = [set(windows[:half]), set(windows[half:])]
    owner = {r["id"]: r["window_id"] for r in called}
    for claimed, mine in zip(claims, by_process, strict=True):
        assert all(owner[t] in mine for t in claimed)



async def test_on_postgresql_a_window_passes_over_a_ticket_another_window_is_claiming(database):
    from tortoise import connections
    from tortoise.transactions import in_transaction

    from resolvers.queue.calling import claim_next

    if connections.get("default").capabilities.dialect != "postgres":
        pytest.skip("SKIP LOCKED is a PostgreSQL clause; SQLite relies on compare-and-set")
    point = await ServicePoint.get(code="330106013")
    category = await QueueCategory.get(service_point=point, prefix="A")
    window = await Window.filter(service_point=point).first()
    now = utcnow()
    for i in (1, 2):
        await Ticket.create(service_point=point, category=category, queue=category,
                            day=local_date(now), seq=i, number=f"A00{i}",
                            rank_at=now + timedelta(seconds=i), taken_at=now, nonce="x")

    async def other_window() -> int | None:
        async with in_transaction() as conn:
            return await claim_next(conn, service_point_id=point.id, window_id=window.id,
                                    staff_id=1, category_ids=[category.id],
                                    day=local_date(now), now=now)

    async with in_transaction() as holder:  # a first window is in the middle of claiming A001
        await Ticket.filter(number="A001").using_db(holder).select_for_update().only("id")
        # without SKIP LOCKED the second window would wait for the first one's commit
        claimed = await asyncio.wait_for(
            asyncio.create_task(other_window(), context=contextvars.Context()), 5)
    assert claimed == (await Ticket.get(number="A002")).id
