"""Account lockout that counts every guess, for staff and residents alike.

A guess first *claims* one of the allowed attempts with a conditional ``UPDATE … SET
failed_logins = failed_logins + 1 WHERE failed_logins < max`` — one atomic statement on SQLite and
PostgreSQL alike — and only a guess holding a claim is checked against its password hash. So
however many guesses arrive at once, on however many instances, at most ``max_failures`` are ever
evaluated before the lock; the claim that takes the last attempt sets the lock in the same
statement (a crash between two statements cannot leave an account locked for ever). A right
password clears the count and the lock; a lock that has run out is cleared by the next guess.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.expressions import F

from hub.core import metrics
from hub.core.models import CitizenAccount, Staff

Account = type[Staff] | type[CitizenAccount]


async def claim_attempt(model: Account, pk: int, max_failures: int, lock_seconds: int,
                        now: datetime) -> bool:
    """Reserve one guess for account ``pk``; False when the account is (or has just become) locked."""
    await model.filter(id=pk, locked_until__lte=now).update(failed_logins=0, locked_until=None)
    open_ = model.filter(id=pk, locked_until__isnull=True)
    if await open_.filter(failed_logins__lt=max_failures - 1).update(
            failed_logins=F("failed_logins") + 1):
        return True
    # The last allowed guess: counted and locked at once.
    locked = bool(await open_.filter(failed_logins=max_failures - 1).update(
        failed_logins=max_failures, locked_until=now + timedelta(seconds=lock_seconds)))
    if locked:
        metrics.LOGIN_LOCKOUTS.inc()
    return locked


async def clear(model: Account, pk: int) -> None:
    """A right password: the count starts again and any lock is lifted."""
    await model.filter(id=pk).update(failed_logins=0, locked_until=None)


async def locked_until(model: Account, pk: int) -> datetime | None:
    rows = await model.filter(id=pk).values("locked_until")
    return rows[0]["locked_until"] if rows else None
