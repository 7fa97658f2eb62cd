"""Electronic licences spare an identified applicant the paper (四个一律取消, seed 004)."""

import pytest

pytestmark = pytest.mark.both_databases

ELDERLY = "330106-MZ-001"  # 老年人优待证办理: 居民身份证 (ID_CARD), 浙江省居住证 (RESIDENCE_PERMIT) …
ZHANG = "330106195803120245"  # 张桂英: ID card and household register held
WANG = "341221199008170518"  # 王磊: ID card held, his residence permit expired in 2025
QUERY = """query($code:String!,$answers:[AnswerInput!],$id:String){
  checklist(itemCode:$code, answers:$answers, applicantIdNumber:$id){
    errors{ code field message }
    checklist{ applicant{ registered name idNumberMasked licences }
      lines{ name satisfiedBy } } } }"""


def answers(household):
    return [{"question": "household", "value": household}, {"question": "apply_type", "value": "first"},
            {"question": "in_person", "value": "true"}]


async def run(gql, household, id_number):
    body = await gql(QUERY, {"code": ELDERLY, "answers": answers(household), "id": id_number})
    return body["data"]["checklist"]


async def test_a_held_licence_means_the_citizen_need_not_bring_that_material(gql):
    await gql.login("qiantai", "demo1234")
    result = (await run(gql, "hangzhou", ZHANG))["checklist"]
    assert result["applicant"]["name"] == "张桂英"
    assert result["applicant"]["idNumberMasked"] == "330106********0245"
    lines = {line["name"]: line["satisfiedBy"] for line in result["lines"]}
    assert lines["居民身份证"] == (
        "已关联电子证照：居民身份证（杭州市公安局西湖分局，有效期至 2038-03-12）（无需携带）"
    )
    assert lines["一寸免冠近照"] is None


async def test_an_expired_licence_does_not_count(gql):
    await gql.login("kiosk01", "demo1234")
    result = (await run(gql, "other", WANG))["checklist"]
    lines = {line["name"]: line["satisfiedBy"] for line in result["lines"]}
    assert lines["居民身份证"] is not None
    assert lines["浙江省居住证"] is None  # expired on 2025-03-01: bring the renewed paper permit
    assert not any("居住证" in held for held in result["applicant"]["licences"])


async def test_an_unregistered_applicant_gets_the_plain_checklist(gql):
    await gql.login("qiantai", "demo1234")
    result = (await run(gql, "hangzhou", "11010519491231002X"))["checklist"]
    assert result["applicant"] == {"registered": False, "name": None,
                                   "idNumberMasked": "110105********002X", "licences": []}
    assert all(line["satisfiedBy"] is None for line in result["lines"])


async def test_licences_are_never_looked_up_for_an_anonymous_caller_or_a_bad_number(gql):
    anonymous = await run(gql, "hangzhou", ZHANG)
    assert anonymous["checklist"] is None
    assert anonymous["errors"][0]["code"] == "NOT_ALLOWED"
    await gql.login("qiantai", "demo1234")
    bad = await run(gql, "hangzhou", ZHANG[:-1] + "1")
    assert bad["errors"] == [{"code": "INVALID_ID_NUMBER", "field": "applicantIdNumber",
                              "message": "身份证号码校验位不正确，请核对"}]
