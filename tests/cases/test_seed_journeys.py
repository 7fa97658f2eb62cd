"""The source documents' journeys through the public API, with the demo accounts only:
a whistle on 最低生活保障 answered by a 民政 expert, the grid worker of 石灰桥社区 filing 上门办
that the 西溪街道 issuance window hands to her for delivery, and 新生儿出生一件事 to 已办结 with
the city-level 社会保障卡申领 decided and labelled by 杭州市人力资源和社会保障局."""

from __future__ import annotations

import pytest

from tests.cases.test_joint_api import OPEN, birth_input
from tests.cases.walk_support import Walker

pytestmark = pytest.mark.both_databases

CALL = "id status departmentCode expertName escalated answer"
RAISE = f"""mutation($i:RaiseWhistleInput!){{ raiseWhistle(input:$i){{ call{{ {CALL} }}
  errors{{ code message }} }} }}"""
ACCEPT = f"mutation($c:ID!){{ acceptWhistle(callId:$c){{ call{{ {CALL} }} errors{{ code message }} }} }}"
RESOLVE = f"""mutation($c:ID!,$a:String!){{ resolveWhistle(callId:$c, answer:$a){{ call{{ {CALL} }}
  errors{{ code message }} }} }}"""
DESK = "{ whistleDesk{ calls{ id itemName question } } }"
SHEN = "330106195204180625"  # 沈美华, 石灰桥社区, not yet in the registry
ANSWER = ("低保按户申请：共同生活家庭成员月人均收入低于西湖区低保标准、财产符合规定即可；"
          "请在户籍所在地街道综合窗口提交申请书、户口簿和收入证明，民政部门入户调查后审批。")


async def test_a_whistle_on_minimum_living_allowance_is_answered_by_a_civil_affairs_expert(gql):
    walker = Walker(gql)
    await walker.token("wx_mz_zj")  # 谢雨婷, 文新街道's 民政 expert, logs in: on duty
    await walker.token("mz_zj")  # 方淑芬 at the district, too
    question = "居民询问：丈夫去世、本人无业，能否申请低保？需要带哪些材料？"
    raised = await walker.run("qiantai", RAISE, {"i": {"itemCode": "330106-MZ-002", "question": question}})
    call = raised["data"]["raiseWhistle"]
    assert call["errors"] == [], call
    assert call["call"]["departmentCode"] == "MZ" and call["call"]["escalated"] is False
    # the nearest level with an expert on duty: the street's, not the district's
    street_desk = (await walker.run("wx_mz_zj", DESK))["data"]["whistleDesk"]["calls"]
    assert [c["itemName"] for c in street_desk] == ["最低生活保障申请"]
    assert (await walker.run("mz_zj", DESK))["data"]["whistleDesk"]["calls"] == []
    accepted = await walker.run("wx_mz_zj", ACCEPT, {"c": call["call"]["id"]})
    assert accepted["data"]["acceptWhistle"]["errors"] == []
    resolved = await walker.run("wx_mz_zj", RESOLVE, {"c": call["call"]["id"], "a": ANSWER})
    done = resolved["data"]["resolveWhistle"]["call"]
    assert (done["status"], done["expertName"], done["answer"]) == ("RESOLVED", "谢雨婷", ANSWER)


async def test_the_grid_worker_of_shihuiqiao_files_and_delivers_through_xixi_street(gql):
    walker = Walker(gql)
    resident = {"idNumber": SHEN, "name": "沈美华", "phone": "13957100231",
                "address": "杭州市西湖区西溪街道石灰桥社区6幢1单元101室"}
    answers, lines = await walker.checklist("330106-YB-006")
    filed = await walker.run("wangge", """mutation($i:IntakeCaseInput!){ intakeCase(input:$i){
        errors{ code message } case{ id number status version channel department{ code name }
        decidePoint{ code } servicePoint{ name } finishPoint{ code name } } } }""", {"i": {
        "itemCode": "330106-YB-006", "answers": answers, "applicant": resident,
        "materials": await walker.materials("wangge", lines),
        "issueMethod": "GRID", "deliveryAddress": resident["address"]}})
    case = filed["data"]["intakeCase"]["case"]
    assert case["channel"] == "GRID" and case["servicePoint"]["name"] == "石灰桥社区"
    # 石灰桥社区 has no issuance window: the case finishes at 西溪街道's
    assert case["finishPoint"] == {"code": "330106004", "name": "西溪街道"}
    steps: dict[str, str] = {}
    _, case = await walker.prereview(case)
    _, case = await walker.accept(case, SHEN)
    steps["审批"], case = await walker.decide(case)
    assert case["status"] == "APPROVED" and steps["审批"] == "yb_a"
    queue = "{ issuanceQueue{ number } }"
    assert (await walker.run("chujian", queue))["data"]["issuanceQueue"] == []  # 文新's window
    assert [c["number"] for c in (await walker.run("cj_xixi", queue))["data"]["issuanceQueue"]] == [
        case["number"]]
    workers = await walker.run("cj_xixi", "query($c:ID!){ gridWorkers(caseId:$c){ id name } }",
                               {"c": case["id"]})
    wangge = next(w for w in workers["data"]["gridWorkers"] if w["name"] == "黄雨晴")
    who, case = await walker.issue(case, method="GRID", address=resident["address"],
                                   gridWorkerId=wangge["id"], collectorIdNumber="")
    assert who == "cj_xixi" and case["status"] == "ISSUED"
    tasks = await walker.run("wangge", "{ myDeliveries{ caseNumber address } }")
    assert tasks["data"]["myDeliveries"] == [{"caseNumber": case["number"], "address": resident["address"]}]
    signed = await walker.run("wangge", """mutation($c:ID!){ confirmDelivery(caseId:$c, signedName:"沈美华"){
        errors{ code } case{ issuance{ delivered recipientName delivererName issuedBy }
        log{ action actorName } } } }""", {"c": case["id"]})
    delivered = signed["data"]["confirmDelivery"]["case"]
    assert delivered["issuance"] == {"delivered": True, "recipientName": "沈美华",
                                     "delivererName": "黄雨晴", "issuedBy": "胡婷婷"}
    assert delivered["log"][-1] == {"action": "DELIVERED", "actorName": "黄雨晴"}


async def test_newborn_birth_bundle_reaches_done_with_the_city_social_security_card(gql):
    walker = Walker(gql)
    await walker.token("qiantai")
    gql.token = walker.tokens["qiantai"]
    value, _ = await birth_input(gql)
    more = ("cases{ id version number status department{ code name } decidePoint{ code } "
            "finishPoint{ code name }")
    opened = await walker.run("qiantai", OPEN.replace("cases{ number status", more), {"i": value})
    application = opened["data"]["openApplication"]["application"]
    assert opened["data"]["openApplication"]["errors"] == []
    card = next(c for c in application["cases"] if c["application"] and "社会保障卡" in
                next(p["itemName"] for p in application["progress"] if p["number"] == c["number"]))
    assert card["decidePoint"]["code"] == "330100"
    assert card["department"] == {"code": "RS", "name": "杭州市人力资源和社会保障局"}
    assert {p["itemName"]: p["departmentName"] for p in application["progress"]}["社会保障卡申领"] == \
        "杭州市人力资源和社会保障局"
    deciders = {}
    for case in application["cases"]:
        done: dict[str, str] = {}
        case = await walker.finish(case, done, collector=value["applicantIdNumber"])
        deciders[case["number"]] = done["审批"]
        assert case["status"] == "ISSUED"
    assert deciders[card["number"]] == "hzrs"
    status = await walker.run("qiantai", "query($n:String!){ application(number:$n){ status{ label } } }",
                              {"n": application["number"]})
    assert status["data"]["application"]["status"]["label"] == "已办结"
    me = await walker.run("hzrs", "{ me{ name department{ name } } }")
    assert me["data"]["me"] == {"name": "林志远", "department": {"name": "杭州市人力资源和社会保障局"}}

