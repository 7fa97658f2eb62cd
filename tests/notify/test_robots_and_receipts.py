"""联办提醒 reaches the next department's DingTalk group (signed as DingTalk documents) and its
WeCom group when a linked case is approved; a group whose secret is wrong is refused by the
robot and the message shows as failed. The SMS provider's delivery receipts are accepted only
when signed: a forged or stale receipt is refused with 403 and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from bench.backoffice_cases import district_case
from bench.cases import counter_viewer
from hub.core.models import Department, Notification, Person, RobotGroup, ServicePoint, Staff
from hub.core.models.enums import CaseStatus, NoticeKind, NotifyChannel, NotifyStatus
from hub.core.ports import ports
from resolvers.cases import routing
from resolvers.cases.actors import Actor
from resolvers.cases.joint import filing
from resolvers.cases.transitions import move
from resolvers.notify import delivery, engine
from resolvers.notify.events import EVENTS
from resolvers.notify.robots import dingtalk_sign, dingtalk_url
from tests.cases.joint_support import birth_request
from tests.notify.support import DAYTIME, drain, fake_channels

pytestmark = pytest.mark.both_databases

SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"


def test_the_dingtalk_signature_is_the_documented_one():
    # timestamp + "\n" + secret, HMAC-SHA256 keyed by the secret, base64, url-encoded in the URL
    # (the value as `printf "1700000000000\nSECxyz" | openssl dgst -sha256 -hmac SECxyz -binary | base64`)
    assert dingtalk_sign("SECxyz", 1700000000000) == "0PUR1j8g85Xg3vlFV/UrEcxXfF5HpCAGzcjrNfyJoyg="
    url = dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=t", "SECxyz", 1700000000000)
    assert url.endswith("&timestamp=1700000000000&sign=0PUR1j8g85Xg3vlFV%2FUrEcxXfF5HpCAGzcjrNfyJoyg%3D")


async def test_an_approved_linked_case_reminds_the_next_departments_groups(database, monkeypatch):
    monkeypatch.setattr(delivery, "utcnow", lambda: DAYTIME)
    staff = await Staff.get(username="qiantai")
    point = await ServicePoint.get(code="330106013")
    with fake_channels() as (_, robots):
        opened = await filing.open_application(Actor.staff(counter_viewer(staff.id, point.id, point.path)),
                                               await birth_request())
        ga, yb, rs = opened.cases
        # given DingTalk and WeCom groups of 医保 (the street's case) and a 人社 group with a wrong secret
        yb_dept, rs_dept = await Department.get(code="YB"), await Department.get(code="RS")
        ding = robots.add_dingtalk("yb-street", SECRET)
        await RobotGroup.create(name="医保审批群", channel=NotifyChannel.DINGTALK, department=yb_dept,
                                webhook=ding, secret=SECRET, created_at=DAYTIME)
        await RobotGroup.create(name="医保企业微信群", channel=NotifyChannel.WECOM, department=yb_dept,
                                webhook=robots.wecom_webhook("yb-key"), created_at=DAYTIME)
        await RobotGroup.create(name="人社群", channel=NotifyChannel.DINGTALK, department=rs_dept,
                                webhook=robots.add_dingtalk("rs", SECRET), secret="SECwrong",
                                created_at=DAYTIME)
        # when the 公安 case is approved
        async with in_transaction() as conn:
            await move(conn, ga["id"], expect=[CaseStatus.RECEIVED], to=CaseStatus.APPROVED,
                       actor=Actor(None, "王警官", "BACK_OFFICE", None), action="APPROVE", at=DAYTIME)
        await drain(DAYTIME)
        # then 医保's groups get the reminder, signed; 人社's wrong secret is refused by the robot
        number = opened.application["number"]
        expected = (f"【联办提醒】联办件 {number}（新生儿出生一件事）中的“出生登记”已由王警官审批通过，"
                    "请杭州市西湖区医疗保障局及时办理")
        assert [t[:len(expected)] for t in robots.endpoints.texts("yb-street")] == [expected]
        assert yb["number"] in robots.endpoints.texts("yb-street")[0]
        assert robots.endpoints.texts("yb-key")[0].startswith(expected)
        assert robots.endpoints.texts("rs") == [] and robots.endpoints.refused >= 1
        # (the demo's seeded 医保 group on the fake endpoints gets it too)
        assert robots.endpoints.texts("demo-yb")[0].startswith(expected)
        written = await Notification.filter(event="JOINT_NEXT").values("masked", "status", "reason")
        rows = {r["masked"]: r for r in written}
        assert rows["医保审批群"]["status"] == rows["医保企业微信群"]["status"] == NotifyStatus.DELIVERED
        assert rows["人社群"]["status"] == NotifyStatus.FAILED and "310000" in rows["人社群"]["reason"]
        # and a move that is not an approval reminds nobody
        before = await Notification.filter(event="JOINT_NEXT").count()
        async with in_transaction() as conn:
            await move(conn, yb["id"], expect=[CaseStatus.RECEIVED], to=CaseStatus.IN_REVIEW,
                       actor=Actor(None, "某人", "BACK_OFFICE", None), action="CLAIM", at=DAYTIME)
        assert await Notification.filter(event="JOINT_NEXT").count() == before
    assert rs  # (the 人社 case waits too)


async def test_a_forged_or_stale_delivery_receipt_is_refused_and_changes_nothing(gql, monkeypatch):
    monkeypatch.setattr(delivery, "_rules", delivery.Rules(quiet_from=0, quiet_until=0))
    gateway = ports().sms.gateway  # the app's own fake provider
    person = await Person.first()
    assert person is not None
    async with in_transaction() as conn:
        await engine.to_resident(conn, EVENTS["CASE_ACCEPTED"], "receipt-test", person_id=person.id,
                                 phone="13800000000", params={"name": "张*英"}, at=datetime.now(UTC))
    await drain(datetime.now(UTC))
    sms = await Notification.get(channel=NotifyChannel.SMS)
    assert sms.status == NotifyStatus.SENT and sms.provider_ref == gateway.received[0].biz_id

    forged_body, forged = gateway.receipt(sms.provider_ref, secret="not-the-secret")
    response = await gql.http.post("/notify/sms/receipts", content=forged_body, headers=forged)
    assert response.status_code == 403
    stale_body, stale = gateway.receipt(sms.provider_ref, timestamp=int(datetime.now(UTC).timestamp()) - 3600)
    assert (await gql.http.post("/notify/sms/receipts", content=stale_body, headers=stale)).status_code == 403
    unsigned = await gql.http.post("/notify/sms/receipts", content=forged_body)
    assert unsigned.status_code == 403
    assert (await Notification.get(id=sms.id)).status == NotifyStatus.SENT  # nothing changed

    body, headers = gateway.receipt(sms.provider_ref)
    tampered = body.replace(b'"success": true', b'"success": false')
    assert (await gql.http.post("/notify/sms/receipts", content=tampered, headers=headers)).status_code == 403
    response = await gql.http.post("/notify/sms/receipts", content=body, headers=headers)
    assert response.status_code == 200 and response.json()["changed"] == 1
    assert (await Notification.get(id=sms.id)).status == NotifyStatus.DELIVERED


async def test_reminders_and_escalations_reach_the_department_and_supervisor_groups(database, monkeypatch):
    monkeypatch.setattr(delivery, "utcnow", lambda: DAYTIME)
    with fake_channels() as (_, robots):
        # given a 医保 case, the department's WeCom group and the district supervisors' DingTalk group
        case = await district_case(DAYTIME, with_photo=False)
        yb = await Department.get(code="YB")
        district = await ServicePoint.get(code="330106")
        await RobotGroup.create(name="医保科室群", channel=NotifyChannel.WECOM, department=yb,
                                webhook=robots.wecom_webhook("yb-room"), created_at=DAYTIME)
        await RobotGroup.create(name="西湖区督办群", channel=NotifyChannel.DINGTALK, supervisors=True,
                                point=district, webhook=robots.add_dingtalk("boss", SECRET), secret=SECRET,
                                created_at=DAYTIME)
        a = await Staff.get(username="yb_a")
        # when the SLA sweep writes the 80 % reminder, then the escalation
        async with in_transaction() as conn:
            await routing.notify(conn, [(a.id, NoticeKind.REMINDER, "临期提醒：…")], case["id"], DAYTIME)
        async with in_transaction() as conn:
            await routing.notify(conn, [(a.id, NoticeKind.ESCALATED, "超期督办：…张桂英…")], case["id"],
                                 DAYTIME + timedelta(days=5))
        await drain(DAYTIME + timedelta(days=5))
    # then the department's group hears of both, the supervisors of the escalation only
    room = robots.endpoints.texts("yb-room")
    assert [t[:6] for t in room] == ["【临期提醒】", "【超期督办】"]
    assert case["number"] in room[0] and "基本医疗保险关系转移" in room[0]
    boss = robots.endpoints.texts("boss")
    assert len(boss) == 1 and boss[0].startswith(f"【超期督办】杭州市西湖区医疗保障局的办件 {case['number']}")
    assert all("张桂英" not in t for t in room + boss)  # the groups get no applicant's name
