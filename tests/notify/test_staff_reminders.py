"""Staff events to the supervisors' robot groups: a whistle call escalated (once), an 上岗证书
expiring in 30 and in 7 days (once each; not when renewed), a 差评整改 due and then overdue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bench.backoffice_cases import viewer
from hub.core.clock import local_date
from hub.core.models import (
    Certificate,
    Evaluation,
    Notification,
    Rectification,
    RobotGroup,
    ServicePoint,
    Staff,
)
from hub.core.models.enums import NotifyChannel, NotifyStatus, Role
from resolvers.notify import delivery, reminders
from resolvers.whistle import actions, presence
from resolvers.whistle.actions import RaiseRequest
from tests.notify.support import DAYTIME, drain, fake_channels
from tests.notify.test_robots_and_receipts import SECRET
from tests.whistle.test_whistle_api import expert

pytestmark = pytest.mark.both_databases


async def boss_group(robots) -> None:
    await RobotGroup.create(name="西湖区督办群", channel=NotifyChannel.DINGTALK, supervisors=True,
                            point=await ServicePoint.get(code="330106"),
                            webhook=robots.add_dingtalk("boss", SECRET), secret=SECRET, created_at=DAYTIME)


async def test_an_escalated_whistle_call_reaches_the_supervisors_group_once(database, monkeypatch):
    monkeypatch.setattr(delivery, "utcnow", lambda: DAYTIME)
    with fake_channels() as (_, robots):
        await boss_group(robots)
        desk = await viewer("qiantai")
        # a call nobody is on duty for is escalated at once; one routed to an expert, when unanswered
        nobody = RaiseRequest("城乡居民医保断缴后怎么补？", topic="医保补缴", department_code="YB")
        unrouted, _ = await actions.raise_call(desk, nobody, now=DAYTIME, on_duty_minutes=10)
        rs = await expert("rs_duty", "330106013")
        await presence.touch(rs.id, DAYTIME)
        question = RaiseRequest("张三的失业金怎么算？", item_code="330106-RS-002")
        routed, _ = await actions.raise_call(desk, question, now=DAYTIME, on_duty_minutes=10)
        assert routed["escalatedAt"] is None
        later = DAYTIME + timedelta(minutes=4)
        assert await actions.escalate_overdue(later, 3)
        assert await actions.escalate_overdue(later + timedelta(minutes=1), 3) == []  # once
        await drain(later)
    texts = robots.endpoints.texts("boss")
    assert len(texts) == 2 and all(t.startswith("【吹哨上报】") for t in texts)
    assert "无在岗专家" in texts[0] and "超时无人接单" in texts[1] and "失业登记" in texts[1]
    assert all("张三" not in t and "断缴" not in t for t in texts)  # never the question
    keys = await Notification.filter(event="WHISTLE_ESCALATED").order_by("id").values_list("key", flat=True)
    assert [k.rsplit(":", 1)[0] for k in keys] == [f"whistle:{unrouted['id']}:ESCALATED",
                                                    f"whistle:{routed['id']}:ESCALATED"]


async def certificate(username: str, until: date, title: str = "综合窗口上岗考试") -> Certificate:
    staff = await Staff.create(username=username, name="李晓敏", password_hash="x",
                               roles=[Role.FRONT_DESK.value],
                               service_point=await ServicePoint.get(code="330106013"))
    return await Certificate.create(code=f"C-{username}", staff=staff, holder_name=staff.name,
                                    exam_title=title, issued_on=until - timedelta(days=365),
                                    valid_until=until)


async def test_a_certificate_is_told_at_30_and_at_7_days_and_not_when_renewed(database, monkeypatch):
    monkeypatch.setattr(delivery, "utcnow", lambda: DAYTIME)
    today = local_date(DAYTIME)
    with fake_channels() as (_, robots):
        await boss_group(robots)
        expiring = await certificate("cert_a", today + timedelta(days=25))  # the job missed day 30
        renewed = await certificate("cert_b", today + timedelta(days=20))
        await Certificate.create(code="C-cert_b-2", staff_id=renewed.staff_id,  # type: ignore[attr-defined]
                                 holder_name="李晓敏", exam_title="综合窗口上岗考试", issued_on=today,
                                 valid_until=today + timedelta(days=385))
        first = await reminders.certificates_expiring(DAYTIME)
        again = await reminders.certificates_expiring(DAYTIME + timedelta(hours=1))
        week = await reminders.certificates_expiring(DAYTIME + timedelta(days=19))  # 6 days left
        week_again = await reminders.certificates_expiring(DAYTIME + timedelta(days=20))
        await drain(DAYTIME + timedelta(days=20))
    mine = await Notification.filter(key__startswith=f"certificate:{expiring.id}:").order_by("id").values(
        "key", "body", "status")
    assert [m["key"].split(":")[2] for m in mine] == ["30", "7"]
    assert not await Notification.filter(key__startswith=f"certificate:{renewed.id}:").exists()
    assert first >= 1 and week >= 1 and again == 0 and week_again == 0  # (demo certificates may add)
    assert "李*敏" in mine[0]["body"] and "剩25天" in mine[0]["body"] and "剩6天" in mine[1]["body"]
    assert all(m["status"] == NotifyStatus.DELIVERED for m in mine)
    assert any("剩25天" in t for t in robots.endpoints.texts("boss"))


async def test_a_rectification_is_told_the_day_before_it_is_due_and_when_overdue(database, monkeypatch):
    monkeypatch.setattr(delivery, "utcnow", lambda: DAYTIME)
    today = local_date(DAYTIME)
    point = await ServicePoint.get(code="330106013")
    with fake_channels() as (_, robots):
        await boss_group(robots)
        ev = await Evaluation.create(service_point=point, level=2, channel="PC", created_at=DAYTIME)
        rect = await Rectification.create(evaluation=ev, service_point=point,
                                          due_on=today + timedelta(days=3), created_at=DAYTIME)
        early = await reminders.rectifications_due(DAYTIME)
        due = await reminders.rectifications_due(DAYTIME + timedelta(days=2))
        due_again = await reminders.rectifications_due(DAYTIME + timedelta(days=3))
        overdue = await reminders.rectifications_due(DAYTIME + timedelta(days=4))
        await Rectification.filter(id=rect.id).update(status="DONE")
        done = await reminders.rectifications_due(DAYTIME + timedelta(days=5))
        await drain(DAYTIME + timedelta(days=5))
    assert (early, due, due_again, overdue, done) == (0, 1, 0, 1, 0)
    texts = robots.endpoints.texts("boss")
    assert len(texts) == 2 and all(t.startswith("【整改到期】") and "“不满意”" in t for t in texts)
