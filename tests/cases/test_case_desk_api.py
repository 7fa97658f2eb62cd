"""The counter's side of intake over the API: the applicant lookup by ID number (registered
details and valid licences, masked for grid workers, refused to kiosks), the company registry by
credit code, the receipt PDF behind a signed link (text, due date, QR code to the tracking page)
for staff and for the applicant, and 即办件当场办结."""

from __future__ import annotations

import io

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from bench.cases import answers_for
from hub.core.models import Case, Issuance, StaffNotice
from hub.core.models.enums import Role
from tests.cases.test_case_api import CHECKLIST, INTAKE, PDF, ZHANG, as_input, intake, upload
from tests.factories import PASSWORD, make_staff

pytestmark = pytest.mark.both_databases

NEWCOMER = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"
LOOKUP = """query($n:String!){ applicantByIdNumber(idNumber:$n){ registered idNumber maskedIdNumber
  name phone address licences{ licenseType label issuer validUntil } } }"""
COMPANY = "query($c:String!){ companyByCreditCode(creditCode:$c){ creditCode name } }"
RECEIPT = "query($id:ID!){ case(id:$id){ number version receiptUrl } }"
COMPLETE = """mutation($id:ID!,$v:Int!){ completeInstantCase(caseId:$id, version:$v, issueNote:"当场办结"){
  errors{ code message } case{ status statusLabel issuedAt log{ action actionLabel } } } }"""
CASE_LOG = "query($id:ID!){ case(id:$id){ issuedAt log{ action actionLabel } } }"
INSTANT_ITEM = "330106-MZ-001"  # 老年人优待证办理, 即办件


def compact(text: str) -> str:
    return "".join(text.replace("\x00", "").split())


async def test_the_counter_gets_a_registered_applicant_and_licences_from_the_id_number(gql):
    await gql.login("qiantai", "demo1234")
    found = (await gql(LOOKUP, {"n": ZHANG.lower()}))["data"]["applicantByIdNumber"]
    assert found["registered"] and found["name"] == "张桂英" and found["idNumber"] == ZHANG
    assert found["maskedIdNumber"] == "330106********0245"
    assert {x["licenseType"] for x in found["licences"]} >= {"ID_CARD", "HOUSEHOLD_REGISTER"}
    assert all(x["label"] and x["issuer"] for x in found["licences"])

    newcomer = (await gql(LOOKUP, {"n": NEWCOMER}))["data"]["applicantByIdNumber"]
    assert newcomer == {"registered": False, "idNumber": NEWCOMER, "maskedIdNumber": "110105********002X",
                        "name": "", "phone": "", "address": "", "licences": []}
    bad = await gql(LOOKUP, {"n": "330106195803120240"})
    assert bad["errors"][0]["message"] == "身份证号码校验位不正确，请核对"


async def test_a_later_visit_reuses_the_phone_and_address_given_at_the_first(gql):
    await gql.login("qiantai", "demo1234")
    answers = as_input(await answers_for("330106-YB-003"))
    await gql(INTAKE, {"i": {"itemCode": "330106-YB-003", "answers": answers, "materials": [],
                             "applicant": {"idNumber": NEWCOMER, "name": "王小明"}}})
    # the refused intake registered nobody; a complete one does, with phone and address
    assert not (await gql(LOOKUP, {"n": NEWCOMER}))["data"]["applicantByIdNumber"]["registered"]
    from hub.core.models import Person

    await Person.create(id_number=NEWCOMER, name="王小明", phone="13900000001", address="文三路 1 号")
    again = (await gql(LOOKUP, {"n": NEWCOMER}))["data"]["applicantByIdNumber"]
    assert (again["name"], again["phone"], again["address"]) == ("王小明", "13900000001", "文三路 1 号")


async def test_grid_workers_see_the_number_masked_and_kiosks_may_not_look_people_up(gql):
    await gql.login("wangge", "demo1234")
    found = (await gql(LOOKUP, {"n": ZHANG}))["data"]["applicantByIdNumber"]
    assert found["name"] == "张桂英" and found["idNumber"] == "330106********0245"
    await gql.login("kiosk01", "demo1234")
    refused = await gql(LOOKUP, {"n": ZHANG})
    assert refused["data"] is None and "需要以下角色之一" in refused["errors"][0]["message"]
    gql.token = None
    assert (await gql(LOOKUP, {"n": ZHANG}))["errors"][0]["message"] == "请先登录"


async def test_companies_are_registered_by_credit_code_and_found_again(gql):
    await gql.login("qiantai", "demo1234")
    assert (await gql(COMPANY, {"c": CREDIT_CODE}))["data"]["companyByCreditCode"] is None
    wrong = await gql(COMPANY, {"c": "91350100M000100Y44"})
    assert "校验位不正确" in wrong["errors"][0]["message"]
    answers = as_input(await answers_for("330106-YB-003"))
    body = await gql(CHECKLIST, {"c": "330106-YB-003", "a": answers, "i": ZHANG})
    materials = await _materials(gql, body)
    done = await gql(INTAKE, {"i": {
        "itemCode": "330106-YB-003", "answers": answers, "materials": materials,
        "applicant": {"idNumber": ZHANG, "name": "张桂英"},
        "company": {"creditCode": CREDIT_CODE.lower(), "name": "杭州文新科技有限公司"}}})
    assert done["data"]["intakeCase"]["errors"] == []
    assert done["data"]["intakeCase"]["case"]["applicantName"] == "杭州文新科技有限公司"
    company = (await gql(COMPANY, {"c": CREDIT_CODE}))["data"]["companyByCreditCode"]
    assert company == {"creditCode": CREDIT_CODE, "name": "杭州文新科技有限公司"}


async def _materials(gql, checklist_body) -> list[dict]:
    materials = []
    for line in checklist_body["data"]["checklist"]["checklist"]["lines"]:
        if line["requirement"] == "REQUIRED" and not line["satisfiedBy"]:
            r = await upload(gql, PDF + line["name"].encode())
            materials.append({"materialId": int(line["materialId"]), "originalSeen": True,
                              "files": [{"fileId": r.json()["fileId"], "filename": "扫描件.pdf"}]})
        elif line["requirement"] == "DEFERRABLE":
            materials.append({"materialId": int(line["materialId"]), "deferred": True})
    return materials


def pdf_text(data: bytes) -> str:
    return compact("".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages))


def qr_codes(data: bytes) -> list[str]:
    image = pdfium.PdfDocument(data)[0].render(scale=4).to_pil()
    return [c.text for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]


async def test_the_receipt_prints_the_case_and_its_qr_code_opens_the_tracking_page(gql):
    await gql.login("qiantai", "demo1234")
    case = (await intake(gql))["data"]["intakeCase"]["case"]
    url = (await gql(RECEIPT, {"id": case["id"]}))["data"]["case"]["receiptUrl"]
    got = await gql.http.get(url)
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    text = pdf_text(got.content)
    due = case["dueOn"].split("-")
    for expected in ("受理回执", case["number"], "基本医疗保险关系转移", "330106********0245", "窗口受理",
                     "窗口人员李晓敏", "承诺办结", f"{int(due[0])}年{int(due[1])}月{int(due[2])}日",
                     "材料收取情况", "已收取", "咨询电话", "0571-"):
        assert compact(expected) in text, expected
    assert ZHANG not in text  # the full ID number is never printed
    deferred = [m for m in case["materials"] if m["status"] == "DEFERRED"]
    if deferred:
        assert "容缺后补：请于" in text
    assert qr_codes(got.content) == [f"http://hub.test/track?number={case['number']}"]

    forged = url.split("?")[0] + "?t=bogus"
    assert (await gql.http.get(forged)).status_code == 403
    other = url.replace(f"/cases/{case['id']}/", f"/cases/{int(case['id']) + 1}/")
    assert (await gql.http.get(other)).status_code == 403  # a token names one case

    await Case.filter(id=int(case["id"])).update(due_provisional=True)
    provisional = pdf_text((await gql.http.get(url)).content)
    assert "（暂定）" in provisional


async def test_the_applicant_gets_the_receipt_link_of_their_own_case_only(gql):
    await gql.login("qiantai", "demo1234")
    case = (await intake(gql))["data"]["intakeCase"]["case"]
    gql.token = None
    reg = await gql("""mutation{ registerCitizen(input:{idNumber:"330106195803120245", name:"张桂英",
        password:"zhang2026"}){ token errors{ code } } }""")
    gql.token = reg["data"]["registerCitizen"]["token"]
    mine = (await gql("{ myCases{ number receiptUrl } }"))["data"]["myCases"]
    assert mine[0]["number"] == case["number"]
    assert (await gql.http.get(mine[0]["receiptUrl"])).status_code == 200
    # another point's front desk cannot see the case, so gets no link
    await make_staff("elsewhere", Role.FRONT_DESK, point_code="330106004")
    await gql.login("elsewhere", PASSWORD)
    assert (await gql(RECEIPT, {"id": case["id"]}))["data"]["case"] is None


async def test_a_pre_application_receipt_says_the_clock_has_not_started(gql):
    await gql.login("wangge", "demo1234")
    body = await intake(gql, item="330106-MZ-001")
    case = body["data"]["intakeCase"]["case"]
    assert body["data"]["intakeCase"]["errors"] == [] and case["status"] == "PREREVIEW"
    url = (await gql(RECEIPT, {"id": case["id"]}))["data"]["case"]["receiptUrl"]
    text = pdf_text((await gql.http.get(url)).content)
    assert "申报回执" in text and "网格员代办" in text and "预审通过、窗口受理后开始计时" in text


async def test_an_instant_item_is_accepted_approved_and_issued_in_the_intake_itself(gql):
    # given the counter and an instant item handed over at the window, every material in hand
    await gql.login("qiantai", "demo1234")
    # when it is filed
    case = (await intake(gql, item=INSTANT_ITEM))["data"]["intakeCase"]["case"]
    # then the one intake closed it: no back-office queue, no separate 当场办结 step
    assert case["status"] == "ISSUED" and case["statusLabel"] != "已受理，待审批"
    done = (await gql(CASE_LOG, {"id": case["id"]}))["data"]["case"]
    assert done["issuedAt"] and [e["action"] for e in done["log"]] == [
        "BASEDATA_FETCH", "RECEIVE", "APPROVE", "INSTANT_DONE"]
    assert done["log"][-1]["actionLabel"] == "即办件当场办结"
    issuance = await Issuance.get(case_id=int(case["id"]))
    assert issuance.method == "PICKUP" and issuance.identity_checked and issuance.recipient_name == "张桂英"
    assert not await StaffNotice.filter(case_id=int(case["id"])).exists()  # no back-office queue
    again = await gql(COMPLETE, {"id": case["id"], "v": case["version"]})
    assert again["data"]["completeInstantCase"]["errors"][0]["code"] == "CONFLICT"
    # and its receipt says so, with no "0 个工作日"
    url = (await gql(RECEIPT, {"id": case["id"]}))["data"]["case"]["receiptUrl"]
    text = pdf_text((await gql.http.get(url)).content)
    assert "当场办结" in text and "0个工作日" not in text


async def test_an_instant_item_sent_by_courier_waits_and_only_its_receiver_completes_it(gql):
    await gql.login("qiantai", "demo1234")
    promised = (await intake(gql))["data"]["intakeCase"]["case"]
    refused = await gql(COMPLETE, {"id": promised["id"], "v": promised["version"]})
    assert refused["data"]["completeInstantCase"]["errors"][0] == {
        "code": "NOT_INSTANT", "message": "承诺件须转后台审批，不能当场办结"}
    instant = (await intake(gql, item=INSTANT_ITEM, issue="COURIER"))["data"]["intakeCase"]["case"]
    assert instant["status"] == "RECEIVED"  # delivered later: not closed at the window
    sent = await gql(COMPLETE, {"id": instant["id"], "v": instant["version"]})
    assert sent["data"]["completeInstantCase"]["errors"][0]["code"] == "INVALID"
    await make_staff("colleague", Role.FRONT_DESK)
    await gql.login("colleague", PASSWORD)
    other = await gql(COMPLETE, {"id": instant["id"], "v": instant["version"]})
    assert other["data"]["completeInstantCase"]["errors"][0]["code"] == "NOT_RECEIVER"
    await gql.login("shenpi", "demo1234")
    back_office = await gql(COMPLETE, {"id": instant["id"], "v": instant["version"]})
    assert "需要以下角色之一" in back_office["errors"][0]["message"]
    assert (await Case.get(id=int(instant["id"]))).status == "RECEIVED"


async def test_a_logged_in_resident_sees_their_own_licences_in_the_checklist_only(gql):
    reg = await gql("""mutation{ registerCitizen(input:{idNumber:"330106195803120245", name:"张桂英",
        password:"zhang2026"}){ token citizen{ idNumber maskedIdNumber } } }""")
    payload = reg["data"]["registerCitizen"]
    assert payload["citizen"] == {"idNumber": ZHANG, "maskedIdNumber": "330106********0245"}
    gql.token = payload["token"]
    answers = as_input(await answers_for("330106-YB-003"))
    own = await gql(CHECKLIST, {"c": "330106-YB-003", "a": answers, "i": ZHANG})
    assert any(line["satisfiedBy"] for line in own["data"]["checklist"]["checklist"]["lines"])
    other = await gql(CHECKLIST, {"c": "330106-YB-003", "a": answers, "i": NEWCOMER})
    assert "调用电子证照须在窗口" in other["data"]["checklist"]["errors"][0]["message"]
