"""Retry a short write transaction that lost a race (SQLite busy, a duplicate sequence number)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tortoise import connections
from tortoise.exceptions import IntegrityError, OperationalError, TransactionManagementError

T = TypeVar("T")
RACES = (IntegrityError, OperationalError, TransactionManagementError)


async def retrying(attempt: Callable[[], Awaitable[T]], tries: int = 30) -> T:
    """``attempt`` must be a whole transaction that either commits or changes nothing."""
    for n in range(tries):
        try:
            return await attempt()
        except RACES:
            if n == tries - 1:
                raise
            await asyncio.sleep(random.uniform(0, 0.004 * (n + 1)))
    raise AssertionError("unreachable")


def is_postgres() -> bool:
    return connections.get("default").capabilities.dialect == "postgres"
