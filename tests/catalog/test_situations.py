"""The situation rules: validation, evaluation, reasons and the tailored checklist."""

from datetime import date

import pytest

from hub.core.errors import HubError
from hub.core.models.enums import MaterialRequirement as R
from hub.core.models.enums import QuestionKind as K
from resolvers.catalog.situations import (
    MaterialRule,
    Question,
    condition_problems,
    holds,
    question_problems,
    tailor,
)

TODAY = date(2026, 11, 22)
HOUSEHOLD = Question(
    "household", "户籍所在地", K.SINGLE, (("hangzhou", "杭州市户籍"), ("other", "非杭州市户籍"))
)
MINOR = Question("minor", "是否未满 18 周岁", K.YES_NO)
BIRTH = Question("birth_date", "孩子出生日期", K.DATE, show_if={"q": "minor", "is": True})
AGENT = Question("agent", "是否委托他人代办", K.YES_NO, required=False)
QUESTIONS = [HOUSEHOLD, MINOR, BIRTH, AGENT]


def rule(i, name, condition=None, deferrable_if=None, license_type=None, req=R.REQUIRED):
    return MaterialRule(i, name, "ORIGINAL", 1, req, None, condition, deferrable_if, license_type)


MATERIALS = [
    rule(1, "居民户口簿", license_type="HOUSEHOLD_REGISTER"),
    rule(2, "一寸免冠近照", deferrable_if={"q": "birth_date", "age_lt_days": 90}),
    rule(3, "浙江省居住证", {"q": "household", "is": "other"}),
    rule(4, "居民身份证", {"q": "minor", "is": False}),
    rule(5, "授权委托书", {"all": [{"q": "agent", "is": True}, {"q": "minor", "is": False}]}),
]


def names(checklist):
    return [line.material.name for line in checklist.lines]


def test_a_hangzhou_newborn_needs_only_the_household_register_and_a_deferrable_photo():
    # given the seed's example: a Hangzhou-registered child registering for the first time
    answers = {"household": "hangzhou", "minor": True, "birth_date": "2026-10-01"}
    # when
    checklist = tailor(QUESTIONS, MATERIALS, answers, today=TODAY)
    # then
    assert names(checklist) == ["居民户口簿", "一寸免冠近照"]
    photo = checklist.lines[1]
    assert photo.requirement is R.DEFERRABLE
    assert photo.reason == "所有申请人均需提供；按「孩子出生日期」计算未满 90 天时可容缺后补"
    assert checklist.lines[0].reason == "所有申请人均需提供"


def test_an_adult_from_elsewhere_with_an_agent_gets_more_materials_with_reasons():
    answers = {"household": "other", "minor": False, "agent": True}
    checklist = tailor(QUESTIONS, MATERIALS, answers, today=TODAY)
    assert names(checklist) == ["居民户口簿", "一寸免冠近照", "浙江省居住证", "居民身份证", "授权委托书"]
    assert checklist.lines[1].requirement is R.REQUIRED  # not a newborn: the photo is due now
    assert checklist.lines[2].reason == "因为「户籍所在地」选择了「非杭州市户籍」"
    assert checklist.lines[4].reason == "因为「是否委托他人代办」答“是”，且「是否未满 18 周岁」答“否”"


def test_hidden_questions_are_neither_asked_nor_counted():
    # the birth date is asked only for minors; an adult's stale birth date is ignored
    checklist = tailor(QUESTIONS, MATERIALS, {"household": "hangzhou", "minor": False,
                                              "birth_date": "2026-10-01"}, today=TODAY)
    assert [q.code for q in checklist.visible] == ["household", "minor", "agent"]
    assert "birth_date" not in checklist.answers


def test_missing_required_answers_are_listed_and_give_no_lines():
    checklist = tailor(QUESTIONS, MATERIALS, {"household": "hangzhou", "minor": True}, today=TODAY)
    assert not checklist.complete and [q.code for q in checklist.missing] == ["birth_date"]
    assert checklist.lines == []


@pytest.mark.parametrize(("answers", "question"), [
    ({"household": "beijing"}, "household"),
    ({"minor": "maybe"}, "minor"),
    ({"household": "hangzhou", "minor": True, "birth_date": "2026-13-01"}, "birth_date"),
    ({"household": "hangzhou", "minor": True, "birth_date": "2030-01-01"}, "birth_date"),
    ({"nope": "x"}, "nope"),
])
def test_invalid_answers_name_the_question_in_chinese(answers, question):
    with pytest.raises(HubError) as e:
        tailor(QUESTIONS, MATERIALS, answers, today=TODAY)
    assert e.value.field == question
    assert "「" in e.value.message or "没有问题" in e.value.message


def test_licences_held_spare_the_paper():
    answers = {"household": "hangzhou", "minor": False}
    checklist = tailor(QUESTIONS, MATERIALS, answers, licences={"HOUSEHOLD_REGISTER": "居民户口簿"},
                       today=TODAY)
    assert checklist.lines[0].satisfied_by == "已关联电子证照：居民户口簿（无需携带）"
    assert all(line.satisfied_by is None for line in checklist.lines[1:])


def test_number_multiple_and_age_operators():
    people = Question("people", "家庭人口数", K.NUMBER)
    kinds = Question("kinds", "困难类型", K.MULTIPLE, (("ill", "重病"), ("disabled", "残疾")))
    born = Question("born", "出生日期", K.DATE)
    answers = {"people": 3.0, "kinds": ("ill",), "born": date(1960, 11, 23)}
    assert holds({"q": "people", "gte": 3}, answers) and not holds({"q": "people", "gt": 3}, answers)
    assert holds({"q": "kinds", "has": "ill"}, answers)
    assert not holds({"q": "kinds", "has": "disabled"}, answers)
    assert holds({"q": "born", "age_lt_years": 66}, answers, TODAY)  # 66 only tomorrow
    assert holds({"any": [{"q": "people", "lt": 1}, {"q": "born", "age_gte_years": 65}]}, answers, TODAY)
    assert condition_problems({"q": "people", "has": "x"}, {"people": people}, "材料") != []
    assert condition_problems({"q": "kinds", "has": "rich"}, {"kinds": kinds}, "材料") != []
    assert condition_problems({"q": "born", "age_lt_years": 18}, {"born": born}, "材料") == []


def test_rule_validation_lists_every_problem():
    bad = [
        Question("a", "甲", K.SINGLE, ()),
        Question("b", "乙", K.YES_NO, show_if={"q": "c", "is": True}),  # refers to a later question
        Question("c", "丙", K.SINGLE, (("x", "X"), ("x", "X2")), show_if={"q": "a", "is": "zzz"}),
        Question("a", "丁", K.NUMBER),
    ]
    problems = question_problems(bad)
    assert len(problems) == 5, problems
    assert any("不存在（或排在其后）" in p for p in problems)
    assert any("编码 a 重复" in p for p in problems)
    assert question_problems(QUESTIONS) == []
    for cond in ({"all": []}, {"q": "household"}, {"all": [{"all": []}]}, "x"):
        assert condition_problems(cond, {q.code: q for q in QUESTIONS}, "条件")
