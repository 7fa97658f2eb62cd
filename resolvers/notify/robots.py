"""The ``robots`` port: DingTalk custom robots and WeCom group robots, by webhook.

- DingTalk (钉钉自定义机器人, 加签): POST JSON to the webhook with ``&timestamp=<ms>&sign=<s>``
  where s = urlencode(base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}"))); the
  answer ``{"errcode": 0}`` is success. Messages ``text`` or ``markdown`` (title + text).
- WeCom (企业微信群机器人): POST JSON to the webhook (its ``key`` is the credential);
  ``text`` (content) or ``markdown`` (content); ``{"errcode": 0}`` is success.

Adapters: ``HttpRobots`` (``HUB_ROBOT_ADAPTER=http``) and ``fake`` — the same adapter talking
in-process to ``FakeRobotEndpoints``, an ASGI app that plays both services: it knows each
DingTalk robot's secret, refuses a wrong or stale signature (errcode 310000), records what it
receives and can be switched to an outage. The demo mounts it under ``/_fake/robots``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import httpx

from hub.core.clock import utcnow
from hub.core.models.enums import NotifyChannel

MAX_AGE_MS = 3600 * 1000  # DingTalk refuses a timestamp more than an hour off


def demo_secret(token: str) -> str:
    """The signing secret of a demo robot (seeded groups on the fake endpoints)."""
    return "SEC" + hashlib.sha256(f"owh-demo-robot:{token}".encode()).hexdigest()[:40]


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def dingtalk_url(webhook: str, secret: str, timestamp_ms: int | None = None) -> str:
    if not secret:
        return webhook
    ts = timestamp_ms if timestamp_ms is not None else int(utcnow().timestamp() * 1000)
    sep = "&" if "?" in webhook else "?"
    return f"{webhook}{sep}timestamp={ts}&sign={urllib.parse.quote_plus(dingtalk_sign(secret, ts))}"


def message_body(channel: NotifyChannel, title: str, text: str, markdown: bool = False) -> dict[str, Any]:
    if channel == NotifyChannel.DINGTALK:
        if markdown:
            return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
        return {"msgtype": "text", "text": {"content": text}}
    if markdown:
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "text", "text": {"content": text}}


@dataclass(frozen=True)
class RobotResult:
    ok: bool
    error: str = ""


@runtime_checkable
class Robots(Protocol):
    async def post(self, channel: NotifyChannel, webhook: str, secret: str, body: dict[str, Any]
                   ) -> RobotResult:
        """Post one message to a group robot (signed for DingTalk)."""
        ...


class HttpRobots:
    name = "http"

    def __init__(self, timeout_seconds: float = 10.0, transport: httpx.AsyncBaseTransport | None = None
                 ) -> None:
        self.timeout_seconds = timeout_seconds
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _http(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client, self._loop = httpx.AsyncClient(transport=self._transport), loop
        return self._client

    async def post(self, channel: NotifyChannel, webhook: str, secret: str, body: dict[str, Any]
                   ) -> RobotResult:
        url = dingtalk_url(webhook, secret) if channel == NotifyChannel.DINGTALK else webhook
        try:
            response = await self._http().post(url, json=body, timeout=self.timeout_seconds)
        except httpx.HTTPError as e:
            return RobotResult(False, f"{type(e).__name__}: {e}"[:300] or type(e).__name__)
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code == 200 and answer.get("errcode") == 0:
            return RobotResult(True)
        return RobotResult(False, f"HTTP {response.status_code} errcode={answer.get('errcode')} "
                           f"{answer.get('errmsg', response.text[:200])}")

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


@dataclass
class Posted:
    channel: str
    robot: str  # the access_token (DingTalk) or key (WeCom)
    body: dict[str, Any]

    @property
    def text(self) -> str:
        kind = self.body.get("msgtype", "text")
        part = self.body.get(kind, {})
        return str(part.get("content") or part.get("text") or "")


@dataclass
class FakeRobotEndpoints:
    """Both robot services, in-process: /dingtalk/robot/send?access_token=… (signature checked
    against ``dingtalk_secrets``) and /wecom/webhook/send?key=…; GET lists what was received."""

    dingtalk_secrets: dict[str, str] = field(default_factory=dict)  # access_token -> secret
    down: bool = False
    received: list[Posted] = field(default_factory=list)
    refused: int = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = dict(urllib.parse.parse_qsl(scope.get("query_string", b"").decode()))
        status, answer = self.handle(scope["method"], scope.get("path", "/"), query, body)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json; charset=utf-8")]})
        await send({"type": "http.response.body", "body": json.dumps(answer, ensure_ascii=False).encode()})

    def handle(self, method: str, path: str, query: dict[str, str], body: bytes,
               now_ms: int | None = None) -> tuple[int, Any]:
        if method == "GET":
            return 200, [{"channel": p.channel, "robot": p.robot, "text": p.text}
                         for p in self.received[-100:]]
        if self.down:
            return 503, {"errcode": -1, "errmsg": "系统繁忙"}
        try:
            message = json.loads(body)
        except ValueError:
            return 200, {"errcode": 40035, "errmsg": "不合法的参数"}
        if path.endswith("/dingtalk/robot/send"):
            token = query.get("access_token", "")
            secret = self.dingtalk_secrets.get(token) or (demo_secret(token) if token.startswith("demo-")
                                                          else None)
            if secret is None:
                return 200, {"errcode": 300001, "errmsg": "token is not exist"}
            ts = query.get("timestamp", "")
            now = now_ms if now_ms is not None else int(utcnow().timestamp() * 1000)
            if not ts.isdigit() or abs(now - int(ts)) > MAX_AGE_MS or not hmac.compare_digest(
                    query.get("sign", ""), dingtalk_sign(secret, int(ts))):
                self.refused += 1
                return 200, {"errcode": 310000, "errmsg": "sign not match"}
            self.received.append(Posted(NotifyChannel.DINGTALK.value, token, message))
            return 200, {"errcode": 0, "errmsg": "ok"}
        if path.endswith("/wecom/webhook/send"):
            key = query.get("key", "")
            if not key:
                return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
            self.received.append(Posted(NotifyChannel.WECOM.value, key, message))
            return 200, {"errcode": 0, "errmsg": "ok"}
        return 404, {"errcode": 404, "errmsg": "not found"}

    def texts(self, robot: str | None = None) -> list[str]:
        return [p.text for p in self.received if robot is None or p.robot == robot]


FAKE_BASE = "http://fake-robots"


class FakeRobots(HttpRobots):
    """The real adapter, talking to ``FakeRobotEndpoints`` in-process."""

    name = "fake"

    def __init__(self, endpoints: FakeRobotEndpoints | None = None) -> None:
        self.endpoints = endpoints or FakeRobotEndpoints()
        super().__init__(transport=httpx.ASGITransport(app=self.endpoints))  # type: ignore[arg-type]

    def add_dingtalk(self, token: str, secret: str) -> str:
        """A DingTalk robot the fake knows; its webhook."""
        self.endpoints.dingtalk_secrets[token] = secret
        return f"{FAKE_BASE}/dingtalk/robot/send?access_token={token}"

    @staticmethod
    def wecom_webhook(key: str) -> str:
        return f"{FAKE_BASE}/wecom/webhook/send?key={key}"
