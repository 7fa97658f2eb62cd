"""The ports: one registry of the adapters that connect the hub to outside systems.

Each port is a ``typing.Protocol`` in the rules layer, next to the domain that uses it, with a
fake adapter beside it for the demo and the tests:

    basedata   resolvers.integration.basedata.BaseData — the city's 人口库 / 电子证照库, asked
               besides the hub's own registry (None: the registry only)
    couriers   resolvers.cases.couriers.Courier — the courier company results are posted with
    handoff    resolvers.integration.handoff.Transport — how a signed hand-off reaches a
               department's business system (HTTP)
    sms        resolvers.notify.sms.SmsProvider — 短信 to residents (an Aliyun-Dysmsapi-shaped
               provider: sign name, template code, JSON parameters, signed request)
    robots     resolvers.notify.robots.Robots — 钉钉 / 企业微信 group robots (signed webhooks)
    payment    resolvers.payment.platform.PaymentPlatform — 统一公共支付平台: orders, signed
               notifications, queries, refunds, daily statements

The composition root (hub/web/wiring.py) builds the adapters named by the settings
(``HUB_BASEDATA_ADAPTER``, ``HUB_COURIER_ADAPTER``, ``HUB_HANDOFF_ADAPTER``, ``HUB_SMS_ADAPTER``,
``HUB_ROBOT_ADAPTER``, ``HUB_PAYMENT_ADAPTER``) and ``install``\\s them once at start-up; rules
read ``ports().couriers`` and so on; tests swap one adapter for the length of a
``with override(couriers=fake):`` block.

Deliveries to them go through the transactional outbox (hub/core/outbox.py) as topics of their own
(``department.handoff``, ``notify.sms``, ``notify.robot``, ``payment.refund``, ``payment.close``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ports:
    """The configured adapters. Typed ``Any`` here because their protocols belong to the rules
    layer above; each field's protocol is named in the module docstring."""

    basedata: Any  # BaseData | None
    couriers: Any  # Courier
    handoff: Any  # Transport
    sms: Any = None  # SmsProvider
    robots: Any = None  # Robots
    payment: Any = None  # PaymentPlatform

    def adapters(self) -> list[Any]:
        return [getattr(self, f.name) for f in dataclasses.fields(self)]


_current: Ports | None = None


def ports() -> Ports:
    """The adapters of this process (installed at start-up by hub/web/wiring.py)."""
    if _current is None:
        raise RuntimeError("the ports are not wired: call hub.web.wiring.wire(settings) at start-up")
    return _current


def install(new: Ports | None) -> Ports | None:
    """Make ``new`` the adapters of this process; returns the previous ones."""
    global _current
    previous, _current = _current, new
    return previous


@contextmanager
def override(**adapters: Any) -> Iterator[Ports]:
    """Replace some adapters for the length of a ``with`` block (tests): ``override(couriers=fake)``."""
    previous = install(dataclasses.replace(ports(), **adapters))
    try:
        yield ports()
    finally:
        install(previous)


async def close() -> None:
    """Let adapters holding connections (``aclose()``) release them at shutdown."""
    if _current is None:
        return
    for adapter in _current.adapters():
        closer = getattr(adapter, "aclose", None)
        if closer is not None:
            await closer()
