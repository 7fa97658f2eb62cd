"""A fake department business system on a loopback port, for hand-off tests.

It checks the hub's signature, processes each idempotency key once (a redelivery is answered
200 without processing again) and can be stopped and started again on the same port. It runs
uvicorn in its own thread and event loop, as a separate system would.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from resolvers.integration import signing


class FakeDepartment:
    def __init__(self, secret: str, port: int) -> None:
        self.secret = secret
        self.port = port
        self.url = f"http://127.0.0.1:{port}/cases"
        self.lock = threading.Lock()
        self.processed: dict[str, dict[str, Any]] = {}  # idempotency key -> body, first time only
        self.received: Counter[str] = Counter()  # every authentic POST per key (incl. repeats)
        self.refused = 0  # bad signatures
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def app(self) -> Starlette:
        async def cases(request: Request) -> Response:
            body = await request.body()
            h = request.headers
            problem = signing.problem(self.secret, h.get(signing.TIMESTAMP), h.get(signing.KEY),
                                      h.get(signing.SIGNATURE), body, time.time())
            if problem:
                with self.lock:
                    self.refused += 1
                return JSONResponse({"error": problem}, status_code=401)
            key = h[signing.KEY]
            data = await request.json()
            with self.lock:
                self.received[key] += 1
                duplicate = key in self.processed
                if not duplicate:
                    self.processed[key] = data
            return JSONResponse({"accepted": True, "duplicate": duplicate})

        return Starlette(routes=[Route("/cases", cases, methods=["POST"])])

    @property
    def up(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        assert self._server is None, "already running"
        config = uvicorn.Config(self.app(), host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off")
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the fake department did not start on port {self.port}")
            time.sleep(0.01)

    def stop(self) -> None:
        """Down: the port refuses connections until start()."""
        assert self._server is not None and self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._server = self._thread = None

    def snapshot(self) -> tuple[dict[str, dict[str, Any]], Counter[str]]:
        with self.lock:
            return dict(self.processed), Counter(self.received)
