"""Related items (办好一件事，主动办好一串事 · 顺便办): a curated relation offered after an intake and
carried into a second intake with the shared data; a mined suggestion offered only once an
administrator accepts it; a district hiding a city relation and adding its own; the dashboard's
count of offers made and taken; the demo relations of the catalogue's life events."""

import io
import json
from datetime import UTC, datetime, timedelta

import pypdf
import pytest

from bench.cases import answers_for, counter_intake, counter_viewer
from hub.core.models import Case, ItemRelation, RelatedOffer, ServicePoint, Staff
from hub.core.models.enums import RelationSource, RelationStatus
from resolvers.catalog import mining, related
from tests.cases.test_case_api import PDF, ZHANG, upload

pytestmark = pytest.mark.both_databases

FIRST = "330106-YB-003"  # 基本医疗保险关系转移
NEXT = "330106-YB-007"  # 异地就医登记备案: asks the same 是否委托他人代办, needs 代办人居民身份证 too

CREATE = """mutation($f:String!,$t:String!,$r:String!){
  createItemRelation(fromCode:$f,toCode:$t,reason:$r){
  relation{ id status scope reason version } errors{ code message field } } }"""
DECIDE = """mutation($id:ID!,$a:Boolean!,$v:Int!,$r:String!){
  decideItemRelation(id:$id,accept:$a,version:$v,reason:$r){
  relation{ id status reason version } errors{ code message field } } }"""
HIDE = """mutation($id:ID!,$h:Boolean!){
  hideItemRelation(id:$id,hidden:$h){ relation{ id } errors{ code message } } }"""
RELATED = (
    """query($c:String!,$d:String){ item(code:$c){ relatedItems(district:$d){ code name reason source } } }"""
)
CHECKLIST = """query($c:String!,$a:[AnswerInput!],$i:String){
  checklist(itemCode:$c, answers:$a, applicantIdNumber:$i){
    checklist{ lines{ materialId name requirement satisfiedBy } } errors{ message } } }"""
INTAKE = """mutation($i:IntakeCaseInput!){ intakeCase(input:$i){
  case{ id number materials{ name status originalSeen files{ filename } }
        relatedOffers{ id itemCode itemName reason state stateLabel takenCaseNumber } }
  errors{ code message field } } }"""
RECEIPT = """query($id:ID!){ case(id:$id){ receiptUrl } }"""
CASE = """query($id:ID!){ case(id:$id){ relatedOffers{ id itemCode state takenCaseNumber } } }"""
CARRY = """query($o:ID!){ relatedCarry(offerId:$o){
  offerId fromCaseNumber itemCode idNumber name phone address
  answers materials{ materialId name originalSeen files{ fileId filename } } } }"""
STATS = """query($f:Date!,$t:Date!){
  relatedOfferStats(dateFrom:$f,dateTo:$t){ itemCode itemName offered taken } }"""


def pdf_text(content: bytes) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages).replace("\x00", "")


def answers_input(answers: dict) -> list[dict]:
    return [
        {"question": k, "values": v}
        if isinstance(v, list)
        else {"question": k, "value": str(v).lower() if isinstance(v, bool) else str(v)}
        for k, v in answers.items()
    ]


async def file(
    gql,
    item: str,
    answers: dict,
    *,
    carried: dict | None = None,
    offer: str | None = None,
    phone: str = "",
    address: str = "",
) -> dict:
    """A counter intake over GraphQL: carried materials reuse their files, the rest are uploaded."""
    given = answers_input(answers)
    lines = (await gql(CHECKLIST, {"c": item, "a": given, "i": ZHANG}))["data"]["checklist"]["checklist"][
        "lines"
    ]
    carry = {int(m["materialId"]): m for m in (carried or {}).get("materials", [])}
    materials = []
    for line in lines:
        if line["requirement"] != "REQUIRED" or line["satisfiedBy"]:
            continue
        mid = int(line["materialId"])
        if mid in carry:
            files = [{"fileId": f["fileId"], "filename": f["filename"]} for f in carry[mid]["files"]]
            seen = carry[mid]["originalSeen"]
        else:
            r = await upload(gql, PDF + f"{item}{mid}".encode())
            files, seen = [{"fileId": r.json()["fileId"], "filename": f"{line['name']}.pdf"}], True
        materials.append({"materialId": mid, "files": files, "originalSeen": seen})
    body = await gql(
        INTAKE,
        {
            "i": {
                "itemCode": item,
                "answers": given,
                "materials": materials,
                "offerId": offer,
                "applicant": {"idNumber": ZHANG, "name": "张桂英", "phone": phone, "address": address},
            }
        },
    )
    return body["data"]["intakeCase"]


async def test_a_curated_relation_is_offered_after_intake_and_carried_into_the_next_case(gql):
    await ItemRelation.all().delete()
    # given the city's administrator relates 医保关系转移 → 异地就医登记备案 with a reason
    await gql.login("cityadmin", "demo1234")
    made = (await gql(CREATE, {"f": FIRST, "t": NEXT, "r": "转入杭州后在外地就医的，请一并备案"}))["data"]
    assert made["createItemRelation"]["errors"] == []
    assert made["createItemRelation"]["relation"]["status"] == "ACTIVE"
    assert made["createItemRelation"]["relation"]["scope"] == ""
    again = (await gql(CREATE, {"f": FIRST, "t": NEXT, "r": "重复"}))["data"]["createItemRelation"]
    assert again["errors"][0]["code"] == "DUPLICATE" and again["relation"] is None
    # when the window files the transfer for an applicant who sends an agent
    await gql.login("qiantai", "demo1234")
    first = await file(
        gql,
        FIRST,
        {"direction": "in", "insurance": "employee", "household": "hangzhou", "agent": True},
        phone="13900001111",
        address="杭州市西湖区文三路 1 号",
    )
    assert first["errors"] == []
    # then 顺便办 offers the related item with its reason
    offers = first["case"]["relatedOffers"]
    assert [(o["itemCode"], o["reason"], o["state"]) for o in offers] == [
        (NEXT, "转入杭州后在外地就医的，请一并备案", "OPEN")
    ]
    # the receipt ends with 您可能还需要办理 and the offered item
    url = (await gql(RECEIPT, {"id": first["case"]["id"]}))["data"]["case"]["receiptUrl"]
    pdf = await gql.http.get(url)
    text = pdf_text(pdf.content)
    assert "您可能还需要办理" in text and "异地就医登记备案" in text
    # and one click carries the applicant, the same question's answer and the agent's ID card
    carry = (await gql(CARRY, {"o": offers[0]["id"]}))["data"]["relatedCarry"]
    assert (carry["idNumber"], carry["name"], carry["phone"], carry["address"]) == (
        ZHANG,
        "张桂英",
        "13900001111",
        "杭州市西湖区文三路 1 号",
    )
    assert carry["fromCaseNumber"] == first["case"]["number"] and carry["itemCode"] == NEXT
    assert carry["answers"] == {
        "agent": "true"
    }  # as given; direction, insurance, household: not asked by NEXT
    assert [m["name"] for m in carry["materials"]] == ["代办人居民身份证"]
    assert carry["materials"][0]["originalSeen"] is True
    # when the second intake is filed from the offer with the carried data
    second = await file(
        gql,
        NEXT,
        {**carry["answers"], "type": "relocated"},
        carried=carry,
        offer=carry["offerId"],
        phone=carry["phone"],
        address=carry["address"],
    )
    assert second["errors"] == []
    agent_card = next(m for m in second["case"]["materials"] if m["name"] == "代办人居民身份证")
    assert agent_card["status"] == "COLLECTED" and agent_card["originalSeen"] is True
    assert agent_card["files"][0]["filename"] == carry["materials"][0]["files"][0]["filename"]
    # then the first case's offer is taken by the second case
    back = (await gql(CASE, {"id": first["case"]["id"]}))["data"]["case"]["relatedOffers"]
    assert [(o["state"], o["takenCaseNumber"]) for o in back] == [("TAKEN", second["case"]["number"])]
    # and the same offer cannot be taken twice: nothing is written
    cases = await Case.all().count()
    twice = await file(gql, NEXT, {"agent": True, "type": "relocated"}, carried=carry, offer=carry["offerId"])
    assert twice["errors"][0]["code"] == "CONFLICT" and twice["case"] is None
    assert await Case.all().count() == cases
    # nor carried again
    again_carry = await gql(CARRY, {"o": offers[0]["id"]})
    assert again_carry["errors"][0]["message"] == "该推荐事项已顺便办理，请勿重复受理"
    # an offer of another applicant's case is refused for this one
    other = await file(gql, NEXT, {"agent": False, "type": "work"}, offer="999999")
    assert other["errors"][0]["code"] == "NOT_FOUND"
    # and the dashboard counts the offer made and taken
    await gql.login("zhuren", "demo1234")
    today = datetime.now(UTC).date()
    stats = await gql(STATS, {"f": str(today - timedelta(days=1)), "t": str(today + timedelta(days=1))})
    assert stats["data"]["relatedOfferStats"] == [
        {"itemCode": NEXT, "itemName": "异地就医登记备案", "offered": 1, "taken": 1}
    ]
    # a front desk cannot read it
    await gql.login("qiantai", "demo1234")
    assert (await gql(STATS, {"f": str(today), "t": str(today)}))["errors"]


def id_number(seq: int) -> str:
    body = f"33010619800101{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


async def test_a_mined_suggestion_is_offered_only_once_an_administrator_accepts_it(gql):
    await ItemRelation.all().delete()
    staff = await Staff.get(username="qiantai")
    point = await ServicePoint.get(code="330106013")
    viewer = counter_viewer(staff.id, point.id)
    now = datetime.now(UTC)
    # given a history: of 4 applicants of 失业登记, 3 filed 失业保险金申领 within 30 days after it,
    # one only 40 days after; 就业创业证 followed once (below the support threshold)
    A, B, C = "330106-RS-002", "330106-RS-009", "330106-RS-004"
    for i in range(4):
        start = now - timedelta(days=90 - i)
        await counter_intake(viewer, A, id_number=id_number(i + 1), name=f"申请人{i}", now=start)
        await counter_intake(
            viewer,
            B,
            id_number=id_number(i + 1),
            name=f"申请人{i}",
            now=start + timedelta(days=40 if i == 3 else 5 + i),
        )
    await counter_intake(viewer, C, id_number=id_number(1), name="申请人0", now=now - timedelta(days=85))
    # when the mining runs
    result = await mining.mine(
        mining.Thresholds(window_days=30, history_days=365, min_support=2, min_confidence=0.5)
    )
    # then one suggestion: support 3 of 4 applicants
    assert (result.pairs, result.suggested, result.updated, result.skipped) == (1, 1, 0, 0)
    row = await ItemRelation.get(from_code=A, to_code=B)
    assert (row.source, row.status, row.support, row.confidence) == (
        RelationSource.MINED,
        RelationStatus.SUGGESTED,
        3,
        0.75,
    )
    assert row.reason == "办理“失业登记”的群众中，约 75% 在 30 天内还办理了本事项"
    # and a second run updates the numbers, keeping the row
    assert (await mining.mine(mining.Thresholds(30, 365, 2, 0.5))).updated == 1
    # a suggestion is not offered before it is accepted
    await gql.login("qiantai", "demo1234")
    assert (await gql(RELATED, {"c": A, "d": "330106"}))["data"]["item"]["relatedItems"] == []
    # a district administrator may not start the mining
    await gql.login("admin", "admin123")
    denied = (await gql("mutation{ mineItemRelations{ suggested errors{ code message } } }"))["data"]
    assert denied["mineItemRelations"]["errors"][0]["code"] == "NOT_ALLOWED"
    # nor decide the city's suggestion
    refused = await gql(DECIDE, {"id": str(row.id), "a": True, "v": 1, "r": "本区想推荐"})
    assert refused["errors"][0]["message"] == "只能审核本区的关联建议"
    # the city administrator sees it among the suggestions and accepts it with a reason
    await gql.login("cityadmin", "demo1234")
    mined = (await gql("{ itemRelations(source: MINED, status: SUGGESTED, first: 10){ id } }"))["data"]
    assert mined["itemRelations"] == [{"id": str(row.id)}]
    listed = (await gql("{ itemRelationSuggestions{ id fromName toName support confidence version } }"))[
        "data"
    ]
    assert listed["itemRelationSuggestions"] == [
        {
            "id": str(row.id),
            "fromName": "失业登记",
            "toName": "失业保险金申领",
            "support": 3,
            "confidence": 0.75,
            "version": 1,
        }
    ]
    no_reason = (await gql(DECIDE, {"id": str(row.id), "a": True, "v": 1, "r": " "}))["data"][
        "decideItemRelation"
    ]
    assert no_reason["errors"][0]["field"] == "reason"
    ok = (await gql(DECIDE, {"id": str(row.id), "a": True, "v": 1, "r": "失业登记后可申领失业保险金"}))[
        "data"
    ]
    assert ok["decideItemRelation"]["relation"]["status"] == "ACCEPTED"
    # a second decision on the old version loses the race
    late = (await gql(DECIDE, {"id": str(row.id), "a": False, "v": 1, "r": ""}))["data"]["decideItemRelation"]
    assert late["errors"][0]["code"] == "CONFLICT"
    assert (await ItemRelation.get(id=row.id)).status == RelationStatus.ACCEPTED
    # then the accepted relation is offered after the next intake
    case = await counter_intake(viewer, A, id_number=id_number(9), name="申请人9")
    offers = await RelatedOffer.filter(case_id=case["id"]).values_list("item_code", "reason")
    assert offers == [(B, "失业登记后可申领失业保险金")]


async def test_a_district_hides_a_city_relation_and_adds_its_own(gql):
    await ItemRelation.all().delete()
    # given two city relations, one to a city item the district serves through its variant
    await gql.login("cityadmin", "demo1234")
    born = (await gql(CREATE, {"f": "330106-GA-001", "t": "330106-YB-002", "r": "新生儿落户后参加医保"}))[
        "data"
    ]
    await gql(CREATE, {"f": "330106-GA-001", "t": "330106-RS-012", "r": "新生儿申领社会保障卡"})
    await gql(CREATE, {"f": "330106-MZ-001", "t": "330100-MZ-007", "r": "符合条件的可申请居家养老服务补贴"})
    city_id = born["createItemRelation"]["relation"]["id"]
    # a city administrator cannot hide for a district
    assert (await gql(HIDE, {"id": city_id, "h": True}))["data"]["hideItemRelation"]["errors"]
    # when the district's administrator hides one and adds its own
    await gql.login("admin", "admin123")
    assert (await gql(HIDE, {"id": city_id, "h": True}))["data"]["hideItemRelation"]["errors"] == []
    own = (await gql(CREATE, {"f": "330106-GA-001", "t": "330106-WJ-001", "r": "本区：出生后补办生育登记"}))[
        "data"
    ]
    assert own["createItemRelation"]["relation"]["scope"] == "330106"
    # then in the district: the city's other relation and its own, not the hidden one
    got = (await gql(RELATED, {"c": "330106-GA-001", "d": "330106"}))["data"]["item"]["relatedItems"]
    assert [(r["code"], r["reason"]) for r in got] == [
        ("330106-WJ-001", "本区：出生后补办生育登记"),
        ("330106-RS-012", "新生儿申领社会保障卡"),
    ]
    # elsewhere in the city the hidden relation still holds, the district's own does not
    city = (await gql(RELATED, {"c": "330106-GA-001", "d": "330109"}))["data"]["item"]["relatedItems"]
    assert [r["code"] for r in city] == ["330106-YB-002", "330106-RS-012"]
    # a relation to a city item is served by the district's variant of it
    variant = (await gql(RELATED, {"c": "330106-MZ-001", "d": "330106"}))["data"]["item"]["relatedItems"]
    assert [r["code"] for r in variant] == ["330106-MZ-007"]
    # the public reads the hub's district (the demo's one district) by default
    gql.token = None
    public = (await gql(RELATED, {"c": "330106-GA-001", "d": None}))["data"]["item"]["relatedItems"]
    assert [r["code"] for r in public] == ["330106-WJ-001", "330106-RS-012"]
    # showing it again in the district brings it back
    await gql.login("admin", "admin123")
    await gql(HIDE, {"id": city_id, "h": False})
    found = await related.related_for(["330106-GA-001"], "330106")
    assert [r.code for r in found["330106-GA-001"]] == ["330106-WJ-001", "330106-YB-002", "330106-RS-012"]


async def test_bad_relations_are_refused_in_chinese(gql):
    await gql.login("cityadmin", "demo1234")
    cases = [
        ({"f": "330106-GA-001", "t": "330106-GA-001", "r": "x"}, "toCode"),
        ({"f": "330106-GA-001", "t": "NOPE", "r": "x"}, "toCode"),
        ({"f": "330106-GA-001", "t": "330106-YB-001", "r": ""}, "reason"),
        ({"f": "330106-GA-001", "t": "330106-YB-001", "r": "长" * 121}, "reason"),
    ]
    for variables, field in cases:
        errors = (await gql(CREATE, variables))["data"]["createItemRelation"]["errors"]
        assert errors and errors[0]["field"] == field and errors[0]["message"]
    await gql.login("qiantai", "demo1234")
    assert (await gql(CREATE, {"f": "330106-GA-001", "t": "330106-YB-001", "r": "x"}))["errors"]


async def test_the_demo_relates_the_items_of_the_catalogues_life_events(gql):
    # the seeded relations cover the life events (出生, 退休, 开办企业 …), each with a reason
    rows = await ItemRelation.filter(source=RelationSource.CURATED).values("from_code", "to_code", "reason")
    pairs = {(r["from_code"], r["to_code"]) for r in rows}
    assert ("330106-GA-001", "330106-YB-002") in pairs  # 出生登记 → 新生儿参保
    assert ("330106-RS-007", "330106-MZ-001") in pairs  # 养老待遇 → 老年人优待证
    assert ("330106-SJ-001", "330106-SJ-003") in pairs  # 个体工商户设立 → 食品经营许可
    assert all(r["reason"] for r in rows)
    found = await related.related_for(["330106-GA-001"], "330106")
    assert {"330106-YB-002", "330106-RS-012"} <= {r.code for r in found["330106-GA-001"]}
    # and the one-time notice of 老年人优待证 ends with them (高龄津贴, the district's 居家养老 variant)
    answers = json.dumps(await answers_for("330106-MZ-001"), ensure_ascii=False)
    pdf = await gql.http.get("/notice/330106-MZ-001.pdf", params={"answers": answers})
    assert pdf.status_code == 200, pdf.text
    text = pdf_text(pdf.content)
    assert "您可能还需要办理" in text and "高龄津贴申领" in text and "居家养老服务补贴申请" in text
