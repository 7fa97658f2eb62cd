"""Request size limits, enforced while the body is read (finding: unlimited bodies).

``BodyLimit`` is an ASGI middleware: it refuses a request whose ``Content-Length`` already
exceeds the limit of its path, and otherwise counts the ``http.request`` chunks as the
application pulls them; the chunk that crosses the limit is never handed on, the request is
answered 413 (a Chinese JSON error — on ``/graphql`` in the GraphQL request-error shape,
``{"errors":[{"message","extensions":{"code":"BAD_USER_INPUT","reason":"BODY_TOO_LARGE"}}]}`` —
and ``Connection: close``) and the rest of the body is never
read. Each path prefix has its own limit (``/graphql`` ``HUB_MAX_BODY_BYTES``, uploads and
exports theirs); everything else falls back to the default.

``count_variables`` bounds the GraphQL ``variables`` object (``HUB_MAX_VARIABLES``): every
object key and every list item, at any depth, counts one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.web.graphql_errors import BAD_USER_INPUT, request_error


@dataclass(frozen=True)
class Limit:
    """The body limit of the paths starting with ``prefix`` (and what a refusal says)."""

    prefix: str
    max_bytes: int
    message: str = ""
    code: str = "BODY_TOO_LARGE"
    graphql: bool = False  # refused as a GraphQL request error (JSON ``errors``)
    media_type: str = ""  # only requests of this Content-Type (e.g. multipart uploads to /graphql)

    def refusal(self) -> bytes:
        text = self.message or f"请求内容超过 {_size(self.max_bytes)} 上限"
        if self.graphql:
            return orjson.dumps(request_error(text, BAD_USER_INPUT, self.code))
        return orjson.dumps({"error": text, "code": self.code})


class BodyTooLarge(Exception):
    """Raised from ``receive`` when the body crosses the limit; answered 413 by BodyLimit."""


class BodyLimit:
    """Answer 413 before the application reads (or parses) more than its limit."""

    def __init__(self, app: ASGIApp, *, default: int, limits: Sequence[Limit] = ()) -> None:
        self.app = app
        self.default = Limit("", default)
        # The longest matching prefix wins; of two, the one for the request's media type.
        self.limits = sorted(limits, key=lambda limit: (len(limit.prefix), bool(limit.media_type)),
                             reverse=True)

    def limit_for(self, path: str, media_type: str = "") -> Limit:
        return next((lim for lim in self.limits if path.startswith(lim.prefix)
                     and lim.media_type in ("", media_type)), self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"], _media_type(scope))
        declared = _content_length(scope)
        if declared is not None and declared > limit.max_bytes:
            await _refuse(limit, send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit.max_bytes:
                    raise BodyTooLarge(limit.prefix)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if started:  # nothing sensible left to say: let the server drop the connection
                raise
            await _refuse(limit, send)


async def _refuse(limit: Limit, send: Send) -> None:
    body = limit.refusal()
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]})
    await send({"type": "http.response.body", "body": body})


def _media_type(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return value.decode("latin-1").split(";")[0].strip().lower()
    return ""


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def _size(n: int) -> str:
    mb = 1024 * 1024
    return f"{n // mb} MB" if n >= mb and n % mb == 0 else f"{n} 字节" if n < 1024 else f"{n // 1024} KB"


def count_variables(value: object, cap: int) -> int:
    """The number of object keys and list items in ``value`` (at any depth), stopping once
    it passes ``cap`` (so a huge object costs no more than ``cap`` steps to refuse)."""
    count = 0
    stack = [value]
    while stack and count <= cap:
        item = stack.pop()
        if isinstance(item, dict | list):
            count += len(item)
            if count <= cap:
                stack.extend(item.values() if isinstance(item, dict) else item)
    return count
