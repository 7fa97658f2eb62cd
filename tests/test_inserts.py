"""insert_returning (hub.core.inserts) writes exactly the rows Tortoise's own insert writes — every
column, converted the same way — in one statement, and gives each instance its own id, on both
databases; log.append_many gives several events of one channel consecutive sequence numbers."""

from datetime import UTC, datetime

import pytest
from tortoise.transactions import in_transaction

from bench.querycount import count_queries
from hub.core.inserts import insert_returning
from hub.core.models import Notification
from hub.core.models.enums import NotifyChannel, NotifyStatus
from realtime import log

pytestmark = pytest.mark.both_databases

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def _row(key: str, **extra: object) -> Notification:
    given: dict[str, object] = {"event": "CASE_ACCEPTED", "channel": NotifyChannel.SMS,
                                "body": "您的办件已受理", "params": {"name": "王*明", "n": 1},
                                "urgent": True, "created_at": AT}
    return Notification(key=key, **(given | extra))


async def test_rows_and_ids_match_tortoise_insert(database):
    # given one row written by Tortoise and the same three rows by insert_returning
    await _row("ref").save()
    rows = [_row("a"), _row("b", status=NotifyStatus.DELIVERED, delivered_at=AT, masked="138****0000"),
            _row("c", channel=NotifyChannel.INAPP, reason="—")]
    # when they are inserted in one transaction
    async with in_transaction() as conn:
        with count_queries() as statements:
            written = await insert_returning(conn, rows, by="key")
    # then one statement wrote them, each instance got the id of its own row
    assert len(statements) == 1
    assert written == rows and all(r._saved_in_db for r in rows)
    for r in rows:
        assert (await Notification.get(id=r.id)).key == r.key
    # and the columns read back as Tortoise's own insert's do (values and types)
    fields = [f for f in Notification._meta.fields_db_projection if f not in ("id", "key")]
    ref = (await Notification.filter(key="ref").values(*fields))[0]
    a = (await Notification.filter(key="a").values(*fields))[0]
    assert a == ref and [type(v) for v in a.values()] == [type(v) for v in ref.values()]
    b = (await Notification.filter(key="b").values("status", "delivered_at", "masked"))[0]
    assert b == {"status": NotifyStatus.DELIVERED, "delivered_at": AT, "masked": "138****0000"}


async def test_append_many_numbers_events_in_order(database):
    async with in_transaction() as conn:
        first = await log.append(conn, "case:test-many", "A", {"n": 0})
        many = await log.append_many(conn, "case:test-many", [("B", {"n": 1}), ("C", {"n": 2})])
    assert [e.seq for e in many] == [first.seq + 1, first.seq + 2]
    read = await log.read("case:test-many", after=0)
    assert [(e.seq, e.kind, e.payload) for e in read] == [
        (first.seq, "A", {"n": 0}), (first.seq + 1, "B", {"n": 1}), (first.seq + 2, "C", {"n": 2})]
    assert (await log.state("case:test-many")).last_seq == first.seq + 2
