"""Migration 0017 (one call per window) on a database that already holds two active tickets at
one window, as the race it closes left them: each window keeps one (SERVING before CALLED, then
the latest call), the others wait again with their rank, addressed to that window, and the
index then refuses a second call there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise import connections
from tortoise.exceptions import IntegrityError

from hub.core import db
from hub.core.clock import local_date, utcnow
from hub.core.models import QueueCategory, ServicePoint, Ticket, Window
from hub.core.models.enums import RegionLevel, TicketStatus
from tests.conftest import _run

pytestmark = pytest.mark.both_databases


async def test_migrating_settles_double_calls_and_keeps_every_place(fresh_url):
    # given a database at 0016 where window 1 called two tickets and window 2 serves one
    # ticket while it also called another
    _run(db.migrate, fresh_url, "hub.0016_generic_outbox")
    await db.init_db(fresh_url)
    # The model is at head: while the fixture rows are written, the 0016 table gets the columns
    # later migrations add to it, and loses them again before the migration runs.
    later = ("item_code", "near_phone")  # 0024, 0035
    conn = connections.get("default")
    for column in later:
        await conn.execute_script(f"ALTER TABLE ticket ADD COLUMN {column} VARCHAR(32)")
    try:
        # a hall of its own, not the demo seed: the seed writes tables of later migrations
        point = await ServicePoint.create(code="330106013", name="文新街道", level=RegionLevel.STREET,
                                          path="330106013")
        category = await QueueCategory.create(service_point=point, prefix="A", name="社保医保")
        first = await Window.create(service_point=point, number=1, name="1号窗口")
        second = await Window.create(service_point=point, number=2, name="2号窗口")
        now = utcnow()
        day = local_date(now)

        async def ticket(seq: int, status: TicketStatus, window: Window | None, called: int) -> None:
            at = now - timedelta(minutes=called)
            await Ticket.create(service_point=point, category=category, queue=category, day=day,
                                seq=seq, number=f"A{seq:03d}", rank_at=now + timedelta(seconds=seq),
                                taken_at=now, nonce="x", status=status, recalls=1,
                                window_id=window.id if window else None, staff_id=None,
                                called_at=at if window else None)

        await ticket(1, TicketStatus.CALLED, first, called=5)   # called first …
        await ticket(2, TicketStatus.CALLED, first, called=4)   # … then again: the screen shows A002
        await ticket(3, TicketStatus.SERVING, second, called=9)  # being served at window 2
        await ticket(4, TicketStatus.CALLED, second, called=1)   # and a later call there
        await ticket(5, TicketStatus.WAITING, None, called=0)
        for column in later:
            await conn.execute_script(f"ALTER TABLE ticket DROP COLUMN {column}")
        await db.close_db()

        # when the database is migrated to head
        _run(db.migrate, fresh_url)
        await db.init_db(fresh_url)

        # then each window keeps one active ticket, and the others wait again for that window
        rows = {t["number"]: t for t in await Ticket.all().values(
            "number", "status", "window_id", "target_window_id", "called_at", "recalls", "rank_at")}
        assert [(n, rows[n]["status"], rows[n]["window_id"]) for n in sorted(rows)] == [
            ("A001", TicketStatus.WAITING, None), ("A002", TicketStatus.CALLED, first.id),
            ("A003", TicketStatus.SERVING, second.id), ("A004", TicketStatus.WAITING, None),
            ("A005", TicketStatus.WAITING, None)]
        assert (rows["A001"]["target_window_id"], rows["A004"]["target_window_id"]) == (
            first.id, second.id)
        assert rows["A001"]["called_at"] is None and rows["A001"]["recalls"] == 0
        assert rows["A001"]["rank_at"] == now + timedelta(seconds=1)  # its place is kept
        assert rows["A005"]["target_window_id"] is None

        # and the index now refuses a second call at a window
        with pytest.raises(IntegrityError):
            await Ticket.filter(number="A001").update(status=TicketStatus.CALLED, window_id=first.id)
        # migrating again changes nothing
        await db.close_db()
        _run(db.migrate, fresh_url)
        await db.init_db(fresh_url)
        assert await Ticket.filter(status=TicketStatus.CALLED).count() == 1
    finally:
        await db.close_db()
