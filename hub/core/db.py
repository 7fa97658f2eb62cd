"""Database configuration, start-up and migrations (Tortoise ORM, SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url

from hub.core.settings import database_url_from_env

MODELS = ["hub.core.models"]
logger = logging.getLogger(__name__)
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout ran out


def tortoise_config(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite://"):
        path = database_url.removeprefix("sqlite://")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection: str | dict[str, Any] = database_url
    if database_url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        connection = expand_db_url(database_url)
        connection["engine"] = "hub.core.pg"  # no reset query per released connection
    return {
        "connections": {"default": connection},
        "apps": {
            "hub": {
                "models": MODELS,
                "default_connection": "default",
                "migrations": "hub.core.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# The tortoise CLI (makemigrations) reads this: `tortoise -c hub.core.db.TORTOISE_ORM makemigrations`.
TORTOISE_ORM = tortoise_config(database_url_from_env())


async def init_db(database_url: str) -> None:
    # Global fallback: requests run in tasks that did not inherit the lifespan's context.
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


class MigrationLockTimeout(RuntimeError):
    """A migration kept waiting for a table lock (a long transaction holds the table)."""


async def migrate(database_url: str, target: str | None = None, *, lock_timeout: float = 5.0,
                  attempts: int = 10, pause: float = 2.0) -> None:
    """Apply every pending migration (idempotent), or those up to ``target`` (``hub.0015_analytics``).

    On PostgreSQL every statement waits at most ``lock_timeout`` seconds for a lock (0: for
    ever). An ALTER queued behind a long transaction would otherwise hold up every query of
    the serving instances on that table, behind it, for as long as that transaction lasts;
    with the timeout it gives up instead, its migration rolls back whole, and the run is tried
    again after ``pause`` (doubling, at most 30 s), ``attempts`` times in all. A migration that
    is not atomic (``CREATE INDEX CONCURRENTLY``) must be safe to run again (``IF NOT EXISTS``
    after dropping an invalid index).
    """
    from tortoise.migrations.api.migrate import migrate as run_migrations

    config = tortoise_config(database_url)
    if _is_postgres(database_url) and lock_timeout > 0:
        connection = expand_db_url(database_url)
        connection["credentials"]["server_settings"] = {
            "lock_timeout": f"{max(1, round(lock_timeout * 1000))}ms"}
        config["connections"]["default"] = connection
    for attempt in range(1, max(1, attempts) + 1):
        try:
            await run_migrations(config=config, target=target)
            return
        except Exception as e:
            if not _lock_not_available(e):
                raise
            if attempt >= attempts:
                raise MigrationLockTimeout(
                    f"迁移等待表锁超时（每次 {lock_timeout:g} 秒，共试 {attempts} 次）：有长事务占用该表，"
                    "请待其结束后再执行 python -m hub migrate（已执行的迁移不受影响）") from e
            wait = min(30.0, pause * 2 ** (attempt - 1))
            logger.warning("迁移等待表锁 %g 秒未获得（第 %d 次，共 %d 次），已回滚，%g 秒后重试",
                           lock_timeout, attempt, attempts, wait)
            await asyncio.sleep(wait)
        finally:
            await Tortoise.close_connections()


def _is_postgres(database_url: str) -> bool:
    return database_url.split(":", 1)[0] in ("postgres", "postgresql", "asyncpg", "psycopg")


def _lock_not_available(error: BaseException | None) -> bool:
    """Whether ``error`` (or what it wraps: Tortoise translates asyncpg's errors) is 55P03."""
    seen = 0
    while error is not None and seen < 10:
        if getattr(error, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


async def ping() -> bool:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True



async def pending_migrations(database_url: str) -> list[str]:
    """Migrations of this release not yet applied to the open database (``hub.0019_…``)."""
    from tortoise.migrations.executor import MigrationExecutor

    app = tortoise_config(database_url)["apps"]["hub"]
    steps = await MigrationExecutor(connections.get("default"), {"hub": app}).plan()
    return [f"{s.migration.app_label}.{s.migration.name}" for s in steps if not s.backward]
