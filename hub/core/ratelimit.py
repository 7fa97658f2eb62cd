"""Per-client rate limits shared by every instance through Redis.

``SharedRateLimiter`` keeps, per key, a sorted set of the attempt times in Redis (a sliding window,
as the in-process ``hub.core.security.RateLimiter`` does): two instances behind a load balancer
count one client's attempts together. When Redis cannot be reached the limiter falls back to a
count in this process (logged), so a Redis outage slows logins down no less than one instance would.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Protocol

from hub.core.clock import utcnow
from hub.core.security import RateLimiter

log = logging.getLogger(__name__)


class Limiter(Protocol):
    """What login and lookup throttling needs of a limiter."""

    async def allow(self, key: str) -> bool:
        """Record an attempt for ``key``; False when the key is over its limit."""
        ...

    async def aclose(self) -> None:
        """Release connections, if any."""
        ...


class SharedRateLimiter:
    """A sliding-window limit per key, counted in Redis (``{namespace}:rl:{key}``)."""

    def __init__(self, redis_url: str, max_events: int, window_seconds: float,
                 namespace: str = "owh") -> None:
        self.redis_url = redis_url
        self.max_events = max_events
        self.window = window_seconds
        self.prefix = f"{namespace}:rl:"
        self._local = RateLimiter(max_events, window_seconds)
        self._redis: Any = None

    def _client(self) -> Any:
        if self._redis is None:
            from redis.asyncio import Redis

            self._redis = Redis.from_url(self.redis_url, socket_timeout=2, socket_connect_timeout=2)
        return self._redis

    async def allow(self, key: str) -> bool:
        now = utcnow().timestamp()
        name = self.prefix + key
        member = f"{now:.6f}:{uuid.uuid4().hex[:8]}"
        try:
            async with self._client().pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(name, 0, now - self.window)
                pipe.zadd(name, {member: now})
                pipe.zcard(name)
                pipe.expire(name, int(self.window) + 1)
                _, _, count, _ = await pipe.execute()
            if count > self.max_events:
                # A refused attempt does not count, as in the in-process limiter.
                await self._client().zrem(name, member)
                return False
            return True
        except Exception as e:  # any Redis failure: count here instead
            log.warning("rate limit: Redis unavailable (%s); counting in this process", e)
            return self._local.hit(key)

    async def aclose(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None


def build_limiter(redis_url: str | None, max_events: int, window_seconds: float,
                  namespace: str = "owh") -> Limiter:
    """Shared through Redis when ``redis_url`` is set, else kept in this process."""
    if redis_url:
        return SharedRateLimiter(redis_url, max_events, window_seconds, namespace)
    return RateLimiter(max_events, window_seconds)
