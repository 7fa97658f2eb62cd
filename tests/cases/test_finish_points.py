"""Finish points over the API: the applicant's chosen finish point holds on the counter as online,
a point without an issuance window cannot be chosen (nothing is written), and a community chosen
online finishes at its street centre — each with the issuer of that point only."""

from __future__ import annotations

import pytest

from hub.core.models import Case
from tests.cases.walk_support import INTAKE, RESIDENT, Walker

pytestmark = pytest.mark.both_databases

ITEM = "330106-YB-003"  # 基本医疗保险关系转移: counter and fully online


async def _intake(walker: Walker, username: str, **extra) -> dict:
    answers, lines = await walker.checklist(ITEM)
    value = {"itemCode": ITEM, "answers": answers, "applicant": RESIDENT,
             "materials": await walker.materials(username, lines), **extra}
    return (await walker.run(username, INTAKE, {"i": value}))["data"]["intakeCase"]


async def test_a_finish_point_chosen_at_the_counter_is_where_the_case_is_issued(gql):
    walker = Walker(gql)
    filed = await _intake(walker, "qiantai", finishPointCode="330106004")
    case = filed["case"]
    assert filed["errors"] == [] and case["servicePoint"]["code"] == "330106013"
    assert case["finishPoint"] == {"code": "330106004", "name": "西溪街道"}
    _, case = await walker.decide(case)
    refused = await walker.run("chujian", """mutation($i:IssueCaseInput!){ issueCase(input:$i){
        errors{ code } } }""", {"i": {"caseId": case["id"], "method": "PICKUP",
                                     "collectorIdNumber": RESIDENT["idNumber"]}})
    assert refused["data"]["issueCase"]["errors"] == [{"code": "NOT_FOUND"}]  # 文新 receives, not issues
    who, issued = await walker.issue(case)
    assert (who, issued["status"]) == ("cj_xixi", "ISSUED")


async def test_a_point_without_an_issuance_window_cannot_be_chosen(gql):
    walker = Walker(gql)
    before = await Case.all().count()
    refused = await _intake(walker, "qiantai", finishPointCode="330106004053")  # 石灰桥社区
    assert refused["case"] is None
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("NOT_ACCEPTED_HERE", "finishPointCode")]
    assert "不设综合出件窗口" in refused["errors"][0]["message"]
    assert await Case.all().count() == before


async def test_a_community_chosen_online_finishes_at_its_street_centre(gql):
    walker = Walker(gql)
    filed = await _intake(walker, "resident", channel="MOBILE", servicePointCode="330106013005")  # 骆家庄
    case = filed["case"]
    assert filed["errors"] == [] and case["servicePoint"]["code"] == "330106013005"
    assert case["finishPoint"]["code"] == "330106013" and case["status"] == "RECEIVED"
    _, case = await walker.decide(case)
    who, issued = await walker.issue(case)
    assert (who, issued["status"]) == ("chujian", "ISSUED")
