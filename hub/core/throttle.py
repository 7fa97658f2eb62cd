"""Sliding-window counters shared by every hub instance through Redis, or kept in this process.

``Throttle.hit(key)`` records one attempt under ``key`` and answers whether it is still within
``max_events`` per ``window`` seconds. With a Redis URL the window is a sorted set per key,
trimmed, counted and extended by one Lua script (atomic, timed by the Redis server's clock), so
instances behind a load balancer share the count; when Redis cannot be reached the process's
own counter answers (still limited per instance) and the failure is logged.

One mechanism for every limit: the per-IP login limit (staff and residents) and the guard of
guessable public lookups (schema/guard.py) are both Throttles.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from typing import Any

log = logging.getLogger(__name__)

# KEYS[1]: the counter; ARGV: window (s), limit, a unique member. 1 = admitted, 0 = refused.
_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
return 1
"""


class LocalWindow:
    """The same sliding window, counted in this process (monotonic time: durations only)."""

    def __init__(self, max_events: int, window_seconds: float) -> None:
        self.max_events = max_events
        self.window = window_seconds
        self._events: dict[str, deque[float]] = {}

    def hit(self, key: str) -> bool:
        """Record an attempt; False when the key is over its limit (a refusal does not count)."""
        now = time.monotonic()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] > self.window:
            events.popleft()
        if len(events) >= self.max_events:
            return False
        events.append(now)
        if len(self._events) > 10_000:  # keep memory bounded under a spray of addresses
            self._events = {k: v for k, v in self._events.items() if v}
        return True


class Throttle:
    """``max_events`` per ``window_seconds`` per key; in Redis when ``redis_url`` is given."""

    def __init__(self, max_events: int, window_seconds: float, redis_url: str | None = None,
                 namespace: str = "owh") -> None:
        self.max_events = max_events
        self.window = window_seconds
        self.redis_url = redis_url
        self.prefix = f"{namespace}:throttle:"
        self._local = LocalWindow(max_events, window_seconds)
        self._redis: Any = None
        self._script: Any = None

    @property
    def shared(self) -> bool:
        """Whether the count is shared with other instances (through Redis)."""
        return self.redis_url is not None

    async def hit(self, key: str) -> bool:
        """Record an attempt under ``key``; False when the key is over its limit."""
        if self.redis_url is None:
            return self._local.hit(key)
        from redis.exceptions import RedisError

        try:
            script = self._client_script()
            admitted = await script(keys=[self.prefix + key],
                                    args=[self.window, self.max_events, uuid.uuid4().hex])
        except (RedisError, OSError) as e:
            log.warning("throttle: Redis unreachable (%s); counting in this process", e)
            return self._local.hit(key)
        return bool(int(admitted))

    def _client_script(self) -> Any:
        if self._script is None:
            from redis.asyncio import Redis

            assert self.redis_url is not None
            # Short timeouts: a stalled Redis must not hold a login for long before the fallback.
            self._redis = Redis.from_url(self.redis_url, socket_timeout=2, socket_connect_timeout=2)
            self._script = self._redis.register_script(_SCRIPT)
        return self._script

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = self._script = None
