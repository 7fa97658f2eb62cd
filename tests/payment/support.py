"""Helpers for payment tests: a case of the demo's fee item (居民身份证 工本费 20 元), its
approval and refusal, and the fake platform's notifications delivered by hand."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from bench.cases import ZHANG, full_materials
from hub.core.clock import utcnow
from hub.core.models import PaymentLog, PaymentOrder
from hub.core.models.enums import CaseChannel, CaseStatus
from hub.core.ports import ports
from resolvers.cases import transitions
from resolvers.cases.actors import Actor
from resolvers.cases.intake import IntakeRequest, open_case
from resolvers.payment import notify, orders
from resolvers.payment.platform import FakePlatform, SignedNotification
from tests.cases.issuance_support import approve, viewer_of

ID_CARD = "330106-GA-004"
FIRST = {"apply_type": "first", "birth_date": "1980-05-06"}


def platform() -> FakePlatform:
    fake = ports().payment
    assert isinstance(fake, FakePlatform)
    return fake


async def fee_case(answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """A case of 居民身份证申领 received at the counter (first application: 20 元 unless 低保)."""
    desk = await viewer_of("qiantai")
    answers = answers or FIRST
    materials = await full_materials(ID_CARD, answers)
    req = IntakeRequest(item_code=ID_CARD, answers=answers, service_point_code="330106013",
                        channel=CaseChannel.COUNTER, id_number=ZHANG, name="张桂英",
                        phone="13800000000", materials=materials)
    return (await open_case(Actor.staff(desk), req)).case


async def refuse(case_id: int) -> None:
    async with in_transaction() as conn:
        await transitions.move(conn, case_id, expect=[CaseStatus.RECEIVED, CaseStatus.IN_REVIEW,
                                                      CaseStatus.APPROVED],
                               to=CaseStatus.REJECTED, actor=Actor.system(), action="REJECT",
                               detail={"note": "不符合条件"}, decided_at=utcnow(),
                               decision_note="不符合条件")


async def checkout(case_id: int) -> dict[str, Any]:
    desk = await viewer_of("qiantai")
    return (await orders.checkout(case_id, Actor.staff(desk))).order


async def deliver(note: SignedNotification) -> notify.Reply:
    return await notify.receive(note.headers, note.body)


async def order_row(order_id: int) -> dict[str, Any]:
    return (await PaymentOrder.filter(id=order_id).values())[0]


async def actions(order_id: int) -> list[str]:
    return list(await PaymentLog.filter(order_id=order_id).order_by("id").values_list("action", flat=True))


__all__ = ["approve"]
