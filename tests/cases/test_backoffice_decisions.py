"""A decision never drops a 补件 annotation silently: with unsent annotations on screen it is
refused with ANNOTATIONS_PENDING unless the officer discards them explicitly, and the discard
is audited. The 已办 tab lists the cases an officer decided; "已转B岗" ends with the claim."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bench.backoffice_cases import district_case, viewer
from hub.core.errors import HubError
from hub.core.models import Case, CaseFile, CaseLog, CaseMaterial
from hub.core.models.enums import AnnotationKind, CaseStatus
from resolvers.cases import backoffice, workqueue
from resolvers.cases.backoffice import AnnotationInput, RejectKind

pytestmark = [pytest.mark.both_databases, pytest.mark.usefixtures("database")]

MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

APPROVE = """mutation($id:ID!,$v:Int!,$p:[AnnotationInput!],$d:Boolean!){
  approveCase(caseId:$id, version:$v, pendingAnnotations:$p, discardAnnotations:$d){
  case{ status log{ action detail } } errors{ code field message } } }"""
DONE_TAB = "{ backofficeQueue(tab:DONE){ entries{ number status offeredToMe } } }"


async def claimed(username: str, at: datetime, tag: str = "") -> dict:
    case = await district_case(at, tag=tag)
    return (await backoffice.claim(await viewer(username), case["id"], version=case["version"], now=at)).case


async def blurry_photo(case: dict) -> AnnotationInput:
    f = await CaseFile.filter(case_id=case["id"], stored__content_type="image/png").first()
    assert f is not None
    return AnnotationInput(f.material_id, AnnotationKind.BLURRY, text="照片模糊", file_id=f.id,
                           box={"x": 0.1, "y": 0.1, "w": 0.3, "h": 0.3})


async def test_a_decision_with_pending_annotations_is_refused_unless_they_are_discarded_and_audited():
    case = await claimed("yb_a", MONDAY)
    a = await viewer("yb_a")
    pending = [await blurry_photo(case)]
    for decide in (lambda **kw: backoffice.approve(a, case["id"], version=case["version"], **kw),
                   lambda **kw: backoffice.reject(a, case["id"], version=case["version"], reason="不符合条件",
                                                  kind=RejectKind.REJECT, **kw)):
        with pytest.raises(HubError) as e:
            await decide(pending=pending)
        assert e.value.code == "ANNOTATIONS_PENDING" and e.value.field == "discardAnnotations"
        assert "1 条补件批注" in e.value.message
    row = await Case.get(id=case["id"])
    assert row.status == CaseStatus.IN_REVIEW and row.version == case["version"]  # nothing written

    done = await backoffice.approve(a, case["id"], version=case["version"], pending=pending, discard=True)
    assert done.case["status"] == CaseStatus.APPROVED
    log = await CaseLog.filter(case_id=case["id"], action="APPROVE").values_list("detail", flat=True)
    assert log == [{"discardedAnnotations": [f"{await material_name(pending[0])}：模糊不清（照片模糊）"]}]


async def material_name(note: AnnotationInput) -> str:
    return (await CaseMaterial.get(id=note.material_id)).name


async def test_a_discarded_annotation_is_still_checked_against_the_case():
    case = await claimed("yb_a", MONDAY)
    other = await claimed("yb_a", MONDAY, tag="other")
    foreign = await blurry_photo(other)  # an annotation of another case's material
    with pytest.raises(HubError) as e:
        await backoffice.approve(await viewer("yb_a"), case["id"], version=case["version"],
                                 pending=[foreign], discard=True)
    assert e.value.code == "NOT_FOUND"
    assert (await Case.get(id=case["id"])).status == CaseStatus.IN_REVIEW


async def test_the_done_tab_lists_the_cases_i_decided_latest_first():
    a, b = await viewer("yb_a"), await viewer("yb_b")
    first = await claimed("yb_a", MONDAY, tag="1")
    second = await claimed("yb_a", MONDAY, tag="2")
    theirs = await claimed("yb_b", MONDAY, tag="3")
    await backoffice.approve(a, first["id"], version=first["version"], now=MONDAY + timedelta(hours=1))
    await backoffice.reject(a, second["id"], version=second["version"], reason="不符合参保条件",
                            kind=RejectKind.REJECT, now=MONDAY + timedelta(hours=2))
    await backoffice.approve(b, theirs["id"], version=theirs["version"], now=MONDAY + timedelta(hours=3))
    page = await workqueue.queue(a, workqueue.Tab.DONE)
    assert [e.case["number"] for e in page.entries] == [second["number"], first["number"]]
    assert [e.case["number"] for e in (await workqueue.queue(b, workqueue.Tab.DONE)).entries] == [
        theirs["number"]]


async def test_the_backup_offer_ends_when_the_case_is_claimed():
    case = await district_case(MONDAY)  # A is not clocked in: offered to B
    assert workqueue.offer_open(case)
    b = await viewer("yb_b")
    assert [e.offered_to_me for e in (await workqueue.queue(b, workqueue.Tab.UNCLAIMED)).entries] == [True]
    done = await backoffice.claim(await viewer("yb_a"), case["id"], version=case["version"], now=MONDAY)
    assert done.case["offered_to_backup"] is True  # the history stays; the offer is spent
    assert not workqueue.offer_open(done.case)


async def test_the_typed_code_and_the_audit_over_graphql(gql):
    case = await claimed("yb_a", MONDAY)
    note = await blurry_photo(case)
    given = [{"materialId": str(note.material_id), "kind": "BLURRY", "text": "照片模糊",
              "fileId": str(note.file_id), "box": note.box}]
    await gql.login("yb_a", "demo1234")
    refused = (await gql(APPROVE, {"id": str(case["id"]), "v": case["version"], "p": given,
                                   "d": False}))["data"]["approveCase"]
    assert refused["case"] is None
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("ANNOTATIONS_PENDING", "discardAnnotations")]
    ok = (await gql(APPROVE, {"id": str(case["id"]), "v": case["version"], "p": given,
                              "d": True}))["data"]["approveCase"]
    assert ok["errors"] == [] and ok["case"]["status"] == "APPROVED"
    assert ok["case"]["log"][-1]["detail"]["discardedAnnotations"][0].endswith("模糊不清（照片模糊）")
    done = (await gql(DONE_TAB))["data"]["backofficeQueue"]["entries"]
    assert [(e["number"], e["status"], e["offeredToMe"]) for e in done] == [
        (case["number"], "APPROVED", False)]
