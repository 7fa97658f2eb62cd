"""后台分类审批 rules on both databases: routing to the AB post (A not clocked in or on leave →
B), the claim race, who may claim or decide (another department, another region, a guessed id),
supplements with annotations and the paused clock, reminders and escalation once each,
pre-review then window acceptance, information checks."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from bench.backoffice_cases import PREREVIEW_ITEM, clock_in, district_case, photo, staff_id, viewer
from bench.cases import ZHANG, answers_for, full_materials, upload
from hub.core.clock import local_date
from hub.core.errors import HubError, PermissionDenied
from hub.core.models import Annotation, Case, CaseFile, CaseLog, CaseMaterial, StaffLeave, StaffNotice
from hub.core.models.enums import AnnotationKind, CaseChannel, CaseStatus, NoticeKind, Role
from resolvers.calendar.schedules import load_calendar
from resolvers.cases import backoffice, sla
from resolvers.cases.actors import Actor
from resolvers.cases.backoffice import AnnotationInput, RejectKind, SupplementFiles
from resolvers.cases.intake import IntakeRequest, open_case
from resolvers.people.registry import person_id_for
from tests.factories import make_staff

pytestmark = [pytest.mark.both_databases, pytest.mark.usefixtures("database")]

MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Hangzhou, an ordinary working week


async def notices_of(username: str) -> list[tuple[str, int | None]]:
    sid = await staff_id(username)
    return [(r["kind"], r["case_id"]) for r in await StaffNotice.filter(staff_id=sid).order_by("id").values(
        "kind", "case_id")]


async def photo_material(case: dict) -> tuple[int, int]:
    """(case material id, case file id) of the photo handed in at intake."""
    f = await CaseFile.filter(case_id=case["id"], stored__content_type="image/png").first()
    assert f is not None
    return f.material_id, f.id


async def test_a_case_is_routed_to_a_with_the_leader_copied_and_offered_to_b_when_a_is_not_clocked_in():
    case = await district_case(MONDAY)
    assert case["status"] == CaseStatus.RECEIVED and case["offered_to_backup"] is True
    assert await notices_of("yb_a") == [(NoticeKind.ASSIGNED, case["id"])]
    assert await notices_of("yb_lead") == [(NoticeKind.COPIED, case["id"])]
    assert await notices_of("yb_b") == [(NoticeKind.OFFERED, case["id"])]
    log = await CaseLog.filter(case_id=case["id"]).values_list("action", flat=True)
    assert list(log) == ["BASEDATA_FETCH", "RECEIVE"]
    assert await notices_of("rs_a") == []


async def test_a_clocked_in_keeps_the_case_and_b_may_not_claim_it():
    await clock_in("yb_a", MONDAY - timedelta(hours=1))
    case = await district_case(MONDAY)
    assert case["offered_to_backup"] is False
    assert await notices_of("yb_b") == []
    with pytest.raises(PermissionDenied):
        await backoffice.claim(await viewer("yb_b"), case["id"], version=case["version"], now=MONDAY)
    done = await backoffice.claim(await viewer("yb_a"), case["id"], version=case["version"], now=MONDAY)
    assert done.case["status"] == CaseStatus.IN_REVIEW and done.case["assignee_id"] == await staff_id("yb_a")


async def test_a_on_leave_hands_over_to_b_even_when_clocked_in():
    await clock_in("yb_a", MONDAY - timedelta(hours=1))
    await StaffLeave.create(staff_id=await staff_id("yb_a"), first_day=date(2026, 3, 2),
                            last_day=date(2026, 3, 3), reason="年休假")
    case = await district_case(MONDAY)
    assert case["offered_to_backup"] is True
    assert await notices_of("yb_b") == [(NoticeKind.OFFERED, case["id"])]
    done = await backoffice.claim(await viewer("yb_b"), case["id"], version=case["version"], now=MONDAY)
    assert done.case["assignee_id"] == await staff_id("yb_b")


async def test_two_approvers_claiming_at_once_exactly_one_wins():
    case = await district_case(MONDAY)  # offered to B: A and B may both claim
    a, b = await viewer("yb_a"), await viewer("yb_b")
    results = await asyncio.gather(
        backoffice.claim(a, case["id"], version=case["version"], now=MONDAY),
        backoffice.claim(b, case["id"], version=case["version"], now=MONDAY),
        return_exceptions=True)
    wins = [r for r in results if isinstance(r, backoffice.Done)]
    losses = [r for r in results if isinstance(r, HubError)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert losses[0].code == "CONFLICT"
    row = await Case.get(id=case["id"])
    assert row.status == CaseStatus.IN_REVIEW and row.assignee_id == wins[0].case["assignee_id"]
    assert await CaseLog.filter(case_id=case["id"], action="CLAIM").count() == 1


async def test_another_department_another_region_or_a_guessed_id_cannot_claim_or_decide():
    case = await district_case(MONDAY)
    # 人社 at the district; 医保 at a street (the item decides at the district)
    for name in ("rs_a", "shenpi"):
        with pytest.raises(HubError) as e:
            await backoffice.claim(await viewer(name), case["id"], version=case["version"])
        assert e.value.code == "NOT_FOUND"
    with pytest.raises(HubError) as e:
        await backoffice.claim(await viewer("yb_a"), case["id"] + 999, version=1)
    assert e.value.code == "NOT_FOUND"
    with pytest.raises(PermissionDenied):  # the window sees the case but does not decide it
        await backoffice.claim(await viewer("qiantai"), case["id"], version=case["version"])
    a = await viewer("yb_a")
    done = await backoffice.claim(a, case["id"], version=case["version"], now=MONDAY)
    with pytest.raises(PermissionDenied):  # claimed by A: B cannot approve it
        await backoffice.approve(await viewer("yb_b"), case["id"], version=done.case["version"])
    with pytest.raises(HubError) as e:  # a stale version is a conflict, not a lost update
        await backoffice.approve(a, case["id"], version=case["version"])
    assert e.value.code == "CONFLICT"
    approved = await backoffice.approve(a, case["id"], version=done.case["version"], note="材料齐全")
    assert approved.case["status"] == CaseStatus.APPROVED and approved.case["decision_note"] == "材料齐全"


async def test_the_leader_assigns_to_a_colleague_and_the_assignee_releases():
    case = await district_case(MONDAY)
    with pytest.raises(PermissionDenied):
        await backoffice.assign(await viewer("yb_b"), case["id"], await staff_id("yb_a"),
                                version=case["version"])
    with pytest.raises(HubError) as e:  # not of the department
        await backoffice.assign(await viewer("yb_lead"), case["id"], await staff_id("rs_a"),
                                version=case["version"])
    assert e.value.code == "NOT_FOUND"
    done = await backoffice.assign(await viewer("yb_lead"), case["id"], await staff_id("yb_b"),
                                   version=case["version"], now=MONDAY)
    assert done.case["assignee_id"] == await staff_id("yb_b")
    assert (NoticeKind.ASSIGNED, case["id"]) in await notices_of("yb_b")
    back = await backoffice.release(await viewer("yb_b"), case["id"], version=done.case["version"])
    assert back.case["status"] == CaseStatus.RECEIVED and back.case["assignee_id"] is None


async def test_annotations_are_checked():
    case = await district_case(MONDAY)
    a = await viewer("yb_a")
    case = (await backoffice.claim(a, case["id"], version=case["version"], now=MONDAY)).case
    material_id, file_id = await photo_material(case)
    other = await CaseMaterial.filter(case_id=case["id"]).exclude(id=material_id).first()
    assert other is not None
    pdf = await CaseFile.filter(case_id=case["id"], stored__content_type="application/pdf").first()

    async def attempt(*notes: AnnotationInput) -> str:
        with pytest.raises(HubError) as e:
            await backoffice.request_supplement(a, case["id"], version=case["version"], annotations=notes)
        return e.value.code

    assert await attempt() == "INVALID"
    assert await attempt(AnnotationInput(material_id, AnnotationKind.BLURRY, file_id=file_id,
                                         box={"x": 0.8, "y": 0.1, "w": 0.5, "h": 0.2})) == "INVALID"
    assert await attempt(AnnotationInput(material_id, AnnotationKind.BLURRY, file_id=file_id,
                                         box={"x": -0.1, "y": 0.1, "w": 0.5, "h": 0.2})) == "INVALID"
    assert await attempt(AnnotationInput(other.id, AnnotationKind.BLURRY, file_id=file_id)) == "NOT_FOUND"
    assert await attempt(AnnotationInput(-1, AnnotationKind.BLURRY)) == "NOT_FOUND"
    assert await attempt(AnnotationInput(material_id, AnnotationKind.OTHER)) == "INVALID"  # no text
    if pdf is not None:  # a box only on an image
        assert await attempt(AnnotationInput(pdf.material_id, AnnotationKind.BLURRY, file_id=pdf.id,
                                             box={"x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2})) == "INVALID"
    assert await Annotation.all().count() == 0
    assert (await Case.get(id=case["id"])).status == CaseStatus.IN_REVIEW


async def test_the_clock_pauses_during_a_supplement_and_the_due_date_moves_by_the_working_days_waited():
    case = await district_case(MONDAY)
    a = await viewer("yb_a")
    case = (await backoffice.claim(a, case["id"], version=case["version"], now=MONDAY)).case
    due, legal, remind = case["due_on"], case["legal_due_on"], case["remind_on"]
    material_id, file_id = await photo_material(case)
    asked = await backoffice.request_supplement(
        a, case["id"], version=case["version"], note="请补正", now=MONDAY + timedelta(hours=2),
        annotations=[AnnotationInput(material_id, AnnotationKind.BLURRY, "照片模糊，请重新拍摄", file_id,
                                     {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.25})])
    assert asked.case["status"] == CaseStatus.SUPPLEMENT and asked.case["paused_since"] is not None
    assert asked.case["supplement_round"] == 1
    note = await Annotation.get(material_id=material_id)
    assert note.box == {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.25} and note.file_id == file_id

    # nothing escalates or reminds while the case waits for the applicant
    assert (await sla.sweep(MONDAY + timedelta(days=30))).escalated == []

    # the applicant comes to another street's window on Thursday: 3 working days waited
    thursday = MONDAY + timedelta(days=3)
    await make_staff("beishan_desk", Role.FRONT_DESK, point_code="330106001")
    other_desk = await viewer("beishan_desk")
    fresh = await photo("clear")
    with pytest.raises(HubError) as e:  # another point's case needs the applicant's ID number
        await backoffice.supplement_at_window(other_desk, case["id"], version=asked.case["version"],
                                              files=[SupplementFiles(material_id, [(fresh, "新照片.png")])])
    assert e.value.code == "NOT_FOUND"
    with pytest.raises(HubError) as e:  # every annotated material needs a new file
        await backoffice.supplement_at_window(other_desk, case["id"], version=asked.case["version"],
                                              files=[], id_number=ZHANG)
    assert e.value.code == "MATERIAL_MISSING"
    done = await backoffice.supplement_at_window(
        other_desk, case["id"], version=asked.case["version"], id_number=ZHANG, now=thursday,
        files=[SupplementFiles(material_id, [(fresh, "新照片.png")])])
    cal = await load_calendar()
    assert done.case["status"] == CaseStatus.IN_REVIEW and done.case["paused_since"] is None
    assert done.case["paused_workdays"] == 3
    assert done.case["due_on"] == cal.add_workdays(due, 3).day
    assert done.case["legal_due_on"] == cal.add_workdays(legal, 3).day
    assert done.case["remind_on"] == cal.add_workdays(remind, 3).day
    assert await CaseFile.filter(case_id=case["id"], round=1, material_id=material_id).count() == 1
    assert (NoticeKind.SUPPLEMENTED, case["id"]) in await notices_of("yb_a")
    log = [r async for r in _actions(case["id"])]
    assert log[-2:] == ["REQUEST_SUPPLEMENT", "SUPPLEMENT"]


async def _actions(case_id: int):
    for a in await CaseLog.filter(case_id=case_id).order_by("id").values_list("action", flat=True):
        yield a


async def test_the_applicant_supplements_online_for_their_own_case_only():
    case = await district_case(MONDAY)
    a = await viewer("yb_a")
    case = (await backoffice.claim(a, case["id"], version=case["version"], now=MONDAY)).case
    material_id, _ = await photo_material(case)
    asked = await backoffice.request_supplement(
        a, case["id"], version=case["version"], now=MONDAY,
        annotations=[AnnotationInput(material_id, AnnotationKind.EXPIRED)])
    zhang = await person_id_for(ZHANG, "张桂英")
    stranger = await person_id_for("11010519491231002X", "李四")
    files = [SupplementFiles(material_id, [(await photo("online"), "a.png")])]
    with pytest.raises(HubError) as e:
        await backoffice.supplement_online(stranger, CaseChannel.PC, case["id"],
                                           version=asked.case["version"], files=files)
    assert e.value.code == "NOT_FOUND"
    done = await backoffice.supplement_online(zhang, CaseChannel.MOBILE, case["id"],
                                              version=asked.case["version"], files=files, now=MONDAY)
    assert done.case["status"] == CaseStatus.IN_REVIEW


async def test_reminder_and_escalation_happen_once_each():
    case = await district_case(MONDAY)
    remind_at = datetime.combine(case["remind_on"], datetime.min.time(), tzinfo=UTC) + timedelta(hours=2)
    assert local_date(remind_at) == case["remind_on"]
    early = await sla.sweep(remind_at - timedelta(days=1))
    assert case["number"] not in early.reminded
    first = await sla.sweep(remind_at)
    assert first.reminded == [case["number"]] and first.escalated == []
    assert (await sla.sweep(remind_at)).reminded == []
    assert (NoticeKind.REMINDER, case["id"]) in await notices_of("yb_a")

    late = datetime.combine(case["due_on"], datetime.min.time(), tzinfo=UTC) + timedelta(days=1, hours=2)
    swept = await sla.sweep(late)
    assert swept.escalated == [case["number"]]
    assert (await sla.sweep(late + timedelta(days=1))).escalated == []
    assert await notices_of("zhuren") == [(NoticeKind.ESCALATED, case["id"])]
    row = await Case.get(id=case["id"])
    assert row.reminded_at is not None and row.escalated_at is not None
    assert await CaseLog.filter(case_id=case["id"], action="REMIND").count() == 1
    assert await CaseLog.filter(case_id=case["id"], action="ESCALATE").count() == 1


async def test_the_reminder_point_offers_an_unclaimed_case_to_b():
    await clock_in("yb_a", MONDAY - timedelta(hours=1))
    case = await district_case(MONDAY)
    assert case["offered_to_backup"] is False
    remind_at = datetime.combine(case["remind_on"], datetime.min.time(), tzinfo=UTC) + timedelta(hours=2)
    await sla.sweep(remind_at)
    assert (await Case.get(id=case["id"])).offered_to_backup is True
    assert (NoticeKind.OFFERED, case["id"]) in await notices_of("yb_b")
    assert (NoticeKind.OFFERED, case["id"]) in await notices_of("yb_a")
    done = await backoffice.claim(await viewer("yb_b"), case["id"], version=case["version"], now=remind_at)
    assert done.case["assignee_id"] == await staff_id("yb_b")


async def test_reject_records_the_kind_and_reason():
    case = await district_case(MONDAY)
    a = await viewer("yb_a")
    case = (await backoffice.claim(a, case["id"], version=case["version"], now=MONDAY)).case
    with pytest.raises(HubError) as e:
        await backoffice.reject(a, case["id"], version=case["version"], reason=" ", kind=RejectKind.REJECT)
    assert e.value.code == "INVALID"
    done = await backoffice.reject(a, case["id"], version=case["version"], reason="不符合参保条件",
                                   kind=RejectKind.REJECT, now=MONDAY)
    assert done.case["status"] == CaseStatus.REJECTED and done.case["decision_note"] == "不符合参保条件"
    assert await backoffice.rejection_kind(case["id"]) == RejectKind.REJECT


async def test_pre_review_return_supplement_pass_then_acceptance_at_a_window():
    zhang = await person_id_for(ZHANG, "张桂英")
    answers = await answers_for(PREREVIEW_ITEM)
    materials = await full_materials(PREREVIEW_ITEM, answers, defer=False)
    req = IntakeRequest(item_code=PREREVIEW_ITEM, answers=answers, service_point_code="330106013",
                        channel=CaseChannel.PC, id_number=ZHANG, name="张桂英", materials=materials)
    case = (await open_case(Actor.applicant(zhang, CaseChannel.PC), req, now=MONDAY)).case
    assert case["status"] == CaseStatus.PREREVIEW and case["due_on"] is None
    assert await notices_of("yb_a") == []  # not in the queue before a window accepts it

    b = await viewer("yb_b")  # pre-review needs no claim
    first = await CaseMaterial.filter(case_id=case["id"]).first()
    assert first is not None
    asked = await backoffice.request_supplement(
        b, case["id"], version=case["version"], now=MONDAY,
        annotations=[AnnotationInput(first.id, AnnotationKind.UNSIGNED, "申请表缺少签字")])
    assert asked.case["status"] == CaseStatus.SUPPLEMENT and asked.case["paused_since"] is None
    back = await backoffice.supplement_online(
        zhang, CaseChannel.PC, case["id"], version=asked.case["version"], now=MONDAY,
        files=[SupplementFiles(first.id, [(await upload(b"signed"), "签字版.pdf")])])
    assert back.case["status"] == CaseStatus.PREREVIEW and (NoticeKind.SUPPLEMENTED, case["id"]) in \
        await notices_of("yb_b")
    passed = await backoffice.pass_prereview(b, case["id"], version=back.case["version"], now=MONDAY)
    assert passed.case["status"] == CaseStatus.PREREVIEWED

    tuesday = MONDAY + timedelta(days=1)
    with pytest.raises(HubError) as e:  # an uncertified window may not accept
        await backoffice.accept_prereviewed(await viewer("xinren"), case["id"],
                                            version=passed.case["version"], now=tuesday)
    assert e.value.code == "NOT_CERTIFIED"
    done = await backoffice.accept_prereviewed(await viewer("qiantai"), case["id"],
                                               version=passed.case["version"], now=tuesday)
    cal = await load_calendar()
    assert done.case["status"] == CaseStatus.RECEIVED and done.case["accepted_at"] is not None
    assert done.case["due_on"] == cal.add_workdays(date(2026, 3, 3), 10).day
    assert (NoticeKind.ASSIGNED, case["id"]) in await notices_of("yb_a")
    assert (NoticeKind.COPIED, case["id"]) in await notices_of("yb_lead")


async def test_an_information_check_is_flagged_at_the_window_and_answered_by_the_department():
    case = await district_case(MONDAY)
    with pytest.raises(PermissionDenied):  # the window flags, the department answers
        await backoffice.flag_info_check(await viewer("yb_a"), case["id"], field_name="出生日期",
                                         value="1958-03-12")
    desk = await viewer("qiantai")
    check, _ = await backoffice.flag_info_check(desk, case["id"], field_name="出生日期", value="1958-03-12",
                                                note="户口簿与身份证不一致", now=MONDAY)
    assert check["status"] == "OPEN" and (NoticeKind.INFO_CHECK, case["id"]) in await notices_of("yb_a")
    with pytest.raises(HubError) as e:  # another department cannot even see it
        await backoffice.answer_info_check(await viewer("rs_a"), check["id"], corrected_value="1958-03-21")
    assert e.value.code == "NOT_FOUND"
    answered, _ = await backoffice.answer_info_check(await viewer("yb_a"), check["id"],
                                                     corrected_value="1958-03-21", answer="以户籍系统为准")
    assert answered["status"] == "CORRECTED" and answered["corrected_value"] == "1958-03-21"
    assert answered["resolved_by__name"] == "孙明"
    with pytest.raises(HubError) as e:
        await backoffice.answer_info_check(await viewer("yb_b"), check["id"], corrected_value=None)
    assert e.value.code == "CONFLICT"
    assert (NoticeKind.INFO_CHECK, case["id"]) in await notices_of("qiantai")
    actions = await CaseLog.filter(case_id=case["id"]).values_list("action", flat=True)
    assert "INFO_CHECK" in actions and "INFO_CHECK_DONE" in actions
