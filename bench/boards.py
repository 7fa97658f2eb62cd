"""Lightweight hall boards for the latency benchmark: raw websocket clients in worker processes.

Each worker process opens its share of the boards as plain sockets driven by one asyncio
protocol each (no task per board, no websocket library): an RFC 6455 handshake, a masked
``connection_init`` and ``subscribe`` (graphql-transport-ws), then it reads frames, answers
websocket and protocol pings, and parses every text frame as JSON. A board "receives" an
event when the frame carrying it has been read from its socket and parsed; the time is taken
then, with ``time.monotonic()`` (CLOCK_MONOTONIC is one clock for every process of the
machine, so the orchestrating process's send time and a worker's receipt time compare).

The orchestrator talks to the workers over pipes: ``("wait", kind)`` answers, for every board
of the worker, the receipt time of the next event of that kind (events are recorded as they
arrive, so one that comes before the question is not missed).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import time
from multiprocessing.connection import Connection
from typing import Any
from urllib.parse import urlsplit


def _masked(opcode: int, payload: bytes) -> bytes:
    """A client frame (clients must mask)."""
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        header = bytes((0x80 | opcode, 0x80 | n))
    elif n < 65536:
        header = bytes((0x80 | opcode, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        header = bytes((0x80 | opcode, 0x80 | 127)) + n.to_bytes(8, "big")
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return header + mask + body


def _text(message: dict[str, Any]) -> bytes:
    return _masked(0x1, json.dumps(message, ensure_ascii=False).encode())


class Waiting:
    """One ``("wait", kind)`` question of the orchestrator: filled by the boards as the frames
    arrive (no task per board), answered on the pipe when every board has its time."""

    def __init__(self, conn: Connection, kind: str, n: int) -> None:
        self.conn, self.kind = conn, kind
        self.times: list[float | None] = [None] * n
        self.missing = n

    def got(self, index: int, at: float) -> None:
        if self.times[index] is None:
            self.times[index] = at
            self.missing -= 1
            if self.missing == 0:
                self.conn.send(self.times)


class Board(asyncio.Protocol):
    waiting: Waiting | None = None  # the open question, shared by the boards of a worker

    def __init__(self, index: int) -> None:
        self.index = index
        self.buffer = bytearray()
        self.events: list[tuple[str, float]] = []  # (kind, receipt time) nobody asked for yet
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        if Board.waiting is not None and Board.waiting.times[self.index] is None:
            raise RuntimeError("a board was disconnected")

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buf = self.buffer
        buf += data
        while len(buf) >= 2:
            opcode, length, start = buf[0] & 0x0F, buf[1] & 0x7F, 2
            if length == 126:
                if len(buf) < 4:
                    return
                length, start = int.from_bytes(buf[2:4], "big"), 4
            elif length == 127:
                if len(buf) < 10:
                    return
                length, start = int.from_bytes(buf[2:10], "big"), 10
            if len(buf) < start + length:
                return
            payload = bytes(buf[start:start + length])
            del buf[:start + length]
            self.frame(opcode, payload, now)

    def frame(self, opcode: int, payload: bytes, now: float) -> None:
        assert self.transport is not None
        if opcode == 0x1:
            message = json.loads(payload)
            if message["type"] == "next":
                kind = message["payload"]["data"]["hallEvents"]["kind"]
                waiting = Board.waiting
                if waiting is not None and waiting.kind == kind and waiting.times[self.index] is None:
                    waiting.got(self.index, now)
                else:
                    self.events.append((kind, now))
            elif message["type"] == "ping":
                self.transport.write(_text({"type": "pong"}))
            elif message["type"] in ("error", "complete"):
                raise RuntimeError(f"subscription ended: {message}")
        elif opcode == 0x9:
            self.transport.write(_masked(0xA, payload))
        elif opcode == 0x8:
            self.transport.close()

    def ask(self, waiting: Waiting) -> None:
        """Answer from the events that came before the question, if one is of its kind."""
        while self.events:
            kind, at = self.events.pop(0)
            if kind == waiting.kind:
                waiting.got(self.index, at)
                return


def _handshake(url: str, token: str, query: str) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET /graphql HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                  "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n").encode())
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(4096)
    head, rest = response.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.1 101"):
        raise RuntimeError(head.decode(errors="replace"))
    sock.sendall(_text({"type": "connection_init", "payload": {"authToken": token}}))
    while b"connection_ack" not in rest:  # the ack is one small frame
        rest += sock.recv(4096)
    sock.sendall(_text({"type": "subscribe", "id": "1", "payload": {"query": query}}))
    sock.setblocking(False)
    return sock


async def _serve(conn: Connection, url: str, token: str, query: str, n: int) -> None:
    loop = asyncio.get_running_loop()
    boards: list[Board] = []
    for i in range(n):
        sock = await loop.run_in_executor(None, _handshake, url, token, query)
        _, board = await loop.create_connection(lambda i=i: Board(i), sock=sock)
        boards.append(board)
    conn.send("ready")
    stop = loop.create_future()

    def command() -> None:
        message = conn.recv()
        if message[0] == "wait":
            Board.waiting = Waiting(conn, message[1], n)
            for board in boards:
                board.ask(Board.waiting)
        elif not stop.done():
            stop.set_result(None)

    loop.add_reader(conn.fileno(), command)
    await stop
    loop.remove_reader(conn.fileno())
    for board in boards:
        if board.transport is not None:
            board.transport.write(_masked(0x8, (1000).to_bytes(2, "big")))
            board.transport.close()
    await asyncio.sleep(0.2)


def worker(conn: Connection, url: str, token: str, query: str, n: int) -> None:
    """A worker process: ``n`` boards, commands from ``conn`` (see the module docstring)."""
    try:
        import uvloop

        uvloop.run(_serve(conn, url, token, query, n))
    except ImportError:
        asyncio.run(_serve(conn, url, token, query, n))
