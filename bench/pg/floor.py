"""The floor: the hub's own SQL for each operation, in asyncpg + orjson, nothing else.

``python -m bench.pg.floor <port> <ops>`` captures, at start, the statements the hub sends for each
operation (``bench.pg.capture``: a real request through the hub's app, in-process, on the bench
database) and then serves ``POST /op/<key>``: the same statements with the same parameters, in
the same order, on one pooled asyncpg connection, and the rows as one orjson body. No GraphQL, no
ORM, no token check: what is left when the hub's work above the database is taken away.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import orjson

from bench.pg.capture import Statement


def _default(value: Any) -> Any:
    return str(value)


class Floor:
    def __init__(self, url: str, statements: dict[str, list[Statement]]) -> None:
        self.url = url
        self.statements = statements
        self.pool: Any = None

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    import asyncpg

                    self.pool = await asyncpg.create_pool(self.url, min_size=4, max_size=10)
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await self.pool.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        while (await receive()).get("more_body"):  # drain the request body
            pass
        key = scope["path"].removeprefix("/op/")
        statements = self.statements.get(key)
        if statements is None:
            await _respond(send, 404, b'{"error":"unknown operation"}')
            return
        async with self.pool.acquire() as conn:
            data = [[dict(r) for r in await conn.fetch(sql, *values)] for sql, values in statements]
        await _respond(send, 200, orjson.dumps({"data": data}, default=_default))


async def _respond(send: Any, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def main() -> int:
    import uvicorn

    from bench.pg.capture import capture
    from bench.pg.context import context
    from bench.pg.ops import selected
    from bench.pg.prepare import URL

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 5200
    ops = selected(sys.argv[2] if len(sys.argv) > 2 else None)
    ctx = asyncio.run(context(URL))
    statements = asyncio.run(capture(URL, ops, ctx))
    for key, s in statements.items():
        print(f"floor {key}: {len(s)} statements", flush=True)
    uvicorn.run(Floor(URL, statements), host="127.0.0.1", port=port, loop="uvloop", http="httptools",
                log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
