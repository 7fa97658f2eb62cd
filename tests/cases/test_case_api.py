"""Cases through the API: upload by content, a counter intake over GraphQL, reading the case
back with its frozen checklist and signed file links, and every visibility boundary — another
point's front desk, another department's back office, a guessed id, a resident's own cases,
tracking by number plus ID number."""

import pytest

from bench.cases import answers_for
from hub.core.models import ServicePoint, Staff
from hub.core.models.enums import Role
from tests.factories import PASSWORD, make_staff

pytestmark = pytest.mark.both_databases

ITEM = "330106-YB-003"
ZHANG = "330106195803120245"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

CHECKLIST = """query($c:String!,$a:[AnswerInput!],$i:String){
  checklist(itemCode:$c, answers:$a, applicantIdNumber:$i){
    checklist{ lines{ materialId name requirement satisfiedBy } } errors{ message } } }"""


def as_input(answers: dict) -> list[dict]:
    return [{"question": k, "values": v} if isinstance(v, list) else
            {"question": k, "value": str(v).lower() if isinstance(v, bool) else str(v)}
            for k, v in answers.items()]
INTAKE = """mutation($i:IntakeCaseInput!){ intakeCase(input:$i){ errors{ code field message }
  case{ id number status statusLabel dueOn channel applicantName maskedIdNumber version
        materials{ name status files{ url contentType } } log{ actionLabel actorName channel }
        progress{ actionLabel } } } }"""
CASE = "query($id:ID!){ case(id:$id){ number status applicant{ idNumber } } }"


async def upload(gql, data: bytes, filename: str = "scan.pdf"):
    return await gql.http.post(f"/case-files?filename={filename}", content=data,
                               headers={"authorization": f"Bearer {gql.token}"} if gql.token else {})


async def intake(gql, item=ITEM, id_number=ZHANG, name="张桂英", issue="PICKUP"):
    answers = as_input(await answers_for(item))
    body = await gql(CHECKLIST, {"c": item, "a": answers, "i": id_number})
    materials = []
    for line in body["data"]["checklist"]["checklist"]["lines"]:
        if line["requirement"] == "REQUIRED" and not line["satisfiedBy"]:
            r = await upload(gql, PDF + line["name"].encode())
            assert r.status_code == 201, r.text
            materials.append({"materialId": int(line["materialId"]), "originalSeen": True,
                              "files": [{"fileId": r.json()["fileId"], "filename": "扫描件.pdf"}]})
        elif line["requirement"] == "DEFERRABLE":
            materials.append({"materialId": int(line["materialId"]), "deferred": True})
    address = "杭州市西湖区文三路 1 号"
    delivery = {} if issue == "PICKUP" else {"issueMethod": issue, "deliveryAddress": address}
    return await gql(INTAKE, {"i": {"itemCode": item, "answers": answers, "materials": materials,
                                    "applicant": {"idNumber": id_number, "name": name}, **delivery}})


async def test_uploads_are_checked_by_content_not_by_name(gql):
    await gql.login("qiantai", "demo1234")
    fake = await upload(gql, b"MZ\x90\x00 not a pdf", "scan.pdf")
    assert fake.status_code == 415 and "按文件内容识别" in fake.json()["error"]
    png = await upload(gql, PNG, "photo.pdf")
    assert png.status_code == 201 and png.json()["contentType"] == "image/png"
    gql.token = None
    assert (await upload(gql, PDF)).status_code == 401


async def test_a_counter_intake_over_graphql_and_reading_it_back(gql):
    await gql.login("qiantai", "demo1234")
    body = await intake(gql)
    payload = body["data"]["intakeCase"]
    assert payload["errors"] == []
    case = payload["case"]
    assert case["status"] == "RECEIVED" and case["statusLabel"] == "已受理，待审批"
    assert case["channel"] == "COUNTER" and case["maskedIdNumber"] == "330106********0245"
    assert case["log"] == [
        {"actionLabel": "调取人口库与电子证照", "actorName": "李晓敏", "channel": "COUNTER"},
        {"actionLabel": "受理", "actorName": "李晓敏", "channel": "COUNTER"}]
    # the applicant's progress leaves the registry lookup out and speaks their language
    assert case["progress"] == [{"actionLabel": "窗口已受理"}]
    collected = [m for m in case["materials"] if m["status"] == "COLLECTED"]
    assert collected and collected[0]["files"][0]["contentType"] == "application/pdf"
    url = collected[0]["files"][0]["url"]
    got = await gql.http.get(url)
    assert got.status_code == 200 and got.content.startswith(b"%PDF-")
    forged = url.split("?")[0] + "?t=bogus"
    assert (await gql.http.get(forged)).status_code == 403


async def test_a_missing_material_comes_back_as_a_typed_chinese_error(gql):
    await gql.login("qiantai", "demo1234")
    answers = as_input(await answers_for(ITEM))
    body = await gql(INTAKE, {"i": {"itemCode": ITEM, "answers": answers, "materials": [],
                                    "applicant": {"idNumber": ZHANG, "name": "张桂英"}}})
    errors = body["data"]["intakeCase"]["errors"]
    assert errors[0]["code"] == "MATERIAL_MISSING" and "缺少必需材料" in errors[0]["message"]
    bad_id = await gql(INTAKE, {"i": {"itemCode": ITEM, "answers": answers, "materials": [],
                                      "applicant": {"idNumber": "330106195803120240", "name": "张桂英"}}})
    assert bad_id["data"]["intakeCase"]["errors"][0]["code"] == "INVALID_ID_NUMBER"


async def test_an_uncertified_front_desk_cannot_accept(gql):
    await gql.login("xinren", "demo1234")
    body = await intake(gql)
    assert body["data"]["intakeCase"]["errors"][0]["code"] == "NOT_CERTIFIED"


async def test_who_sees_the_case(gql):
    await gql.login("qiantai", "demo1234")
    case = (await intake(gql))["data"]["intakeCase"]["case"]
    assert (await gql(CASE, {"id": case["id"]}))["data"]["case"]["applicant"]["idNumber"] == ZHANG

    other_point = await ServicePoint.filter(level="STREET").exclude(code="330106013").first()
    assert other_point is not None
    await make_staff("other_desk", Role.FRONT_DESK, point_code=other_point.code)
    await gql.login("other_desk", PASSWORD)
    assert (await gql(CASE, {"id": case["id"]}))["data"]["case"] is None

    # the owning department (医保) at the district sees it; 人社 at the district does not
    yb = await make_staff("yb_district", Role.BACK_OFFICE, point_code="330106")
    rs = await make_staff("rs_district", Role.BACK_OFFICE, point_code="330106")
    await Staff.filter(id=yb.id).update(department_id=(await _dept("YB")))
    await Staff.filter(id=rs.id).update(department_id=(await _dept("RS")))
    await gql.login("yb_district", PASSWORD)
    assert (await gql(CASE, {"id": case["id"]}))["data"]["case"]["number"] == case["number"]
    listed = await gql("{ cases{ totalCount edges{ node{ number } } } }")
    assert [e["node"]["number"] for e in listed["data"]["cases"]["edges"]] == [case["number"]]
    await gql.login("rs_district", PASSWORD)
    assert (await gql(CASE, {"id": case["id"]}))["data"]["case"] is None
    assert (await gql("{ cases{ totalCount } }"))["data"]["cases"]["totalCount"] == 0
    # a guessed id is the same "nothing" as a missing one
    assert (await gql(CASE, {"id": str(int(case["id"]) + 1)}))["data"]["case"] is None

    gql.token = None
    anonymous = await gql(CASE, {"id": case["id"]})
    assert anonymous["data"]["case"] is None and anonymous["errors"][0]["message"] == "请先登录"


async def test_residents_see_their_own_cases_and_track_by_number_and_id(gql):
    await gql.login("qiantai", "demo1234")
    case = (await intake(gql))["data"]["intakeCase"]["case"]
    gql.token = None
    track = "query($n:String!,$i:String!){ trackCase(number:$n, idNumber:$i){ number statusLabel } }"
    ok = await gql(track, {"n": case["number"], "i": ZHANG})
    assert ok["data"]["trackCase"] == {"number": case["number"], "statusLabel": "已受理，待审批"}
    wrong = await gql(track, {"n": case["number"], "i": "11010519491231002X"})
    assert wrong["data"]["trackCase"] is None

    reg = await gql("""mutation{ registerCitizen(input:{idNumber:"330106195803120245", name:"张桂英",
        password:"zhang2026"}){ token citizen{ name maskedIdNumber } errors{ code message } } }""")
    payload = reg["data"]["registerCitizen"]
    assert payload["errors"] == [] and payload["citizen"]["name"] == "张桂英"
    gql.token = payload["token"]
    mine = await gql("{ myCases{ number applicant{ idNumber } } }")
    assert mine["data"]["myCases"] == [{"number": case["number"], "applicant": None}]
    assert (await gql(CASE, {"id": case["id"]}))["data"]["case"]["number"] == case["number"]
    # a citizen token is no staff token
    assert (await gql("{ cases{ totalCount } }"))["errors"][0]["message"] == "请先登录"
    again = await gql("""mutation{ registerCitizen(input:{idNumber:"330106195803120245", name:"张桂英",
        password:"zhang2026"}){ errors{ code } } }""")
    assert again["data"]["registerCitizen"]["errors"] == [{"code": "ALREADY_REGISTERED"}]


async def _dept(code: str) -> int:
    from hub.core.models import Department

    return (await Department.get(code=code)).id


ACTIVE_PDF = (b"%PDF-1.4\n1 0 obj<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
              b"endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n")


async def test_a_pdf_with_active_content_is_refused_as_a_material(gql, tmp_path):
    await gql.login("qiantai", "demo1234")
    refused = await upload(gql, ACTIVE_PDF, "scan.pdf")
    assert refused.status_code == 415
    assert refused.json()["code"] == "FILE_INVALID" and "活动内容" in refused.json()["error"]
    launch = ACTIVE_PDF.replace(b"/JavaScript /JS (app.alert(1))", b"/Launch /F (cmd.exe)")
    assert (await upload(gql, launch, "scan.pdf")).status_code == 415
    assert (await upload(gql, PDF + b"passive", "scan.pdf")).status_code == 201
