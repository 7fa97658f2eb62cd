"""Catalogue documents without a database: variants as overrides, and whole-catalogue checks."""

import copy

from hub.demo.load import demo_served_items
from resolvers.catalog import documents

REFS = documents.References(
    departments=frozenset({"MZ", "RS"}), life_events=frozenset({"assistance"}), points=frozenset({"330106"}),
)
CITY = documents.normalize({
    "code": "330100-MZ-900", "name": "示例救助", "department": "MZ", "kind": "PROMISED",
    "decision_level": "STREET", "promised_time_limit_days": 7,
    "questions": [{"code": "agent", "text": "是否代办", "kind": "YES_NO"}],
    "materials": [{"name": "申请书"}, {"name": "户口簿", "license_type": "HOUSEHOLD_REGISTER"},
                  {"name": "代办人身份证", "condition": {"q": "agent", "is": True}}],
})


def variant_of(full):
    return documents.diff(CITY, documents.normalize(full | {"standard": "CITY"}))


def test_a_district_variant_keeps_only_its_differences_and_merges_back():
    full = copy.deepcopy(CITY) | {"code": "330106-MZ-900", "promised_time_limit_days": 3}
    full["materials"] = [full["materials"][0], full["materials"][2] | {"requirement": "OPTIONAL"},
                         {"name": "西湖区补充承诺书"}]
    variant = variant_of(full)
    assert variant["overrides"] == {
        "fields": {"promised_time_limit_days": 3},
        "materials": {"户口簿": None, "代办人身份证": {"requirement": "OPTIONAL"}},
        "add_materials": [documents.normalize({"name": "x", "materials": [{"name": "西湖区补充承诺书"}]})
                          ["materials"][0]],
    }
    merged = documents.merge(CITY, documents.normalize(variant))
    assert [m["name"] for m in merged["materials"]] == ["申请书", "代办人身份证", "西湖区补充承诺书"]
    assert merged["promised_time_limit_days"] == 3 and merged["base"] == CITY["code"]


def test_a_variant_replaces_its_city_item_in_the_district():
    variant = documents.normalize(variant_of(copy.deepcopy(CITY) | {"code": "330106-MZ-900"}))
    served = documents.effective_documents({CITY["code"]: CITY, variant["code"]: variant})
    assert list(served) == ["330106-MZ-900"]


def test_every_problem_of_a_catalogue_is_listed_at_once():
    broken = copy.deepcopy(CITY) | {"department": "XX", "accept_scope": "LISTED_POINTS"}
    broken["materials"].append({**broken["materials"][0]})
    broken["materials"][2]["condition"] = {"q": "agent", "is": "yes"}
    orphan = {"code": "330106-MZ-901", "standard": "DISTRICT_VARIANT", "base": "330100-MZ-404",
              "overrides": {}}
    bad_override = {"code": "330106-MZ-902", "standard": "DISTRICT_VARIANT", "base": CITY["code"],
                    "overrides": {"materials": {"不存在的材料": None}}}
    sources = {d["code"]: documents.normalize(d) for d in (CITY, orphan, bad_override)}
    sources["330100-MZ-900x"] = documents.normalize(broken | {"code": "330100-MZ-900x"})
    problems = documents.check_catalog(sources, REFS)
    assert problems == [
        "事项 330106-MZ-901：区县变体引用的全市标准事项 330100-MZ-404 不存在",
        "事项 330106-MZ-902 的变体：全市标准中没有材料「不存在的材料」，无法覆盖",
        "事项 330100-MZ-900x：部门 XX 不存在",
        "事项 330100-MZ-900x：指定受理点办理时须列出受理点",
        "事项 330100-MZ-900x 材料「申请书」：名称重复 2 次",
        "事项 330100-MZ-900x 材料「代办人身份证」：适用条件：是否题的值须为 true 或 false",
    ]


def test_the_demo_catalogue_is_valid_and_serves_46_items():
    served = demo_served_items()
    assert len(served) == 46  # 社会保障卡申领 joined for 新生儿出生一件事
    standards = {d["standard"] for d in served}
    assert standards == {"CITY", "DISTRICT_VARIANT", "DISTRICT_ONLY"}
