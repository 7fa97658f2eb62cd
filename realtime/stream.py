"""Follow one channel: replay from a cursor, then live, in order, with no gap and no duplicate."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from hub.core.errors import ErrorCode, HubError
from realtime import log
from realtime.bus import EventBus, Sink
from realtime.log import LoggedEvent


@dataclass(frozen=True)
class Reset:
    """The client's cursor is older than the retained log: reload, then follow from ``seq``."""

    seq: int


class SlowConsumer(HubError):
    def __init__(self) -> None:
        super().__init__(ErrorCode.SLOW_CONSUMER, "连接处理过慢，已断开；请从上次的位置重新订阅")


async def follow(
    bus: EventBus, channel: str, after: int | None, sink: Sink | None = None
) -> AsyncIterator[LoggedEvent | Reset]:
    """``after=None`` starts at the present. The live mailbox is opened before the log is read,
    so nothing published in between is missed; anything seen twice is dropped by seq. Events
    whose doorbell never rang are delivered by the bus's catch-up sweep (EventBus.catch_up).

    With a ``sink``, live events that arrive in order while this generator waits go straight
    to the client and are not yielded here (Subscriber.sink); ``sub.last`` is the cursor the
    client has, whichever way its events went."""
    sub = bus.subscribe(channel, sink)
    try:
        current = await log.state(channel)
        last = current.last_seq if after is None else after
        if after is not None and (after < current.pruned_through or after > current.last_seq):
            last = current.last_seq
            yield Reset(last)
        for past in await _read_all(channel, last):
            yield past
            last = past.seq
        bus.saw(channel, last)
        sub.last = last
        while True:
            event = await sub.get()
            if event is None:
                raise SlowConsumer()
            if event.seq <= sub.last:
                continue
            if event.seq > sub.last + 1:  # a gap: the missing events are committed, read them
                for missed in await log.read(channel, sub.last, event.seq - 1):
                    yield missed
                    sub.last = missed.seq
            yield event
            sub.last = event.seq
    finally:
        bus.unsubscribe(sub)


async def _read_all(channel: str, after: int) -> list[LoggedEvent]:
    events: list[LoggedEvent] = []
    while True:
        page = await log.read(channel, after)
        events += page
        if len(page) < 500:
            return events
        after = page[-1].seq
