"""Delivering notifications: the outbox handlers of ``notify.sms`` and ``notify.robot``, the
rules decided at delivery time, delivery receipts, and 重新发送.

At delivery, in this order, each with the reason recorded on the message:

1. already sent, delivered or suppressed → nothing (the outbox delivers at least once; the
   message's own status makes it once);
2. the resident opted out of SMS → SUPPRESSED (the inbox still has it);
3. quiet hours (21:00–08:00 Shanghai, ``HUB_NOTIFY_QUIET_HOURS``) → a case step is deferred to
   08:00 (QUEUED, reason says until when; no attempt spent), a rating invitation is SUPPRESSED;
   urgent messages (a login code, "your turn is near") are sent at any hour;
4. the per-recipient rate limit (per hour and per day, a compare-and-set on ``notify_quota``) →
   SUPPRESSED (the inbox still has it); urgent messages do not count against it;
5. the provider: accepted → SENT with its BizId (then DELIVERED or FAILED by its receipt); refused
   or down → FAILED with the error, retried with back-off by the outbox until it succeeds.

The SMS-login contract: ``enqueue(conn, "notify.sms", key, {"phone", "template": "login_code",
"params": {"code"}, "urgent": True})`` — a payload without a ``notification`` id gets its row here,
the code masked in the stored text.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from hub.core import outbox
from hub.core.clock import SHANGHAI, utcnow
from hub.core.models import Notification, NotifyOptOut, NotifyQuota, OutboxMessage, RobotGroup
from hub.core.models.enums import NotifyChannel, NotifyStatus, OutboxStatus
from hub.core.outbox import Handler, Message, Outcome
from hub.core.ports import ports
from resolvers.notify import templates
from resolvers.notify.engine import PHONE, ROBOT_TOPIC, SMS_TOPIC, mask_phone
from resolvers.notify.events import EVENTS, event_of
from resolvers.notify.robots import message_body
from resolvers.notify.sms import SmsRequest, verify_receipt

DONE = (NotifyStatus.SENT, NotifyStatus.DELIVERED, NotifyStatus.SUPPRESSED)


@dataclass(frozen=True)
class Rules:
    per_hour: int = 5
    per_day: int = 20
    quiet_from: int = 21  # local hour quiet hours begin
    quiet_until: int = 8  # local hour they end


_rules = Rules()


def configure(rules: Rules) -> None:
    global _rules
    _rules = rules


def rules() -> Rules:
    return _rules


def quiet_until(now: datetime, r: Rules) -> datetime | None:
    """The end of the quiet hours ``now`` falls in (UTC), or None outside them."""
    if r.quiet_from == r.quiet_until:
        return None
    local = now.astimezone(SHANGHAI)
    h = local.hour
    if r.quiet_from > r.quiet_until:  # across midnight (21 → 8)
        if h >= r.quiet_from:
            day = local.date() + timedelta(days=1)
        elif h < r.quiet_until:
            day = local.date()
        else:
            return None
    elif r.quiet_from <= h < r.quiet_until:
        day = local.date()
    else:
        return None
    return datetime.combine(day, time(r.quiet_until), SHANGHAI).astimezone(now.tzinfo)


async def _take(recipient: str, window: str, limit: int) -> bool:
    for _ in range(3):
        if await NotifyQuota.filter(recipient=recipient, window=window, used__lt=limit).update(
                used=F("used") + 1):
            return True
        if await NotifyQuota.filter(recipient=recipient, window=window).exists():
            return False
        with contextlib.suppress(IntegrityError):  # created meanwhile: take from that one
            await NotifyQuota.create(recipient=recipient, window=window, used=0)
    return False


async def _give_back(recipient: str, windows: list[str]) -> None:
    for w in windows:
        await NotifyQuota.filter(recipient=recipient, window=w, used__gt=0).update(used=F("used") - 1)


async def take_quota(recipient: str, now: datetime, r: Rules) -> list[str] | None:
    """Count one message against the recipient's hour and day; the windows taken, or None
    (nothing counted) when either is full."""
    local = now.astimezone(SHANGHAI)
    taken: list[str] = []
    for window, limit in ((f"d{local:%Y%m%d}", r.per_day), (f"h{local:%Y%m%d%H}", r.per_hour)):
        if not await _take(recipient, window, limit):
            await _give_back(recipient, taken)
            return None
        taken.append(window)
    return taken


async def _set(n_id: int, *, expect: Any = None, **values: Any) -> int:
    q = Notification.filter(id=n_id)
    if expect is not None:
        q = q.filter(status__in=list(expect))
    return await q.update(**values)


async def _contract_row(message: Message, now: datetime) -> Notification | None:
    """The row of an SMS enqueued by another domain with the bare payload (login codes)."""
    p = message.payload
    phone = str(p.get("phone", ""))
    event = event_of(str(p.get("template", "")))
    if event is None:
        return None
    key = f"sms:{message.key}"[:120]
    wording = templates.default(event, NotifyChannel.SMS)
    params = {k: str(v) for k, v in (p.get("params") or {}).items()}
    shown = {k: "******" if k == "code" else v for k, v in params.items()}
    try:
        return await Notification.create(
            key=key, event=event.code, channel=NotifyChannel.SMS, address=phone,
            masked=mask_phone(phone), title=event.label, urgent=bool(p.get("urgent")),
            body=templates.render(wording.body if wording else "", shown), params=shown,
            created_at=now)
    except IntegrityError:
        return await Notification.get_or_none(key=key)


_in_order: dict[str, asyncio.Lock] = {}


async def _one_by_one(recipient: str, deliver: Handler, message: Message) -> Outcome:
    """One recipient's messages one at a time, in the order the dispatcher claimed them (the
    dispatcher handles a batch concurrently; asyncio's lock queues its waiters in order, and the
    lock is taken before the handler's first await)."""
    lock = _in_order.setdefault(recipient, asyncio.Lock())
    try:
        async with lock:
            return await deliver(message)
    finally:
        if not lock.locked() and _in_order.get(recipient) is lock:
            del _in_order[recipient]


async def deliver_sms(message: Message) -> Outcome:
    return await _one_by_one(f"sms:{message.payload.get('phone', '')}", _deliver_sms, message)


async def _deliver_sms(message: Message) -> Outcome:
    now = utcnow()
    p = message.payload
    n = await (Notification.get_or_none(id=int(p["notification"])) if p.get("notification")
               else _contract_row(message, now))
    if n is None:
        return Outcome.ok()  # nothing left to send (an unknown template is recorded nowhere)
    if n.status in DONE:
        return Outcome.ok()
    event = event_of(str(p.get("template", ""))) or EVENTS.get(n.event)
    urgent = bool(p.get("urgent")) or n.urgent
    phone = str(p.get("phone", n.address))
    if not PHONE.match(phone) or event is None:
        await _set(n.id, status=NotifyStatus.SUPPRESSED, reason="手机号码或模板无效")
        return Outcome.ok()
    if event.code == "LOGIN_CODE" and not str((p.get("params") or {}).get("code", "")):
        await _set(n.id, status=NotifyStatus.SUPPRESSED, reason="验证码已过期，不再发送")
        return Outcome.ok()  # (the login rules blank the code of a spent one)
    if n.person_id is not None and not urgent and await NotifyOptOut.filter(
            person_id=n.person_id, channel=NotifyChannel.SMS).exists():
        await _set(n.id, expect=[NotifyStatus.QUEUED, NotifyStatus.FAILED],
                   status=NotifyStatus.SUPPRESSED, reason="居民已退订短信（站内消息照常）")
        return Outcome.ok()
    r = rules()
    until = None if urgent else quiet_until(now, r)
    if until is not None:
        if not event.defer:
            await _set(n.id, expect=[NotifyStatus.QUEUED, NotifyStatus.FAILED],
                       status=NotifyStatus.SUPPRESSED, reason="静默时段不发送此类短信")
            return Outcome.ok()
        local = until.astimezone(SHANGHAI)
        await _set(n.id, reason=f"静默时段，延至 {local:%m-%d %H:%M} 发送")
        return Outcome.later("静默时段", until)
    taken: list[str] = []
    if not urgent:
        got = await take_quota(phone, now, r)
        if got is None:
            await _set(n.id, expect=[NotifyStatus.QUEUED, NotifyStatus.FAILED],
                       status=NotifyStatus.SUPPRESSED,
                       reason=f"超过频率限制（每小时 {r.per_hour} 条、每天 {r.per_day} 条；站内消息照常）")
            return Outcome.ok()
        taken = got
    provider = ports().sms
    wording = await templates.current(None, event, NotifyChannel.SMS)
    code = (wording.provider_code if wording and wording.provider_code else f"OWH_{event.code}")
    register = getattr(provider, "register_template", None)
    if register is not None and wording is not None:
        register(code, wording.body)
    params = {k: str(v) for k, v in (p.get("params") or {}).items()}
    result = await provider.send(SmsRequest(phone, provider.sign_name, code, params, str(n.id)))
    if result.ok:
        await _set(n.id, expect=[NotifyStatus.QUEUED, NotifyStatus.FAILED], status=NotifyStatus.SENT,
                   provider_ref=result.biz_id[:64], sent_at=utcnow(), reason="",
                   attempts=F("attempts") + 1)
        return Outcome.ok()
    if taken:
        await _give_back(phone, taken)
    await _set(n.id, expect=[NotifyStatus.QUEUED, NotifyStatus.FAILED], status=NotifyStatus.FAILED,
               reason=f"短信服务商未接受（将自动重试）：{result.error}"[:255], attempts=F("attempts") + 1)
    return Outcome.failed(result.error)


async def deliver_robot(message: Message) -> Outcome:
    return await _one_by_one(f"group:{message.payload.get('group', '')}", _deliver_robot, message)


async def _deliver_robot(message: Message) -> Outcome:
    n = await Notification.get_or_none(id=int(message.payload.get("notification", 0)))
    if n is None or n.status in DONE:
        return Outcome.ok()
    group = await RobotGroup.get_or_none(id=n.group_id)
    if group is None or not group.active:
        await _set(n.id, status=NotifyStatus.SUPPRESSED, reason="群机器人已删除或停用")
        return Outcome.ok()
    body = message_body(group.channel, n.title, n.body)
    result = await ports().robots.post(group.channel, group.webhook, group.secret, body)
    if result.ok:
        await _set(n.id, expect=[NotifyStatus.QUEUED, NotifyStatus.FAILED], status=NotifyStatus.DELIVERED,
                   sent_at=utcnow(), delivered_at=utcnow(), reason="", attempts=F("attempts") + 1)
        return Outcome.ok()
    await _set(n.id, expect=[NotifyStatus.QUEUED, NotifyStatus.FAILED], status=NotifyStatus.FAILED,
               reason=f"群机器人未接受（将自动重试）：{result.error}"[:255], attempts=F("attempts") + 1)
    return Outcome.failed(result.error)


def register() -> None:
    outbox.register(SMS_TOPIC, deliver_sms)
    outbox.register(ROBOT_TOPIC, deliver_robot)


# --- delivery receipts ---------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]


async def receive_receipts(headers: Mapping[str, str], body: bytes, now: datetime | None = None) -> Reply:
    """The provider's delivery receipts (a JSON list), signed; a forged, stale or malformed
    batch changes nothing."""
    secret = getattr(ports().sms, "receipt_secret", "")
    if not verify_receipt(secret, headers, body):
        return Reply(403, {"code": 403, "msg": "签名无效或已过期"})
    try:
        items = json.loads(body)
        assert isinstance(items, list)
    except (ValueError, AssertionError):
        return Reply(400, {"code": 400, "msg": "回执格式错误"})
    now = now or utcnow()
    changed = 0
    for item in items[:1000]:
        if not isinstance(item, dict) or not item.get("biz_id"):
            continue
        sent = Notification.filter(provider_ref=str(item["biz_id"])[:64], status=NotifyStatus.SENT)
        if item.get("success"):
            changed += await sent.update(status=NotifyStatus.DELIVERED, delivered_at=now)
        else:
            reason = f"未送达：{item.get('err_code', '')} {item.get('err_msg', '')}".strip()[:255]
            changed += await sent.update(status=NotifyStatus.FAILED, reason=reason)
    return Reply(200, {"code": 0, "msg": "成功", "changed": changed})


# --- 重新发送 ---------------------------------------------------------------------------------


async def resend(notification_id: int, now: datetime | None = None) -> bool:
    """Send a FAILED message again: its outbox message due now with fresh attempts. False when
    it is not FAILED (sent meanwhile, or suppressed on purpose)."""
    now = now or utcnow()
    rows = await Notification.filter(id=notification_id, status=NotifyStatus.FAILED).values("key", "channel")
    if not rows:
        return False
    topic = SMS_TOPIC if rows[0]["channel"] == NotifyChannel.SMS else ROBOT_TOPIC
    key = rows[0]["key"]
    async with in_transaction() as conn:
        changed = await Notification.filter(id=notification_id, status=NotifyStatus.FAILED) \
            .using_db(conn).update(status=NotifyStatus.QUEUED, reason="管理员重新发送")
        if not changed:
            return False
        # a DEAD message, or one waiting for its back-off (not one being delivered right now)
        await OutboxMessage.filter(
            Q(status=OutboxStatus.DEAD) | Q(status=OutboxStatus.PENDING, lease=""),
            topic=topic, idempotency_key__in=[key, key.removeprefix("sms:")]).using_db(conn).update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now, lease="", lease_until=None)
    return True
