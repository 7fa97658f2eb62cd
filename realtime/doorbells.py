"""A joint application's live tracking: every step of its linked cases, resumable by cursor.

The steps are events of the application's channel (``application:{id}``), appended by
resolvers.cases.joint.tracking.on_case_moved in the same transaction as the case's own event. Whoever
moves a case publishes the case's event; the application's event rides along: this stream also
listens on the linked cases' channels, and any of them ringing means "read the application's
log after my cursor". So a step shows at once, nothing is missed or seen twice, and the bus's
catch-up sweep covers a lost doorbell as for every other channel.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from realtime import log
from realtime.bus import EventBus, Subscriber
from realtime.log import LoggedEvent
from realtime.stream import Reset, SlowConsumer


async def follow_with_doorbells(bus: EventBus, channel: str, after: int | None,
                                doorbells: list[str]) -> AsyncIterator[LoggedEvent | Reset]:
    """Like realtime.stream.follow, but also woken by events on ``doorbells``: on any wake-up
    the channel's log is read after the cursor (one query)."""
    subs: list[Subscriber] = [bus.subscribe(channel)] + [bus.subscribe(c) for c in doorbells]
    rung = asyncio.Event()
    overflowed = False

    async def pump(sub: Subscriber) -> None:
        nonlocal overflowed
        while True:
            if await sub.get() is None:
                overflowed = True
            rung.set()
            if overflowed:
                return

    tasks = [asyncio.create_task(pump(s)) for s in subs]
    try:
        current = await log.state(channel)
        last = current.last_seq if after is None else after
        if after is not None and (after < current.pruned_through or after > current.last_seq):
            last = current.last_seq
            yield Reset(last)
        while True:
            rung.clear()
            while True:
                page = await log.read(channel, last)
                for event in page:
                    yield event
                    last = event.seq
                if len(page) < 500:
                    break
            bus.saw(channel, last)
            await rung.wait()
            if overflowed:
                raise SlowConsumer()
    finally:
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        for s in subs:
            bus.unsubscribe(s)
