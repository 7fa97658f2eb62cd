"""Idempotency keys for writes a client retries after a lost response.

A mutation given an ``idempotencyKey`` builds a ``Keyed`` (scope, actor, key and a fingerprint of
its payload) and runs its write through ``once``. The write records the key with
``Keyed.record(conn, result_id)`` inside its own transaction, so the key exists exactly when the
write committed. A retry finds the key and gets the first result's id back (``Replay``) instead
of writing again; a different payload under the same key is refused (CONFLICT). Two requests
racing with one key both try to commit; the unique index on (scope, actor, key) lets one win and
rolls the other back, which then answers with the winner's result.

Keys are kept for a retention (``HUB_IDEMPOTENCY_RETENTION_DAYS``, 7 days by default: far longer
than any client retries) and then pruned by ``prune``, a periodic job run once across
instances (hub/core/jobs.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError, OperationalError, TransactionManagementError

from hub.core.errors import ErrorCode, HubError
from hub.core.models import IdempotencyKey

T = TypeVar("T")
MAX_KEY_LENGTH = 100
CONFLICT_MESSAGE = "该请求编号已用于另一份内容不同的提交，请刷新页面后重新提交"


def fingerprint(payload: Any) -> str:
    """A stable digest of a request's payload (dataclasses and dicts, any nesting)."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Replay:
    """The write had already been done under this key: the id of its result."""

    result_id: int


class Replayed(Exception):
    """Raised inside a write's transaction when its key is already stored (rolls it back)."""

    def __init__(self, result_id: int) -> None:
        super().__init__(result_id)
        self.result_id = result_id


@dataclass(frozen=True)
class Keyed:
    scope: str
    actor: str
    key: str
    fingerprint: str

    @classmethod
    def of(cls, scope: str, actor: str, key: str | None, payload: Any) -> Keyed | None:
        """None without a key; refuses a blank or overlong key."""
        if key is None:
            return None
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            raise HubError(ErrorCode.INVALID, f"请求编号须为 1–{MAX_KEY_LENGTH} 个字符",
                           "idempotencyKey")
        return cls(scope, actor, key, fingerprint(payload))

    async def earlier(self, conn: BaseDBAsyncClient | None = None) -> int | None:
        """The result id stored under this key, or None; CONFLICT if the payload differs."""
        query = IdempotencyKey.filter(scope=self.scope, actor=self.actor, key=self.key)
        row = await (query.using_db(conn) if conn else query).first().values(
            "fingerprint", "result_id")
        if row is None:
            return None
        if row["fingerprint"] != self.fingerprint:
            raise HubError(ErrorCode.CONFLICT, CONFLICT_MESSAGE, "idempotencyKey")
        return int(row["result_id"])

    async def record(self, conn: BaseDBAsyncClient, result_id: int) -> None:
        """Store the key in the write's transaction ``conn``; raises ``Replayed`` (so the
        transaction rolls back) when a concurrent request committed it first."""
        earlier = await self.earlier(conn)
        if earlier is not None:
            raise Replayed(earlier)
        await IdempotencyKey.create(scope=self.scope, actor=self.actor, key=self.key,
                                    fingerprint=self.fingerprint, result_id=result_id,
                                    using_db=conn)


async def once(keyed: Keyed | None, write: Callable[[], Awaitable[T]]) -> T | Replay:
    """``write()`` unless ``keyed`` was already written (then its ``Replay``). The write's
    resolver stores the key with ``record`` in its transaction (the key travels in a context
    variable, as Tortoise's current transaction does)."""
    if keyed is None:
        return await write()
    earlier = await keyed.earlier()
    if earlier is not None:
        return Replay(earlier)
    token = _current.set(keyed)
    try:
        return await write()
    except Replayed as e:
        return Replay(e.result_id)
    except (HubError, IntegrityError, OperationalError, TransactionManagementError):
        # Lost the race to a request with the same key: its unique row, or a rule the winner's
        # write now trips (一人一天一约, one ticket at a time), rolled this one back.
        earlier = await keyed.earlier()
        if earlier is None:
            raise
        return Replay(earlier)
    finally:
        _current.reset(token)


_current: ContextVar[Keyed | None] = ContextVar("idempotency_key", default=None)


async def record(conn: BaseDBAsyncClient, result_id: int) -> None:
    """Store the key of the write under way (if it has one) in the write's transaction ``conn``;
    the write's resolver calls this once, right after creating ``result_id``."""
    keyed = _current.get()
    if keyed is not None:
        await keyed.record(conn, result_id)


async def prune(now: datetime, retention: timedelta) -> int:
    """Delete the keys stored before ``now - retention``; how many."""
    return await IdempotencyKey.filter(created_at__lt=now - retention).delete()
