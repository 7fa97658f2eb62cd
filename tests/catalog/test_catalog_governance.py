"""Catalog governance over GraphQL: versions, city items and district variants, import/export."""

import json

import pytest
import yaml

from hub.core.models import ItemVersion

pytestmark = pytest.mark.both_databases

ELDERLY = "330106-MZ-001"  # 老年人优待证办理, a city-standard item
RELIEF_CITY, RELIEF = "330100-MZ-004", "330106-MZ-004"  # 临时救助: city item and 西湖区's variant
CHECKLIST = """query($code:String!,$answers:[AnswerInput!]){ checklist(itemCode:$code, answers:$answers){
  errors{ message } checklist{ version complete lines{ name requirementLabel reason } } } }"""
ITEM = "query($c:String!,$v:Int){ catalogItem(code:$c, version:$v){ version standard document effective } }"
SAVE = """mutation($d:JSON!,$v:Int,$n:String!){ saveCatalogItem(document:$d, expectedVersion:$v, note:$n){
  revision created changed unchanged errors{ code field message } } }"""
IMPORT = """mutation($c:String!,$f:CatalogFormat!){ importCatalog(content:$c, format:$f){
  revision created changed unchanged errors{ code message } } }"""
ENTRIES = "{ catalogEntries{ code name standard base version served active } }"
ELDERLY_ANSWERS = [
    {"question": "household", "value": "hangzhou"}, {"question": "apply_type", "value": "first"},
    {"question": "in_person", "value": "true"},
]


async def item(gql, code, fields):
    query = "query($c:String!){ item(code:$c){ " + fields + " } }"
    return (await gql(query, {"c": code}))["data"]["item"]


async def checklist(gql, code, answers):
    body = await gql(CHECKLIST, {"code": code, "answers": answers})
    return body["data"]["checklist"]["checklist"]


async def current(gql, code, version=None):
    return (await gql(ITEM, {"c": code, "v": version}))["data"]["catalogItem"]


async def save(gql, document, version, note="测试修改"):
    return (await gql(SAVE, {"d": document, "v": version, "n": note}))["data"]["saveCatalogItem"]


async def test_a_changed_condition_is_a_new_version_that_only_new_checklists_see(gql):
    await gql.login("cityadmin", "demo1234")
    before = await checklist(gql, ELDERLY, ELDERLY_ANSWERS)
    assert "一寸免冠近照" in [line["name"] for line in before["lines"]]
    v1 = await current(gql, ELDERLY)
    doc = v1["document"]
    photo = next(m for m in doc["materials"] if m["name"] == "一寸免冠近照")
    photo["condition"] = {"q": "apply_type", "is": "lost"}  # only a replacement card needs a photo
    result = await save(gql, doc, v1["version"], "照片仅遗失补领时需要")
    assert result["errors"] == [] and result["changed"] == [ELDERLY] and result["revision"]
    after = await checklist(gql, ELDERLY, ELDERLY_ANSWERS)
    assert after["version"] == before["version"] + 1
    assert "一寸免冠近照" not in [line["name"] for line in after["lines"]]
    lost = await checklist(gql, ELDERLY, [*ELDERLY_ANSWERS[:1], {"question": "apply_type", "value": "lost"},
                                          ELDERLY_ANSWERS[2]])
    photo_line = next(line for line in lost["lines"] if line["name"] == "一寸免冠近照")
    assert photo_line["reason"] == "因为「申领情形」选择了「遗失补领」，可按需提供"  # an optional photo
    # the published version the earlier checklist came from is kept unchanged
    old = await current(gql, ELDERLY, v1["version"])
    old_photo = next(m for m in old["effective"]["materials"] if m["name"] == "一寸免冠近照")
    assert old_photo["condition"] is None
    query = "query($c:String!){ catalogHistory(code:$c){ version note author } }"
    history = (await gql(query, {"c": ELDERLY}))["data"]["catalogHistory"]
    assert [h["version"] for h in history] == [v1["version"] + 1, v1["version"]]
    assert history[0]["note"] == "照片仅遗失补领时需要" and history[0]["author"] == "市级目录管理员"


async def test_published_versions_cannot_be_rewritten(database):
    version = await ItemVersion.filter(code=ELDERLY).first()
    version.effective = {}
    with pytest.raises(PermissionError):
        await version.save()


async def test_an_edit_based_on_a_stale_version_is_refused(gql):
    await gql.login("cityadmin", "demo1234")
    v1 = await current(gql, ELDERLY)
    assert (await save(gql, v1["document"] | {"summary": "第一次修改"}, v1["version"]))["errors"] == []
    stale = await save(gql, v1["document"] | {"summary": "第二次修改"}, v1["version"])
    assert stale["errors"][0]["code"] == "CONFLICT" and "已被他人修改" in stale["errors"][0]["message"]
    assert (await current(gql, ELDERLY))["document"]["summary"] == "第一次修改"


async def test_a_broken_edit_lists_every_problem_and_writes_nothing(gql):
    await gql.login("cityadmin", "demo1234")
    v1 = await current(gql, ELDERLY)
    doc = v1["document"] | {"department": "XX", "kind": "SOMETIMES"}
    doc["materials"][2]["condition"] = {"q": "nationality", "is": "cn"}
    result = await save(gql, doc, v1["version"])
    messages = [e["message"] for e in result["errors"]]
    assert result["revision"] is None and len(messages) == 3, messages
    assert any("部门 XX 不存在" in m for m in messages)
    assert any("kind 的值 SOMETIMES 无效" in m for m in messages)
    assert any("浙江省居住证" in m and "不存在（或排在其后）的问题 nationality" in m for m in messages)
    assert (await current(gql, ELDERLY))["version"] == v1["version"]


async def test_city_items_are_the_citys_a_district_adjusts_them_through_a_variant(gql):
    await gql.login("admin", "admin123")  # 西湖区's administrator
    city = await current(gql, ELDERLY)
    refused = await gql.post(SAVE, {"d": city["document"], "v": city["version"], "n": ""})
    assert "只能由市级管理员修改" in refused.json()["errors"][0]["message"]
    # the district's version: the city item as the editor shows it, with one condition changed
    full = city["document"] | {"code": "330106-MZ-001X", "standard": "DISTRICT_VARIANT", "base": ELDERLY,
                               "promised_time_limit_days": 0}
    full["materials"] = [m | {"requirement": "DEFERRABLE"} if m["name"] == "一寸免冠近照" else m
                         for m in full["materials"]]
    created = await save(gql, full, None, "西湖区照片容缺")
    assert created["errors"] == [] and created["created"] == ["330106-MZ-001X"]
    variant = await current(gql, "330106-MZ-001X")
    assert variant["document"]["overrides"] == {"materials": {"一寸免冠近照": {"requirement": "DEFERRABLE"}}}
    entries = {e["code"]: e for e in (await gql(ENTRIES))["data"]["catalogEntries"]}
    assert entries[ELDERLY]["served"] is False and entries["330106-MZ-001X"]["served"] is True
    assert await item(gql, ELDERLY, "name") is None
    # a later city edit of another material still reaches the district, the override stays
    await gql.login("cityadmin", "demo1234")
    doc = city["document"]
    doc["materials"][0]["note"] = "凭身份证即可办理（市级修订）"
    published = await save(gql, doc, city["version"])
    assert sorted(published["changed"]) == [ELDERLY, "330106-MZ-001X"]
    merged = (await current(gql, "330106-MZ-001X"))["effective"]
    assert merged["materials"][0]["note"] == "凭身份证即可办理（市级修订）"
    assert next(m for m in merged["materials"] if m["name"] == "一寸免冠近照")["requirement"] == "DEFERRABLE"


async def test_the_seeded_variant_serves_the_district_rules_on_top_of_the_city_item(gql):
    answers = [{"question": "reasons", "values": ["accident"]}, {"question": "household", "value": "local"},
               {"question": "agent", "value": "false"}]
    lines = {line["name"]: line for line in (await checklist(gql, RELIEF, answers))["lines"]}
    assert lines["家庭经济状况核对授权书"]["requirementLabel"] == "容缺"
    variant = await item(gql, RELIEF, "standard baseCode promisedTimeLimitDays")
    assert variant == {"standard": "DISTRICT_VARIANT", "baseCode": RELIEF_CITY, "promisedTimeLimitDays": 3}
    assert await item(gql, RELIEF_CITY, "name") is None  # served through the variant only


async def test_a_district_only_item_is_created_by_the_district_and_offered_in_the_guide(gql):
    await gql.login("admin", "admin123")
    doc = {
        "code": "330106-MZ-101", "name": "西湖区困难群众冬季取暖补贴申请", "standard": "DISTRICT_ONLY",
        "department": "MZ", "kind": "PROMISED", "decision_level": "STREET", "promised_time_limit_days": 5,
        "keywords": ["取暖补贴"], "life_events": ["assistance"],
        "channels": {"counter": True, "pc": "PREREVIEW", "mobile": "PREREVIEW", "kiosk": "NONE"},
        "questions": [{"code": "dibao", "text": "是否低保家庭", "kind": "YES_NO"}],
        "materials": [{"name": "居民身份证", "license_type": "ID_CARD"},
                      {"name": "低保证", "condition": {"q": "dibao", "is": True}}],
    }
    assert (await save(gql, doc, None))["created"] == ["330106-MZ-101"]
    found = await gql('{ items(filter:{keyword:"取暖"}){ edges{ node{ code standard } } } }')
    node = found["data"]["items"]["edges"][0]["node"]
    assert node == {"code": "330106-MZ-101", "standard": "DISTRICT_ONLY"}
    lines = (await checklist(gql, "330106-MZ-101", [{"question": "dibao", "value": "true"}]))["lines"]
    assert [line["name"] for line in lines] == ["居民身份证", "低保证"]


async def test_an_import_with_problems_lists_them_all_and_writes_nothing(gql):
    await gql.login("cityadmin", "demo1234")
    before = (await gql(ENTRIES))["data"]["catalogEntries"]
    good = {"code": "330100-RS-900", "name": "测试事项", "department": "RS", "kind": "INSTANT",
            "decision_level": "DISTRICT", "materials": [{"name": "居民身份证"}]}
    content = yaml.safe_dump({"items": [
        good,
        good | {"name": "重复的编码"},
        {"code": "330100-RS-901", "name": "条件引用缺失的问题", "department": "RS", "kind": "INSTANT",
         "decision_level": "DISTRICT",
         "materials": [{"name": "证明", "condition": {"q": "ghost", "is": True}}]},
        {"code": "330100-RS-902", "name": "部门不存在", "department": "NOPE", "kind": "INSTANT",
         "decision_level": "DISTRICT", "materials": [{"name": "证明"}]},
        {"code": "330106-RS-903", "standard": "DISTRICT_VARIANT", "base": "330100-XX-000", "overrides": {}},
    ]}, allow_unicode=True)
    result = (await gql(IMPORT, {"c": content, "f": "YAML"}))["data"]["importCatalog"]
    assert result["revision"] is None
    assert [e["message"] for e in result["errors"]] == [
        "事项 330100-RS-900：编码在文件中重复 2 次",
        "事项 330100-RS-901 材料「证明」：适用条件：引用了不存在（或排在其后）的问题 ghost",
        "事项 330100-RS-902：部门 NOPE 不存在",
        "事项 330106-RS-903：区县变体引用的全市标准事项 330100-XX-000 不存在",
    ]
    assert (await gql(ENTRIES))["data"]["catalogEntries"] == before
    broken = (await gql(IMPORT, {"c": "items: [", "f": "YAML"}))["data"]["importCatalog"]
    assert broken["errors"][0]["message"].startswith("不是有效的 YAML：第 1 行")
    broken = (await gql(IMPORT, {"c": "{\"items\": 3}", "f": "JSON"}))["data"]["importCatalog"]
    assert broken["errors"][0]["message"] == "文件须是一个对象，并含有 items 列表"


async def test_export_then_import_round_trips_and_a_valid_import_publishes(gql):
    await gql.login("cityadmin", "demo1234")
    exported = (await gql('{ catalogExport(format:YAML) }'))["data"]["catalogExport"]
    data = yaml.safe_load(exported)
    assert data["kind"] == "onewindow-catalog" and len(data["items"]) == 48
    assert "&id" not in exported and "*id" not in exported  # plain YAML, no anchors for a clerk to decode
    same = (await gql(IMPORT, {"c": exported, "f": "YAML"}))["data"]["importCatalog"]
    assert same == {"revision": None, "created": [], "changed": [], "unchanged": 48, "errors": []}
    elderly = next(i for i in data["items"] if i["code"] == ELDERLY)
    elderly["fee"] = "不收费（市级确认）"
    new = {"code": "330100-RS-900", "name": "测试导入事项", "department": "RS", "kind": "INSTANT",
           "decision_level": "DISTRICT", "materials": [{"name": "居民身份证"}]}
    content = json.dumps({"items": [elderly, new]}, ensure_ascii=False)
    result = (await gql(IMPORT, {"c": content, "f": "JSON"}))["data"]["importCatalog"]
    assert result["errors"] == [] and result["created"] == ["330100-RS-900"]
    assert result["changed"] == [ELDERLY]
    assert await item(gql, ELDERLY, "fee") == {"fee": "不收费（市级确认）"}


async def test_the_editor_is_for_administrators_only(gql):
    response = await gql.post(ENTRIES)
    assert response.json()["errors"][0]["message"] == "请先登录"
    await gql.login("qiantai", "demo1234")
    response = await gql.post('{ catalogExport(format:JSON) }')
    assert "系统管理员" in response.json()["errors"][0]["message"]
