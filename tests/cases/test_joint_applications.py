"""一件事联办 rules: one application of three items becomes three linked cases or nothing at
all; a material two items need is stored once and attached to each case; the application's
status aggregates its cases'; approving one linked case reminds the approvers of the others,
and every step lands on the application's channel."""

import pytest

from bench.cases import counter_viewer
from hub.core.errors import HubError
from hub.core.models import (
    Application,
    ApprovalPost,
    Case,
    CaseFile,
    Department,
    Event,
    ServicePoint,
    Staff,
    StaffNotice,
    StoredFile,
)
from hub.core.models.enums import CaseStatus, NoticeKind, Role
from resolvers.cases.actors import Actor
from resolvers.cases.joint import filing, tracking
from resolvers.cases.joint.bundles import SharedField, check_shared
from resolvers.cases.joint.tracking import aggregate
from resolvers.cases.transitions import move
from tests.cases.joint_support import MOTHER, birth_request, birth_shared
from tests.factories import make_staff

pytestmark = pytest.mark.both_databases

S = CaseStatus


async def _counter() -> Actor:
    staff = await Staff.get(username="qiantai")
    point = await ServicePoint.get(code="330106013")
    return Actor.staff(counter_viewer(staff.id, point.id, point.path))


# --- pure rules ----------------------------------------------------------------------------------


def test_the_application_status_aggregates_its_cases():
    assert aggregate([S.ISSUED, S.ISSUED, S.ISSUED]) == tracking.Aggregate("DONE", "已办结", 3, 3, 3)
    assert aggregate([S.ISSUED, S.SUPPLEMENT, S.REJECTED]).label == "待补件"
    assert aggregate([S.ISSUED, S.APPROVED, S.REJECTED]).label == "部分不予许可"
    assert aggregate([S.REJECTED, S.REJECTED]).label == "不予许可"
    progress = aggregate([S.ISSUED, S.IN_REVIEW, S.RECEIVED])
    assert (progress.code, progress.label, progress.done, progress.total) == (
        "IN_PROGRESS", "办理中（1/3 已办结）", 1, 3)
    # approvals move the label before anything is issued (issue 16)
    assert aggregate(["APPROVED", "RECEIVED"]).label == "办理中（1/2 已审批，0/2 已办结）"
    assert aggregate([S.ISSUED, S.APPROVED, S.IN_REVIEW]) == tracking.Aggregate(
        "IN_PROGRESS", "办理中（2/3 已审批，1/3 已办结）", 1, 3, 2)
    assert aggregate([S.APPROVED, S.ISSUED]) == tracking.Aggregate(
        "APPROVED", "已全部审批，待出件（1/2 已办结）", 1, 2, 2)


def test_shared_fields_are_checked_once_with_chinese_messages():
    from datetime import date
    fields = [SharedField("mother_id_number", "母亲身份证号码", "ID_NUMBER"),
              SharedField("birth_date", "出生日期", "DATE"),
              SharedField("phone", "联系电话", "PHONE"),
              SharedField("father_id_number", "父亲身份证号码", "ID_NUMBER", required=False),
              SharedField("gender", "新生儿性别", "SINGLE", options=(("male", "男"), ("female", "女")))]
    today = date(2026, 12, 1)
    ok = check_shared(fields, {"mother_id_number": " 330106199203150027 ", "birth_date": "2026-11-20",
                               "phone": "139 0000 1111", "gender": "female"}, today)
    assert ok == {"mother_id_number": "330106199203150027", "birth_date": "2026-11-20",
                  "phone": "13900001111", "gender": "female"}
    cases = [
        ({"birth_date": "2026-11-20", "phone": "13900001111", "gender": "male"},
         "shared.mother_id_number", "请填写“母亲身份证号码”"),
        ({"mother_id_number": "330106199203150028", "birth_date": "2026-11-20", "phone": "13900001111",
          "gender": "male"}, "shared.mother_id_number", "“母亲身份证号码”：身份证号码校验位不正确，请核对"),
        ({"mother_id_number": "330106199203150027", "birth_date": "2026-12-02", "phone": "13900001111",
          "gender": "male"}, "shared.birth_date", "“出生日期”不能晚于今天"),
        ({"mother_id_number": "330106199203150027", "birth_date": "2026-11-20", "phone": "12345",
          "gender": "male"}, "shared.phone", "“联系电话”应为 11 位手机号码或带区号的固定电话"),
        ({"mother_id_number": "330106199203150027", "birth_date": "2026-11-20", "phone": "13900001111",
          "gender": "x"}, "shared.gender", "“新生儿性别”请从选项中选择"),
    ]
    for values, where, message in cases:
        with pytest.raises(HubError) as e:
            check_shared(fields, values, today)
        assert (e.value.field, e.value.message) == (where, message)


# --- opening an application ----------------------------------------------------------------------


async def test_one_application_of_three_items_opens_three_linked_cases(database):
    opened = await filing.open_application(await _counter(), await birth_request())
    app = opened.application
    assert app["number"].startswith("330106L") and app["number"].endswith("00001")
    assert len(app["number"]) == 20
    assert app["signed_name"] == "陈晓燕" and app["signed_at"] is not None
    assert app["shared"]["mother_id_number"] == MOTHER and app["shared"]["baby_name"] == "陈安安"
    cases = opened.cases
    assert [c["item_code"] for c in cases] == ["330106-GA-001", "330106-YB-002", "330106-RS-012"]
    assert {c["application_id"] for c in cases} == {app["id"]}
    assert all(c["status"] == S.RECEIVED and c["channel"] == "COUNTER" for c in cases)
    assert len({c["number"] for c in cases}) == 3
    # parallel routing: each case goes to its own department
    dept_ids = [c["department_id"] for c in cases]
    depts = dict(await Department.filter(id__in=dept_ids).values_list("id", "code"))
    assert [depts[c["department_id"]] for c in cases] == ["GA", "YB", "RS"]
    # the shared birth date answered both items' questions
    born = birth_shared()["birth_date"]
    assert cases[0]["answers"]["birth_date"] == born and cases[1]["answers"]["birth_date"] == born
    # one event per case plus the application's own (and the bells of the approvers told)
    assert [e.channel for e in opened.events][-1] == f"application:{app['id']}"
    assert len([e for e in opened.events if not e.channel.startswith("notices:")]) == 4


async def test_a_material_several_items_need_is_stored_once_and_attached_to_each(database):
    opened = await filing.open_application(await _counter(), await birth_request())
    ids = [c["id"] for c in opened.cases]
    rows = await CaseFile.filter(case_id__in=ids, material__name="出生医学证明").values(
        "case_id", "stored_id")
    assert sorted(r["case_id"] for r in rows) == sorted(ids)  # 出生登记, 新生儿参保, 社保卡申领
    assert len({r["stored_id"] for r in rows}) == 1
    stored = await StoredFile.get(id=rows[0]["stored_id"])
    assert await StoredFile.filter(sha256=stored.sha256).count() == 1


async def test_a_missing_material_in_the_third_item_creates_no_application_and_no_case(database):
    before = (await Application.all().count(), await Case.all().count(), await CaseFile.all().count())
    req = await birth_request(drop=(2, "监护人居民身份证"))
    with pytest.raises(HubError) as e:
        await filing.open_application(await _counter(), req)
    assert e.value.code == "MATERIAL_MISSING"
    assert e.value.field == "items.2.materials"
    assert e.value.message == "第 3 项“社会保障卡申领”：缺少必需材料“监护人居民身份证”，请上传后再提交"
    after = (await Application.all().count(), await Case.all().count(), await CaseFile.all().count())
    assert after == before
    # the numbers were not used up either: the next application is still the first of the day
    opened = await filing.open_application(await _counter(), await birth_request())
    assert opened.application["number"].endswith("00001")


async def test_the_signature_is_the_applicants_own_name(database):
    with pytest.raises(HubError) as e:
        await filing.open_application(await _counter(), await birth_request(signed_name="陈立"))
    assert (e.value.code, e.value.field) == ("SIGNATURE_MISMATCH", "signedName")
    with pytest.raises(HubError) as e:
        await filing.open_application(
            await _counter(), await birth_request(shared=birth_shared(mother_id_number="123")))
    assert (e.value.code, e.value.field) == ("INVALID_ID_NUMBER", "shared.mother_id_number")
    assert await Application.all().count() == 0


# --- after a linked case moves -------------------------------------------------------------------


async def test_approving_one_linked_case_reminds_the_approvers_of_the_others(database):
    opened = await filing.open_application(await _counter(), await birth_request())
    ga, yb, rs = opened.cases
    # 人社 decides 社保卡申领 at the city: an AB post is configured there; 医保 decides 新生儿参保
    # at the street, where 陈建国 (shenpi) is its back office.
    city = await ServicePoint.get(code="330100")
    a_post = await make_staff("rs_city_a", Role.BACK_OFFICE, point_code="330100")
    b_post = await make_staff("rs_city_b", Role.BACK_OFFICE, point_code="330100")
    rs_dept = await Department.get(code="RS")
    await ApprovalPost.create(department=rs_dept, point=city, primary=a_post, backup=b_post)
    police = await make_staff("ga_district", Role.BACK_OFFICE, point_code="330106")
    approver = Actor(police.id, "公安审批员", "BACK_OFFICE", None)
    from tortoise.transactions import in_transaction
    async with in_transaction() as conn:
        await move(conn, ga["id"], expect=[S.RECEIVED], to=S.APPROVED, actor=approver, action="APPROVE")
    notices = await StaffNotice.filter(kind=NoticeKind.JOINT).order_by("case_id").values(
        "staff__username", "case_id", "message")
    shenpi_notice = [n for n in notices if n["staff__username"] == "shenpi"]
    assert [n["case_id"] for n in shenpi_notice] == [yb["id"]]
    assert [n["case_id"] for n in notices if n["staff__username"] == "rs_city_a"] == [rs["id"]]
    assert not [n for n in notices if n["staff__username"] == "rs_city_b"]  # A post only
    message = shenpi_notice[0]["message"]
    assert message.startswith(f"联办件 {opened.application['number']}（新生儿出生一件事）中的"
                              "“出生登记”已由 公安审批员 审批通过，请及时办理")
    assert yb["number"] in message
    # the step is on the application's channel with the aggregated status
    events = await Event.filter(channel=f"application:{opened.application['id']}").order_by("seq").values(
        "kind", "payload")
    assert [e["kind"] for e in events] == ["OPENED", "CASE_MOVED"]
    assert events[1]["payload"]["to"] == "APPROVED" and events[1]["payload"]["number"] == ga["number"]
    assert events[1]["payload"]["statusLabel"] == "办理中（1/3 已审批，0/3 已办结）"  # the approval shows
    # a move that is not an approval reminds nobody
    async with in_transaction() as conn:
        await move(conn, yb["id"], expect=[S.RECEIVED], to=S.IN_REVIEW, actor=approver, action="CLAIM")
    assert await StaffNotice.filter(kind=NoticeKind.JOINT).count() == len(notices)
