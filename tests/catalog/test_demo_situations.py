"""The seeded catalogue's situations give different, explained checklists (seed 000)."""

from datetime import date, timedelta

import pytest

from hub.core.models import Item, Question

pytestmark = pytest.mark.both_databases
CHECKLIST = """query($code:String!,$answers:[AnswerInput!]){ checklist(itemCode:$code, answers:$answers){
  errors{ message } checklist{ complete missing{ code } lines{ name requirementLabel reason } } } }"""


def ans(**answers):
    return [{"question": k, **({"values": v} if isinstance(v, list) else {"value": str(v).lower()})}
            for k, v in answers.items()]


async def lines(gql, code, **answers):
    body = (await gql(CHECKLIST, {"code": code, "answers": ans(**answers)}))["data"]["checklist"]
    assert body["errors"] == [] and body["checklist"]["complete"], body
    return {line["name"]: line for line in body["checklist"]["lines"]}


async def test_every_seeded_item_asks_questions(database):
    items = await Item.all().count()
    with_questions = await Question.all().values_list("item_id", flat=True)
    assert len(set(with_questions)) == items


async def test_a_hangzhou_newborn_needs_only_the_household_register_and_a_deferrable_photo(gql):
    newborn = (date.today() - timedelta(days=20)).isoformat()
    child = await lines(gql, "330106-YB-001", household="hangzhou", birth_date=newborn,
                        situation="first")
    assert list(child) == ["居民户口簿", "一寸免冠近照"]
    assert child["一寸免冠近照"]["requirementLabel"] == "容缺"
    adult = await lines(gql, "330106-YB-001", household="other", birth_date="1991-11-12",
                        situation="transfer")
    assert {"居民身份证", "浙江省居住证"} <= set(adult) and "居民户口簿" not in adult
    assert adult["浙江省居住证"]["reason"].startswith("因为")


async def test_three_items_give_different_checklists_for_different_answers(gql):
    birth_most = await lines(gql, "330106-WJ-001", marriage="mainland", household="zhejiang",
                             remarried=False)
    assert list(birth_most) == ["居民身份证"]  # seed 004: from three materials to one
    birth_remarried = await lines(gql, "330106-WJ-001", marriage="mainland", household="other",
                                  remarried=True)
    assert len(birth_remarried) == 3
    elderly_self = await lines(gql, "330106-MZ-001", household="hangzhou", apply_type="first",
                               in_person=True)
    elderly_agent = await lines(gql, "330106-MZ-001", household="other", apply_type="first",
                                in_person=False)
    assert set(elderly_agent) - set(elderly_self) == {"浙江省居住证", "代办人居民身份证"}
    out = await lines(gql, "330106-YB-003", direction="out", insurance="employee", agent=False)
    assert "基本医疗保险关系转移接续联系函" in out
