"""Helpers for notification tests: the fake channels installed, a frozen delivery clock, the
outbox drained, a case received at the counter with delivery by courier."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bench.backoffice_cases import photo, viewer
from bench.cases import ZHANG, answers_for, full_materials
from hub.core import outbox
from hub.core.models import Notification
from hub.core.models.enums import CaseChannel, IssueMethod, NotifyChannel
from hub.core.outbox import Policy
from hub.core.ports import override
from resolvers.cases.actors import Actor
from resolvers.cases.intake import IntakeRequest, open_case
from resolvers.notify import delivery
from resolvers.notify.robots import FakeRobots
from resolvers.notify.sms import FakeSmsGateway, FakeSmsProvider

ITEM = "330106-YB-003"  # 医保, decided at the district
FAST = Policy(max_attempts=50, backoff_seconds=0.01, backoff_max_seconds=0.05, timeout_seconds=5)
DAYTIME = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai


@contextmanager
def fake_channels() -> Iterator[tuple[FakeSmsGateway, FakeRobots]]:
    gateway = FakeSmsGateway()
    robots = FakeRobots()
    delivery.register()
    with override(sms=FakeSmsProvider(gateway, "一窗受理"), robots=robots):
        yield gateway, robots


async def drain(now: datetime, rounds: int = 50) -> None:
    """Dispatch until nothing is due at ``now``."""
    for _ in range(rounds):
        if not await outbox.dispatch_once(FAST, now=now):
            return


async def courier_case(now: datetime, phone: str = "13800000000") -> dict[str, Any]:
    desk = await viewer("qiantai")
    answers = await answers_for(ITEM)
    materials = await full_materials(ITEM, answers)
    materials[0] = replace(materials[0], files=[(await photo(str(now)), "身份证照片.png")])
    req = IntakeRequest(item_code=ITEM, answers=answers, service_point_code="330106013",
                        channel=CaseChannel.COUNTER, id_number=ZHANG, name="张桂英", phone=phone,
                        materials=materials, issue_method=IssueMethod.COURIER,
                        delivery_address="杭州市西湖区文三路 1 号")
    return (await open_case(Actor.staff(desk), req, now=now)).case


async def inbox(person_id: int) -> list[dict[str, Any]]:
    return list(await Notification.filter(person_id=person_id, channel=NotifyChannel.INAPP)
                .order_by("id").values("event", "body", "status"))
