"""Joint applications over GraphQL: the bundles, the combined checklist (a material three items
need appears once), a counter application of three items with one upload of the shared
material, the 联办申请表 through its signed link, who sees the application, tracking by number
plus ID number, the certificate gate, and a resident filing online."""

import io

import pypdf
import pytest

from tests.cases.joint_support import MOTHER, PREFER, birth_shared

pytestmark = pytest.mark.both_databases

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CHECKLIST = """query($s:[SharedValueInput!],$i:[ItemAnswersInput!]){
  bundleChecklist(bundleCode:"BIRTH", shared:$s, items:$i){ complete
    items{ itemCode answeredByShared errors{ message } checklist{ complete missing{ code } } }
    materials{ name shared requirement needs{ itemCode materialId requirement } } } }"""
OPEN = """mutation($i:OpenApplicationInput!){ openApplication(input:$i){ errors{ code field message }
  application{ id number signedName status{ code label done total } formUrl
    bundle{ code name } shared{ label value }
    progress{ number itemName departmentName status statusLabel }
    cases{ number status application{ number bundleCode bundleName status{ code label } }
      materials{ name files{ contentType } } } } } }"""
APP = """query($n:String!){ application(number:$n){ number status{ label }
  progress{ number itemName } cases{ number itemName } } }"""


def shared_input(values: dict) -> list[dict]:
    return [{"code": k, "value": v} for k, v in values.items()]


def answers_input(answers: dict) -> list[dict]:
    return [{"question": k, "value": str(v)} for k, v in answers.items()]


async def upload(gql, data: bytes) -> str:
    r = await gql.http.post("/case-files?filename=scan.pdf", content=data,
                            headers={"authorization": f"Bearer {gql.token}"})
    assert r.status_code == 201, r.text
    return r.json()["fileId"]


async def birth_input(gql, *, signed_name="陈晓燕", channel=None) -> tuple[dict, int]:
    """The counter's form: the combined checklist, one upload per material; returns the input
    and how many uploads it took."""
    shared = birth_shared()
    items = [{"itemCode": c, "answers": answers_input(a)} for c, a in PREFER.items()]
    body = await gql(CHECKLIST, {"s": shared_input(shared), "i": items})
    checklist = body["data"]["bundleChecklist"]
    assert checklist["complete"], body
    per_item: dict[str, list] = {c: [] for c in PREFER}
    uploads = 0
    for line in checklist["materials"]:
        if line["requirement"] == "OPTIONAL":
            continue
        file_id = await upload(gql, PDF + line["name"].encode())
        uploads += 1
        for need in line["needs"]:
            per_item[need["itemCode"]].append(
                {"materialId": int(need["materialId"]), "originalSeen": True,
                 "files": [{"fileId": file_id, "filename": f"{line['name']}.pdf"}]}
                if need["requirement"] != "DEFERRABLE" else
                {"materialId": int(need["materialId"]), "deferred": True})
    value = {"bundleCode": "BIRTH", "applicantIdNumber": MOTHER, "applicantName": "陈晓燕",
             "phone": "13900001111", "shared": shared_input(shared), "signedName": signed_name,
             "items": [{"itemCode": c, "answers": answers_input(a), "materials": per_item[c]}
                       for c, a in PREFER.items()]}
    if channel:
        value["channel"] = channel
        value["servicePointCode"] = "330106013"
    return value, uploads


async def test_a_case_filed_alone_has_no_application(gql):
    from tests.cases.test_case_api import intake

    await gql.login("qiantai", "demo1234")
    case = (await intake(gql))["data"]["intakeCase"]["case"]
    body = await gql("query($n:String!){ caseByNumber(number:$n){ number application{ number } } }",
                     {"n": case["number"]})
    assert body["data"]["caseByNumber"] == {"number": case["number"], "application": None}


async def test_bundles_are_listed_with_their_items_and_shared_fields(gql):
    body = await gql("{ bundles{ code name online items{ code name departmentName } "
                     "sharedFields{ code label kind required answersQuestions } } }")
    bundles = body["data"]["bundles"]
    assert len(bundles) == 8
    birth = bundles[0]
    assert birth["name"] == "新生儿出生一件事"
    assert [i["name"] for i in birth["items"]] == ["出生登记", "新生儿参保", "社会保障卡申领"]
    date = next(f for f in birth["sharedFields"] if f["code"] == "birth_date")
    assert date["answersQuestions"] == ["330106-GA-001:birth_date", "330106-YB-002:birth_date"]
    assert birth["online"] is True
    veteran = next(b for b in bundles if b["code"] == "VETERAN")
    assert veteran["online"] is False  # 退役军人优待证 cannot be filed online
    denied = await gql("{ bundles(includeInactive:true){ code } }")
    assert denied["errors"][0]["message"] == "只有管理员可以查看已停用的一件事"
    await gql.login("admin", "admin123")
    assert len((await gql("{ bundles(includeInactive:true){ code } }"))["data"]["bundles"]) == 8


async def test_the_combined_checklist_lists_a_shared_material_once(gql):
    items = [{"itemCode": c, "answers": answers_input(a)} for c, a in PREFER.items()]
    body = await gql(CHECKLIST, {"s": shared_input(birth_shared()), "i": items})
    data = body["data"]["bundleChecklist"]
    assert data["items"][0]["answeredByShared"] == ["birth_date"]
    names = [m["name"] for m in data["materials"]]
    assert len(names) == len(set(names))
    birth = next(m for m in data["materials"] if m["name"] == "出生医学证明")
    assert birth["shared"] and [n["itemCode"] for n in birth["needs"]] == list(PREFER)
    # without the shared birth date the two items that ask for it are not complete
    body = await gql(CHECKLIST, {"s": [], "i": items})
    missing = [i["checklist"]["missing"] for i in body["data"]["bundleChecklist"]["items"]]
    assert missing[0] == [{"code": "birth_date"}] and missing[2] == []


async def test_the_counter_files_three_items_as_one_application(gql):
    await gql.login("qiantai", "demo1234")
    value, uploads = await birth_input(gql)
    body = await gql(OPEN, {"i": value})
    payload = body["data"]["openApplication"]
    assert payload["errors"] == [], payload
    app = payload["application"]
    assert app["number"].startswith("330106L") and app["signedName"] == "陈晓燕"
    assert app["status"] == {"code": "IN_PROGRESS", "label": "办理中（0/3 已办结）", "done": 0, "total": 3}
    assert all(p["departmentName"] for p in app["progress"])
    assert [p["statusLabel"] for p in app["progress"]] == ["已受理，待审批"] * 3
    assert len(app["cases"]) == 3
    # each linked case names its application, with the aggregated status
    assert {c["application"]["number"] for c in app["cases"]} == {app["number"]}
    assert app["cases"][0]["application"] == {
        "number": app["number"], "bundleCode": "BIRTH", "bundleName": "新生儿出生一件事",
        "status": {"code": "IN_PROGRESS", "label": "办理中（0/3 已办结）"}}
    mother_id = next(s for s in app["shared"] if s["label"] == "母亲身份证号码")
    assert mother_id["value"] == "330106********0027"
    # the 出生医学证明 was uploaded once and is in every case
    births = [m for c in app["cases"] for m in c["materials"] if m["name"] == "出生医学证明"]
    assert len(births) == 3 and all(m["files"] for m in births)
    assert uploads < sum(len(c["materials"]) for c in app["cases"])

    # the 联办申请表, through its signed link only
    pdf = await gql.http.get(app["formUrl"])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join("".join(p.extract_text().replace("\x00", "").split())
                   for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in (app["number"], "新生儿出生一件事", "陈安安", "社会保障卡申领", "陈晓燕",
                     *[p["number"] for p in app["progress"]]):
        assert expected in text, expected
    forged = await gql.http.get(f"/joint-forms/{app['number']}.pdf?t=forged")
    assert forged.status_code == 403

    # the back office of 医保 at the street sees the application and only its own case in full
    await gql.login("shenpi", "demo1234")
    seen = (await gql(APP, {"n": app["number"]}))["data"]["application"]
    assert len(seen["progress"]) == 3 and [c["itemName"] for c in seen["cases"]] == ["新生儿参保"]
    # 人社 at the street decides none of these cases (社保卡 is decided by the city)
    await gql.login("zhuanjia", "demo1234")
    assert (await gql(APP, {"n": app["number"]}))["data"]["application"] is None

    # tracking without login: number plus the applicant's ID number
    gql.token = None
    track = """query($n:String!,$i:String!){ trackApplication(number:$n, idNumber:$i){
      status{ label } progress{ statusLabel } } }"""
    ok = await gql(track, {"n": app["number"], "i": MOTHER})
    assert ok["data"]["trackApplication"]["status"]["label"] == "办理中（0/3 已办结）"
    wrong = await gql(track, {"n": app["number"], "i": "330106195803120245"})
    assert wrong["data"]["trackApplication"] is None


async def test_an_error_in_one_item_is_reported_with_its_position_and_nothing_is_filed(gql):
    await gql.login("qiantai", "demo1234")
    value, _ = await birth_input(gql, signed_name="陈立")
    payload = (await gql(OPEN, {"i": value}))["data"]["openApplication"]
    assert payload["errors"] == [{"code": "SIGNATURE_MISMATCH", "field": "signedName",
                                  "message": "签名须为申请人本人姓名"}]
    value, _ = await birth_input(gql)
    value["items"][2]["materials"] = value["items"][2]["materials"][1:]
    payload = (await gql(OPEN, {"i": value}))["data"]["openApplication"]
    assert payload["application"] is None
    assert payload["errors"][0]["code"] == "MATERIAL_MISSING"
    assert payload["errors"][0]["field"] == "items.2.materials"
    assert payload["errors"][0]["message"].startswith("第 3 项“社会保障卡申领”：缺少必需材料")
    assert (await gql("{ cases{ totalCount } }"))["data"]["cases"]["totalCount"] == 0


async def test_an_uncertified_front_desk_cannot_file_an_application(gql):
    await gql.login("qiantai", "demo1234")
    value, _ = await birth_input(gql)
    await gql.login("xinren", "demo1234")
    payload = (await gql(OPEN, {"i": value}))["data"]["openApplication"]
    assert payload["errors"][0]["code"] == "NOT_CERTIFIED"


async def test_a_resident_files_online_and_the_cases_start_as_intake_rules_say(gql):
    reg = await gql("""mutation{ registerCitizen(input:{idNumber:"330106199203150027", name:"陈晓燕",
        password:"chen2026x"}){ token errors{ code message } } }""")
    assert reg["data"]["registerCitizen"]["errors"] == []
    gql.token = reg["data"]["registerCitizen"]["token"]
    value, _ = await birth_input(gql, channel="MOBILE")
    payload = (await gql(OPEN, {"i": value}))["data"]["openApplication"]
    assert payload["errors"] == [], payload
    # 出生登记 and 社保卡申领 are pre-reviewed online; 新生儿参保 is fully online
    statuses = [p["status"] for p in payload["application"]["progress"]]
    assert statuses == ["PREREVIEW", "RECEIVED", "PREREVIEW"]
    mine = await gql("{ myApplications{ number bundle{ name } } }")
    assert mine["data"]["myApplications"] == [{"number": payload["application"]["number"],
                                               "bundle": {"name": "新生儿出生一件事"}}]
