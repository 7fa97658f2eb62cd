"""Database configuration, start-up and migrations (Tortoise ORM, SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections

from hub.core.settings import database_url_from_env

MODELS = ["hub.core.models"]


def tortoise_config(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite://"):
        path = database_url.removeprefix("sqlite://")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    return {
        "connections": {"default": database_url},
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


async def migrate(database_url: str, target: str | None = None) -> None:
    """Apply every pending migration (idempotent), or those up to ``target`` (``hub.0015_analytics``)."""
    from tortoise.migrations.api.migrate import migrate as run_migrations

    await run_migrations(config=tortoise_config(database_url), target=target)
    await Tortoise.close_connections()


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
