"""One structured log line and the request metrics per HTTP request (outermost middleware).

Every request gets an id (a client's ``X-Request-ID`` when it is a short token, else a new
one), echoed in the response. The GraphQL view fills in what only it knows — operation name,
outcome, viewer — through ``Observation`` in the ASGI scope. The line is JSON on the
``owh.access`` logger:

    {"ts": "...", "request_id": "...", "method": "POST", "path": "/graphql", "status": 200,
     "operation": "TrackCase", "outcome": "ok", "viewer": 12, "duration_ms": 8.4}

The path is logged without its query string, and every value is passed through ``redact``:
a full ID number or mobile number never reaches the log, whatever a client puts in a name.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.core import metrics
from hub.core.clock import utcnow

logger = logging.getLogger("owh.access")
SCOPE_KEY = "owh.observation"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# 18-digit ID numbers (last may be X), 15-digit old ones, 11-digit mainland mobiles: digit runs
# that stand alone (not inside a longer number such as a case number's tail).
_ID_NUMBER = re.compile(r"(?<!\d)(\d{6})(\d{5,8})(\d{3}[\dXx])(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


_LONG_DIGITS = re.compile(r"\d{11}")


def redact(text: str) -> str:
    """Mask ID numbers (330106********0245) and mobile numbers (138****5678) in ``text``."""
    if not _LONG_DIGITS.search(text):  # the usual line: nothing to mask, one cheap scan
        return text
    text = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)
    return _MOBILE.sub(r"\1****\2", text)


@dataclass
class Observation:
    """What the GraphQL view learns about a request, read back when it is logged."""

    request_id: str
    operation: str | None = None
    outcome: str | None = None  # ok | error (the answer carries errors) | refused | failed
    viewer: int | str | None = None


def route_group(path: str) -> str:
    """A bounded label for a path: its first segment when it is one of the hub's endpoints."""
    first = path.strip("/").split("/", 1)[0]
    return first if first in ROUTE_GROUPS else ("root" if not first else "page")


ROUTE_GROUPS = frozenset({
    "graphql", "notice", "joint-forms", "media", "export", "case-files", "cases", "integration",
    "healthz", "readyz", "metrics", "assets", "graphiql"})


class Observe:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                metrics.WS_CONNECTIONS.inc()
                try:
                    return await self.app(scope, receive, send)
                finally:
                    metrics.WS_CONNECTIONS.dec()
            return await self.app(scope, receive, send)
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        observation = Observation(given if _REQUEST_ID.fullmatch(given) else secrets.token_hex(8))
        scope[SCOPE_KEY] = observation
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"],
                                      (b"x-request-id", observation.request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, observation, status, time.perf_counter() - started)

    @staticmethod
    def _record(scope: Scope, o: Observation, status: int, seconds: float) -> None:
        route = route_group(scope["path"])
        _child(metrics.HTTP_REQUESTS, route, f"{status // 100}xx").inc()
        _child(metrics.HTTP_LATENCY, route).observe(seconds)
        if route == "graphql" and (o.outcome or o.operation or status >= 400):
            outcome = o.outcome or ("refused" if 400 <= status < 500 else
                                    "failed" if status >= 500 else "ok")
            o.outcome = outcome
            operation = metrics.operation_label(o.operation)
            _child(metrics.GRAPHQL_REQUESTS, operation, outcome).inc()
            _child(metrics.GRAPHQL_LATENCY, operation).observe(seconds)
        if logger.isEnabledFor(logging.INFO):
            logger.info(access_line(scope, o, status, seconds))


# A metric's child per label values, found without prometheus_client's lock and tuple
# building on every request (the label values are bounded: route groups, status classes,
# operation names capped by ``metrics.operation_label``).
_children: dict[tuple[object, ...], Any] = {}


def _child(metric: Any, *labels: str) -> Any:
    key = (metric, *labels)
    child = _children.get(key)
    if child is None:
        child = _children[key] = metric.labels(*labels)
    return child


def access_line(scope: Scope, o: Observation, status: int, seconds: float) -> str:
    line = {"ts": utcnow().isoformat(timespec="milliseconds"), "request_id": o.request_id,
            "method": scope["method"], "path": scope["path"], "status": status,
            "operation": o.operation, "outcome": o.outcome, "viewer": o.viewer,
            "duration_ms": round(seconds * 1000, 1)}
    return redact(orjson.dumps(line).decode())


class BatchedLines(logging.StreamHandler):  # type: ignore[type-arg]
    """The access log's handler: lines are written in batches — once ``interval`` seconds
    after the first line of a batch, or at ``limit`` bytes — instead of one write and flush
    per request (a system call each, a measurable share of a small request). At most
    ``interval`` of lines wait in memory; ``flush`` (also at shutdown) writes them out."""

    def __init__(self, stream: Any = None, interval: float = 0.2, limit: int = 64 * 1024) -> None:
        super().__init__(stream)
        self.interval = interval
        self.limit = limit
        self._lines: list[str] = []
        self._size = 0
        self._pending: Any = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record) + self.terminator
        except Exception:  # as logging.StreamHandler does: a bad record never raises
            self.handleError(record)
            return
        self._lines.append(line)
        self._size += len(line)
        if self._size >= self.limit:
            self._write()
            return
        if self._pending is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # no event loop (a script, a thread): write at once
                self._write()
                return
            self._pending = loop.call_later(self.interval, self.flush)

    def flush(self) -> None:
        self.acquire()
        try:
            self._write()
        finally:
            self.release()

    def _write(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        if self._lines:
            text, self._lines, self._size = "".join(self._lines), [], 0
            self.stream.write(text)
        super().flush()
