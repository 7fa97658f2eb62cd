"""A resident hears of every step of their case once, in order, with the right words: from
the counter's intake through a supplement, the approval and the courier to the delivery — in
我的消息 and by SMS (through the fake provider, which checks the request's signature). A booking
tells them when, where and the booking code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bench.backoffice_cases import photo, viewer
from bench.cases import ZHANG
from hub.core.clock import SHANGHAI
from hub.core.models import Case, CaseMaterial, Notification
from hub.core.models.enums import AnnotationKind, IssueMethod, NotifyChannel, NotifyStatus
from resolvers.cases import backoffice, issuance
from resolvers.cases.backoffice import AnnotationInput, SupplementFiles
from resolvers.cases.issuance import IssueRequest
from resolvers.notify import delivery
from resolvers.queue import appointments
from resolvers.queue.appointments import BookingRequest
from tests.notify.support import DAYTIME, courier_case, drain, fake_channels, inbox

pytestmark = [pytest.mark.both_databases, pytest.mark.usefixtures("database")]

JOURNEY = ["CASE_ACCEPTED", "SUPPLEMENT_REQUESTED", "CASE_APPROVED", "CASE_POSTED",
           "CASE_DELIVERED", "RATING_INVITED"]


async def test_a_case_from_intake_to_delivery_tells_the_resident_each_step_once_in_order(monkeypatch):
    clock = [DAYTIME]
    monkeypatch.setattr(delivery, "utcnow", lambda: clock[0])

    def step(hours: int):  # each step an hour later (5 SMS an hour is the rate limit)
        clock[0] = DAYTIME + timedelta(hours=hours)
        return clock[0]

    with fake_channels() as (gateway, _):
        # given a case received at the counter, to be posted
        case = await courier_case(step(0))
        a = await viewer("yb_a")
        await drain(clock[0])
        claimed = (await backoffice.claim(a, case["id"], version=case["version"], now=step(1))).case
        material = await CaseMaterial.filter(case_id=case["id"]).order_by("id").first()
        assert material is not None
        # when the approver asks for a supplement, the window takes it, she approves, it is posted
        asked = (await backoffice.request_supplement(
            a, case["id"], version=claimed["version"], now=step(2), note="照片须为近6个月内",
            annotations=[AnnotationInput(material.id, AnnotationKind.BLURRY, text="照片模糊")])).case
        desk = await viewer("qiantai")
        back = (await backoffice.supplement_at_window(
            desk, case["id"], version=asked["version"], now=step(3),
            files=[SupplementFiles(material.id, [(await photo("again"), "新照片.png")])])).case
        await drain(clock[0])
        approved = (await backoffice.approve(a, case["id"], version=back["version"], now=step(4))).case
        issuer = await viewer("chujian")
        await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.COURIER,
                                                       version=approved["version"]), now=step(5))
        await drain(clock[0])
        await issuance.confirm_delivery(issuer, case["id"], "张桂英", now=step(6))
        await drain(clock[0])
        await drain(step(7))  # a retry or a second dispatcher finds nothing more to send

    # then 我的消息 has each step once, in order, with the right words
    messages = await inbox(case["person_id"])
    assert [m["event"] for m in messages] == JOURNEY
    number = case["number"]
    assert messages[0]["body"] == (f"您申请的“基本医疗保险关系转移”已受理，办件编号 {number}。"
                                   "可在“我的办件”查看进度和受理回执。")
    asked_for = messages[1]["body"]
    assert f"需补正材料：{material.name}" in asked_for and "照片须为近6个月内" in asked_for
    assert "运单号 " in messages[3]["body"] and "已由 " in messages[3]["body"]
    # and the phone got the same steps once each, in order, signed, with the masked name only
    assert [r.template_code for r in gateway.received] == [f"OWH_{e}" for e in JOURNEY]
    assert all(r.phone == "13800000000" and r.sign_name == "一窗受理" for r in gateway.received)
    assert gateway.received[0].text.startswith("【一窗受理】张*英您好，您申请的“基本医疗保险关系转移”已受理")
    assert all("张桂英" not in r.text and ZHANG not in r.text and ZHANG[-6:] not in r.text
               for r in gateway.received)
    assert gateway.refused == 0
    sms = await Notification.filter(case_id=case["id"], channel=NotifyChannel.SMS).order_by("id") \
        .values_list("status", flat=True)
    assert sms == [NotifyStatus.SENT] * len(JOURNEY)
    assert (await Case.get(id=case["id"])).status == "ISSUED"


async def test_a_booking_tells_the_resident_when_where_and_the_code(monkeypatch):
    monkeypatch.setattr(delivery, "utcnow", lambda: DAYTIME)
    starts = datetime(2026, 12, 2, 9, 30, tzinfo=SHANGHAI).astimezone(UTC)  # a Wednesday
    with fake_channels() as (gateway, _):
        booked = await appointments.book(BookingRequest(
            service_point_code="330106013", prefix="A", starts_at=starts, name="张桂英", id_number=ZHANG,
            phone="13800001234"), datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
        await drain(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    inbox_rows = await Notification.filter(event="APPOINTMENT_BOOKED", channel=NotifyChannel.INAPP) \
        .values("body")
    assert len(inbox_rows) == 1
    assert inbox_rows[0]["body"].startswith("您已预约 12月2日 09:30 到 ")
    assert booked["code"] in inbox_rows[0]["body"]
    assert [(r.phone, r.params["code"], r.params["time"]) for r in gateway.received] == [
        ("13800001234", booked["code"], "12月2日 09:30")]
