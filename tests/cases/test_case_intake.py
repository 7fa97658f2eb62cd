"""Intake core: a counter intake freezes the checklist and starts the clock; the case number is
region + date + sequence and unique under concurrency; missing materials are refused and
nothing is written; due dates follow the holiday calendar (3 working days from 2026-09-30 is
the make-up Saturday 2026-10-10)."""

import asyncio
from datetime import UTC, date, datetime

import pytest
from tortoise.transactions import in_transaction

from bench.cases import answers_for, counter_intake, counter_viewer, full_materials
from hub.core.errors import HubError
from hub.core.models import Case, CaseFile, CaseLog, CaseMaterial, ServicePoint, Staff
from hub.core.models.enums import CaseChannel, CaseMaterialStatus, CaseStatus
from resolvers.calendar.workdays import WorkCalendar
from resolvers.cases import clock, numbering
from resolvers.cases.actors import Actor
from resolvers.cases.intake import IntakeRequest, MaterialInput, open_case
from resolvers.catalog.checklists import tailor_for

pytestmark = pytest.mark.both_databases

ITEM = "330106-YB-003"  # 基本医疗保险关系转移: promised 5 working days, decided by the district


async def _viewer():
    staff = await Staff.get(username="qiantai")
    point = await ServicePoint.get(code="330106013")
    return counter_viewer(staff.id, point.id, point.path)


def test_three_working_days_from_the_eve_of_national_day_is_the_make_up_saturday():
    d = clock.deadlines(WorkCalendar(), date(2026, 9, 30), 3, 20)
    assert d.due_on == date(2026, 10, 10)
    assert not d.provisional
    assert d.remind_on == date(2026, 10, 9)  # 80 % of 3 days → day 2


def test_a_due_date_past_the_known_years_is_provisional_not_a_crash():
    d = clock.deadlines(WorkCalendar(), date(2030, 12, 30), 3, 3)  # a Monday
    assert d.provisional and d.due_on == date(2031, 1, 3)  # 元旦 (Wednesday) skipped unpublished


def test_resuming_after_a_supplement_moves_the_due_date_by_the_days_waited():
    cal = WorkCalendar()
    accepted = datetime(2026, 11, 2, 2, tzinfo=UTC)  # Monday 10:00 in Hangzhou
    d = clock.deadlines(cal, accepted.date(), 5, 20)
    assert d.due_on == date(2026, 11, 9)
    r = clock.resume(cal, datetime(2026, 11, 3, 2, tzinfo=UTC), datetime(2026, 11, 6, 2, tzinfo=UTC),
                     d.due_on, d.legal_due_on, d.remind_on)
    assert r.paused_workdays == 3 and r.due_on == date(2026, 11, 12)


async def test_counter_intake_freezes_the_checklist_and_starts_the_clock(database):
    viewer = await _viewer()
    now = datetime(2026, 9, 30, 2, tzinfo=UTC)
    case = await counter_intake(viewer, ITEM, now=now)
    assert case["number"].startswith("33010620260930") and len(case["number"]) == 19
    assert case["status"] == CaseStatus.RECEIVED
    assert case["due_on"] == date(2026, 10, 13)  # 8, 9, 10 (补班 Saturday), 12, 13
    assert case["decide_path"] == "330100/330106/"  # a district-level item
    lines = await CaseMaterial.filter(case_id=case["id"]).values("name", "status")
    assert lines and all(r["status"] in {s.value for s in CaseMaterialStatus} for r in lines)
    assert await CaseFile.filter(case_id=case["id"]).count() >= 1
    log = await CaseLog.filter(case_id=case["id"]).values("action", "to_status", "actor_name", "channel")
    assert log == [{"action": "BASEDATA_FETCH", "to_status": None, "actor_name": "李晓敏",
                    "channel": "COUNTER"},
                   {"action": "RECEIVE", "to_status": "RECEIVED", "actor_name": "李晓敏",
                    "channel": "COUNTER"}]


async def test_a_missing_required_material_is_refused_and_nothing_is_written(database):
    viewer = await _viewer()
    answers = await answers_for(ITEM)
    materials = await full_materials(ITEM, answers)
    lines = (await tailor_for(ITEM, answers, {"ID_CARD": "电子身份证"})).checklist.lines
    needed = next(x.material for x in lines if x.requirement == "REQUIRED" and not x.satisfied_by)
    letter = needed.id
    before = await Case.all().count()
    req = IntakeRequest(item_code=ITEM, answers=answers, service_point_code="330106013",
                        channel=CaseChannel.COUNTER, id_number="330106195803120245", name="张桂英",
                        materials=[m for m in materials if m.material_id != letter])
    with pytest.raises(HubError) as e:
        await open_case(Actor.staff(viewer), req)
    assert e.value.code == "MATERIAL_MISSING"
    assert e.value.message == f"缺少必需材料“{needed.name}”，请上传后再提交"
    assert await Case.all().count() == before


async def test_an_original_must_be_seen_at_the_counter(database):
    viewer = await _viewer()
    answers = await answers_for(ITEM)
    materials = [MaterialInput(m.material_id, files=m.files, deferred=m.deferred, original_seen=False)
                 for m in await full_materials(ITEM, answers)]
    req = IntakeRequest(item_code=ITEM, answers=answers, service_point_code="330106013",
                        channel=CaseChannel.COUNTER, id_number="330106195803120245", name="张桂英",
                        materials=materials)
    with pytest.raises(HubError) as e:
        await open_case(Actor.staff(viewer), req)
    assert e.value.code == "ORIGINAL_NOT_SEEN"


async def test_case_numbers_are_unique_under_concurrent_intakes(database):
    day = date(2026, 12, 1)

    async def one() -> str:
        async with in_transaction() as conn:
            return await numbering.next_number(conn, "330106013", day)

    numbers = await asyncio.gather(*(one() for _ in range(40)))
    assert len(set(numbers)) == 40
    assert sorted(numbers)[0] == "3301062026120100001"
    assert sorted(numbers)[-1] == "3301062026120100040"
