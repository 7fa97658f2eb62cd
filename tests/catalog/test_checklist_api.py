"""The tailored checklist over GraphQL: questions, answers, reasons, errors, SQL cost."""

from datetime import date, timedelta

import pytest

from bench.querycount import count_queries
from tests.factories import give_situations

pytestmark = pytest.mark.both_databases
CODE = "330106-YB-001"
CHECKLIST = """query($code:String!,$answers:[AnswerInput!]){ checklist(itemCode:$code, answers:$answers){
  errors{ code field message }
  checklist{ complete item{ name } questions{ code text kind options{ value label } shownWhen }
    missing{ code text } answers{ question text }
    lines{ name formLabel count requirement requirementLabel reason satisfiedBy note } } } }"""


def ans(**answers):
    return [{"question": k, **({"values": v} if isinstance(v, list) else {"value": v})}
            for k, v in answers.items()]


async def run(gql, **answers):
    body = await gql(CHECKLIST, {"code": CODE, "answers": ans(**answers)})
    return body["data"]["checklist"]


async def test_two_answer_sets_give_two_different_checklists_with_reasons(gql):
    await give_situations(CODE)
    newborn = (date.today() - timedelta(days=30)).isoformat()
    child = (await run(gql, household="hangzhou", minor="true", birth_date=newborn))["checklist"]
    adult = (await run(gql, household="other", minor="false"))["checklist"]
    assert child["complete"] and adult["complete"]
    assert [line["name"] for line in child["lines"]] == ["居民户口簿", "一寸免冠近照"]
    assert child["lines"][1]["requirementLabel"] == "容缺"
    assert [line["name"] for line in adult["lines"]] == [
        "居民户口簿", "一寸免冠近照", "浙江省居住证", "居民身份证"
    ]
    assert adult["lines"][2]["reason"] == "因为「户籍所在地」选择了「非杭州市户籍」"
    assert adult["lines"][3]["formLabel"] == "复印件"
    assert {a["text"] for a in adult["answers"]} == {"非杭州市户籍", "否"}


async def test_incomplete_answers_list_the_questions_still_to_answer(gql):
    await give_situations(CODE)
    partial = (await run(gql, household="hangzhou", minor="true"))["checklist"]
    assert partial["complete"] is False and partial["lines"] == []
    assert [q["code"] for q in partial["missing"]] == ["birth_date"]
    assert partial["questions"][2]["shownWhen"] == "「是否未满 18 周岁」答“是”"
    # changing an earlier answer recomputes: the birth date is no longer asked, others are kept
    changed = (await run(gql, household="hangzhou", minor="false", birth_date="2020-01-01"))["checklist"]
    assert changed["complete"] and [q["code"] for q in changed["questions"]] == ["household", "minor"]


async def test_invalid_answers_and_unknown_items_are_chinese_errors_naming_the_question(gql):
    await give_situations(CODE)
    bad = await run(gql, household="mars")
    assert bad["checklist"] is None
    assert bad["errors"] == [{"code": "INVALID_ANSWER", "field": "household",
                              "message": "「户籍所在地」的答案无效"}]
    date_error = await run(gql, household="hangzhou", minor="true", birth_date="2026-02-30")
    assert date_error["errors"][0]["message"] == "「孩子出生日期」须为日期（年-月-日）"
    missing = await gql(CHECKLIST, {"code": "NOPE", "answers": []})
    assert missing["data"]["checklist"]["errors"][0]["message"] == "事项 NOPE 不存在"


async def test_a_checklist_costs_three_queries(gql):
    await give_situations(CODE)
    with count_queries() as statements:
        await run(gql, household="other", minor="false")
    assert len(statements) == 3, statements


async def test_items_expose_their_questions(gql):
    await give_situations(CODE)
    body = await gql('{ item(code:"330106-YB-001"){ questions{ code kindLabel required } } }')
    assert body["data"]["item"]["questions"] == [
        {"code": "household", "kindLabel": "单选", "required": True},
        {"code": "minor", "kindLabel": "是否", "required": True},
        {"code": "birth_date", "kindLabel": "日期", "required": True},
    ]
