"""The wiring of a hub process, done once at start-up from the settings: the adapters of the
ports (hub/core/ports.py) and the process-wide services (schema/services.py).

Each port's setting names a built-in adapter or ``package.module:factory`` (a class, or a
function returning the adapter); an unknown name, an import that fails or an object that does
not fit the port's protocol stops the start with a message naming the setting:

    HUB_BASEDATA_ADAPTER   "" / local (the hub's registry only), fake, or module:factory
    HUB_COURIER_ADAPTER    local (EMS-like numbers made offline), fake, or module:factory
    HUB_HANDOFF_ADAPTER    http (httpx), fake, or module:factory
    HUB_SMS_ADAPTER        dysms (Aliyun-Dysmsapi-shaped, httpx), fake, or module:factory
    HUB_ROBOT_ADAPTER      http (DingTalk / WeCom webhooks, httpx), fake, or module:factory
    HUB_PAYMENT_ADAPTER    fake (模拟统一支付平台, with its cashier page), or module:factory

Importing the domains here also registers their outbox topics (``department.handoff``;
``notify.sms`` and ``notify.robot`` by ``wire``; ``payment.refund``, ``payment.close``), so the
dispatcher started by hub/web/app.py serves them. A new port is a field of
``Ports``, a protocol with its fake in its domain, a setting and one entry in ``PORTS``.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hub.core import idempotency, jobs, workers
from hub.core import ports as registry
from hub.core.clientip import parse_networks
from hub.core.outbox import Policy
from hub.core.ports import Ports
from hub.core.security import TokenSigner
from hub.core.settings import Settings
from hub.core.throttle import Throttle
from realtime.bus import EventBus
from resolvers import retention
from resolvers.cases.couriers import Courier, LocalCourier, RecordingCourier
from resolvers.citizens.sms_login import CodePolicy, LoginCodes
from resolvers.integration.basedata import BaseData, FakeBaseData
from resolvers.integration.handoff import HttpTransport, RecordingTransport, Transport
from resolvers.notify import delivery as notify_delivery
from resolvers.notify import engine as notify_engine
from resolvers.notify import reminders
from resolvers.notify.robots import FakeRobots, HttpRobots, Robots
from resolvers.notify.sms import DysmsProvider, FakeSmsGateway, FakeSmsProvider, SmsProvider
from resolvers.payment import orders as payment_orders
from resolvers.payment import reconcile
from resolvers.payment.platform import FakePlatform, PaymentPlatform
from resolvers.retention import RetentionPolicy
from resolvers.staff.actions import LoginPolicy
from resolvers.staff.viewer_cache import ACCOUNTS_CHANNEL, REVOKED, ViewerCache
from schema.guard import LookupGuard
from schema.services import Services


@dataclass(frozen=True)
class Port:
    """How one port is configured: its environment variable, protocol and built-in adapters."""

    env: str
    protocol: type
    builtins: dict[str, Callable[[Settings], Any]]
    setting: str  # the Settings attribute


PORTS: dict[str, Port] = {
    "basedata": Port("HUB_BASEDATA_ADAPTER", BaseData, {
        "": lambda s: None, "local": lambda s: None, "fake": lambda s: FakeBaseData.demo(),
    }, "basedata_adapter"),
    "couriers": Port("HUB_COURIER_ADAPTER", Courier, {
        "local": lambda s: LocalCourier(), "fake": lambda s: RecordingCourier(),
    }, "courier_adapter"),
    "handoff": Port("HUB_HANDOFF_ADAPTER", Transport, {
        "http": lambda s: HttpTransport(s.outbox_timeout_seconds), "fake": lambda s: RecordingTransport(),
    }, "handoff_adapter"),
    "sms": Port("HUB_SMS_ADAPTER", SmsProvider, {
        "dysms": lambda s: _dysms(s),
        "fake": lambda s: FakeSmsProvider(FakeSmsGateway(
            receipt_secret=s.sms_receipt_secret or "fake-receipt-secret"), s.sms_sign_name),
    }, "sms_adapter"),
    "robots": Port("HUB_ROBOT_ADAPTER", Robots, {
        "http": lambda s: HttpRobots(s.outbox_timeout_seconds), "fake": lambda s: FakeRobots(),
    }, "robot_adapter"),
    "payment": Port("HUB_PAYMENT_ADAPTER", PaymentPlatform, {
        "fake": lambda s: FakePlatform(fake_payment_key(s), s.public_base_url),
    }, "payment_adapter"),
}


def _dysms(s: Settings) -> DysmsProvider:
    missing = [name for name, value in (("HUB_SMS_ACCESS_KEY_ID", s.sms_access_key_id),
                                        ("HUB_SMS_ACCESS_KEY_SECRET", s.sms_access_key_secret),
                                        ("HUB_SMS_RECEIPT_SECRET", s.sms_receipt_secret)) if not value]
    if missing:
        raise ValueError(f"HUB_SMS_ADAPTER=dysms 需要设置 {'、'.join(missing)}")
    return DysmsProvider(s.sms_endpoint, s.sms_access_key_id, s.sms_access_key_secret,
                         s.sms_sign_name, s.sms_receipt_secret, s.outbox_timeout_seconds)


def notify_rules(settings: Settings) -> notify_delivery.Rules:
    """The delivery rules from HUB_NOTIFY_*; a bad quiet-hours value stops the start."""
    raw = settings.notify_quiet_hours.strip().lower()
    if raw in ("off", "", "0"):
        start = end = 0
    else:
        parts = raw.split("-")
        if len(parts) != 2 or not all(p.strip().isdigit() and 0 <= int(p) <= 23 for p in parts):
            raise ValueError(f"HUB_NOTIFY_QUIET_HOURS={settings.notify_quiet_hours!r} 应写作 21-8 或 off")
        start, end = int(parts[0]), int(parts[1])
    return notify_delivery.Rules(settings.notify_sms_per_hour, settings.notify_sms_per_day, start, end)



def fake_payment_key(settings: Settings) -> str:
    """The key the fake platform signs its notifications with (derived from SECRET_KEY)."""
    return hmac.new(settings.secret_key.encode(), b"owh-fake-payment", hashlib.sha256).hexdigest()


def adapter(port: Port, value: str, settings: Settings) -> Any:
    """The adapter ``value`` names for ``port``; ValueError naming the setting otherwise."""
    value = value.strip()
    if value in port.builtins:
        return port.builtins[value](settings)
    names = "、".join(n for n in port.builtins if n)
    module, _, attr = value.partition(":")
    if not module or not attr:
        raise ValueError(f"{port.env}={value!r} 不是可用的适配器：请填写 {names} "
                         "或 package.module:factory")
    try:
        factory = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as e:
        raise ValueError(f"{port.env}={value!r}：无法载入 {module} 中的 {attr}（{e}）") from e
    made = factory() if callable(factory) else factory
    if not isinstance(made, port.protocol):
        raise ValueError(f"{port.env}={value!r} 给出的不是 {port.protocol.__name__} 适配器"
                         f"（须有 {'、'.join(_members(port.protocol))}）")
    return made


def _members(protocol: type) -> list[str]:
    """What an adapter must have: the protocol's attributes and methods, in their order."""
    names = [*getattr(protocol, "__annotations__", {}), *vars(protocol)]
    return list(dict.fromkeys(n for n in names if not n.startswith("_")))


def build_ports(settings: Settings) -> Ports:
    return Ports(**{name: adapter(port, getattr(settings, port.setting), settings)
                    for name, port in PORTS.items()})


def build_services(settings: Settings) -> Services:
    return Services(
        settings=settings,
        signer=TokenSigner(settings.secret_key, settings.token_ttl_seconds),
        citizen_signer=TokenSigner(settings.secret_key, settings.token_ttl_seconds,
                                   salt="owh-citizen-token"),
        login_limiter=Throttle(settings.login_ip_attempts_per_minute, 60, settings.redis_url,
                               settings.redis_namespace),
        login_policy=LoginPolicy(settings.login_max_failures, settings.login_lock_seconds),
        login_codes=LoginCodes(
            settings.secret_key,
            per_phone=Throttle(settings.login_code_per_phone, settings.login_code_window_seconds,
                               settings.redis_url, settings.redis_namespace),
            per_ip=Throttle(settings.login_code_per_ip, settings.login_code_window_seconds,
                            settings.redis_url, settings.redis_namespace),
            policy=CodePolicy(settings.login_code_ttl_seconds, settings.login_code_resend_seconds,
                              settings.login_code_max_attempts, settings.login_code_echo)),
        bus=EventBus(settings.redis_url, settings.subscriber_queue_size,
                     namespace=settings.redis_namespace),
        lookup_guard=LookupGuard(
            Throttle(settings.lookup_attempts_per_minute, 60, settings.redis_url,
                     settings.redis_namespace),
            Throttle(settings.lookup_target_attempts_per_minute, 60, settings.redis_url,
                     settings.redis_namespace)),
        viewer_cache=ViewerCache(settings.viewer_cache_seconds),
    )


def prune_keys_job(settings: Settings) -> jobs.Job:
    """The hourly job pruning idempotency keys older than the retention."""
    retention = timedelta(days=settings.idempotency_retention_days)

    async def work(now: datetime) -> str:
        return f"{await idempotency.prune(now, retention)} keys pruned"

    return jobs.Job("prune-idempotency-keys", timedelta(hours=1), work)


def retention_job(settings: Settings) -> jobs.Job:
    """The job pruning old events, callback receipts and unused exam links (resolvers/retention.py)."""
    policy = RetentionPolicy(settings.retention_event_days, settings.retention_receipt_days,
                             settings.retention_exam_link_days)

    async def work(now: datetime) -> dict[str, int]:
        return await retention.prune(policy, now)

    return jobs.Job("retention", timedelta(seconds=settings.retention_interval_seconds), work)


def payment_job(settings: Settings) -> jobs.Job:
    """Unpaid orders whose notification never came (queried), expired ones retired, pending
    refunds confirmed; then yesterday's statement reconciled once (resolvers/payment)."""

    async def work(now: datetime) -> dict[str, int]:
        counts = await payment_orders.sweep(now)
        counts["differences"] = await reconcile.reconcile_yesterday(now)
        return counts

    return jobs.Job("payment-sweep", timedelta(seconds=settings.payment_sweep_seconds), work)


def reminders_job(settings: Settings) -> jobs.Job:
    """The job writing the notifications' reminders (resolvers/notify/reminders.py); keyed, so
    every run may look at the same day again."""

    async def work(now: datetime) -> dict[str, int]:
        return await reminders.run_all(now)

    return jobs.Job("notify-reminders", timedelta(seconds=settings.notify_reminder_interval_seconds), work)


def outbox_policy(settings: Settings) -> Policy:
    return Policy(max_attempts=settings.outbox_max_attempts,
                  backoff_seconds=settings.outbox_backoff_seconds,
                  backoff_max_seconds=settings.outbox_backoff_max_seconds,
                  timeout_seconds=settings.outbox_timeout_seconds)


def wire(settings: Settings) -> Services:
    """Install the adapters the settings name (failing before anything starts) and build the
    services."""
    registry.install(build_ports(settings))
    notify_delivery.configure(notify_rules(settings))
    notify_engine.configure(settings.public_base_url)
    notify_delivery.register()  # the outbox topics notify.sms and notify.robot
    parse_networks(settings.trusted_proxies)  # a bad HUB_TRUSTED_PROXIES stops the start here
    workers.configure(password_threads=settings.password_hash_threads,
                      render_threads=settings.render_threads)
    return build_services(settings)


async def follow_revocations(bus: EventBus, cache: ViewerCache) -> None:
    """Forget the cached viewers of an account whose tokens were revoked, in this process, as
    the ``REVOKED`` events of the ``staff-accounts`` channel arrive (from any instance or worker,
    through the backplane; a lost message is replayed from the log by the bus's catch-up
    sweep). A mailbox that overflowed forgets everything and follows again."""
    while True:
        sub = bus.subscribe(ACCOUNTS_CHANNEL)
        try:
            while (event := await sub.get()) is not None:
                if event.kind == REVOKED and isinstance(event.payload.get("staffId"), int):
                    cache.forget_staff(event.payload["staffId"])
            cache.clear()
        finally:
            bus.unsubscribe(sub)
