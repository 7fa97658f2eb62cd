"""Delivery that loses nothing and spams nobody: a burst of 100 events to one resident in the
evening waits for 08:00 and then sends no more than the hourly limit (the inbox keeps all 100);
a login code (the SMS-login contract) goes out at night; an opted-out resident gets no SMS; a
provider outage delays messages and loses none — each is delivered once after it returns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from hub.core import outbox
from hub.core.clock import utcnow
from hub.core.models import Notification, NotifyOptOut, OutboxMessage, Person
from hub.core.models.enums import NotifyChannel, NotifyStatus, OutboxStatus
from resolvers.notify import delivery, engine
from resolvers.notify.events import EVENTS
from tests.notify.support import DAYTIME, drain, fake_channels

pytestmark = [pytest.mark.both_databases, pytest.mark.usefixtures("database")]

EVENING = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
MORNING = datetime(2026, 3, 3, 0, 0, tzinfo=UTC)  # 08:00 the next day


async def _person() -> Person:
    person = await Person.first()
    assert person is not None
    return person


async def _events(person: Person, n: int, at: datetime, phone: str = "13700000000", tag: str = "") -> None:
    async with in_transaction() as conn:
        for i in range(n):
            await engine.to_resident(
                conn, EVENTS["CASE_ACCEPTED"], f"burst{tag}:{i}", person_id=person.id, phone=phone, at=at,
                params={"name": "张*英", "item": f"事项{i}", "number": f"N{i:03d}", "link": "/m/my/cases"})


async def test_a_burst_at_night_waits_for_the_morning_and_then_respects_the_rate_limit(monkeypatch):
    clock = [EVENING]
    monkeypatch.setattr(delivery, "utcnow", lambda: clock[0])
    person = await _person()
    with fake_channels() as (gateway, _):
        # given 100 case events for one resident at 22:00
        await _events(person, 100, EVENING)
        # and a login code enqueued by the SMS-login flow at the same time
        async with in_transaction() as conn:
            await outbox.enqueue(conn, "notify.sms", "login:13700000000:1", {
                "phone": "13700000000", "template": "login_code", "params": {"code": "123456"},
                "urgent": True}, now=EVENING)
        await drain(EVENING)
        # then only the login code is sent at night, its code kept out of the message list
        assert [(r.template_code, r.params) for r in gateway.received] == [
            ("OWH_LOGIN_CODE", {"code": "123456"})]
        assert gateway.received[0].text == ("【一窗受理】您的登录验证码为123456，5分钟内有效。"
                                            "如非本人操作请忽略。")
        login = await Notification.get(event="LOGIN_CODE")
        assert login.status == NotifyStatus.SENT and "123456" not in login.body
        assert login.masked == "137****0000"
        waiting = await Notification.filter(channel=NotifyChannel.SMS, event="CASE_ACCEPTED").values_list(
            "status", "reason")
        assert {tuple(w) for w in waiting} == {(NotifyStatus.QUEUED, "静默时段，延至 03-03 08:00 发送")}
        assert await OutboxMessage.filter(topic="notify.sms", status=OutboxStatus.PENDING,
                                          attempts__gt=0).count() == 0  # no attempt spent

        # when the morning comes
        clock[0] = MORNING
        await drain(MORNING)
    # then five are sent (the hourly limit), the rest suppressed with the reason; none twice
    sent = [r for r in gateway.received if r.template_code == "OWH_CASE_ACCEPTED"]
    assert [r.params["number"] for r in sent] == [f"N{i:03d}" for i in range(5)]
    statuses = await Notification.filter(channel=NotifyChannel.SMS, event="CASE_ACCEPTED").order_by("id") \
        .values_list("status", flat=True)
    assert statuses == [NotifyStatus.SENT] * 5 + [NotifyStatus.SUPPRESSED] * 95
    reason = (await Notification.filter(status=NotifyStatus.SUPPRESSED).first()).reason  # type: ignore[union-attr]
    assert reason.startswith("超过频率限制（每小时 5 条")
    # and 我的消息 has all 100
    assert await Notification.filter(person_id=person.id, channel=NotifyChannel.INAPP).count() == 100
    assert await OutboxMessage.filter(topic="notify.sms", status=OutboxStatus.PENDING).count() == 0


async def test_an_opted_out_resident_gets_no_sms_but_the_inbox_message(monkeypatch):
    monkeypatch.setattr(delivery, "utcnow", lambda: DAYTIME)
    person = await _person()
    await NotifyOptOut.create(person_id=person.id, channel=NotifyChannel.SMS, created_at=DAYTIME)
    with fake_channels() as (gateway, _):
        await _events(person, 1, DAYTIME)
        await drain(DAYTIME)
    assert gateway.received == []
    sms = await Notification.get(channel=NotifyChannel.SMS)
    assert (sms.status, sms.reason) == (NotifyStatus.SUPPRESSED, "居民已退订短信（站内消息照常）")
    assert await Notification.filter(channel=NotifyChannel.INAPP, status=NotifyStatus.DELIVERED).count() == 1


async def test_a_provider_outage_delays_messages_and_loses_none(monkeypatch):
    # (the outbox schedules retries by the real clock: no quiet hours whatever the time is)
    monkeypatch.setattr(delivery, "_rules", delivery.Rules(quiet_from=0, quiet_until=0))
    start = utcnow()
    person = await _person()
    with fake_channels() as (gateway, _):
        # given the provider is down while 12 messages to 12 phones are written
        gateway.down = True
        for i in range(12):
            await _events(person, 1, start, phone=f"1370000{i:04d}", tag=f"-{i}")
        for second in range(5):
            await drain(start + timedelta(seconds=second), rounds=3)
        # then nothing is lost: each has failed, is recorded as such and waits for a retry
        assert gateway.received == []
        failed = await Notification.filter(channel=NotifyChannel.SMS).values_list("status", "reason")
        assert len(failed) == 12
        assert all(s == NotifyStatus.FAILED and "ServiceUnavailable" in r for s, r in failed)
        assert await OutboxMessage.filter(topic="notify.sms", status=OutboxStatus.PENDING,
                                          attempts__gt=0).count() == 12
        # when the provider comes back
        gateway.down = False
        for second in range(5, 30):
            await drain(utcnow() + timedelta(seconds=second))
    # then every message is delivered exactly once
    assert sorted(r.phone for r in gateway.received) == [f"1370000{i:04d}" for i in range(12)]
    assert await Notification.filter(channel=NotifyChannel.SMS, status=NotifyStatus.SENT).count() == 12
    assert await OutboxMessage.filter(topic="notify.sms", status=OutboxStatus.DELIVERED).count() == 12
