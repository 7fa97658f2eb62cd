"""Every terminal of the foundation, driven in real Chromium through the built pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser

CJK_RENDERS = """() => document.fonts.check('16px "Noto Sans SC"', '一窗受理') &&
  [...document.fonts].some(f => f.family.includes('Noto Sans SC') && f.status === 'loaded')"""


def test_landing_page_links_every_terminal_and_renders_chinese(page):
    page.goto("/")
    for key in ("guide", "mobile", "kiosk", "workbench", "backoffice", "dashboard", "board"):
        expect(page.locator(f'[data-test="terminal-{key}"]')).to_be_visible()
    expect(page.get_by_text("一窗受理").first).to_be_visible()
    page.wait_for_function(CJK_RENDERS)  # the self-hosted font, not a system one
    shot(page, "landing")
    page.click('[data-test="terminal-guide"]')
    expect(page).to_have_url(re.compile(r"/guide$"))


def test_guide_filters_by_department_and_opens_an_item_with_its_six_elements(page):
    page.goto("/guide")
    expect(page.locator('[data-test="item-row"]').first).to_be_visible()
    page.click('[data-test="dept-YB"]')
    expect(page).to_have_url(re.compile(r"/guide\?dept=YB$"))
    rows = page.locator('[data-test="item-row"]')
    expect(rows.first).to_contain_text("医保")
    shot(page, "guide-yb")
    page.click('[data-test="item-row"][data-code="330106-YB-001"]')
    expect(page).to_have_url(re.compile(r"/guide/items/330106-YB-001$"))
    expect(page.locator('[data-test="item-name"]')).to_have_text("城乡居民医疗保险参保登记")
    six = page.locator('[data-test="six-elements"]')
    for label in ("适用范围", "受理机构", "决定机构", "办结时限", "收费"):
        expect(six).to_contain_text(label)
    materials = page.locator('[data-test="material-row"]')
    expect(materials.filter(has_text="居民户口簿")).to_have_count(1)
    expect(materials.filter(has_text="新生儿可容缺")).to_have_count(1)
    shot(page, "guide-item")


def test_guide_keyword_search_and_pagination(page):
    page.goto("/guide")
    page.fill('[data-test="guide-search"]', "社保卡")
    expect(page.locator('[data-test="item-row"]').first).to_contain_text("社保卡")
    page.goto("/guide")
    first = page.locator('[data-test="item-row"]').first.get_attribute("data-code")
    page.click(".el-pagination .btn-next")
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator('[data-test="item-row"]').first).not_to_have_attribute("data-code", first)


def test_staff_log_in_see_their_name_and_log_out(page):
    page.goto("/workbench")
    expect(page).to_have_url(re.compile(r"/login\?redirect=/workbench$"))
    page.fill('[data-test="login-username"]', "qiantai")
    page.fill('[data-test="login-password"]', "wrong-pass-1")
    page.click('[data-test="login-submit"]')
    expect(page.locator('[data-test="login-error"]')).to_contain_text("用户名或密码错误")
    shot(page, "login-error")
    page.fill('[data-test="login-password"]', "demo1234")
    page.click('[data-test="login-submit"]')
    expect(page).to_have_url(re.compile(r"/workbench$"))
    expect(page.locator('[data-test="me-name"]')).to_contain_text("李晓敏")
    shot(page, "workbench-logged-in")
    page.reload()
    expect(page.locator('[data-test="me-name"]')).to_contain_text("李晓敏")
    page.click('[data-test="logout"]')
    expect(page).to_have_url(re.compile(r"/login"))
    assert page.evaluate("localStorage.getItem('owh.token')") is None


def test_mobile_search_and_item(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True,
                                  has_touch=True, base_url=live_server, locale="zh-CN")
    m = context.new_page()
    m.goto("/m")
    m.fill('[data-test="m-search"]', "老年人优待证")
    expect(m.locator('[data-test="item-row"]').first).to_contain_text("老年人优待证办理")
    m.locator('[data-test="item-row"]').first.tap()
    expect(m.locator('[data-test="item-name"]')).to_have_text("老年人优待证办理")
    expect(m.locator('[data-test="material-row"]').first).to_be_visible()
    shot(m, "mobile-item")
    context.close()


def test_kiosk_browses_by_department_and_resets_when_idle(browser, live_server):
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, base_url=live_server,
                                  locale="zh-CN")
    k = context.new_page()
    k.add_init_script("window.__OWH_KIOSK_IDLE_MS = 1500")
    k.goto("/kiosk")
    expect(k.locator('[data-test="kiosk-home"]')).to_be_visible()
    # the server clock arrives over the websocket (graphql-transport-ws through uvicorn)
    expect(k.locator('[data-test="kiosk-online"]')).to_have_attribute("data-online", "true")
    shot(k, "kiosk-home")
    k.click('[data-test="kiosk-mode-department"]')
    k.click('[data-test="dept-GA"]')
    expect(k).to_have_url(re.compile(r"/kiosk/departments/GA$"))
    k.locator('[data-test="item-row"]').first.click()
    expect(k.locator('[data-test="item-name"]')).to_be_visible()
    shot(k, "kiosk-item")
    expect(k).to_have_url(re.compile(r"/kiosk$"), timeout=5000)  # idle reset
    expect(k.locator('[data-test="kiosk-mode-event"]')).to_have_class(re.compile("active"))
    context.close()


def test_graphiql_loads_offline_in_development_mode(page):
    page.goto("/graphql")
    expect(page.get_by_test_id("graphiql-container")).to_be_visible(timeout=15000)
    shot(page, "graphiql")
