"""Issuance (统一窗口出件) and ratings (好差评) as business rules: pickup with the identity check
(and an agent's 委托书), courier through the adapter, grid-worker delivery with the resident's
signature; exactly one issuance under concurrency; one rating per case, a bad rating opening a
rectification due in 5 working days that the supervisor closes with a callback; and who may
do each of these."""

import asyncio
from datetime import timedelta

import pytest

from bench.cases import NEWCOMER, ZHANG
from hub.core.clock import local_date, utcnow
from hub.core.errors import HubError, PermissionDenied
from hub.core.models import Case, CaseLog, Evaluation, Issuance, Rectification, StaffNotice
from hub.core.models.enums import CaseChannel, IssueMethod, Role
from hub.core.ports import override
from resolvers.calendar.schedules import load_calendar
from resolvers.cases import couriers, issuance, ratings
from resolvers.cases.actors import Actor
from resolvers.cases.issuance import IssueRequest
from tests.cases.issuance_support import approved_case, viewer_of
from tests.factories import make_staff

pytestmark = pytest.mark.both_databases

OTHER = "330106195901010015"  # a valid ID number of someone else (an agent)


async def _log(case_id: int) -> list[dict]:
    return list(await CaseLog.filter(case_id=case_id).order_by("id").values("action", "actor_name",
                                                                              "channel", "detail"))


async def test_pickup_needs_the_applicants_id_card_or_an_agents_mandate(database):
    case = await approved_case()
    issuer = await viewer_of("chujian")
    with pytest.raises(HubError) as wrong:
        await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.PICKUP,
                                                       collector_id_number=NEWCOMER))
    assert wrong.value.code == "IDENTITY_MISMATCH" and "代领" in wrong.value.message
    with pytest.raises(HubError) as bad:
        await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.PICKUP,
                                                       collector_id_number="330106195803120240"))
    assert bad.value.code == "INVALID_ID_NUMBER"
    with pytest.raises(HubError) as no_mandate:
        await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.PICKUP, agent=True,
                                                       agent_name="李四", collector_id_number=OTHER))
    assert no_mandate.value.code == "MANDATE_REQUIRED"
    assert (await Case.get(id=case["id"])).status == "APPROVED"

    done = await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.PICKUP,
                                                          collector_id_number=ZHANG,
                                                          version=case["version"]))
    assert done.case["status"] == "ISSUED" and done.case["issued_at"] is not None
    assert done.issuance["recipient_name"] == "张桂英" and done.issuance["identity_checked"]
    assert done.issuance["confirmed_at"] is not None and done.issuance["issued_by__name"] == "赵丽"
    last = (await _log(case["id"]))[-1]
    assert last["action"] == "ISSUE" and last["actor_name"] == "赵丽" and last["channel"] == "COUNTER"
    assert done.events[0].channel == f"case:{case['id']}"

    with pytest.raises(HubError) as twice:
        await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.PICKUP,
                                                       collector_id_number=ZHANG))
    assert twice.value.code == "CONFLICT" and "不能重复出件" in twice.value.message


async def test_an_agent_collects_with_a_mandate_and_the_audit_masks_the_id(database):
    case = await approved_case()
    done = await issuance.issue_case(await viewer_of("chujian"), IssueRequest(
        case["id"], IssueMethod.PICKUP, agent=True, agent_name="李四", collector_id_number=OTHER,
        mandate="授权委托书（2026）第 18 号"))
    assert done.issuance["by_agent"] and done.issuance["recipient_name"] == "李四"
    detail = (await _log(case["id"]))[-1]["detail"]
    assert detail["agent"] == {"name": "李四", "idNumber": "330106********0015",
                               "mandate": "授权委托书（2026）第 18 号"}
    assert OTHER not in str(await _log(case["id"]))


class FakeCourier:
    name = "测试快递"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def dispatch(self, case, address):
        self.sent.append((case["number"], address))
        return f"T{len(self.sent):06d}"


async def test_courier_records_the_adapters_tracking_number_then_the_delivery(database):
    assert couriers.ems_number(12345678) == "EA123456785CN"  # the UPU S10 check digit
    case = await approved_case(delivery_address="杭州市西湖区文三路 1 号")
    fake = FakeCourier()
    with override(couriers=fake):
        issuer = await viewer_of("chujian")
        with pytest.raises(HubError) as no_address:
            await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.COURIER, address=" "))
        assert no_address.value.code == "INVALID"
        done = await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.COURIER))
    assert fake.sent == [(case["number"], "杭州市西湖区文三路 1 号")]
    assert done.issuance["courier"] == "测试快递" and done.issuance["tracking_number"] == "T000001"
    assert done.issuance["confirmed_at"] is None and done.case["issue_method"] == "COURIER"
    assert (await _log(case["id"]))[-1]["detail"]["trackingNumber"] == "T000001"

    # the grid worker has nothing to confirm here; the issuance window records the delivery
    with pytest.raises(HubError):
        await issuance.confirm_delivery(await viewer_of("wangge"), case["id"], "张桂英")
    delivered = await issuance.confirm_delivery(issuer, case["id"], "张桂英")
    assert delivered.issuance["confirmed_at"] is not None
    assert (await _log(case["id"]))[-1]["action"] == "DELIVERED"
    with pytest.raises(HubError) as again:
        await issuance.confirm_delivery(issuer, case["id"], "张桂英")
    assert again.value.code == "CONFLICT"


async def test_the_local_courier_makes_ems_like_numbers(database):
    case = await approved_case()
    done = await issuance.issue_case(await viewer_of("chujian"), IssueRequest(
        case["id"], IssueMethod.COURIER, address="杭州市西湖区文三路 1 号"))
    number = done.issuance["tracking_number"]
    assert number.startswith("EA") and number.endswith("CN") and len(number) == 13
    assert couriers.ems_number(int(number[2:10])) == number


async def test_a_grid_worker_delivers_and_records_the_residents_signature(database):
    case = await approved_case()
    issuer = await viewer_of("chujian")
    workers = await issuance.grid_workers_for(case["service_point_id"])
    wangge = next(w for w in workers if w["name"] == "黄雨晴")
    with pytest.raises(HubError) as nobody:
        await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.GRID,
                                                       address="石灰桥社区 3 幢"))
    assert nobody.value.code == "INVALID" and nobody.value.field == "gridWorkerId"
    await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.GRID, address="石灰桥社区 3 幢",
                                                   grid_worker_id=wangge["id"]))
    grid = await viewer_of("wangge")
    assert await StaffNotice.filter(staff_id=grid.staff_id, case_id=case["id"]).exists()
    tasks = await issuance.my_deliveries(grid)
    assert [t["case__number"] for t in tasks] == [case["number"]]

    other = await make_staff("grid2", Role.GRID_WORKER, point_code="330106004053")
    with pytest.raises(HubError) as not_theirs:
        await issuance.confirm_delivery(await viewer_of(other.username), case["id"], "张桂英")
    assert not_theirs.value.code == "NOT_FOUND"
    with pytest.raises(HubError) as unsigned:
        await issuance.confirm_delivery(grid, case["id"], " ")
    assert unsigned.value.field == "signedName"
    done = await issuance.confirm_delivery(grid, case["id"], "张桂英")
    assert done.issuance["recipient_name"] == "张桂英" and done.issuance["confirmed_at"] is not None
    last = (await _log(case["id"]))[-1]
    assert (last["action"], last["actor_name"], last["channel"]) == ("DELIVERED", "黄雨晴", "GRID")
    assert last["detail"]["signedName"] == "张桂英"
    assert await issuance.my_deliveries(grid) == []


async def test_two_windows_issuing_at_once_leave_exactly_one_issuance(database):
    case = await approved_case()
    issuer = await viewer_of("chujian")
    desk = await viewer_of("qiantai")
    results = await asyncio.gather(
        *(issuance.issue_case(v, IssueRequest(case["id"], IssueMethod.PICKUP, collector_id_number=ZHANG))
          for v in (issuer, desk, issuer, desk)), return_exceptions=True)
    ok = [r for r in results if not isinstance(r, BaseException)]
    failed = [r for r in results if isinstance(r, BaseException)]
    assert len(ok) == 1 and len(failed) == 3
    assert all(isinstance(f, HubError) and f.code == "CONFLICT" for f in failed), failed
    assert await Issuance.filter(case_id=case["id"]).count() == 1
    assert await CaseLog.filter(case_id=case["id"], action="ISSUE").count() == 1


async def test_who_may_issue(database):
    case = await approved_case()
    other_point = await make_staff("other_issuer", Role.ISSUER, point_code="330106004")
    with pytest.raises(HubError) as elsewhere:
        await issuance.issue_case(await viewer_of(other_point.username), IssueRequest(
            case["id"], IssueMethod.PICKUP, collector_id_number=ZHANG))
    assert elsewhere.value.code == "NOT_FOUND"
    uncertified = await make_staff("new_issuer", Role.ISSUER)
    with pytest.raises(HubError) as gate:
        await issuance.issue_case(await viewer_of(uncertified.username), IssueRequest(
            case["id"], IssueMethod.PICKUP, collector_id_number=ZHANG))
    assert gate.value.code == "NOT_CERTIFIED" and "综合出件" in gate.value.message
    with pytest.raises(PermissionDenied):
        await issuance.issue_case(await viewer_of("shenpi"), IssueRequest(
            case["id"], IssueMethod.PICKUP, collector_id_number=ZHANG))
    # the issuance queue of the point lists it, and an ID card read narrows it
    issuer = await viewer_of("chujian")
    assert [r["id"] for r in await issuance.issuance_queue(issuer)] == [case["id"]]
    assert [r["id"] for r in await issuance.issuance_queue(issuer, ZHANG)] == [case["id"]]
    assert await issuance.issuance_queue(issuer, NEWCOMER) == []
    assert await issuance.issuance_queue(await viewer_of(other_point.username)) == []


async def test_the_issuance_queue_finds_by_number_tail_or_name_and_reads_applicants(database):
    # given an approved case waiting at 文新街道's issuance window
    case = await approved_case()
    issuer = await viewer_of("chujian")
    # then the tail of its number or part of the applicant's name finds it; LIKE's wildcards
    # typed by the clerk are plain characters; a head of the number is not a tail
    for keyword in (case["number"][-5:], case["applicant_name"][1:], f" {case['number'][-3:]} "):
        assert [r["id"] for r in await issuance.issuance_queue(issuer, keyword=keyword)] == [case["id"]]
    for keyword in ("%", "_", case["number"][:6], "无此人"):
        assert await issuance.issuance_queue(issuer, keyword=keyword) == [], keyword
    # and each case comes with its applicant's registry row, as the window masks it
    [(row, applicant)] = await issuance.issuance_queue_with_applicants(issuer, ZHANG)
    assert [row] == await Case.filter(id=case["id"]).values()
    assert applicant == {"id": row["person_id"], "id_number": ZHANG, "name": applicant["name"]}


async def test_a_case_not_yet_approved_cannot_be_issued(database):
    from bench.cases import counter_intake

    case = await counter_intake(await viewer_of("qiantai"), "330106-YB-003")
    with pytest.raises(HubError) as early:
        await issuance.issue_case(await viewer_of("chujian"), IssueRequest(
            case["id"], IssueMethod.PICKUP, collector_id_number=ZHANG))
    assert early.value.code == "CONFLICT" and "尚未审批通过" in early.value.message


async def _issued() -> dict:
    case = await approved_case()
    await issuance.issue_case(await viewer_of("chujian"), IssueRequest(
        case["id"], IssueMethod.PICKUP, collector_id_number=ZHANG))
    return (await Case.filter(id=case["id"]).values())[0]


async def test_one_rating_per_case_and_a_bad_one_opens_a_rectification(database):
    case = await _issued()
    row, actor = await ratings.case_for_rater(None, None, case_id=None, number=case["number"],
                                              id_number=ZHANG, channel=CaseChannel.MOBILE)
    assert actor.channel == "MOBILE" and actor.name == "申请人"
    with pytest.raises(HubError) as level:
        await ratings.evaluate_case(row, actor, ratings.RatingInput(6))
    assert level.value.code == "INVALID"
    with pytest.raises(HubError) as long:
        await ratings.evaluate_case(row, actor, ratings.RatingInput(4, "好" * 501))
    assert long.value.field == "comment"

    done = await ratings.evaluate_case(row, actor, ratings.RatingInput(2, "等了很久，窗口态度一般"))
    assert done.evaluation["level"] == 2 and done.evaluation["channel"] == "MOBILE"
    rect = done.rectification
    assert rect is not None and rect["status"] == "OPEN" and rect["assigned_to__name"] == "王主任"
    today = local_date(utcnow())
    assert rect["due_on"] == (await load_calendar()).add_workdays(today, 5).day
    zhuren = await viewer_of("zhuren")
    notice = await StaffNotice.get(staff_id=zhuren.staff_id, kind="RECTIFICATION")
    assert "不满意" in notice.message and case["number"] in notice.message
    last = (await _log(case["id"]))[-1]
    assert last["action"] == "EVALUATE" and last["detail"]["label"] == "不满意"

    with pytest.raises(HubError) as twice:
        await ratings.evaluate_case(row, actor, ratings.RatingInput(5))
    assert twice.value.code == "ALREADY_RATED" and "只能评价一次" in twice.value.message

    # the supervisor records the measures and the callback, then closes
    listed = await ratings.rectifications(zhuren)
    assert [r["id"] for r in listed] == [rect["id"]]
    with pytest.raises(HubError) as early:
        await ratings.update_rectification(zhuren, rect["id"], ratings.RectificationUpdate(
            measures="窗口增派人手"), close=True)
    assert early.value.code == "INCOMPLETE" and "回访时间" in early.value.message
    called = utcnow() - timedelta(minutes=5)
    closed, events = await ratings.update_rectification(zhuren, rect["id"], ratings.RectificationUpdate(
        measures="窗口增派人手", callback_at=called, callback_note="电话回访，申请人表示理解",
        callback_result=ratings.CallbackResult.SATISFIED), close=True)
    assert closed["status"] == "DONE" and closed["closed_by__name"] == "王主任"
    assert closed["callback_result"] == "SATISFIED" and events
    assert (await _log(case["id"]))[-1]["action"] == "RECTIFIED"
    with pytest.raises(HubError):
        await ratings.update_rectification(zhuren, rect["id"], ratings.RectificationUpdate(measures="x"))


async def test_a_good_rating_opens_nothing_and_open_cases_cannot_be_rated(database):
    from bench.cases import counter_intake

    open_case = await counter_intake(await viewer_of("qiantai"), "330106-YB-003")
    with pytest.raises(HubError) as early:
        await ratings.evaluate_case(open_case, Actor.applicant(open_case["person_id"], "PC"),
                                    ratings.RatingInput(5))
    assert early.value.code == "NOT_RATEABLE"
    case = await _issued()
    done = await ratings.evaluate_case(case, Actor.applicant(case["person_id"], "PC"),
                                       ratings.RatingInput(5, "很快"))
    assert done.rectification is None and await Rectification.all().count() == 0


async def test_rectifications_stay_within_the_supervisors_region(database):
    case = await _issued()
    done = await ratings.evaluate_case(case, Actor.applicant(case["person_id"], "PC"),
                                       ratings.RatingInput(1, "非常不满意"))
    assert done.rectification is not None
    elsewhere = await make_staff("boss_xixi", Role.SUPERVISOR, point_code="330106004")
    boss = await viewer_of(elsewhere.username)
    assert await ratings.rectifications(boss) == []
    with pytest.raises(HubError) as hidden:
        await ratings.update_rectification(boss, done.rectification["id"],
                                           ratings.RectificationUpdate(measures="x"))
    assert hidden.value.code == "NOT_FOUND"
    with pytest.raises(PermissionDenied):
        await ratings.rectifications(await viewer_of("qiantai"))
    # overdue ones are flagged and can be listed alone
    zhuren = await viewer_of("zhuren")
    later = done.rectification["due_on"] + timedelta(days=1)
    assert [r["id"] for r in await ratings.rectifications(zhuren, overdue_only=True, today=later)] \
        == [done.rectification["id"]]
    assert ratings.is_overdue(done.rectification, later)
    assert await Evaluation.filter(case_id=case["id"]).count() == 1
