"""Fan-out of logged events to the subscribers of this process, and across processes via Redis.

Without ``REDIS_URL`` a publish goes straight to local subscribers. With it, every instance
publishes to one Redis channel and delivers what its listener receives (its own events too),
so one path serves one instance or many. Redis is only the doorbell: the event log is the
truth, and a subscriber that misses a message fills the gap from the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

from hub.core import metrics
from hub.core.clock import utcnow
from realtime.log import LoggedEvent

log = logging.getLogger(__name__)


# What a sink did with an event (see Subscriber.sink).
WRITTEN, DECLINED, SLOW = "written", "declined", "slow"
Sink = Callable[[LoggedEvent], str]


class Subscriber:
    """A bounded mailbox. When it overflows the subscriber is cut off, never allowed to grow.

    A deque and at most one pending future: thousands of idle boards each hold only this.

    ``sink``, when set, hands a live event straight to the client without waking the
    subscriber's task (realtime.frames writes the frame to the board's socket). It is used only
    when that cannot reorder anything: the reader is parked in ``get`` with nothing queued,
    and the event is the very next one after ``last``, the cursor the client has been given.
    The sink answers WRITTEN (``last`` advances), DECLINED (the event takes the mailbox like
    any other) or SLOW (the client is not reading: the subscriber is cut off)."""

    __slots__ = ("capacity", "channel", "last", "mailbox", "overflowed", "sink", "waiter")

    def __init__(self, channel: str, capacity: int, sink: Sink | None = None) -> None:
        self.channel = channel
        self.capacity = capacity
        self.mailbox: deque[LoggedEvent] = deque()
        self.waiter: asyncio.Future[None] | None = None
        self.overflowed = False
        self.sink = sink
        self.last = -1

    def offer(self, event: LoggedEvent) -> None:
        if self.overflowed:
            return
        waiter = self.waiter
        if (self.sink is not None and event.seq == self.last + 1 and not self.mailbox
                and waiter is not None and not waiter.done()):
            outcome = self.sink(event)
            if outcome == WRITTEN:
                self.last = event.seq
                return
            if outcome == SLOW:
                self.overflowed = True
                waiter.set_result(None)
                return
        if len(self.mailbox) >= self.capacity:
            self.overflowed = True
            self.mailbox.clear()
        else:
            self.mailbox.append(event)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def get(self) -> LoggedEvent | None:
        """The next event; None once the subscriber has overflowed."""
        while not self.mailbox and not self.overflowed:
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                await self.waiter
            finally:
                self.waiter = None
        return None if self.overflowed else self.mailbox.popleft()


class EventBus:
    def __init__(self, redis_url: str | None = None, capacity: int = 256,
                 namespace: str = "owh", catchup_seconds: float = 10.0) -> None:
        self.redis_url = redis_url
        self.catchup_seconds = catchup_seconds
        # The highest seq of each followed channel this process delivered or saw replayed.
        self._seen: dict[str, int] = {}
        self._sweeper: asyncio.Task | None = None
        self.redis_channel = f"{namespace}:events"
        self.capacity = capacity
        self._subscribers: dict[str, set[Subscriber]] = defaultdict(set)
        self._redis: Any = None
        self._listener: asyncio.Task | None = None
        self._ready = asyncio.Event()

    # --- subscribers -------------------------------------------------------------------
    def subscribe(self, channel: str, sink: Sink | None = None) -> Subscriber:
        sub = Subscriber(channel, self.capacity, sink)
        self._subscribers[channel].add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        subs = self._subscribers.get(sub.channel)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._subscribers[sub.channel]

    def subscriber_count(self) -> int:
        return sum(len(s) for s in self._subscribers.values())

    def deliver(self, event: LoggedEvent) -> None:
        subs = self._subscribers.get(event.channel)
        if not subs:
            return
        if event.seq > self._seen.get(event.channel, 0):
            self._seen[event.channel] = event.seq
        for sub in tuple(subs):
            sub.offer(event)

    def saw(self, channel: str, seq: int) -> None:
        """A subscriber replayed the log up to ``seq``: the sweeper need not look before it."""
        if seq > self._seen.get(channel, -1):
            self._seen[channel] = seq

    async def catch_up(self) -> int:
        """Deliver what the log holds beyond what was delivered, for every followed channel.

        One query for all channels (plus one per channel that is behind), however many
        subscribers: a lost Redis message or a publisher that crashed after its commit
        delays an event by at most one sweep but never loses it."""
        from realtime import log as event_log

        channels = [c for c, subs in self._subscribers.items() if subs]
        if not channels:
            return 0
        delivered = 0
        for channel, last_seq in (await event_log.last_seqs(channels)).items():
            seen = self._seen.get(channel, last_seq)
            if last_seq > seen:
                for event in await event_log.read(channel, seen):
                    self.deliver(event)
                    delivered += 1
            self._seen.setdefault(channel, last_seq)
        for gone in set(self._seen) - set(channels):
            del self._seen[gone]
        return delivered

    # --- publishing --------------------------------------------------------------------
    async def publish(self, events: list[LoggedEvent]) -> None:
        """Call after the transaction that appended ``events`` has committed."""
        if not events:
            return
        if self.redis_url is None:
            for e in events:
                self.deliver(e)
            return
        try:
            client = await self._client()
            for e in events:
                await client.publish(self.redis_channel, json.dumps(e.to_wire(), ensure_ascii=False))
        except Exception as error:  # the log has it; subscribers catch up from it
            # One line, no traceback: while Redis is down this happens on every event.
            metrics.BACKPLANE_PUBLISH_FAILURES.inc(len(events))
            log.warning("publishing %d event(s) to Redis failed (%s: %s); subscribers will catch "
                        "up from the log", len(events), type(error).__name__, error)
            for e in events:
                self.deliver(e)

    async def start(self) -> None:
        if self._sweeper is None:
            self._sweeper = asyncio.create_task(self._sweep(), name="event-bus-catch-up")
        if self.redis_url is not None and self._listener is None:
            self._listener = asyncio.create_task(self._listen(), name="event-bus-redis")
            await asyncio.wait_for(self._ready.wait(), timeout=5)

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._sweeper
            self._sweeper = None
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
            self._listener = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(self.catchup_seconds)
            started = time.monotonic()
            try:
                await self.catch_up()
            except Exception:  # a database hiccup: try again next sweep
                log.exception("catching up from the event log failed")
            log.debug("catch-up sweep took %.1f ms", (time.monotonic() - started) * 1000)

    async def _client(self):
        if self._redis is None:
            from redis.asyncio import Redis

            assert self.redis_url is not None
            self._redis = Redis.from_url(self.redis_url)
        return self._redis

    async def _listen(self) -> None:
        from redis.asyncio import Redis

        assert self.redis_url is not None
        while True:
            client = Redis.from_url(self.redis_url)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(self.redis_channel)
                    self._ready.set()
                    async for message in pubsub.listen():
                        if message.get("type") != "message":  # subscribe confirmations
                            continue
                        event = LoggedEvent.from_wire(json.loads(message["data"]))
                        metrics.BACKPLANE_LAG.observe(
                            max(0.0, (utcnow() - event.at).total_seconds()))
                        self.deliver(event)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Redis listener lost its connection; retrying in 1 s")
                self._ready.set()  # do not block start-up; the log covers the gap
                await asyncio.sleep(1)
            finally:
                await client.aclose()
