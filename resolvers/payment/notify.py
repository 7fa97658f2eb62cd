"""The platform's notifications: POST /payment/notify (hub/web/endpoints/payment.py).

The adapter verifies the signature over timestamp, nonce and body (``parse_notification``); a
forged, stale or unreadable notification is logged and refused (401) and changes nothing. A
verified one is applied (resolvers/payment/orders.py), idempotently: a repeated notification
answers SUCCESS again, so the platform stops resending. A notification the hub cannot accept
(an unknown order, a wrong amount) answers FAIL: the platform resends it, and reconciliation
lists it if it never fits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hub.core.clock import utcnow
from hub.core.ports import ports
from realtime.log import LoggedEvent
from resolvers.payment import orders
from resolvers.payment.platform import ForgedNotification

MAX_BODY_BYTES = 16 * 1024


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]
    events: list[LoggedEvent] = field(default_factory=list)
    outcome: str = ""


async def receive(headers: Mapping[str, str], body: bytes, now: datetime | None = None) -> Reply:
    now = now or utcnow()
    if len(body) > MAX_BODY_BYTES:
        return Reply(413, {"code": "FAIL", "message": "报文过大"})
    try:
        note = ports().payment.parse_notification(headers, body)
    except ForgedNotification as e:
        await orders.log(None, None, "FORGED", "NOTIFY", {"reason": str(e), "size": len(body)}, now)
        return Reply(401, {"code": "FAIL", "message": f"验签失败：{e}"})
    try:
        applied = await orders.apply_notification(note, now)
    except orders.Refused as e:
        return Reply(400, {"code": "FAIL", "message": str(e)})
    return Reply(200, {"code": "SUCCESS", "message": "成功"}, applied.events, applied.outcome)
