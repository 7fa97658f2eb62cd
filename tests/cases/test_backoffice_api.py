"""The back office over GraphQL: the queue (SQL statements pinned), claim with a stale version,
a guessed id, the supplement round trip between the back office and the window with a box on
an image, notices, the sweep (administrators only), and the decision notice PDF."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pypdf
import pytest

from bench.backoffice_cases import district_case, photo
from bench.cases import ZHANG
from bench.querycount import count_queries

pytestmark = pytest.mark.both_databases

MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

QUEUE = """query($tab:QueueTab!){ backofficeQueue(tab:$tab, first:20){
  entries{ offeredToMe canClaim dueState dueStateLabel id number itemName applicantName maskedIdNumber
           status dueOn dueProvisional version assignee }
  counts{ unclaimed mine supplement prereview } hasNextPage endCursor } }"""
CLAIM = """mutation($id:ID!,$v:Int!){ claimCase(caseId:$id, version:$v){
  case{ status version assignee } errors{ code message } } }"""
CASE = """query($id:ID!){ case(id:$id){ id status version paused decisionNoticeUrl
  materials{ id name files{ id contentType url } annotations{ kind kindLabel text fileId box round } }
  infoChecks{ field status } log{ action } } }"""
LOG = """query($id:ID!){ case(id:$id){ log{ action actionLabel actorName channel } } }"""
SUPPLEMENT_REQUEST = """mutation($id:ID!,$v:Int!,$a:[AnnotationInput!]!){
  requestSupplement(caseId:$id, version:$v, annotations:$a, note:"请补正"){
    case{ status version paused } errors{ code message field } } }"""
SUPPLEMENT = """mutation($id:ID!,$v:Int!,$f:[SupplementFilesInput!]!,$i:String){
  supplementCase(caseId:$id, version:$v, files:$f, idNumber:$i){
    case{ status version } errors{ code message } } }"""
APPROVE = """mutation($id:ID!,$v:Int!){ approveCase(caseId:$id, version:$v, note:"同意"){
  case{ status decisionNote } errors{ code } } }"""
REJECT = """mutation($id:ID!,$v:Int!){
  rejectCase(caseId:$id, version:$v, kind:REJECT, reason:"不符合参保条件"){
  case{ status decisionNoticeUrl } errors{ code } } }"""


async def claim(gql, case: dict) -> int:
    body = await gql(CLAIM, {"id": str(case["id"]), "v": case["version"]})
    return body["data"]["claimCase"]["case"]["version"]


NOTICES = "{ myNotices{ unread notices{ id kind kindLabel message caseNumber read } } }"


async def test_the_queue_costs_a_fixed_number_of_statements(gql):
    for i in range(3):
        await district_case(MONDAY + timedelta(minutes=i), tag=str(i))
    await gql.login("yb_a", "demo1234")
    with count_queries() as few:
        small = await gql(QUEUE, {"tab": "UNCLAIMED"})
    for i in range(3, 20):
        await district_case(MONDAY + timedelta(minutes=i), tag=str(i))
    with count_queries() as many:
        body = await gql(QUEUE, {"tab": "UNCLAIMED"})
    queue = body["data"]["backofficeQueue"]
    assert len(small["data"]["backofficeQueue"]["entries"]) == 3
    assert len(queue["entries"]) == 20 and queue["counts"]["unclaimed"] == 20
    first = queue["entries"][0]
    assert first["itemName"] and first["applicantName"] == "张桂英"
    assert first["maskedIdNumber"] == "330106********0245"
    assert first["canClaim"] is True and first["dueState"] in ("OVERDUE", "DUE_SOON", "ON_TIME")
    # the viewer, then one statement (the page with applicant, assignee and AB post joined, and
    # every tab's count): the same for 3 cases as for 20
    assert len(many) == len(few) == 2, many
    full = await gql("{ backofficeQueue{ entries{ case{ number materials{ name } } } } }")
    assert len(full["data"]["backofficeQueue"]["entries"]) == 20


async def test_claim_approve_and_the_boundaries_over_graphql(gql):
    case = await district_case(MONDAY)
    await gql.login("yb_a", "demo1234")
    guessed = await gql(CLAIM, {"id": str(case["id"] + 500), "v": 1})
    assert guessed["data"]["claimCase"]["errors"][0]["code"] == "NOT_FOUND"
    claimed = await gql(CLAIM, {"id": str(case["id"]), "v": case["version"]})
    assert claimed["data"]["claimCase"]["errors"] == []
    assert claimed["data"]["claimCase"]["case"]["assignee"] == "孙明"
    stale = await gql(CLAIM, {"id": str(case["id"]), "v": case["version"]})
    assert stale["data"]["claimCase"]["errors"][0]["code"] == "CONFLICT"
    mine = await gql(QUEUE, {"tab": "MINE"})
    assert [e["number"] for e in mine["data"]["backofficeQueue"]["entries"]] == [case["number"]]
    await gql.login("rs_a", "demo1234")
    other = await gql(APPROVE, {"id": str(case["id"]), "v": claimed["data"]["claimCase"]["case"]["version"]})
    assert other["data"]["approveCase"]["errors"][0]["code"] == "NOT_FOUND"
    await gql.login("yb_a", "demo1234")
    ok = await gql(APPROVE, {"id": str(case["id"]), "v": claimed["data"]["claimCase"]["case"]["version"]})
    assert ok["data"]["approveCase"] == {"case": {"status": "APPROVED", "decisionNote": "同意"}, "errors": []}


async def test_a_supplement_round_trip_between_the_back_office_and_the_window(gql):
    case = await district_case(MONDAY)
    await gql.login("yb_b", "demo1234")  # offered to B: A was not clocked in
    version = await claim(gql, case)
    view = (await gql(CASE, {"id": str(case["id"])}))["data"]["case"]
    material = next(m for m in view["materials"] if any(f["contentType"] == "image/png" for f in m["files"]))
    image = next(f for f in material["files"] if f["contentType"] == "image/png")
    bad = await gql(SUPPLEMENT_REQUEST, {"id": str(case["id"]), "v": version, "a": [
        {"materialId": material["id"], "kind": "BLURRY", "fileId": image["id"],
         "box": {"x": 0.9, "y": 0, "w": 0.5, "h": 0.5}}]})
    assert bad["data"]["requestSupplement"]["errors"][0]["code"] == "INVALID"
    asked = await gql(SUPPLEMENT_REQUEST, {"id": str(case["id"]), "v": version, "a": [
        {"materialId": material["id"], "kind": "BLURRY", "text": "照片模糊", "fileId": image["id"],
         "box": {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.4}}]})
    payload = asked["data"]["requestSupplement"]
    assert payload["errors"] == [] and payload["case"]["status"] == "SUPPLEMENT" and payload["case"]["paused"]

    await gql.login("qiantai", "demo1234")  # the window sees the annotation
    view = (await gql(CASE, {"id": str(case["id"])}))["data"]["case"]
    notes = [a for m in view["materials"] for a in m["annotations"]]
    assert notes == [{"kind": "BLURRY", "kindLabel": "模糊不清", "text": "照片模糊", "fileId": image["id"],
                      "box": {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.4}, "round": 1}]
    fresh = await photo("window")
    done = await gql(SUPPLEMENT, {"id": str(case["id"]), "v": payload["case"]["version"], "i": None,
                                  "f": [{"materialId": material["id"], "files": [{"fileId": fresh,
                                                                                  "filename": "新.png"}]}]})
    assert done["data"]["supplementCase"]["errors"] == []
    assert done["data"]["supplementCase"]["case"]["status"] == "IN_REVIEW"
    # the audit names the clerk who took it, not the applicant (issue 16)
    log = (await gql(LOG, {"id": str(case["id"])}))["data"]["case"]["log"]
    taken = [e for e in log if e["action"] == "SUPPLEMENT"]
    assert [(e["actionLabel"], e["channel"]) for e in taken] == [("窗口人员 李晓敏 代收补件", "COUNTER")]

    await gql.login("yb_b", "demo1234")
    notices = (await gql(NOTICES))["data"]["myNotices"]
    kinds = [n["kind"] for n in notices["notices"]]
    assert "SUPPLEMENTED" in kinds and "OFFERED" in kinds and notices["unread"] == len(kinds)
    marked = await gql("mutation{ markNoticeRead{ updated unread } }")
    assert marked["data"]["markNoticeRead"] == {"updated": len(kinds), "unread": 0}


async def test_the_sweep_is_for_administrators(gql):
    case = await district_case(MONDAY)
    await gql.login("yb_a", "demo1234")
    denied = await gql('mutation{ runCaseSweep(at:"2026-04-01T02:00:00Z"){ reminded } }')
    assert denied["errors"][0]["message"].startswith("需要以下角色之一")
    await gql.login("admin", "admin123")
    swept = await gql('mutation{ runCaseSweep(at:"2026-04-01T02:00:00Z"){ reminded escalated } }')
    assert swept["data"]["runCaseSweep"] == {"reminded": [case["number"]], "escalated": [case["number"]]}
    again = await gql('mutation{ runCaseSweep(at:"2026-04-01T02:00:00Z"){ reminded escalated } }')
    assert again["data"]["runCaseSweep"] == {"reminded": [], "escalated": []}


async def test_the_decision_notice_pdf(gql):
    case = await district_case(MONDAY)
    await gql.login("yb_a", "demo1234")
    version = await claim(gql, case)
    assert (await gql(CASE, {"id": str(case["id"])}))["data"]["case"]["decisionNoticeUrl"] is None
    rejected = await gql(REJECT, {"id": str(case["id"]), "v": version})
    url = rejected["data"]["rejectCase"]["case"]["decisionNoticeUrl"]
    assert rejected["data"]["rejectCase"]["case"]["status"] == "REJECTED" and url.startswith(
        f"/cases/{case['id']}/decision.pdf?t=")
    response = await gql.http.get(url)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    flat = "".join(text.replace("\x00", "").split())
    for expected in ("不予许可决定书", case["number"], "张桂英", case["item_name"], "不符合参保条件",
                     "行政许可法》第三十八条", "行政复议", "六十日", "六个月", "行政诉讼",
                     "杭州市西湖区医疗保障局"):
        assert expected in flat, expected
    assert (await gql.http.get(url.split("?")[0] + "?t=forged")).status_code == 403
    # a resident tracking the case sees the same link
    gql.token = None
    track = "query($n:String!,$i:String!){ trackCase(number:$n, idNumber:$i){ decisionNoticeUrl } }"
    tracked = await gql(track, {"n": case["number"], "i": ZHANG})
    assert tracked["data"]["trackCase"]["decisionNoticeUrl"].startswith(f"/cases/{case['id']}/")
