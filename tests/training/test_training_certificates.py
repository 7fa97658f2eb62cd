"""Certificates (持证上岗): the gate, revocation, public verification, expiry reminders."""

from datetime import date, timedelta

import pytest

from bench.querycount import count_queries
from hub.core.clock import local_date, one_year_later, utcnow
from hub.core.errors import HubError
from hub.core.models import Certificate, Exam, Staff
from hub.core.models.enums import Role
from tests.factories import PASSWORD, make_staff
from training.certificates import mask_name
from training.gate import require_certificate

pytestmark = pytest.mark.both_databases

TODAY = date(2026, 11, 23)


async def certify(staff: Staff, issued_on: date = TODAY, **values) -> Certificate:
    exam = await Exam.get(code="FRONT_DESK")
    fields = {
        "code": f"TEST-{staff.id:04d}-{issued_on:%m%d}",
        "staff": staff,
        "exam": exam,
        "holder_name": staff.name,
        "exam_title": exam.title,
        "scope_categories": ["INTAKE"],
        "scope_departments": ["RS", "YB"],
        "issued_on": issued_on,
        "valid_until": one_year_later(issued_on),
    }
    return await Certificate.create(**(fields | values))


async def refusal(staff_id: int, **kwargs) -> str:
    with pytest.raises(HubError) as caught:
        await require_certificate(staff_id, **kwargs)
    assert caught.value.code == "NOT_CERTIFIED"
    return caught.value.message


async def test_the_gate_refuses_uncertified_expired_and_revoked_staff_and_admits_a_holder(database):
    # given the demo newcomer (王小雨) without a certificate
    staff = await Staff.get(username="xinren")
    message = await refusal(staff.id, category="INTAKE", department="YB", today=TODAY)
    assert message == (
        "在综合受理窗口服务、办理医保业务需持有效的上岗证（持证上岗）："
        "您尚未取得上岗证，请先参加培训并通过上岗考试"
    )
    # when they are certified, then they are admitted within the scope only
    cert = await certify(staff)
    admitted = await require_certificate(staff.id, category="INTAKE", department="YB", today=TODAY)
    assert admitted["code"] == cert.code
    assert await require_certificate(staff.id, today=TODAY)
    outside = await refusal(staff.id, department="MZ", today=TODAY)
    assert outside.startswith("办理民政业务需持有效的上岗证") and "不含此范围" in outside
    # and the day after the last valid day the same call refuses, naming the date
    last_day = one_year_later(TODAY)
    assert last_day == date(2027, 11, 22)
    assert await require_certificate(staff.id, category="INTAKE", today=last_day)
    expired = await refusal(staff.id, category="INTAKE", today=last_day + timedelta(days=1))
    assert f"您的上岗证 {cert.code} 已于 2027-11-22 到期" in expired


async def test_a_revocation_takes_effect_on_the_next_call(gql):
    # given a certified front-desk member in 文新街道
    staff = await make_staff("beichexiao", Role.FRONT_DESK)
    cert = await certify(staff, issued_on=local_date(utcnow()))
    assert await require_certificate(staff.id, category="INTAKE")
    # when a supervisor of another street tries, and then the district supervisor revokes it
    await make_staff("xixi_zhuren", Role.SUPERVISOR, point_code="330106004")
    await gql.login("xixi_zhuren", PASSWORD)
    revoke = """mutation($c:String!,$r:String!){ revokeCertificate(code:$c, reason:$r){
      certificate{ code status statusLabel revokedReason holder{ username } }
      errors{ code field message } } }"""
    outside = await gql(revoke, {"c": cert.code, "r": "违规操作"})
    assert outside["errors"][0]["message"] == "该服务点不在您的管辖范围内"
    await gql.login("zhuren", "demo1234")
    empty = (await gql(revoke, {"c": cert.code, "r": " "}))["data"]["revokeCertificate"]
    assert empty["errors"][0]["field"] == "reason"
    done = (await gql(revoke, {"c": cert.code, "r": "窗口服务投诉核实，暂停上岗"}))["data"][
        "revokeCertificate"
    ]
    assert done["certificate"] == {
        "code": cert.code,
        "status": "REVOKED",
        "statusLabel": "已撤销",
        "revokedReason": "窗口服务投诉核实，暂停上岗",
        "holder": {"username": "beichexiao"},
    }
    again = (await gql(revoke, {"c": cert.code, "r": "重复"}))["data"]["revokeCertificate"]
    assert again["errors"][0]["code"] == "ALREADY_REVOKED"
    # then the gate refuses at once, with the reason
    message = await refusal(staff.id, category="INTAKE")
    assert "已被撤销（窗口服务投诉核实，暂停上岗）" in message


async def test_a_front_desk_user_cannot_revoke(gql):
    staff = await make_staff("pingmin", Role.FRONT_DESK)
    cert = await certify(staff)
    await gql.login("qiantai", "demo1234")
    body = await gql(
        'mutation($c:String!){ revokeCertificate(code:$c, reason:"x"){ errors{ code } } }', {"c": cert.code}
    )
    assert body["errors"][0]["message"] == "需要以下角色之一：管理者、系统管理员"
    assert not (await Certificate.get(id=cert.id)).revoked


VERIFY = """query($c:String!){ verifyCertificate(code:$c){ code maskedName examTitle scope{ label }
  issuedOn validUntil status statusLabel } }"""


async def test_anyone_verifies_a_certificate_by_its_code_with_a_masked_name(gql):
    # the demo front-desk account 李晓敏 holds DEMO-0000-0001
    demo = (await gql(VERIFY, {"c": " demo-0000-0001 "}))["data"]["verifyCertificate"]
    assert demo["maskedName"] == "李*敏" and demo["status"] == "VALID" and demo["statusLabel"] == "有效"
    assert demo["examTitle"] == "综合窗口人员上岗考试" and demo["scope"]["label"].startswith(
        "综合受理；人社、医保"
    )
    staff = await make_staff("laozhang", Role.FRONT_DESK)
    old = await certify(staff, issued_on=date(2020, 1, 6))
    expired = (await gql(VERIFY, {"c": old.code}))["data"]["verifyCertificate"]
    assert expired["status"] == "EXPIRED" and expired["statusLabel"] == "已过期"
    assert expired["validUntil"] == "2021-01-05"
    assert (await gql(VERIFY, {"c": "NOPE-NOPE-NOPE"}))["data"]["verifyCertificate"] is None
    assert (await gql(VERIFY, {"c": ""}))["data"]["verifyCertificate"] is None


async def test_a_holder_sees_their_certificates_with_a_verification_qr(gql):
    await gql.login("qiantai", "demo1234")
    me = (await gql("{ me{ id } }"))["data"]["me"]["id"]
    query = (
        "query($s:ID!){ certificates(staffId:$s){ code status daysLeft verifyUrl qrDataUrl holder{ name } } }"
    )
    certs = (await gql(query, {"s": me}))["data"]["certificates"]
    assert [c["code"] for c in certs] == ["DEMO-0000-0001"]
    assert certs[0]["verifyUrl"] == "http://hub.test/verify/DEMO-0000-0001"
    assert certs[0]["qrDataUrl"].startswith("data:image/svg+xml;base64,") and certs[0]["daysLeft"] > 300
    other = await Staff.get(username="chujian")
    denied = await gql(query, {"s": str(other.id)})
    assert denied["errors"][0]["message"] == "只能查看本人或管辖范围内人员的上岗证"


EXPIRING = """query($d:Int!,$after:String){ expiringCertificates(days:$d, first:2, after:$after){
  edges{ node{ code daysLeft holder{ username } } } pageInfo{ hasNextPage endCursor } } }"""


async def test_expiring_certificates_for_30_and_7_day_reminders(gql):
    # given certificates ending in 5, 20 and 40 days in 文新街道, and one in 5 days in 西溪街道
    today = local_date(utcnow())
    made = {}
    for username, days, point in (
        ("a5", 5, "330106013"),
        ("b20", 20, "330106013"),
        ("c40", 40, "330106013"),
        ("d5", 5, "330106004"),
    ):
        staff = await make_staff(f"cert_{username}", Role.FRONT_DESK, point_code=point)
        made[username] = await certify(
            staff, issued_on=today - timedelta(days=300), valid_until=today + timedelta(days=days)
        )
    revoked = await make_staff("cert_revoked", Role.FRONT_DESK)
    await certify(
        revoked, issued_on=today - timedelta(days=300), valid_until=today + timedelta(days=3), revoked=True
    )
    # when the supervisor of 文新街道 asks for the next 30 and 7 days
    await make_staff("wenxin_zhuren", Role.SUPERVISOR, point_code="330106013")
    await gql.login("wenxin_zhuren", PASSWORD)
    with count_queries() as statements:
        first = (await gql(EXPIRING, {"d": 30}))["data"]["expiringCertificates"]
    assert len(statements) == 4, statements  # the viewer, the page, department names, the holders
    second = (await gql(EXPIRING, {"d": 30, "after": first["pageInfo"]["endCursor"]}))["data"][
        "expiringCertificates"
    ]
    codes = [e["node"]["code"] for e in first["edges"] + second["edges"]]
    # then only their subtree's valid certificates, soonest first; the district sees the other street too
    assert codes == [made["a5"].code, made["b20"].code] and first["pageInfo"]["hasNextPage"] is False
    week = (await gql(EXPIRING, {"d": 7}))["data"]["expiringCertificates"]["edges"]
    assert [(e["node"]["code"], e["node"]["daysLeft"]) for e in week] == [(made["a5"].code, 5)]
    await gql.login("zhuren", "demo1234")
    district = (await gql(EXPIRING, {"d": 7}))["data"]["expiringCertificates"]["edges"]
    assert {e["node"]["holder"]["username"] for e in district} == {"cert_a5", "cert_d5"}
    assert (await gql(EXPIRING, {"d": 0}))["errors"][0]["message"] == "天数须在 1 到 366 之间"


def test_names_are_masked_and_a_year_ends_the_day_before_the_anniversary():
    assert [mask_name(n) for n in ("李晓敏", "李敏", "欧阳晓敏", "李")] == ["李*敏", "李*", "欧**敏", "李"]
    assert one_year_later(date(2026, 3, 1)) == date(2027, 2, 28)
    assert one_year_later(date(2028, 2, 29)) == date(2029, 2, 28)


async def test_the_demo_newcomer_xinren_is_a_front_desk_member_without_a_certificate(database):
    # given the seeded demo accounts
    staff = await Staff.get(username="xinren").prefetch_related("service_point")
    # then 王小雨 is a front-desk member of 文新街道 who must still pass the exam
    assert (staff.name, staff.roles, staff.service_point.code) == ("王小雨", ["FRONT_DESK"], "330106013")
    assert not await Certificate.exists(staff_id=staff.id)
