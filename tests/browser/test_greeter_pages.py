"""The greeter's tablet at the hall door (导办台, 1024×768 held either way round) and the window
that calls a pre-checked ticket: a missing material gives the list (一次告知) and no ticket, a
complete check gives a ticket, and the counter's intake opens with the item chosen, the answers
filled and the pre-checked materials marked. Screenshots: test-artifacts/greeter-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, login_as, watch_csp
from tests.browser.test_intake_pages import material
from tests.conftest import hub_server

pytestmark = pytest.mark.browser

ITEM, ITEM_NAME = "330106-MZ-001", "老年人优待证办理"  # 民政: the B queue at 文新街道
WANG = "341221199008170518"  # the ID card read at the door spares the 居民身份证 line
PORTRAIT = {"width": 768, "height": 1024}
LANDSCAPE = {"width": 1024, "height": 768}


@pytest.fixture(scope="module")
def live_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with hub_server(sqlite_template, tmp_path_factory.mktemp("greeter")) as base:
        yield base


@pytest.fixture
def window_server(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    with hub_server(sqlite_template, tmp_path) as base:  # a hall with nobody waiting yet
        yield base


@pytest.fixture
def window_page(browser, window_server) -> Iterator:
    """A tab on the window's own hub (``page`` is on the module's)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                  base_url=window_server)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    violations = watch_csp(tab)
    yield tab
    context.close()
    assert errors == [] and violations == [], (errors, violations)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"greeter-{name}.png"))  # the screen as the greeter sees it


def fits(page) -> None:
    """No sideways scrolling, and the tap targets at least 44 px high (touch)."""
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], width
    small = page.evaluate("""() => [...document.querySelectorAll(
        '[data-test^="greeter-material-"], [data-test="greeter-actions"] button, '
        + '[data-test="greeter-page"] :is(.el-radio, .el-select__wrapper, .el-input__wrapper)')]
        .filter((b) => b.getBoundingClientRect().height && b.getBoundingClientRect().height < 44)
        .map((b) => b.outerHTML.slice(0, 80))""")
    assert small == [], small


def choose_item(page) -> None:
    page.locator('[data-test="item-picker"]').click()
    page.keyboard.type("老年人优待证")
    page.locator(f'[data-test="item-option-{ITEM}"]').click()
    expect(page.locator('[data-test="pre-check-form"]')).to_be_visible()


def answer(page) -> None:
    page.click('[data-test="answer-household-other"]')
    page.click('[data-test="answer-apply_type-first"]')
    page.click('[data-test="answer-in_person-true"]')
    expect(page.locator('[data-test="greeter-checklist"]')).to_contain_text("浙江省居住证")


def tick(page, name: str) -> None:
    page.locator('[data-test^="greeter-material-"]', has_text=name).click()


def test_the_greeter_sends_one_home_with_the_list_and_gives_the_next_a_ticket(page, live_server):
    # portrait: the tablet held upright
    page.set_viewport_size(PORTRAIT)
    login_as(page, "daoban", "demo1234", "/greeter")
    expect(page.locator('[data-test="greeter-page"]')).to_be_visible()
    choose_item(page)
    answer(page)
    tick(page, "居民身份证")  # no 居住证
    expect(page.locator('[data-test="greeter-missing"]')).to_contain_text("浙江省居住证")
    expect(page.locator('[data-test="greeter-issue"]')).to_have_count(0)  # 取号 gives way to 一次告知
    fits(page)
    shot(page, "portrait-missing")
    page.click('[data-test="greeter-send-home"]')
    notice = page.locator('[data-test="greeter-notice"]')
    expect(notice).to_be_visible()
    expect(page.locator('[data-test="greeter-notice-list"] li')).to_have_text(["浙江省居住证"])
    href = page.locator('[data-test="greeter-notice-pdf"]').get_attribute("href") or ""
    assert href.startswith(f"/notice/{ITEM}.pdf?answers=") and "&missing=" in href
    pdf = httpx.get(live_server + href, timeout=20)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    expect(page.locator('[data-test="greeter-recent"] li')).to_have_count(1)
    fits(page)
    shot(page, "portrait-notice")

    # landscape: the next resident carries everything and gets a ticket
    page.set_viewport_size(LANDSCAPE)
    page.click('[data-test="greeter-next"]')
    choose_item(page)
    page.fill('[data-test="greeter-id"]', WANG)
    page.fill('[data-test="greeter-name"]', "王磊")
    answer(page)
    # the ID card read at the door is the 居民身份证 line (shared data): nothing to tick there
    covered = page.locator('[data-test^="greeter-material-"]', has_text="居民身份证")
    expect(covered).to_be_disabled()
    expect(covered).to_have_attribute("aria-pressed", "true")
    tick(page, "浙江省居住证")
    expect(page.locator('[data-test="greeter-missing"]')).to_have_count(0)
    fits(page)
    shot(page, "landscape-complete")
    page.click('[data-test="greeter-issue"]')
    number = page.locator('[data-test="greeter-ticket-number"]')
    expect(number).to_have_text(re.compile(r"^B\d{3}$"))
    expect(page.locator('[data-test="greeter-ticket"]')).to_contain_text(ITEM_NAME)
    expect(page.locator('[data-test="greeter-recent"] li')).to_have_count(2)
    expect(page.locator('[data-test="greeter-recent"] li').first).to_contain_text(number.inner_text())
    fits(page)
    shot(page, "landscape-ticket")


def pre_check(base: str) -> str:
    """The greeter pre-checks a resident whose ID card was read and who carries the 居住证: the
    ticket number."""
    def gql(query: str, variables: dict, token: str | None = None) -> dict:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return httpx.post(f"{base}/graphql", json={"query": query, "variables": variables},
                          headers=headers, timeout=10).json()["data"]
    token = gql('mutation{ login(input:{username:"daoban",password:"demo1234"}){ token } }', {})
    token = token["login"]["token"]
    lines = gql("""query($a:[AnswerInput!]){ checklist(itemCode:"330106-MZ-001", answers:$a){
        checklist{ lines{ materialId name } } } }""", {"a": ANSWERS}, token)
    ids = {x["name"]: x["materialId"] for x in lines["checklist"]["checklist"]["lines"]}
    done = gql("""mutation($i:SubmitPreCheckInput!){ submitPreCheck(input:$i){
        ticket{ number } errors{ message } } }""", {"i": {
        "itemCode": ITEM, "answers": ANSWERS, "idNumber": WANG, "name": "王磊",
        "carriedMaterialIds": [ids["浙江省居住证"]]}}, token)
    assert done["submitPreCheck"]["errors"] == []
    return done["submitPreCheck"]["ticket"]["number"]


ANSWERS = [{"question": "household", "value": "other"}, {"question": "apply_type", "value": "first"},
           {"question": "in_person", "value": "true"}]


def test_the_window_calling_a_pre_checked_ticket_opens_a_prefilled_intake(window_page, window_server):
    page = window_page  # at the counter's monitor, 1366×768
    number = pre_check(window_server)
    login_as(page, "qiantai", "demo1234", "/workbench")
    page.locator('[data-test="window-select"]').click()
    page.locator(".el-select-dropdown__item:visible", has_text="3号综合受理窗口").first.click()
    page.click('[data-test="sign-in"]')
    expect(page.locator('[data-test="signed-in-window"]')).to_have_text("3号综合受理窗口")
    page.keyboard.press("F2")
    expect(page.locator('[data-test="current-number"]')).to_have_text(number)
    page.keyboard.press("F6")
    # the intake opens on the item with the answers given at the door
    expect(page.locator('[data-test="intake-item"]')).to_contain_text(ITEM_NAME)
    expect(page.locator('[data-test="intake-pre-check"]')).to_contain_text("1 项材料")
    expect(page.locator('[data-test="answer-household-other"]')).to_have_class(re.compile("is-checked"))
    expect(page.locator('[data-test="answer-apply_type-first"]')).to_have_class(re.compile("is-checked"))
    expect(page.locator('[data-test="answer-in_person-true"]')).to_have_class(re.compile("is-checked"))
    # the paper the greeter saw is marked, and the front desk still collects it
    permit = material(page, "浙江省居住证")
    expect(permit.locator('[data-test="material-prechecked"]')).to_have_text("已核验（导办）")
    expect(material(page, "一寸免冠近照").locator('[data-test="material-prechecked"]')).to_have_count(0)
    expect(material(page, "居民身份证").locator('[data-test="material-covered"]')).to_be_visible()
    expect(page.locator('[data-test="intake-ticket"]')).to_contain_text(number)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "greeter-window-intake.png"))
    # the window finishes the visit: the dashboard counts it among the pre-checked tickets
    page.keyboard.press("F6")
    expect(page.locator('[data-test="current-number"]')).to_have_count(0)
    page.context.clear_cookies()
    page.evaluate("() => localStorage.clear()")
    page.set_viewport_size({"width": 1920, "height": 1080})  # the supervisor's dashboard
    login_as(page, "zhuren", "demo1234", "/dashboard")
    page.locator("#tab-times").click()
    effect = page.locator('[data-test="dashboard-pre-check"]')
    expect(effect).to_contain_text("导办预检 1 人次")
    expect(effect.locator("tbody tr").first).to_contain_text("经导办预检")
    expect(effect.locator("tbody tr").first.locator("td").first).to_have_text("1")
    effect.screenshot(path=str(ARTIFACTS / "greeter-dashboard-effect.png"))
