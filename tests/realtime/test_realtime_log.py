"""The event log and follow(): replay from a cursor, then live, in order, nothing lost or twice;
a cursor older than the retained history is told to reload; a slow subscriber is cut off."""

import asyncio

import pytest
from tortoise.transactions import in_transaction

from realtime import log
from realtime.bus import EventBus
from realtime.stream import Reset, SlowConsumer, follow

pytestmark = pytest.mark.both_databases
CH = "hall:test"


async def emit(bus: EventBus, n: int, channel: str = CH, publish: bool = True) -> list[int]:
    seqs = []
    for i in range(n):
        async with in_transaction() as conn:
            event = await log.append(conn, channel, "CALLED", {"i": i})
        if publish:
            await bus.publish([event])
        seqs.append(event.seq)
    return seqs


async def take(stream, n: int) -> list:
    return [await asyncio.wait_for(anext(stream), 5) for _ in range(n)]


async def test_sequences_are_dense_per_channel(database):
    bus = EventBus()
    assert await emit(bus, 3) == [1, 2, 3]
    assert await emit(bus, 2, channel="hall:other") == [1, 2]
    assert (await log.state(CH)).last_seq == 3


async def test_a_subscriber_replays_what_it_missed_then_goes_live(database):
    bus = EventBus()
    await emit(bus, 5)
    stream = follow(bus, CH, after=2)
    replayed = await take(stream, 3)
    assert [e.seq for e in replayed] == [3, 4, 5]
    await emit(bus, 2)
    assert [e.seq for e in await take(stream, 2)] == [6, 7]
    await stream.aclose()
    assert bus.subscriber_count() == 0


async def test_an_event_whose_doorbell_was_lost_is_read_from_the_log(database):
    bus = EventBus()
    stream = follow(bus, CH, after=0)
    await emit(bus, 1, publish=False)  # committed, never published (a crashed publisher)
    await emit(bus, 1)                  # the next doorbell reveals the gap
    assert [e.seq for e in await take(stream, 2)] == [1, 2]
    await stream.aclose()


async def test_a_quiet_channel_still_catches_up_without_any_doorbell(database):
    bus = EventBus(catchup_seconds=0.05)
    await bus.start()
    stream = follow(bus, CH, after=0)
    first = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0.01)
    await emit(bus, 2, publish=False)  # committed, and no doorbell will ever ring
    assert (await asyncio.wait_for(first, 5)).seq == 1
    assert (await take(stream, 1))[0].seq == 2
    await stream.aclose()
    await bus.stop()


async def test_one_sweep_serves_every_subscriber_of_a_channel(database):
    bus = EventBus()
    streams = [follow(bus, CH, after=0) for _ in range(3)]
    pending = [asyncio.ensure_future(anext(s)) for s in streams]
    # all three have replayed the (empty) log and wait live: a fixed short sleep was not
    # enough on a loaded machine, and a stream still replaying would read the event itself
    for _ in range(500):
        subs = bus._subscribers.get(CH, set())
        if len(subs) == 3 and all(s.last == 0 for s in subs):
            break
        await asyncio.sleep(0.01)
    await emit(bus, 1, publish=False)
    assert await bus.catch_up() == 1  # read once, delivered to all three
    assert [(await asyncio.wait_for(p, 5)).seq for p in pending] == [1, 1, 1]
    for s in streams:
        await s.aclose()


async def test_duplicates_are_dropped(database):
    bus = EventBus()
    stream = follow(bus, CH, after=0)
    event = await log_one()
    await bus.publish([event])
    await bus.publish([event])  # delivered twice (e.g. two Redis listeners)
    await emit(bus, 1)
    assert [e.seq for e in await take(stream, 2)] == [1, 2]
    await stream.aclose()


async def log_one():
    async with in_transaction() as conn:
        return await log.append(conn, CH, "CALLED", {})


async def test_a_cursor_older_than_the_history_is_told_to_reload(database):
    bus = EventBus()
    await emit(bus, 6)
    await log.prune(CH, keep_after_seq=4)
    stream = follow(bus, CH, after=1)
    first = await take(stream, 1)
    assert first == [Reset(6)]
    await emit(bus, 1)
    assert [e.seq for e in await take(stream, 1)] == [7]
    await stream.aclose()


async def test_a_subscriber_that_falls_behind_is_cut_off(database):
    bus = EventBus(capacity=4)
    stream = follow(bus, CH, after=None)
    first = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0.05)
    await emit(bus, 1)
    await asyncio.wait_for(first, 5)
    await emit(bus, 10)  # nobody reads: the mailbox overflows
    with pytest.raises(SlowConsumer):
        for _ in range(20):
            await asyncio.wait_for(anext(stream), 5)
    assert bus.subscriber_count() == 0
