"""The ``sms`` port: an SMS provider in the shape Chinese SMS services use (Aliyun Dysmsapi
``SendSms``): SignName, TemplateCode, TemplateParam (JSON), PhoneNumbers, OutId, in a request
signed with HMAC over the canonical query; the provider answers a BizId and later POSTs delivery
receipts back to the hub (``/notify/sms/receipts``), signed with the shared secret.

Adapters: ``DysmsProvider`` (``HUB_SMS_ADAPTER=dysms``: POSTs to ``HUB_SMS_ENDPOINT`` with httpx)
and ``fake`` — the same adapter talking in-process to ``FakeSmsGateway``, a small ASGI app that
verifies every signature, records what it receives, can be switched to an outage, and sends
receipts on demand. The demo mounts it under ``/_fake/sms`` (only when the fake is configured).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

import httpx

from hub.core.clock import utcnow

RECEIPT_PATH = "/notify/sms/receipts"
RECEIPT_MAX_AGE = 300  # seconds a receipt's timestamp may be off


@dataclass(frozen=True)
class SmsRequest:
    phone: str
    sign_name: str
    template_code: str
    params: dict[str, str]
    out_id: str  # the hub's notification key: receipts name it


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    biz_id: str = ""
    error: str = ""


@runtime_checkable
class SmsProvider(Protocol):
    sign_name: str

    async def send(self, request: SmsRequest) -> SmsResult:
        """Hand one SMS to the provider; ok with its BizId, or the provider's error."""
        ...


# --- Dysmsapi signature (RPC style, HMAC-SHA1 over the canonical query) ------------------


def _enc(value: str) -> str:
    return urllib.parse.quote(value, safe="~")


def canonical(params: Mapping[str, str]) -> str:
    return "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted(params.items()))


def signature(params: Mapping[str, str], secret: str, method: str = "POST") -> str:
    to_sign = f"{method}&{_enc('/')}&{_enc(canonical(params))}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_params(request: SmsRequest, key_id: str, secret: str, now: datetime | None = None
                  ) -> dict[str, str]:
    params = {
        "AccessKeyId": key_id, "Action": "SendSms", "Format": "JSON", "RegionId": "cn-hangzhou",
        "SignatureMethod": "HMAC-SHA1", "SignatureNonce": secrets.token_hex(16),
        "SignatureVersion": "1.0", "Timestamp": (now or utcnow()).astimezone(UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"), "Version": "2017-05-25",
        "PhoneNumbers": request.phone, "SignName": request.sign_name,
        "TemplateCode": request.template_code,
        "TemplateParam": json.dumps(request.params, ensure_ascii=False, separators=(",", ":")),
        "OutId": request.out_id,
    }
    return params | {"Signature": signature(params, secret)}


def receipt_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature of a delivery receipt: base64 HMAC-SHA256 of ``timestamp\\n`` + body."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def verify_receipt(secret: str, headers: Mapping[str, str], body: bytes, now: float | None = None) -> bool:
    timestamp = headers.get("x-sms-timestamp", "")
    given = headers.get("x-sms-signature", "")
    if not secret or not timestamp.isdigit() or not given:
        return False
    if abs((now if now is not None else utcnow().timestamp()) - int(timestamp)) > RECEIPT_MAX_AGE:
        return False
    return hmac.compare_digest(given, receipt_signature(secret, timestamp, body))


class DysmsProvider:
    """Dysmsapi over HTTP(S): the signed form POSTed to ``endpoint``; ``{"Code": "OK", "BizId"}``."""

    name = "dysms"

    def __init__(self, endpoint: str, key_id: str, secret: str, sign_name: str,
                 receipt_secret: str = "", timeout_seconds: float = 10.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.endpoint, self.key_id, self.secret, self.sign_name = endpoint, key_id, secret, sign_name
        self.receipt_secret = receipt_secret  # receipts POSTed to /notify/sms/receipts are signed with it
        self.timeout_seconds = timeout_seconds
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _http(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client, self._loop = httpx.AsyncClient(transport=self._transport), loop
        return self._client

    async def send(self, request: SmsRequest) -> SmsResult:
        try:
            response = await self._http().post(self.endpoint, data=signed_params(
                request, self.key_id, self.secret), timeout=self.timeout_seconds)
        except httpx.HTTPError as e:
            return SmsResult(False, error=f"{type(e).__name__}: {e}"[:300] or type(e).__name__)
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code == 200 and answer.get("Code") == "OK":
            return SmsResult(True, str(answer.get("BizId", "")))
        return SmsResult(False, error=f"HTTP {response.status_code} {answer.get('Code', '')} "
                         f"{answer.get('Message', response.text[:200])}".strip())

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


# --- the fake provider ---------------------------------------------------------------------


@dataclass
class Received:
    phone: str
    sign_name: str
    template_code: str
    params: dict[str, str]
    out_id: str
    biz_id: str
    text: str = ""  # the template rendered, for the demo page and the tests


@dataclass
class FakeSmsGateway:
    """An ASGI app in Dysmsapi's shape: checks the signature (403 otherwise), records the
    message and answers a BizId; ``down`` answers 503 like an outage. ``texts`` maps a
    TemplateCode to its wording so that what a phone would show can be read back."""

    key_id: str = "fake-access-key"
    secret: str = "fake-access-secret"
    receipt_secret: str = "fake-receipt-secret"
    down: bool = False
    received: list[Received] = field(default_factory=list)
    refused: int = 0
    texts: dict[str, str] = field(default_factory=dict)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        status, answer = self.handle(scope["method"], scope.get("path", "/"), body)
        payload = json.dumps(answer, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json; charset=utf-8")]})
        await send({"type": "http.response.body", "body": payload})

    def handle(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
        if method == "GET":  # the demo's look at what was sent
            return 200, [r.__dict__ for r in self.received[-100:]]
        if self.down:
            return 503, {"Code": "ServiceUnavailable", "Message": "短信服务暂不可用"}
        params = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
        given = params.pop("Signature", "")
        if params.get("AccessKeyId") != self.key_id or not hmac.compare_digest(
                given, signature(params, self.secret)):
            self.refused += 1
            return 403, {"Code": "SignatureDoesNotMatch", "Message": "签名错误"}
        try:
            values = json.loads(params.get("TemplateParam", "{}"))
        except ValueError:
            return 400, {"Code": "isv.INVALID_JSON_PARAM", "Message": "TemplateParam 不是 JSON"}
        biz_id = f"{len(self.received) + 1:06d}^{secrets.token_hex(4)}"
        text = self.texts.get(params["TemplateCode"], "")
        if text:
            from resolvers.notify.templates import render
            text = f"【{params['SignName']}】" + render(text, values)
        self.received.append(Received(params["PhoneNumbers"], params["SignName"],
                                      params["TemplateCode"], values, params.get("OutId", ""),
                                      biz_id, text))
        return 200, {"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": secrets.token_hex(8)}

    def receipt(self, biz_id: str, success: bool = True, timestamp: int | None = None,
                secret: str | None = None) -> tuple[bytes, dict[str, str]]:
        """A delivery receipt for ``biz_id`` as the provider would POST it (body, headers)."""
        sent = next(r for r in self.received if r.biz_id == biz_id)
        body = json.dumps([{
            "phone_number": sent.phone, "biz_id": biz_id, "out_id": sent.out_id, "success": success,
            "err_code": "DELIVERED" if success else "MOBILE_NOT_ON_SERVICE",
            "err_msg": "用户接收成功" if success else "停机", "report_time": utcnow().isoformat()}],
            ensure_ascii=False).encode()
        ts = str(timestamp if timestamp is not None else int(utcnow().timestamp()))
        return body, {"x-sms-timestamp": ts,
                      "x-sms-signature": receipt_signature(secret or self.receipt_secret, ts, body),
                      "content-type": "application/json"}


class FakeSmsProvider(DysmsProvider):
    """The real adapter, talking to a ``FakeSmsGateway`` in-process (signing is exercised); it
    tells the gateway each template's wording, as a real account has them registered."""

    name = "fake"

    def __init__(self, gateway: FakeSmsGateway, sign_name: str) -> None:
        super().__init__("http://fake-sms/", gateway.key_id, gateway.secret, sign_name,
                         receipt_secret=gateway.receipt_secret,
                         transport=httpx.ASGITransport(app=gateway))  # type: ignore[arg-type]
        self.gateway = gateway

    def register_template(self, code: str, body: str) -> None:
        self.gateway.texts[code] = body
