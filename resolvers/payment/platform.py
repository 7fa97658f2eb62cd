"""The payment platform (统一公共支付平台 / 微信支付 style) as a port: the ``payment`` field of
hub/core/ports.py, named by ``HUB_PAYMENT_ADAPTER`` (``fake`` is the built-in one).

A real platform's interface has this shape, and so has the protocol:

- create an order (out_trade_no, amount in fen, description, expiry) → a code URL the payer's
  phone opens (shown as a QR code);
- an asynchronous notification when the order is paid (and another when a refund succeeds),
  POSTed to the hub with a timestamp, a nonce and a signature over them and the body; the hub
  verifies it (``parse_notification``) and refuses forged ones;
- an order query, a close (an expired or cancelled order can no longer be paid), a refund with
  its own notification, a refund query;
- a daily statement file (CSV) of the day's payments and refunds, for reconciliation.

``FakePlatform`` keeps its trades in memory, verifies every request as a real platform would
(amounts, expiries, duplicate numbers, refunds above the paid amount), signs its notifications
with HMAC-SHA256 and writes statements. In the demo it serves a local cashier page (the code
URL) and delivers its notifications to the hub by itself; tests take them from ``sent`` and
deliver them late, twice, out of order or never.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import hmac
import io
import json
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from hub.core.clock import local_date, utcnow

SIGNATURE_MAX_AGE = 300  # seconds: an older timestamp is a replay
STATEMENT_HEADER = ("type", "out_trade_no", "transaction_id", "out_refund_no", "refund_id",
                    "amount", "time")


class PlatformError(Exception):
    """The platform refused a request; ``code`` is its error code (ORDER_PAID, ORDER_CLOSED …)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class ForgedNotification(Exception):
    """A notification whose signature, timestamp or body does not check out."""


@dataclass(frozen=True)
class OrderRequest:
    out_trade_no: str
    amount: int  # fen
    description: str
    expires_at: datetime
    payer: str


@dataclass(frozen=True)
class TradeState:
    """What the platform says of an order: NOTPAY, SUCCESS, CLOSED, REFUND, or NOTFOUND."""

    out_trade_no: str
    state: str
    transaction_id: str = ""
    amount: int = 0
    success_time: datetime | None = None


@dataclass(frozen=True)
class Notification:
    """A verified notification: TRANSACTION.SUCCESS or REFUND.SUCCESS."""

    event: str
    out_trade_no: str
    amount: int
    transaction_id: str = ""
    success_time: datetime | None = None
    out_refund_no: str = ""
    refund_id: str = ""
    notification_id: str = ""


@dataclass(frozen=True)
class SignedNotification:
    """A notification as it travels: headers and a raw body."""

    headers: dict[str, str]
    body: bytes


@runtime_checkable
class PaymentPlatform(Protocol):
    name: str

    async def create_order(self, order: OrderRequest) -> str:
        """Place the order on the platform; the code URL to show as a QR code. Placing the same
        out_trade_no again with the same amount answers the same URL."""
        ...

    async def query(self, out_trade_no: str) -> TradeState: ...

    async def close(self, out_trade_no: str) -> None:
        """Close an unpaid order; PlatformError ORDER_PAID when it was paid meanwhile."""
        ...

    async def refund(self, out_trade_no: str, out_refund_no: str, amount: int) -> None:
        """Ask for a refund (idempotent by out_refund_no); the result comes by notification."""
        ...

    async def query_refund(self, out_refund_no: str) -> str:
        """PROCESSING, SUCCESS or NOTFOUND."""
        ...

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        """Verify and read a notification; ForgedNotification when it does not check out."""
        ...

    async def statement(self, day: date) -> str:
        """The CSV statement of one day (Asia/Shanghai): payments and refunds."""
        ...


def sign(key: bytes, timestamp: str, nonce: str, body: bytes) -> str:
    message = timestamp.encode() + b"\n" + nonce.encode() + b"\n" + body + b"\n"
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _time(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


@dataclass
class _Trade:
    request: OrderRequest
    state: str = "NOTPAY"
    transaction_id: str = ""
    success_time: datetime | None = None
    refunds: dict[str, tuple[str, int, datetime]] = field(default_factory=dict)  # no → (id, amount, at)


class FakePlatform:
    """The built-in platform for the demo and the tests (``HUB_PAYMENT_ADAPTER=fake``)."""

    name = "模拟统一支付平台"

    def __init__(self, key: str, base_url: str = "", clock: Callable[[], datetime] = utcnow) -> None:
        self._key = key.encode()
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.trades: dict[str, _Trade] = {}
        self.sent: list[SignedNotification] = []
        # how notifications leave (the demo wires the hub's own handler; None: kept in ``sent``)
        self.deliver: Callable[[SignedNotification], Awaitable[Any]] | None = None
        self._serial = 0
        self._tasks: set[asyncio.Task] = set()

    # --- the platform's API ------------------------------------------------------------------

    async def create_order(self, order: OrderRequest) -> str:
        if not (isinstance(order.amount, int) and order.amount > 0):
            raise PlatformError("PARAM_ERROR", "amount 须为正整数（分）")
        if not order.out_trade_no.isalnum() or not 6 <= len(order.out_trade_no) <= 32:
            raise PlatformError("PARAM_ERROR", "out_trade_no 须为 6–32 位字母数字")
        if order.expires_at <= self.clock():
            raise PlatformError("PARAM_ERROR", "time_expire 已过")
        known = self.trades.get(order.out_trade_no)
        if known is not None:
            if known.request.amount != order.amount:
                raise PlatformError("OUT_TRADE_NO_USED", "同一商户订单号金额不一致")
            if known.state != "NOTPAY":
                raise PlatformError("ORDER_PAID" if known.state in ("SUCCESS", "REFUND")
                                    else "ORDER_CLOSED", "订单已支付或已关闭")
        else:
            self.trades[order.out_trade_no] = _Trade(order)
        return f"{self.base_url}/fakepay/cashier/{order.out_trade_no}"

    async def query(self, out_trade_no: str) -> TradeState:
        trade = self.trades.get(out_trade_no)
        if trade is None:
            return TradeState(out_trade_no, "NOTFOUND")
        return TradeState(out_trade_no, trade.state, trade.transaction_id, trade.request.amount,
                          trade.success_time)

    async def close(self, out_trade_no: str) -> None:
        trade = self.trades.get(out_trade_no)
        if trade is None:
            return  # never placed: nothing to close
        if trade.state in ("SUCCESS", "REFUND"):
            raise PlatformError("ORDER_PAID", "订单已支付，不能关闭")
        trade.state = "CLOSED"

    async def refund(self, out_trade_no: str, out_refund_no: str, amount: int) -> None:
        trade = self.trades.get(out_trade_no)
        if trade is None or trade.state not in ("SUCCESS", "REFUND"):
            raise PlatformError("TRADE_NOT_PAID", "订单未支付，不能退款")
        if out_refund_no in trade.refunds:
            return  # the same refund asked again
        refunded = sum(a for _, a, _ in trade.refunds.values())
        if not 0 < amount <= trade.request.amount - refunded:
            raise PlatformError("REFUND_AMOUNT_INVALID", "退款金额超过可退金额")
        self._serial += 1
        refund_id = f"R{self._serial:010d}"
        trade.refunds[out_refund_no] = (refund_id, amount, self.clock())
        trade.state = "REFUND"
        self._notify({"event": "REFUND.SUCCESS", "out_trade_no": out_trade_no,
                      "out_refund_no": out_refund_no, "refund_id": refund_id, "amount": amount,
                      "success_time": self.clock().isoformat()})

    async def query_refund(self, out_refund_no: str) -> str:
        for trade in self.trades.values():
            if out_refund_no in trade.refunds:
                return "SUCCESS"
        return "NOTFOUND"

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        h = {k.lower(): v for k, v in headers.items()}
        timestamp, nonce, signature = (h.get("pay-timestamp", ""), h.get("pay-nonce", ""),
                                       h.get("pay-signature", ""))
        if not (timestamp.isdigit() and nonce and signature):
            raise ForgedNotification("缺少签名头")
        if not hmac.compare_digest(sign(self._key, timestamp, nonce, body), signature):
            raise ForgedNotification("签名不符")
        if abs(utcnow().timestamp() - int(timestamp)) > SIGNATURE_MAX_AGE:
            raise ForgedNotification("时间戳过期")
        try:
            data = json.loads(body)
            return Notification(
                event=str(data["event"]), out_trade_no=str(data["out_trade_no"]),
                amount=int(data["amount"]), transaction_id=str(data.get("transaction_id", "")),
                success_time=_time(data.get("success_time")),
                out_refund_no=str(data.get("out_refund_no", "")),
                refund_id=str(data.get("refund_id", "")), notification_id=str(data.get("id", "")))
        except (ValueError, KeyError, TypeError) as e:
            raise ForgedNotification(f"报文无法解析：{e}") from e

    async def statement(self, day: date) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(STATEMENT_HEADER)
        for no, t in sorted(self.trades.items()):
            if t.success_time is not None and local_date(t.success_time) == day:
                w.writerow(("PAY", no, t.transaction_id, "", "", t.request.amount,
                            t.success_time.isoformat()))
            for rno, (rid, amount, at) in sorted(t.refunds.items()):
                if local_date(at) == day:
                    w.writerow(("REFUND", no, t.transaction_id, rno, rid, amount, at.isoformat()))
        return out.getvalue()

    # --- the payer's side (the cashier page) ---------------------------------------------------

    def pay(self, out_trade_no: str) -> TradeState:
        """The payer confirms on the cashier page: the trade succeeds and a notification leaves."""
        trade = self.trades.get(out_trade_no)
        if trade is None:
            raise PlatformError("ORDER_NOT_EXIST", "订单不存在")
        if trade.state != "NOTPAY":
            raise PlatformError("ORDER_PAID" if trade.state in ("SUCCESS", "REFUND") else "ORDER_CLOSED",
                                "订单已支付" if trade.state in ("SUCCESS", "REFUND") else "订单已关闭")
        now = self.clock()
        if now >= trade.request.expires_at:
            trade.state = "CLOSED"
            raise PlatformError("ORDER_CLOSED", "订单已过期，请重新下单")
        self._serial += 1
        trade.state, trade.transaction_id, trade.success_time = "SUCCESS", f"T{self._serial:012d}", now
        self._notify({"event": "TRANSACTION.SUCCESS", "out_trade_no": out_trade_no,
                      "transaction_id": trade.transaction_id, "amount": trade.request.amount,
                      "success_time": now.isoformat()})
        return TradeState(out_trade_no, trade.state, trade.transaction_id, trade.request.amount, now)

    def signed(self, payload: Mapping[str, Any], timestamp: int | None = None) -> SignedNotification:
        """A notification as the platform sends it (also to send a stored one again, re-signed)."""
        body = json.dumps(dict(payload), ensure_ascii=False, separators=(",", ":")).encode()
        ts, nonce = str(int(utcnow().timestamp()) if timestamp is None else timestamp), secrets.token_hex(8)
        return SignedNotification({"Pay-Timestamp": ts, "Pay-Nonce": nonce,
                                   "Pay-Signature": sign(self._key, ts, nonce, body)}, body)

    def _notify(self, payload: dict[str, Any]) -> None:
        payload = {"id": secrets.token_hex(8), **payload}
        note = self.signed(payload)
        self.sent.append(note)
        if self.deliver is not None:
            task = asyncio.get_running_loop().create_task(self._send(note))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _send(self, note: SignedNotification) -> None:
        """Deliver like a platform: retry a refused notification a few times, then give up (the
        hub's query job finds the payment anyway)."""
        assert self.deliver is not None
        for pause in (0.05, 1, 5, 30):
            await asyncio.sleep(pause)
            try:
                if await self.deliver(note):
                    return
            except Exception:  # the hub is down: try again later
                continue

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()


def expiry(now: datetime, minutes: int) -> datetime:
    return now + timedelta(minutes=minutes)
