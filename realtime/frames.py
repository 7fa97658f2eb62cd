"""Live hall events written straight to each board's socket.

With a thousand boards on one worker, what a call cost was not executing the event (that is
shared, HubExecutionContext.execute_operation) but the way to each socket: per board and
event, a task switch, graphql-core's and strawberry's per-result stream machinery
(extensions hooks, executor copy, error processing), a message dict, its JSON and three ASGI
send layers. This module removes that for an event that the board can take as it comes:

- ``HubWebSocketProtocol`` is uvicorn's websockets-sansio protocol that also offers a
  ``FrameWriter`` in the ASGI scope (extension ``hub.ws.frames``): it writes a complete text
  frame to the connection's transport, only while the websocket is open.
- ``HubTransportWSHandler`` is strawberry's graphql-transport-ws handler that makes the
  running operation known to its subscription resolver (a context variable of its task);
  it also answers a bad document with an ``error`` message and pings the client
  (``HUB_WS_PING_SECONDS``), closing a connection whose pong does not come in time.
- ``direct_sink`` gives such a resolver a sink for ``realtime.stream.follow``: the bus
  calls it synchronously while it delivers an event (realtime.bus.Subscriber). The event is
  executed once per (subscription document, variables used below the root field) — by this
  board's own executor, as graphql-core would — and its ``payload`` encoded once; per board
  there remains one frame: ``{"id":<id>,"type":"next","payload":<shared bytes>}``, the same
  bytes strawberry would send.

Everything else stays on strawberry's path: the protocol messages, replay of the log after a
cursor, gap filling, results with errors (never shared), other servers or test clients
without the extension. A board whose unsent bytes pass ``HUB_WS_SEND_BUFFER_BYTES`` is not
reading: it is disconnected with close code 1013 (try again later) and resumes by cursor.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from contextvars import ContextVar
from typing import Any

import orjson
from graphql import ExecutionResult, GraphQLError, GraphQLSyntaxError
from graphql.execution import execute_subscription_event
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.protocol import State

from hub.core import metrics
from realtime.bus import DECLINED, SLOW, WRITTEN, Sink
from realtime.log import LoggedEvent

EXTENSION = "hub.ws.frames"
# The executor of the subscription operation running in this task (each graphql-transport-ws
# operation runs in its own task, which has its own copy of the context): the executor sets it
# (hub.web.graphql_exec) and the subscription's resolver hands it to the direct frame path,
# which executes an event exactly as graphql-core's per-event mapping would.
subscription_executor: ContextVar[Any] = ContextVar("subscription_executor", default=None)
SLOW_CLOSE_CODE = 1013
# The operation (and its handler) whose task this is; see HubTransportWSHandler.
current_operation: ContextVar[Operation | None] = ContextVar("current_operation", default=None)


class FrameWriter:
    """Unmasked text frames to one connection, written whole (a frame never interleaves
    with another) and only while the websocket is open; per-message compression is off."""

    __slots__ = ("_protocol",)

    def __init__(self, protocol: HubWebSocketProtocol) -> None:
        self._protocol = protocol

    def is_open(self) -> bool:
        p = self._protocol
        return (p.handshake_complete and not p.close_sent and not p.disconnected
                and p.conn.state is State.OPEN and not p.transport.is_closing())

    def buffered(self) -> int:
        """Bytes written but not yet taken by the kernel."""
        return self._protocol.transport.get_write_buffer_size()

    def write_text(self, *parts: bytes) -> bool:
        if not self.is_open():
            return False
        size = sum(len(p) for p in parts)
        if size < 126:
            header = bytes((0x81, size))
        elif size < 65536:
            header = b"\x81\x7e" + size.to_bytes(2, "big")
        else:
            header = b"\x81\x7f" + size.to_bytes(8, "big")
        self._protocol.transport.write(b"".join((header, *parts)))
        return True

    def close_slow(self) -> None:
        """Close the connection now, as uvicorn closes for the application, without first
        waiting for the client to drain what it does not read."""
        p = self._protocol
        if not self.is_open():
            return
        reason = "client too slow; resubscribe from the last cursor"
        p.queue.put_nowait({"type": "websocket.disconnect", "code": SLOW_CLOSE_CODE, "reason": reason})
        p.conn.send_close(SLOW_CLOSE_CODE, reason)
        p.transport.write(b"".join(p.conn.data_to_send()))
        p.close_sent = True
        if p.read_paused:
            p.read_paused = False
            p.transport.resume_reading()
        p.close_timer = p.loop.call_later(p.close_timeout, p.transport.close)


class HubWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets-sansio protocol with a FrameWriter in the scope's extensions."""

    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None:  # (a rejected handshake builds no scope)
            scope["extensions"][EXTENSION] = FrameWriter(self)


class HubTransportWSHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """strawberry's graphql-transport-ws handler that makes the running operation known to
    its subscription resolver, answers a document that fails before execution (syntax,
    token limit, validation) with an ``error`` message, and pings the client."""

    # Close code for a peer that did not answer a ping in time (as 4408 for a late
    # connection_init: a timeout, so the graphql-ws client reconnects).
    PONG_TIMEOUT_CODE = 4408

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keep-alive: timers only (no task per idle connection); a task just while sending.
        self._ping_every = 0.0
        self._pong_within = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._sending: asyncio.Task | None = None

    def on_request_accepted(self) -> None:
        super().on_request_accepted()
        # The view (hub.web.graphql_view) says how often to ping and how long a pong may take.
        self._ping_every = float(getattr(self.view, "ws_ping_seconds", 0) or 0)
        self._pong_within = float(getattr(self.view, "ws_pong_timeout_seconds", 0) or 0)
        if self._ping_every > 0 and self._pong_within > 0:
            self._timer = asyncio.get_running_loop().call_later(self._ping_every, self._ping)

    def _ping(self) -> None:
        """Every ``ws_ping_seconds`` once the connection is acknowledged: a ping; without a
        pong within ``ws_pong_timeout_seconds`` the connection is closed (a dead peer, a NAT
        that forgot the connection)."""
        loop = asyncio.get_running_loop()
        if not self.connection_acknowledged:
            self._timer = loop.call_later(self._ping_every, self._ping)
            return
        self._deadline = loop.call_later(self._pong_within, self._no_pong)
        self._spawn(self.send_message({"type": "ping"}))

    def _no_pong(self) -> None:
        self._deadline = None
        self._spawn(self.websocket.close(code=self.PONG_TIMEOUT_CODE, reason="Pong timeout"))

    def _spawn(self, coroutine: Any) -> None:
        async def run() -> None:
            with suppress(Exception):  # the connection is gone: the handler ends it
                await coroutine
        self._sending = asyncio.create_task(run())

    async def handle_pong(self, message: Any) -> None:
        if self._deadline is not None:  # the answer to our ping: the next one in a while
            self._deadline.cancel()
            self._deadline = None
            self._timer = asyncio.get_running_loop().call_later(self._ping_every, self._ping)

    async def shutdown(self) -> None:
        for timer in (self._timer, self._deadline):
            if timer is not None:
                timer.cancel()
        self._timer = self._deadline = None
        await super().shutdown()

    async def handle_subscribe(self, message: Any) -> None:
        # The operation to run must be knowable (several operations need an operationName): the
        # view says what is wrong, as over HTTP, and the client gets an ``error`` for that id.
        check = getattr(self.view, "operation_problem", None)
        payload = message.get("payload")
        problem = (check(payload) if check and isinstance(payload, dict)
                   and self.connection_acknowledged and message["id"] not in self.operations
                   else None)
        if problem is not None:
            await self.send_message({"id": message["id"], "type": "error", "payload": [
                {"message": problem, "extensions": {"code": "BAD_USER_INPUT"}}]})
            return
        await super().handle_subscribe(message)

    async def run_operation(self, operation: Operation) -> None:
        # The operation task's context: what its subscription resolver sees.
        current_operation.set(operation)
        metrics.WS_SUBSCRIPTIONS.inc()
        try:
            await super().run_operation(operation)
        finally:
            metrics.WS_SUBSCRIPTIONS.dec()

    async def _send_result_stream(self, operation: Operation, result_source: Any) -> None:
        try:
            await super()._send_result_stream(operation, result_source)
        except GraphQLError as error:
            # Raised, not returned, before execution (the parser cache and the token limit
            # raise a syntax error): without this the operation ended with a bare complete.
            await operation.send_initial_errors([error])

    @staticmethod
    def _get_pre_execution_close_reason(error: GraphQLError) -> str | None:
        # A syntax error is the operation's error, not the connection's: the client gets
        # an error message for it and keeps its other operations.
        if isinstance(error, GraphQLSyntaxError):
            return None
        return BaseGraphQLTransportWSHandler._get_pre_execution_close_reason(error)


class _DirectSink:
    """One board's sink for follow(): see the module docstring."""

    __slots__ = ("executor", "key", "limit", "operation", "prefix", "root_of", "writer")

    def __init__(self, operation: Operation, writer: FrameWriter, executor: Any, key: tuple,
                 root_of: Any, limit: int) -> None:
        self.operation = operation
        self.writer = writer
        self.executor = executor
        self.key = ("next-payload", key)
        self.root_of = root_of
        self.limit = limit
        self.prefix = b'{"id":' + orjson.dumps(operation.id) + b',"type":"next","payload":'

    def __call__(self, event: LoggedEvent) -> str:
        operation = self.operation
        # The client may have completed the operation: its task is cancelled but may not
        # have run yet; nothing more may be sent for this id.
        if operation.completed or operation.handler.operations.get(operation.id) is not operation:
            return DECLINED
        root = self.root_of(event)
        shared = root.shared_results
        payload = shared.get(self.key)
        if payload is None:
            payload = shared[self.key] = self._encode(root)
        if payload is False:
            return DECLINED
        if self.writer.buffered() > self.limit:
            self.writer.close_slow()
            return SLOW
        return WRITTEN if self.writer.write_text(self.prefix, payload, b"}") else DECLINED

    def _encode(self, root: Any) -> bytes | bool:
        """The ``payload`` of a next message for this event, or False when it must go the
        standard way (an error to mask, an asynchronous field)."""
        result = execute_subscription_event(self.executor.build_per_event_executor(root))
        if not isinstance(result, ExecutionResult):  # an awaitable: some field is async
            close = getattr(result, "close", None)
            if close is not None:
                close()
            return False
        if result.errors or getattr(result, "extensions", None):
            return False
        return orjson.dumps({"data": result.data})


def direct_sink(context: Any, root_of: Any, limit: int) -> Sink | None:
    """A sink for ``follow`` when this subscription runs over graphql-transport-ws on a
    connection that offers raw frames and its events can be shared (``root_of(event)`` has
    ``shared_results``); otherwise None: every event takes strawberry's path."""
    operation = current_operation.get()
    executor = subscription_executor.get()
    request = getattr(context, "request", None)
    writer = getattr(request, "scope", {}).get("extensions", {}).get(EXTENSION)
    if operation is None or executor is None or writer is None:
        return None
    if executor.context_value is not context or executor._has_middleware():
        return None
    key = executor.shared_key()
    if key is None:
        return None
    return _DirectSink(operation, writer, executor, key, root_of, limit)
