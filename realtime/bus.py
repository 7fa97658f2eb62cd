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
from collections import defaultdict
from typing import Any

from realtime.log import LoggedEvent

log = logging.getLogger(__name__)


class Subscriber:
    """A bounded mailbox. When it overflows the subscriber is cut off, never allowed to grow."""

    __slots__ = ("channel", "overflowed", "queue")

    def __init__(self, channel: str, capacity: int) -> None:
        self.channel = channel
        self.queue: asyncio.Queue[LoggedEvent | None] = asyncio.Queue(capacity)
        self.overflowed = False

    def offer(self, event: LoggedEvent) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True
            # Wake the reader so it notices at once; drop one to make room for the wake-up.
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()
            self.queue.put_nowait(None)


class EventBus:
    def __init__(self, redis_url: str | None = None, capacity: int = 256,
                 namespace: str = "owh") -> None:
        self.redis_url = redis_url
        self.redis_channel = f"{namespace}:events"
        self.capacity = capacity
        self._subscribers: dict[str, set[Subscriber]] = defaultdict(set)
        self._redis: Any = None
        self._listener: asyncio.Task | None = None
        self._ready = asyncio.Event()

    # --- subscribers -------------------------------------------------------------------
    def subscribe(self, channel: str) -> Subscriber:
        sub = Subscriber(channel, self.capacity)
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
        for sub in tuple(self._subscribers.get(event.channel, ())):
            sub.offer(event)

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
        except Exception:  # the log has it; subscribers catch up from it
            log.exception("publishing to Redis failed; subscribers will catch up from the log")
            for e in events:
                self.deliver(e)

    async def start(self) -> None:
        if self.redis_url is not None and self._listener is None:
            self._listener = asyncio.create_task(self._listen(), name="event-bus-redis")
            await asyncio.wait_for(self._ready.wait(), timeout=5)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
            self._listener = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

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
                        if message.get("type") == "message":
                            self.deliver(LoggedEvent.from_wire(json.loads(message["data"])))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Redis listener lost its connection; retrying in 1 s")
                self._ready.set()  # do not block start-up; the log covers the gap
                await asyncio.sleep(1)
            finally:
                await client.aclose()
