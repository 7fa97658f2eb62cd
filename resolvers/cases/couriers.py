"""Courier companies (快递) as adapters: the hub hands a result to a courier and records the
tracking number the courier returns; it never computes or guesses one itself.

A real deployment plugs in the courier company's API (EMS 政务专递 …) behind ``Courier``, the
``couriers`` port (hub/core/ports.py), named by ``HUB_COURIER_ADAPTER=package.module:Class``; the
default ``LocalCourier`` (``local``) makes EMS-like numbers locally so that a street centre with
no contract, the demo and the tests work offline; ``RecordingCourier`` (``fake``) keeps what it
was handed and numbers it T000001, T000002 … for tests.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class Dispatch:
    courier: str  # the company's name as shown to the applicant
    tracking_number: str


@runtime_checkable
class Courier(Protocol):
    name: str

    async def dispatch(self, case: dict[str, Any], address: str) -> str:
        """Hand the result of ``case`` over for delivery to ``address``; the tracking number."""
        ...


def ems_number(serial: int) -> str:
    """An S10 (UPU) style number: two letters, eight digits, the mod-11 check digit, CN."""
    digits = f"{serial % 10**8:08d}"
    total = sum(int(d) * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    check = 5 if check == 11 else 0 if check == 10 else check
    return f"EA{digits}{check}CN"


class LocalCourier:
    """The built-in adapter: EMS-like numbers (EA123456785CN), no network."""

    name = "EMS 政务专递"

    async def dispatch(self, case: dict[str, Any], address: str) -> str:
        return ems_number(secrets.randbelow(10**8))


class RecordingCourier:
    """The fake: keeps every hand-over and answers T000001, T000002 … (tests)."""

    name = "测试快递"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def dispatch(self, case: dict[str, Any], address: str) -> str:
        self.sent.append((case["number"], address))
        return f"T{len(self.sent):06d}"
