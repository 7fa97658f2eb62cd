"""The transactional outbox: messages to outside systems, written with the change they announce
and delivered afterwards, at least once, by a handler per topic.

``enqueue(conn, topic, key, payload)`` writes a message in the caller's transaction, so there is
never a change without its message nor a message of a change that was rolled back. The key is
unique per topic: enqueueing the same fact twice writes one message. A domain registers the
handler of its topics (``register(topic, handler)``, when its module is imported); the dispatcher
that every hub process runs (``run_dispatcher``, started by hub/web/app.py) serves every
registered topic:

- claiming is a compare-and-set that stamps a random ``lease`` and its expiry (``lease_until``)
  on due, unleased messages: a message is handled by one dispatcher at a time; on PostgreSQL the
  pick also takes ``FOR UPDATE SKIP LOCKED`` so that dispatchers pass over each other's rows;
- the handler's ``Outcome`` is recorded by the lease holder only, once: delivered, or another
  attempt after an exponential back-off with jitter, up to ``Policy.max_attempts``, after which
  the message is DEAD (an administrator may send it again); a handler that raises or overruns
  ``Policy.timeout_seconds`` has failed that attempt; ``Outcome.paused`` waits without spending
  an attempt (the receiving system is switched off);
- a dispatcher that dies mid-delivery leaves its lease to run out and another one takes the
  message again, so delivery is at least once; receivers deduplicate by the idempotency key.

Topics today: ``department.handoff`` (resolvers/integration/handoff.py), ``notify.sms`` and
``notify.robot`` (resolvers/notify/delivery.py). Payment is meant to be a topic of its own.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from hub.core.clock import utcnow
from hub.core.models import OutboxMessage
from hub.core.models.enums import OutboxStatus
from hub.core.retry import is_postgres

logger = logging.getLogger("owh.outbox")


@dataclass(frozen=True)
class Policy:
    max_attempts: int = 20
    backoff_seconds: float = 2.0
    backoff_max_seconds: float = 600.0
    timeout_seconds: float = 10.0  # one handler call
    batch: int = 20

    @property
    def lease_seconds(self) -> float:
        """How long a claimed message is left to its dispatcher: well past one handler call."""
        return max(60.0, 3 * self.timeout_seconds)


def backoff(attempts: int, policy: Policy, rand: Callable[[], float] = random.random) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones: the exponential delay
    (base × 2^(n-1), capped), jittered to 50–100 % so that retries of many messages spread out."""
    ceiling = min(policy.backoff_max_seconds, policy.backoff_seconds * 2 ** max(0, attempts - 1))
    return ceiling * (0.5 + 0.5 * rand())


@dataclass(frozen=True)
class Message:
    """A claimed message, as its handler sees it."""

    id: int
    topic: str
    key: str
    payload: dict[str, Any]
    attempts: int  # failed attempts before this one


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    error: str = ""
    paused: bool = False  # not tried (the receiver is switched off): wait, spend no attempt
    until: datetime | None = None  # paused: try again at this time (default: the back-off ceiling)

    @classmethod
    def ok(cls) -> Outcome:
        return cls(True)

    @classmethod
    def failed(cls, error: str) -> Outcome:
        return cls(False, error or "failed")

    @classmethod
    def pause(cls, reason: str) -> Outcome:
        return cls(False, reason, paused=True)

    @classmethod
    def later(cls, reason: str, until: datetime) -> Outcome:
        """Not tried now on purpose (quiet hours): try again at ``until``, spending no attempt."""
        return cls(False, reason, paused=True, until=until)


Handler = Callable[[Message], Awaitable[Outcome]]
_handlers: dict[str, Handler] = {}


def register(topic: str, handler: Handler) -> None:
    """Deliver the messages of ``topic`` with ``handler`` in this process (one per topic)."""
    current = _handlers.get(topic)
    if current is not None and current is not handler:
        raise ValueError(f"outbox topic {topic!r} already has a handler ({current!r})")
    _handlers[topic] = handler


def unregister(topic: str) -> None:
    _handlers.pop(topic, None)


def topics() -> list[str]:
    return sorted(_handlers)


async def enqueued(conn: BaseDBAsyncClient, topic: str, key: str) -> bool:
    """Whether ``key`` was already enqueued for ``topic`` (seen from ``conn``'s transaction)."""
    return await OutboxMessage.filter(topic=topic, idempotency_key=key).using_db(conn).exists()


async def enqueue(conn: BaseDBAsyncClient, topic: str, key: str, payload: Mapping[str, Any],
                  now: datetime | None = None) -> OutboxMessage | None:
    """Write a message in ``conn``'s transaction; None when ``key`` was enqueued for ``topic``
    before (nothing is written). Due at ``now``."""
    if await enqueued(conn, topic, key):
        return None
    return await OutboxMessage.create(topic=topic, idempotency_key=key, payload=dict(payload),
                                      next_attempt_at=now or utcnow(), using_db=conn)


async def put(conn: BaseDBAsyncClient, topic: str, key: str, payload: Mapping[str, Any],
              now: datetime | None = None) -> None:
    """``enqueue`` in one statement, for writers that do not need the message back: the insert
    skips a key enqueued for ``topic`` before (the unique index on topic and key decides), so it
    writes nothing then, as ``enqueue`` does."""
    await OutboxMessage.bulk_create([OutboxMessage(topic=topic, idempotency_key=key, payload=dict(payload),
                                                   next_attempt_at=now or utcnow())],
                                    ignore_conflicts=True, using_db=conn)


def _due(now: datetime) -> Q:
    return Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) & (
        Q(lease_until__isnull=True) | Q(lease_until__lte=now))


async def claim(now: datetime, policy: Policy, topics: Iterable[str] | None = None
                ) -> tuple[str, list[Message]]:
    """Claim up to ``policy.batch`` due messages of ``topics`` (default: the registered ones)
    for this dispatcher: (lease, messages won)."""
    lease = secrets.token_hex(8)
    wanted = list(_handlers if topics is None else topics)
    if not wanted:
        return lease, []
    async with in_transaction() as conn:
        pick = OutboxMessage.filter(_due(now), topic__in=wanted).using_db(conn) \
            .order_by("next_attempt_at", "id").limit(policy.batch)
        if is_postgres():  # (values() would drop the FOR UPDATE clause: keep only())
            pick = pick.select_for_update(skip_locked=True)
        ids = [r.id for r in await pick.only("id")]
        if not ids:
            return lease, []
        # compare-and-set: a message another dispatcher claimed meanwhile has a lease running
        await OutboxMessage.filter(_due(now), id__in=ids).using_db(conn).update(
            lease=lease, lease_until=now + timedelta(seconds=policy.lease_seconds))
    won = await OutboxMessage.filter(id__in=ids, lease=lease, status=OutboxStatus.PENDING) \
        .order_by("id").values("id", "topic", "idempotency_key", "payload", "attempts")
    return lease, [Message(r["id"], r["topic"], r["idempotency_key"], r["payload"], r["attempts"])
                   for r in won]


async def settle(message: Message, lease: str, outcome: Outcome, policy: Policy,
                 now: datetime | None = None) -> OutboxStatus | None:
    """Record one attempt's outcome if this dispatcher still holds the message's lease; the
    status it is left in, or None when the lease was lost (another dispatcher has it now)."""
    now = now or utcnow()
    mine = OutboxMessage.filter(id=message.id, lease=lease, status=OutboxStatus.PENDING)
    free: dict[str, Any] = {"lease": "", "lease_until": None}
    if outcome.paused:
        changed = await mine.update(**free, last_error=outcome.error[:500],
                                    next_attempt_at=outcome.until or
                                    now + timedelta(seconds=policy.backoff_max_seconds))
        return OutboxStatus.PENDING if changed else None
    attempts = message.attempts + 1
    if outcome.delivered:
        changed = await mine.update(**free, status=OutboxStatus.DELIVERED, attempts=attempts,
                                    delivered_at=now, last_error="")
        return OutboxStatus.DELIVERED if changed else None
    if attempts >= policy.max_attempts:
        changed = await mine.update(**free, status=OutboxStatus.DEAD, attempts=attempts,
                                    last_error=outcome.error[:500])
        if changed:
            logger.warning("outbox %s %s is DEAD after %d attempts: %s", message.topic,
                           message.key, attempts, outcome.error)
        return OutboxStatus.DEAD if changed else None
    changed = await mine.update(**free, attempts=attempts, last_error=outcome.error[:500],
                                next_attempt_at=now + timedelta(seconds=backoff(attempts, policy)))
    return OutboxStatus.PENDING if changed else None


async def handle(message: Message, policy: Policy) -> Outcome:
    """Run the topic's handler, turning an exception or an overrun into a failed attempt."""
    handler = _handlers.get(message.topic)
    if handler is None:
        return Outcome.pause(f"本实例未注册主题 {message.topic} 的处理程序")
    try:
        async with asyncio.timeout(policy.timeout_seconds):
            return await handler(message)
    except TimeoutError:
        return Outcome.failed(f"TimeoutError: 处理超过 {policy.timeout_seconds:g} 秒")
    except Exception as e:  # a handler's bug or an outside system's failure: retried later
        logger.warning("outbox %s %s: handler failed", message.topic, message.key, exc_info=True)
        return Outcome.failed(f"{type(e).__name__}: {e}"[:500])


async def dispatch_once(policy: Policy, now: datetime | None = None) -> int:
    """Claim the due messages and handle them concurrently; how many were claimed."""
    now = now or utcnow()
    lease, messages = await claim(now, policy)

    async def one(message: Message) -> None:
        await settle(message, lease, await handle(message, policy), policy)

    await asyncio.gather(*(one(m) for m in messages))
    return len(messages)


async def run_dispatcher(policy: Policy, poll_seconds: float) -> None:
    """The background task of a hub process: handle due messages until cancelled."""
    while True:
        try:
            busy = await dispatch_once(policy)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("outbox dispatch failed; retrying at the next beat")
            busy = 0
        if not busy:
            await asyncio.sleep(poll_seconds)


@dataclass(frozen=True)
class Backlog:
    pending: int
    dead: int
    oldest_pending_at: datetime | None


async def backlog() -> Backlog:
    """What the outbox has not delivered (for /metrics): two counts and one small read."""
    pending = OutboxMessage.filter(status=OutboxStatus.PENDING)
    oldest = await pending.order_by("created_at").limit(1).values_list("created_at", flat=True)
    return Backlog(await pending.count(), await OutboxMessage.filter(status=OutboxStatus.DEAD).count(),
                   oldest[0] if oldest else None)  # type: ignore[arg-type]
