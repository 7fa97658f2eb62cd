"""The generic transactional outbox (hub/core/outbox.py) with a topic of its own beside the
department hand-off: a fake handler gets each message exactly once; the idempotency key refuses
a second enqueue of the same fact; a dispatcher that dies leaves its lease to expire and another
one takes the message, the dead one's late answer being ignored; two dispatchers running at
once never hand one message over twice; a handler that raises or overruns has failed an
attempt."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core import outbox
from hub.core.models import OutboxMessage
from hub.core.models.enums import OutboxStatus
from hub.core.outbox import Message, Outcome, Policy

pytestmark = pytest.mark.both_databases

TOPIC = "test.notice"  # a second topic, as an SMS notice would be
QUICK = Policy(max_attempts=3, backoff_seconds=0.01, backoff_max_seconds=0.05, timeout_seconds=2)


class FakeHandler:
    """Records every message handed to it; optionally slow, failing or raising."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.seen: list[Message] = []
        self.raises: Exception | None = None

    async def __call__(self, message: Message) -> Outcome:
        self.seen.append(message)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.raises is not None:
            raise self.raises
        return Outcome.ok()

    def counts(self) -> Counter[str]:
        return Counter(m.key for m in self.seen)


@pytest.fixture
def handler() -> Iterator[FakeHandler]:
    fake = FakeHandler()
    outbox.register(TOPIC, fake)
    yield fake
    outbox.unregister(TOPIC)


async def enqueue(key: str, payload: dict | None = None, topic: str = TOPIC,
                  now: datetime | None = None) -> OutboxMessage | None:
    async with in_transaction() as conn:
        return await outbox.enqueue(conn, topic, key, payload or {"to": "13800000000", "text": key},
                                    now=now)


async def test_a_second_topic_is_delivered_by_its_handler_exactly_once(database, handler):
    # given three notices enqueued, and one of a topic nobody in this process handles
    for n in range(3):
        await enqueue(f"notice-{n}", {"to": "13800000000", "text": f"您的办件 {n} 已受理"})
    await enqueue("elsewhere", topic="test.unhandled")
    assert "department.handoff" in outbox.topics() and TOPIC in outbox.topics()
    # when the dispatcher runs twice
    assert await outbox.dispatch_once(QUICK) == 3
    assert await outbox.dispatch_once(QUICK) == 0
    # then each notice reached the handler once, with its payload, and is settled delivered
    assert handler.counts() == {"notice-0": 1, "notice-1": 1, "notice-2": 1}
    assert [m.payload["text"] for m in handler.seen] == [f"您的办件 {n} 已受理" for n in range(3)]
    assert {m.topic for m in handler.seen} == {TOPIC} and {m.attempts for m in handler.seen} == {0}
    rows = await OutboxMessage.filter(topic=TOPIC).values("status", "attempts", "lease", "lease_until",
                                                          "delivered_at")
    assert {(r["status"], r["attempts"], r["lease"], r["lease_until"]) for r in rows} == {
        (OutboxStatus.DELIVERED, 1, "", None)}
    assert all(r["delivered_at"] for r in rows)
    # and the message of the unhandled topic was left for a process that handles it
    other = await OutboxMessage.get(topic="test.unhandled")
    assert other.status == OutboxStatus.PENDING and other.attempts == 0 and other.lease == ""


async def test_the_idempotency_key_refuses_a_duplicate_enqueue(database, handler):
    first = await enqueue("case-1:ACCEPTED")
    assert first is not None
    # the same key on the same topic again: nothing written
    assert await enqueue("case-1:ACCEPTED", {"text": "again"}) is None
    # the same key on another topic is another fact
    assert await enqueue("case-1:ACCEPTED", topic="test.other") is not None
    assert await OutboxMessage.filter(idempotency_key="case-1:ACCEPTED").count() == 2
    # and the database itself refuses a duplicate (topic, key), e.g. from a racing transaction
    with pytest.raises(IntegrityError):
        await OutboxMessage.create(topic=TOPIC, idempotency_key="case-1:ACCEPTED", payload={},
                                   next_attempt_at=datetime.now(UTC))
    # a message enqueued in a transaction that rolls back was never there
    with pytest.raises(RuntimeError):
        async with in_transaction() as conn:
            await outbox.enqueue(conn, TOPIC, "rolled-back", {})
            raise RuntimeError("the change failed")
    assert not await OutboxMessage.exists(idempotency_key="rolled-back")
    await outbox.dispatch_once(QUICK)
    assert handler.counts() == {"case-1:ACCEPTED": 1}
    assert handler.seen[0].payload == {"to": "13800000000", "text": "case-1:ACCEPTED"}


async def test_a_lease_that_expires_is_claimed_again_and_the_first_holder_cannot_settle(
        database, handler):
    t0 = datetime.now(UTC)
    await enqueue("notice-lease", now=t0)
    # given dispatcher A claims the message and dies before answering
    lease_a, claimed = await outbox.claim(t0, QUICK)
    assert [m.key for m in claimed] == ["notice-lease"]
    row = await OutboxMessage.get(idempotency_key="notice-lease")
    assert row.lease == lease_a and row.lease_until == t0 + timedelta(seconds=QUICK.lease_seconds)
    # while the lease runs, nobody else takes it
    assert (await outbox.claim(t0 + timedelta(seconds=QUICK.lease_seconds - 1), QUICK))[1] == []
    # when it has run out, dispatcher B claims it with a lease of its own
    later = t0 + timedelta(seconds=QUICK.lease_seconds + 1)
    lease_b, again = await outbox.claim(later, QUICK)
    assert [m.key for m in again] == ["notice-lease"] and lease_b != lease_a
    # then A's late answer changes nothing, and B's settles it once
    assert await outbox.settle(claimed[0], lease_a, Outcome.ok(), QUICK) is None
    assert (await OutboxMessage.get(idempotency_key="notice-lease")).status == OutboxStatus.PENDING
    assert await outbox.settle(again[0], lease_b, Outcome.ok(), QUICK) == OutboxStatus.DELIVERED
    assert await outbox.settle(again[0], lease_b, Outcome.ok(), QUICK) is None  # settled once
    done = await OutboxMessage.get(idempotency_key="notice-lease")
    assert (done.status, done.attempts, done.lease, done.lease_until) == (
        OutboxStatus.DELIVERED, 1, "", None)


async def test_two_dispatchers_never_deliver_one_message_twice(database, handler):
    # given 40 messages and a handler slow enough for two dispatchers to overlap
    handler.delay = 0.01
    for n in range(40):
        await enqueue(f"notice-{n:02d}")
    policy = Policy(batch=5, timeout_seconds=5)
    # when two dispatchers (as two hub instances) run at once until everything is delivered
    dispatchers = [asyncio.create_task(outbox.run_dispatcher(policy, 0.01)) for _ in range(2)]
    try:
        async with asyncio.timeout(60):
            done = OutboxMessage.filter(topic=TOPIC, status=OutboxStatus.DELIVERED)
            while await done.count() < 40:  # noqa: ASYNC110 - polling the database
                await asyncio.sleep(0.05)
    finally:
        for task in dispatchers:
            task.cancel()
        await asyncio.gather(*dispatchers, return_exceptions=True)
    # then every message was handed over exactly once, with one attempt recorded
    assert handler.counts() == {f"notice-{n:02d}": 1 for n in range(40)}
    assert set(await OutboxMessage.filter(topic=TOPIC).values_list("attempts", flat=True)) == {1}


async def test_a_handler_that_raises_or_overruns_has_failed_an_attempt(database, handler):
    at = datetime.now(UTC)
    await enqueue("notice-raise", now=at)
    handler.raises = ConnectionError("短信网关无应答")
    assert await outbox.dispatch_once(QUICK, now=at) == 1
    row = await OutboxMessage.get(idempotency_key="notice-raise")
    assert row.status == OutboxStatus.PENDING and row.attempts == 1
    assert row.last_error == "ConnectionError: 短信网关无应答" and row.next_attempt_at > at
    # an overrun is a failure too; after max_attempts the message is DEAD
    handler.raises, handler.delay = None, 0.5
    slow = Policy(max_attempts=2, backoff_seconds=0.01, backoff_max_seconds=0.01, timeout_seconds=0.1)
    assert await outbox.dispatch_once(slow, now=at + timedelta(minutes=1)) == 1
    dead = await OutboxMessage.get(idempotency_key="notice-raise")
    assert dead.status == OutboxStatus.DEAD and dead.attempts == 2
    assert dead.last_error.startswith("TimeoutError")
    assert await outbox.dispatch_once(slow, now=at + timedelta(days=1)) == 0


def test_a_topic_has_one_handler():
    async def first(message: Message) -> Outcome:
        return Outcome.ok()

    async def second(message: Message) -> Outcome:
        return Outcome.ok()

    outbox.register("test.single", first)
    try:
        outbox.register("test.single", first)  # the same again (a module imported twice): fine
        with pytest.raises(ValueError, match="already has a handler"):
            outbox.register("test.single", second)
    finally:
        outbox.unregister("test.single")
