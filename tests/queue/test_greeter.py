"""The greeter's pre-check (导办): a complete check issues a ticket whose call opens a pre-filled
intake at the window; a missing material gives the one-time list and no ticket; the kiosk's
ticket rules hold; a double tap with one key issues one ticket; the dashboard compares."""

import asyncio
from datetime import timedelta

import pytest

from hub.core.clock import utcnow
from hub.core.models import Material, OpeningHours, PreCheck, QueueCategory, ServicePoint, Ticket
from hub.core.models.enums import PreCheckOutcome, Role
from tests.factories import PASSWORD, give_situations, make_staff

pytestmark = pytest.mark.both_databases

CODE = "330106-YB-001"  # 医保: the A queue (社保医保) at 文新街道
WANG = "341221199008170518"
SUBMIT = """mutation($i:SubmitPreCheckInput!){ submitPreCheck(input:$i){
  preCheck{ id itemCode itemName outcome outcomeLabel insisted carriedMaterialIds noticeUrl
    answers{ question value values } missing{ materialId name } ticketNumber }
  ticket{ id number categoryPrefix itemCode itemName token }
  errors{ code field message } } }"""
SIGN_IN = """mutation($w:ID!){ signInWindow(windowId:$w, prefixes:["A"]){ errors{ code message } } }"""
CALL = """mutation{ callNext{ ticket{ number itemCode holder{ name idNumber }
  preCheck{ itemCode answers{ question value values } carriedMaterialIds missing{ name } } }
  errors{ code message } } }"""


async def materials() -> dict[str, str]:
    rows = await Material.filter(item__code=CODE).values("id", "name")
    return {r["name"]: str(r["id"]) for r in rows}


def ans(**answers):
    return [{"question": k, **({"values": v} if isinstance(v, list) else {"value": v})}
            for k, v in answers.items()]


async def submit(gql, carried, *, id_number=WANG, key=None, **extra):
    body = await gql(SUBMIT, {"i": {
        "itemCode": CODE, "answers": ans(household="other", minor="false"),
        "carriedMaterialIds": carried, "idNumber": id_number, "name": "王建军",
        "idempotencyKey": key, **extra}})
    assert "errors" not in body, body
    return body["data"]["submitPreCheck"]


async def greeter_login(gql):
    await make_staff("db_test", Role.GREETER)
    await gql.login("db_test", PASSWORD)


async def test_a_complete_pre_check_issues_a_ticket_whose_call_opens_a_prefilled_intake(gql):
    # given the item's known rules and a resident carrying every required paper
    await give_situations(CODE)
    m = await materials()
    await greeter_login(gql)
    carried = [m["居民户口簿"], m["一寸免冠近照"], m["浙江省居住证"], m["居民身份证"]]
    # when the greeter submits the pre-check
    done = await submit(gql, carried)
    # then a ticket is issued in the item's queue with the item and the pre-check attached
    assert done["errors"] == []
    assert done["preCheck"]["outcome"] == "TICKET" and done["preCheck"]["missing"] == []
    assert done["ticket"]["number"] == "A001" and done["ticket"]["itemCode"] == CODE
    assert done["ticket"]["token"]  # the slip's QR code, as the kiosk prints it
    ticket = await Ticket.get(number="A001")
    assert ticket.channel == "GREETER"
    # when the window calls it
    await gql.login("qiantai", "demo1234")
    window = await ServicePoint.get(code="330106013").prefetch_related("windows")
    w = next(x for x in window.windows if x.number == 1)
    assert (await gql(SIGN_IN, {"w": str(w.id)}))["data"]["signInWindow"]["errors"] == []
    called = (await gql(CALL))["data"]["callNext"]
    # then the intake can open with the item chosen, the answers filled, the materials marked
    t = called["ticket"]
    assert t["number"] == "A001" and t["itemCode"] == CODE
    assert t["holder"]["idNumber"] == WANG
    assert {(a["question"], a["value"]) for a in t["preCheck"]["answers"]} == {
        ("household", "other"), ("minor", "false")}
    assert sorted(t["preCheck"]["carriedMaterialIds"]) == sorted(carried)


async def test_a_missing_material_gives_the_list_and_no_ticket(gql):
    await give_situations(CODE)
    m = await materials()
    await greeter_login(gql)
    # when the resident lacks the 居住证 (required for a non-Hangzhou household)
    done = await submit(gql, [m["居民户口簿"], m["一寸免冠近照"], m["居民身份证"]])
    # then no ticket: the pre-check is SENT_HOME with the list, and the notice marks it
    assert done["errors"] == [] and done["ticket"] is None
    pc = done["preCheck"]
    assert pc["outcome"] == "SENT_HOME" and pc["outcomeLabel"] == "一次告知"
    assert pc["missing"] == [{"materialId": m["浙江省居住证"], "name": "浙江省居住证"}]
    assert pc["ticketNumber"] is None and await Ticket.all().count() == 0
    assert pc["noticeUrl"].startswith(f"/notice/{CODE}.pdf?answers=")
    assert pc["noticeUrl"].endswith(f"&missing={m['浙江省居住证']}")
    pdf = await gql.http.get(pc["noticeUrl"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # and the greeter may still issue deliberately (the resident insists): recorded as such
    insisted = await submit(gql, [m["居民户口簿"]], insist=True)
    assert insisted["preCheck"]["outcome"] == "TICKET" and insisted["preCheck"]["insisted"] is True
    assert insisted["ticket"]["number"] == "A001"
    # and today's list shows both, newest first
    mine = (await gql("{ myPreChecksToday{ outcome insisted } }"))["data"]["myPreChecksToday"]
    assert mine == [{"outcome": "TICKET", "insisted": True}, {"outcome": "SENT_HOME", "insisted": False}]


async def test_deferrable_and_licensed_materials_do_not_send_anyone_home(gql):
    await give_situations(CODE)
    m = await materials()
    await greeter_login(gql)
    # a newborn: the photo is 容缺; a Hangzhou household: no 居住证; a child: no ID card copy
    newborn = (utcnow() - timedelta(days=30)).date().isoformat()
    body = await gql(SUBMIT, {"i": {"itemCode": CODE, "carriedMaterialIds": [m["居民户口簿"]],
                                    "answers": ans(household="hangzhou", minor="true",
                                                   birth_date=newborn)}})
    done = body["data"]["submitPreCheck"]
    assert done["errors"] == [] and done["preCheck"]["outcome"] == "TICKET"
    assert {"question": "birth_date", "value": newborn, "values": None} in done["preCheck"]["answers"]


async def test_bad_inputs_get_clear_errors_and_write_nothing(gql):
    await give_situations(CODE)
    m = await materials()
    await greeter_login(gql)
    unanswered = await gql(SUBMIT, {"i": {"itemCode": CODE, "answers": [], "carriedMaterialIds": []}})
    assert unanswered["data"]["submitPreCheck"]["errors"][0]["code"] == "INCOMPLETE"
    # the 居住证 is not on a Hangzhou resident's list
    off_list = await gql(SUBMIT, {"i": {"itemCode": CODE, "carriedMaterialIds": [m["浙江省居住证"]],
                                        "answers": ans(household="hangzhou", minor="false")}})
    error = off_list["data"]["submitPreCheck"]["errors"][0]
    assert error["code"] == "UNKNOWN_MATERIAL" and "不在" in error["message"]
    unknown = await gql(SUBMIT, {"i": {"itemCode": "NO-SUCH", "answers": [], "carriedMaterialIds": []}})
    assert unknown["data"]["submitPreCheck"]["errors"][0]["code"] == "NOT_FOUND"
    bad_id = await submit(gql, [], id_number="330106195803120246")
    assert bad_id["errors"][0]["code"] == "INVALID_ID_NUMBER"
    assert await PreCheck.all().count() == 0 and await Ticket.all().count() == 0
    # and only greeters (and supervisors) may pre-check
    await gql.login("kiosk01", "demo1234")
    refused = await gql(SUBMIT, {"i": {"itemCode": CODE, "answers": [], "carriedMaterialIds": []}})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_kiosk_ticket_rules_hold_daily_cap_and_one_ticket_per_resident(gql):
    await give_situations(CODE)
    m = await materials()
    all_carried = [m["居民户口簿"], m["一寸免冠近照"], m["浙江省居住证"], m["居民身份证"]]
    await greeter_login(gql)
    await QueueCategory.filter(service_point__code="330106013", prefix="A").update(daily_cap=1)
    assert (await submit(gql, all_carried))["ticket"]["number"] == "A001"
    again = await submit(gql, all_carried)
    assert again["errors"][0]["code"] == "ALREADY_HOLDING"
    other = await submit(gql, all_carried, id_number="330106195803120245")
    assert other["errors"][0]["code"] == "SOLD_OUT"
    # a refused ticket leaves no pre-check behind
    assert await PreCheck.all().count() == 1


async def test_the_hours_rule_binds_the_greeter_like_the_kiosk(database):
    import httpx

    from hub.core.clock import local_today
    from hub.web.app import create_app
    from tests.conftest import GQL, test_settings

    await give_situations(CODE)
    m = await materials()
    point = await ServicePoint.get(code="330106013")
    await OpeningHours.update_or_create({"weekly": {str(d): [["09:00", "17:00"]] for d in range(1, 8)},
                                         "closed_dates": [local_today().isoformat()], "open_dates": {},
                                         "grace_minutes": 0}, service_point_id=point.id)
    app = create_app(test_settings(database, kiosk_opening_hours=True), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        gql = GQL(http)
        await greeter_login(gql)
        closed = await submit(gql, [m["居民户口簿"], m["一寸免冠近照"], m["浙江省居住证"], m["居民身份证"]])
    assert closed["ticket"] is None and closed["errors"][0]["code"] == "CLOSED"
    assert await Ticket.all().count() == 0 and await PreCheck.all().count() == 0


async def test_a_double_tap_with_one_key_issues_one_ticket(gql):
    await give_situations(CODE)
    m = await materials()
    await greeter_login(gql)
    carried = [m["居民户口簿"], m["一寸免冠近照"], m["浙江省居住证"], m["居民身份证"]]
    # when the same submission arrives twice at once (a double tap) with one key
    first, second = await asyncio.gather(submit(gql, carried, key="tap-1"),
                                         submit(gql, carried, key="tap-1"))
    # then both answers name the one ticket and the one pre-check
    assert first["errors"] == [] and second["errors"] == []
    assert first["ticket"]["number"] == second["ticket"]["number"] == "A001"
    assert first["preCheck"]["id"] == second["preCheck"]["id"]
    assert await Ticket.all().count() == 1 and await PreCheck.all().count() == 1
    # and a retry with the key but another content is refused
    changed = await submit(gql, carried[:1], key="tap-1")
    assert changed["errors"][0]["code"] == "CONFLICT"


async def test_the_dashboard_compares_handling_times_and_counts_those_sent_home(gql):
    # given four finished tickets today, two pre-checked (5 and 7 minutes), two not (10, 20),
    # and three pre-checks of which one sent the resident home
    await give_situations(CODE)
    point = await ServicePoint.get(code="330106013")
    category = await QueueCategory.get(service_point=point, prefix="A")
    window = await point.windows.all().first()
    greeter = await make_staff("db_dash", Role.GREETER)
    now = utcnow()
    from hub.core.clock import local_date

    for seq, (minutes, checked) in enumerate([(5, True), (7, True), (10, False), (20, False)], 1):
        called = now - timedelta(minutes=40)
        t = await Ticket.create(service_point=point, category=category, queue=category,
                                day=local_date(now), seq=seq, number=f"A{seq:03d}", rank_at=called,
                                taken_at=called - timedelta(minutes=3), called_at=called,
                                finished_at=called + timedelta(minutes=minutes), status="DONE",
                                window=window, nonce="x")
        if checked:
            await PreCheck.create(greeter=greeter, service_point=point, item_code=CODE, item_name="x",
                                  outcome=PreCheckOutcome.TICKET, ticket=t, created_at=called)
    await PreCheck.create(greeter=greeter, service_point=point, item_code=CODE, item_name="x",
                          outcome=PreCheckOutcome.SENT_HOME, created_at=now,
                          missing=[{"id": 1, "name": "浙江省居住证"}])
    # when the supervisor reads the dashboard
    await gql.login("zhuren", "demo1234")
    body = await gql("""{ analytics{ preCheckEffect{ preChecks sentHome sentHomeRate insisted
        withPreCheck{ tickets avgMinutes p50Minutes }
        withoutPreCheck{ tickets avgMinutes p50Minutes } } } }""")
    e = body["data"]["analytics"]["preCheckEffect"]
    # then handling times are compared and one in three was sent home
    assert e["withPreCheck"] == {"tickets": 2, "avgMinutes": 6.0, "p50Minutes": 5.0}
    assert e["withoutPreCheck"] == {"tickets": 2, "avgMinutes": 15.0, "p50Minutes": 10.0}
    assert e["preChecks"] == 3 and e["sentHome"] == 1 and e["insisted"] == 0
    assert e["sentHomeRate"] == pytest.approx(1 / 3)


def test_the_one_time_notice_marks_what_the_greeter_found_missing():
    from hub.core.pdf.notice import NoticeLine, explanation, material_cells, material_summary

    carried = NoticeLine("居民户口簿", "原件", 1, "必需", "所有申请人均需提供", None, None)
    missing = NoticeLine("浙江省居住证", "原件", 1, "必需", "因为「户籍所在地」选择了「非杭州市户籍」",
                         None, None, missing=True)
    assert "尚缺 1 项必需材料" in material_summary([carried, missing])
    assert "尚缺" not in material_summary([carried])
    assert explanation(missing).startswith("导办核对：未携带")
    assert material_cells(2, missing)[4][0] == "✗ 尚缺"
    assert material_cells(1, carried)[4][0] == "必需"
