"""目录管理 (the administrators' catalog editor) in real Chromium, checked over GraphQL afterwards.

The module runs its own hub on a copy of the seeded database: these tests publish catalogue
versions, which the other browser modules (sharing the session's hub) must not see. The tests
run in file order on that one database: the export sees the 48 seeded items before the later
tests add some.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import shot
from tests.conftest import hub_server

pytestmark = pytest.mark.browser

ELDERLY = "330106-MZ-001"  # 老年人优待证办理, a city-standard item
DISABILITY = "330106-CL-001"  # 残疾人证办理, a city-standard item
CHECKLIST = """query($code:String!,$answers:[AnswerInput!]){ checklist(itemCode:$code, answers:$answers){
  errors{ message } checklist{ version lines{ name } } } }"""
ENTRIES = "{ catalogEntries{ code name standard base version served active } }"
CJK_RENDERS = """() => document.fonts.check('16px "Noto Sans SC"', '目录管理') &&
  [...document.fonts].some(f => f.family.includes('Noto Sans SC') && f.status === 'loaded')"""


@pytest.fixture(scope="module")
def live_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This module's own hub (uvicorn) serving the built frontends and a fresh seeded database."""
    with hub_server(sqlite_template, tmp_path_factory.mktemp("catalog-editor")) as base:
        yield base


# --- helpers ----------------------------------------------------------------------------------


def gql(base: str, query: str, variables: dict | None = None, token: str | None = None) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables or {}},
                          headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def token(base: str, username: str, password: str) -> str:
    query = "mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){ token } }"
    return gql(base, query, {"u": username, "p": password})["login"]["token"]


def checklist_names(base: str, answers: dict[str, str], code: str = ELDERLY) -> list[str]:
    variables = {"code": code, "answers": [{"question": q, "value": v} for q, v in answers.items()]}
    result = gql(base, CHECKLIST, variables)["checklist"]
    assert result["errors"] == []
    return [line["name"] for line in result["checklist"]["lines"]]


def login(page: Page, username: str, password: str, target: str) -> None:
    page.goto(f"/login?redirect={target}")
    page.fill('[data-test="login-username"]', username)
    page.fill('[data-test="login-password"]', password)
    page.click('[data-test="login-submit"]')
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))


def choose(page: Page, select: Locator, option: str) -> None:
    """Pick an option of an Element Plus select (its dropdown is rendered at the end of <body>)."""
    select.click()
    item = page.locator(".el-select-dropdown__item:visible").filter(
        has_text=re.compile(r"^\s*" + re.escape(option)))
    item.first.click()
    expect(item).to_have_count(0)  # the dropdown closed


def tidy_shot(page: Page, name: str) -> None:
    """A full-page screenshot without the sticky header and save bar floating mid-page."""
    page.add_style_tag(content=".topbar, .save-bar { position: static !important; }")
    shot(page, name)


# --- tests ------------------------------------------------------------------------------------


def test_front_desk_staff_get_no_permission_and_strangers_must_log_in(page, live_server):
    page.goto("/admin/catalog")
    expect(page).to_have_url(re.compile(r"/login\?redirect=/admin/catalog$"))
    login(page, "qiantai", "demo1234", "/admin/catalog")
    denied = page.locator('[data-test="no-permission"]')
    expect(denied).to_contain_text("无权限")
    expect(denied).to_contain_text("仅限系统管理员")
    expect(page.locator('[data-test="catalog-table"]')).to_have_count(0)
    shot(page, "catalog-no-permission")
    page.goto(f"/admin/catalog/{ELDERLY}")
    expect(page.locator('[data-test="no-permission"]')).to_be_visible()
    expect(page.locator('[data-test="catalog-editor"]')).to_have_count(0)
    page.goto("/")  # logged in, the home page offers only the terminals of the viewer's roles
    expect(page.locator('[data-test="terminal-workbench"]')).to_be_visible()
    expect(page.locator('[data-test="terminal-catalog"]')).to_have_count(0)


def test_export_json_downloads_the_whole_catalogue(page, live_server):
    login(page, "admin", "admin123", "/admin/catalog")
    rows = page.locator('[data-test="catalog-row"]')
    expect(rows).to_have_count(48)
    expect(page.locator(f'[data-test="catalog-row"][data-code="{ELDERLY}"] [data-test="row-standard"]')) \
        .to_have_text("全市统一标准")
    variant = page.locator('[data-test="catalog-row"][data-code="330106-MZ-004"]')
    expect(variant.locator('[data-test="row-standard"]')).to_have_text("区县变体")
    expect(variant).to_contain_text("330100-MZ-004")
    expect(page.locator('[data-test="catalog-row"][data-code="330100-MZ-004"] [data-test="row-served"]')) \
        .to_have_text("否")
    page.wait_for_function(CJK_RENDERS)  # the bundled font, not boxes
    shot(page, "catalog-list")
    page.fill('[data-test="catalog-filter"]', "优待证")
    expect(rows).to_have_count(2)  # 老年人优待证办理, 退役军人优待证申领
    page.fill('[data-test="catalog-filter"]', "")
    choose(page, page.locator('[data-test="catalog-standard-filter"]'), "区县特有")
    expect(rows).to_have_count(1)

    with page.expect_download() as info:
        page.click('[data-test="catalog-export-json"]')
    download = info.value
    assert re.fullmatch(r"catalog-\d+\.json", download.suggested_filename)
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["kind"] == "onewindow-catalog" and len(data["items"]) == 48
    assert download.suggested_filename == f"catalog-{data['revision']}.json"
    with page.expect_download() as info:
        page.click('[data-test="catalog-export-yaml"]')
    exported = yaml.safe_load(Path(info.value.path()).read_text(encoding="utf-8"))
    assert info.value.suggested_filename.endswith(".yaml") and len(exported["items"]) == 48


def test_city_admin_changes_a_material_condition_and_publishes_version_2(page, live_server):
    first = {"household": "hangzhou", "apply_type": "first", "in_person": "true"}
    assert "一寸免冠近照" in checklist_names(live_server, first)

    login(page, "cityadmin", "demo1234", f"/admin/catalog/{ELDERLY}")
    expect(page.locator('[data-test="editor-version"]')).to_have_text("第 1 版")
    expect(page.locator('[data-test="editor-name"]')).to_have_value("老年人优待证办理")
    expect(page.locator('[data-test="create-variant"]')).to_have_count(0)  # the city's own item: editable
    page.click('[data-test="editor-tab-materials"]')
    photo = page.locator('[data-test="material-row"][data-name="一寸免冠近照"]')
    condition = photo.locator('[data-test="condition-editor"][data-role="condition"]')
    expect(condition).to_have_attribute("data-mode", "always")
    condition.locator('[data-test="condition-mode"]').get_by_text("满足以下条件时").click()
    choose(page, condition.locator('[data-test="clause-question"]'), "申领情形")
    # a single-choice question offers 等于/不等于/属于/不属于, not the number or date operations
    condition.locator('[data-test="clause-op"]').click()
    ops = page.locator(".el-select-dropdown__item:visible")
    expect(ops).to_have_text(["等于", "不等于", "属于", "不属于"])
    ops.filter(has_text=re.compile("^等于$")).click()
    choose(page, condition.locator('[data-test="clause-value"]'), "遗失补领")
    expect(condition.locator('[data-test="condition-words"]')).to_have_text("当「申领情形」等于「遗失补领」时")
    expect(condition).not_to_contain_text("apply_type")  # no codes, no JSON
    expect(page.locator('[data-test="editor-dirty"]')).to_be_visible()

    page.click('[data-test="editor-save"]')  # no note yet
    expect(page.locator('[data-test="editor-errors"]')).to_contain_text("请填写修改说明")
    expect(page.locator('[data-test="editor-version"]')).to_have_text("第 1 版")
    page.fill('[data-test="editor-note"]', "照片仅遗失补领时需要")
    page.click('[data-test="editor-save"]')
    expect(page.locator('[data-test="editor-version"]')).to_have_text("第 2 版")
    expect(page.locator('[data-test="editor-saved"]')).to_contain_text("第 2 版")
    expect(page.locator('[data-test="editor-errors"]')).to_have_count(0)
    expect(page.locator('[data-test="editor-dirty"]')).to_have_count(0)
    expect(condition).to_have_attribute("data-mode", "when")
    tidy_shot(page, "catalog-editor-materials")

    # only new checklists follow the new rule
    assert "一寸免冠近照" not in checklist_names(live_server, first)
    assert "一寸免冠近照" in checklist_names(live_server, first | {"apply_type": "lost"})
    admin = token(live_server, "cityadmin", "demo1234")
    query = "query($c:String!){ catalogHistory(code:$c){ version note author } }"
    history = gql(live_server, query, {"c": ELDERLY}, admin)["catalogHistory"]
    assert [(h["version"], h["note"]) for h in history] == [(2, "照片仅遗失补领时需要"), (1, "演示目录")]
    assert history[0]["author"] == "市级目录管理员"

    # 版本历史: both versions; the first one opens read-only with the photo always needed
    page.click('[data-test="editor-tab-history"]')
    versions = page.locator('[data-test="history-row"]')
    expect(versions).to_have_count(2)
    expect(versions.first).to_contain_text("照片仅遗失补领时需要")
    expect(versions.first).to_contain_text("市级目录管理员")
    page.locator('[data-test="history-row"][data-version="1"]').click()
    expect(page.locator('[data-test="version-view"]')).to_contain_text("正在查看第 1 版（只读）")
    page.click('[data-test="editor-tab-materials"]')
    old_condition = photo.locator('[data-role="condition"] [data-test="condition-mode"]')
    expect(old_condition).to_have_text("总是需要")
    expect(photo.locator('[data-test="material-name"]')).to_be_disabled()
    expect(page.locator('[data-test="editor-save"]')).to_have_count(0)
    tidy_shot(page, "catalog-editor-history-v1")
    page.click('[data-test="version-close"]')
    expect(photo.locator('[data-role="condition"]')).to_have_attribute("data-mode", "when")

    # 群众清单预览: the resident's checklist for chosen answers, off the editor's URL
    page.click('[data-test="editor-tab-preview"]')
    expect(page.locator('[data-test="preview-version"]')).to_contain_text("第 2 版")
    preview = page.locator('[data-test="checklist"]')
    for q, v in (first | {"apply_type": "lost"}).items():
        page.locator(f'[data-test="answer-{q}-{v}"]').click()
    expect(preview).to_contain_text("一寸免冠近照")
    page.locator('[data-test="answer-apply_type-first"]').click()
    expect(preview).not_to_contain_text("一寸免冠近照")
    expect(page).to_have_url(re.compile(rf"/admin/catalog/{ELDERLY}$"))
    tidy_shot(page, "catalog-editor-preview")


def test_an_import_with_problems_lists_them_all_and_a_valid_one_shows_its_counts(page, live_server):
    admin = token(live_server, "cityadmin", "demo1234")
    before = gql(live_server, ENTRIES, token=admin)["catalogEntries"]
    good = {"code": "330100-RS-900", "name": "测试导入事项", "department": "RS", "kind": "INSTANT",
            "decision_level": "DISTRICT", "materials": [{"name": "居民身份证"}]}
    broken = yaml.safe_dump({"items": [
        good,
        good | {"name": "重复的编码"},
        {"code": "330100-RS-901", "name": "条件引用缺失的问题", "department": "RS", "kind": "INSTANT",
         "decision_level": "DISTRICT",
         "materials": [{"name": "证明", "condition": {"q": "ghost", "is": True}}]},
        {"code": "330100-RS-902", "name": "部门不存在", "department": "NOPE", "kind": "INSTANT",
         "decision_level": "DISTRICT", "materials": [{"name": "证明"}]},
    ]}, allow_unicode=True)

    login(page, "cityadmin", "demo1234", "/admin/catalog")
    page.click('[data-test="catalog-import"]')
    page.set_input_files('[data-test="catalog-import-input"]', files=[
        {"name": "catalog-with-problems.yaml", "mimeType": "application/yaml", "buffer": broken.encode()}])
    expect(page.locator('[data-test="catalog-import-file"]')).to_contain_text("catalog-with-problems.yaml")
    page.click('[data-test="catalog-import-submit"]')
    errors = page.locator('[data-test="catalog-import-errors"]')
    expect(errors).to_contain_text("发现 3 个问题")
    expect(errors.locator('[data-test="import-error"]')).to_have_text([
        "事项 330100-RS-900：编码在文件中重复 2 次",
        "事项 330100-RS-901 材料「证明」：适用条件：引用了不存在（或排在其后）的问题 ghost",
        "事项 330100-RS-902：部门 NOPE 不存在",
    ])
    expect(page.locator('[data-test="catalog-import-result"]')).to_have_count(0)
    shot(page, "catalog-import-errors")
    assert gql(live_server, ENTRIES, token=admin)["catalogEntries"] == before  # nothing written

    # a valid file, pasted: one new item, one changed, one as it was (like the rest of the catalogue)
    exported = json.loads(gql(live_server, "{ catalogExport(format:JSON) }", token=admin)["catalogExport"])
    items = {i["code"]: i for i in exported["items"]}
    changed = items["330106-YB-001"] | {"fee": "不收费（市级确认）"}
    valid = json.dumps({"items": [good, changed, items["330106-YB-002"]]}, ensure_ascii=False)
    page.fill('[data-test="catalog-import-text"]', valid)
    expect(page.locator('[data-test="catalog-import-format"] .is-active')).to_have_text("JSON")
    page.click('[data-test="catalog-import-submit"]')
    result = page.locator('[data-test="catalog-import-result"]')
    expect(result).to_contain_text("导入成功")
    expect(result.locator('[data-test="import-created"]')).to_have_text("1")
    expect(result.locator('[data-test="import-changed"]')).to_have_text("1")
    expect(result.locator('[data-test="import-unchanged"]')).to_have_text(str(len(before) - 1))
    expect(page.locator('[data-test="catalog-import-errors"]')).to_have_count(0)
    shot(page, "catalog-import-result")
    page.get_by_role("button", name="完成").click()
    expect(page.locator('[data-test="catalog-row"][data-code="330100-RS-900"]')).to_contain_text("测试导入事项")
    entries = {e["code"]: e for e in gql(live_server, ENTRIES, token=admin)["catalogEntries"]}
    assert len(entries) == len(before) + 1 and entries["330106-YB-001"]["version"] == 2


def test_district_admin_reads_city_items_and_derives_a_variant(page, live_server):
    login(page, "admin", "admin123", "/admin/catalog")
    page.fill('[data-test="catalog-filter"]', "残疾人证办理")
    page.locator(f'[data-test="catalog-row"][data-code="{DISABILITY}"]').click()
    expect(page.locator('[data-test="editor-readonly"]')).to_contain_text("本区只能查看")
    expect(page.locator('[data-test="editor-name"]')).to_be_disabled()
    expect(page.locator('[data-test="editor-save"]')).to_have_count(0)
    page.click('[data-test="editor-tab-materials"]')
    expect(page.locator('[data-test="material-row"] [data-test="material-name"]').first).to_be_disabled()
    expect(page.locator('[data-test="material-remove"]')).to_have_count(0)
    shot(page, "catalog-city-item-readonly")

    page.click('[data-test="create-variant"]')
    expect(page).to_have_url(re.compile(rf"/admin/catalog/new\?base={DISABILITY}$"))
    expect(page.locator('[data-test="variant-new"]')).to_contain_text(f"基于全市标准 {DISABILITY}")
    code = page.locator('[data-test="editor-code"]').input_value()
    assert code.startswith(DISABILITY) and code != DISABILITY  # a 330106… city code keeps its prefix
    page.click('[data-test="editor-tab-materials"]')
    diagnosis = page.locator('[data-test="material-row"][data-name="医院诊断证明"]')
    choose(page, diagnosis.locator('[data-test="material-requirement"]'), "必需")
    page.fill('[data-test="editor-note"]', "西湖区要求提供医院诊断证明")
    page.click('[data-test="editor-save"]')
    expect(page).to_have_url(re.compile(rf"/admin/catalog/{re.escape(code)}$"))
    expect(page.locator('[data-test="editor-version"]')).to_have_text("第 1 版")
    panel = page.locator('[data-test="variant-panel"]')
    expect(panel).to_contain_text("与全市标准的差异")
    expect(panel).to_contain_text("调整材料「医院诊断证明」：必要性")
    diff = json.loads(page.locator('[data-test="variant-diff"]').inner_text())
    assert diff == {"materials": {"医院诊断证明": {"requirement": "REQUIRED"}}}
    tidy_shot(page, "catalog-variant-saved")

    page.click("text=事项目录")
    page.fill('[data-test="catalog-filter"]', "残疾人证办理")
    variant_row = page.locator(f'[data-test="catalog-row"][data-code="{code}"]')
    expect(variant_row.locator('[data-test="row-standard"]')).to_have_text("区县变体")
    expect(variant_row.locator('[data-test="row-served"]')).to_have_text("是")
    expect(variant_row).to_contain_text(DISABILITY)
    city_row = page.locator(f'[data-test="catalog-row"][data-code="{DISABILITY}"]')
    expect(city_row.locator('[data-test="row-served"]')).to_have_text("否")
    shot(page, "catalog-list-with-variant")
    # the city item now points the district admin at its variant instead of offering another
    city_row.click()
    expect(page.locator('[data-test="open-variant"]')).to_contain_text(code)
    expect(page.locator('[data-test="create-variant"]')).to_have_count(0)

    admin = token(live_server, "admin", "admin123")
    query = "query($c:String!){ catalogItem(code:$c){ standard document } }"
    saved = gql(live_server, query, {"c": code}, admin)["catalogItem"]
    assert saved["standard"] == "DISTRICT_VARIANT" and saved["document"]["base"] == DISABILITY


def test_district_admin_builds_a_district_only_item_from_scratch(page, live_server):
    login(page, "admin", "admin123", "/admin/catalog/new")
    expect(page.locator('[data-test="editor-version"]')).to_have_text("尚未发布")
    expect(page.locator('[data-test="editor-standard"]')).to_have_text("区县特有")  # fixed for a district
    page.fill('[data-test="editor-code"]', "330106-MZ-120")
    page.fill('[data-test="editor-name"]', "西湖区困难群众冬季取暖补贴申请")
    choose(page, page.locator('[data-test="editor-department"]'), "杭州市西湖区民政局")

    # leaving with unsaved changes asks first
    page.click("text=事项目录")
    box = page.locator(".el-message-box")
    expect(box).to_contain_text("有未保存的修改")
    box.get_by_role("button", name="留在此页").click()
    expect(page).to_have_url(re.compile(r"/admin/catalog/new$"))

    page.click('[data-test="editor-tab-questions"]')
    page.click('[data-test="question-add"]')
    question = page.locator('[data-test="question-row"]').first
    expect(question.locator('[data-test="question-code"]')).to_have_count(0)  # codes hidden by default
    page.locator('[data-test="show-codes"]').click()
    question.locator('[data-test="question-code"]').fill("dibao")
    question.locator('[data-test="question-code"]').blur()
    question.locator('[data-test="question-text"]').fill("是否低保家庭")
    choose(page, question.locator('[data-test="question-kind"]'), "是否")
    expect(question.locator('[data-test="question-option"]')).to_have_count(0)

    page.click('[data-test="editor-tab-materials"]')
    for name in ("居民身份证", "低保证"):
        page.click('[data-test="material-add"]')
        page.locator('[data-test="material-row"]').last.locator('[data-test="material-name"]').fill(name)
    card = page.locator('[data-test="material-row"][data-name="低保证"]')
    condition = card.locator('[data-role="condition"]')
    condition.locator('[data-test="condition-mode"]').get_by_text("满足以下条件时").click()
    expect(condition.locator('[data-test="clause-question"]')).to_contain_text("是否低保家庭")
    condition.locator('[data-test="clause-op"]').click()
    expect(page.locator(".el-select-dropdown__item:visible")).to_have_text(["等于", "不等于"])
    page.keyboard.press("Escape")
    choose(page, condition.locator('[data-test="clause-value"]'), "是")
    expect(condition.locator('[data-test="condition-words"]')).to_have_text("当「是否低保家庭」等于「是」时")
    page.fill('[data-test="editor-note"]', "新增本区特有事项")
    page.click('[data-test="editor-save"]')
    expect(page).to_have_url(re.compile(r"/admin/catalog/330106-MZ-120$"))
    expect(page.locator('[data-test="editor-version"]')).to_have_text("第 1 版")
    tidy_shot(page, "catalog-new-district-item")

    assert checklist_names(live_server, {"dibao": "true"}, "330106-MZ-120") == ["居民身份证", "低保证"]
    assert checklist_names(live_server, {"dibao": "false"}, "330106-MZ-120") == ["居民身份证"]
