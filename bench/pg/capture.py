"""The SQL the hub itself sends for an operation, captured from a real request.

The hub's GraphQL app runs in-process on the bench database (prod mode, public cache off); each
operation is asked twice (the first warms caches and loaders' one-time reads) and the statements
of the second request are recorded from Tortoise's query log with their parameters, in order.
The floor (``bench.pg.floor``) replays exactly these; ``python -m bench.pg.capture`` prints them.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from bench.pg.ops import Operation, hub_variables, selected

SQL_VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")
Statement = tuple[str, tuple[Any, ...]]


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[Statement] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.args or not isinstance(record.args, tuple):
            return
        text = str(record.args[0]).lstrip()
        if text.upper().startswith(SQL_VERBS):
            values = record.args[1] if len(record.args) > 1 else ()
            self.statements.append((text, tuple(values or ())))


@contextmanager
def recording() -> Iterator[list[Statement]]:
    logger = logging.getLogger("tortoise.db_client")
    recorder = _Recorder()
    previous = logger.level
    logger.addHandler(recorder)
    logger.setLevel(logging.DEBUG)
    try:
        yield recorder.statements
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(previous)


def login_query(username: str) -> str:
    return f'mutation{{ login(input:{{username:"{username}",password:"demo1234"}}){{ token }} }}'


async def capture(url: str, ops: list[Operation], ctx: dict[str, Any]) -> dict[str, list[Statement]]:
    from hub.core import db
    from hub.core.settings import Settings
    from hub.web.app import create_app

    await db.init_db(url)
    try:
        settings = Settings(mode="prod", database_url=url, secret_key="bench-capture",
                            public_cache_seconds=0, lookup_attempts_per_minute=1_000_000,
                            lookup_target_attempts_per_minute=1_000_000)
        app = create_app(settings, manage_db=False)
        out: dict[str, list[Statement]] = {}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as c:
            tokens: dict[str, str] = {}
            for op in ops:
                headers = {}
                if op.user:
                    if op.user not in tokens:
                        r = await c.post("/graphql", json={"query": login_query(op.user)})
                        tokens[op.user] = r.json()["data"]["login"]["token"]
                    headers = {"authorization": f"Bearer {tokens[op.user]}"}
                body = {"query": op.hub, "variables": hub_variables(op, ctx)}
                first = (await c.post("/graphql", json=body, headers=headers)).json()
                if first.get("errors"):
                    raise RuntimeError(f"{op.key}: the hub answered {first['errors']}")
                with recording() as statements:
                    await c.post("/graphql", json=body, headers=headers)
                out[op.key] = list(statements)
        return out
    finally:
        await db.close_db()


def main() -> int:
    from bench.pg.context import context
    from bench.pg.prepare import URL

    ops = selected(sys.argv[1] if len(sys.argv) > 1 else None)
    ctx = asyncio.run(context(URL))
    for key, statements in asyncio.run(capture(URL, ops, ctx)).items():
        print(f"\n## {key}: {len(statements)} statements")
        for sql, values in statements:
            print(f"{sql}\n    -- {values!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
