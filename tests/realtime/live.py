"""A hub app served by uvicorn in the test's own event loop (its bus and tasks can be inspected),
and a reader of Server-Sent Events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn

from realtime import frames as ws_frames
from tests.conftest import _free_port


@asynccontextmanager
async def served(app: Any) -> AsyncIterator[str]:
    """``app`` on a free loopback port, as ``hub serve`` runs it; yields its base URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, ws=ws_frames.HubWebSocketProtocol,
                            ws_per_message_deflate=False, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(1000):
        if server.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def sse_events(response: httpx.Response) -> AsyncIterator[tuple[str, Any]]:
    """(event, data) of each event of an event stream; data parsed as JSON when there is any.
    Comments (heartbeats) are skipped."""
    event, data = "message", ""
    async for line in response.aiter_lines():
        if line == "":
            if data or event != "message":
                yield event, json.loads(data) if data else None
            event, data = "message", ""
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data += line[5:].strip()
