"""窗口吹哨 in real Chromium: qiantai blows the whistle at the counter workbench, it appears on
zhuanjia's expert console (a second browser context) within two seconds, zhuanjia accepts,
a message goes each way, and the resolved answer shows on the workbench."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shot
from tests.browser.test_catalog_editor import CJK_RENDERS, login

pytestmark = pytest.mark.browser

QUESTION = "失业登记后，居民还能申请低保吗？"
ANSWER = "可以。失业登记不影响低保申请，按家庭人均收入审核，请引导到民政窗口。"


@pytest.fixture
def expert_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  base_url=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], f"uncaught errors in the expert console: {errors}"


def test_a_whistle_from_the_counter_is_answered_live_on_the_expert_console(
        page: Page, expert_page: Page):
    counter, console = page, expert_page
    # given the expert has the console open (she is on duty) and the front desk her workbench
    login(console, "zhuanjia", "demo1234", "/expert")
    expect(console.locator(".nav-link", has_text="专家坐席")).to_be_visible()
    expect(console.locator('[data-test="expert-empty"]')).to_be_visible()
    login(counter, "qiantai", "demo1234", "/workbench")
    expect(counter.locator(".nav-link", has_text="工作台")).to_be_visible()
    expect(counter.locator(".nav-link", has_text="专家坐席")).to_have_count(0)  # not her console
    counter.click('[data-test="whistle-open"]')  # the console's side drawer
    panel = counter.locator('[data-test="whistle-panel"]')
    expect(panel).to_contain_text("窗口吹哨")

    # when the front desk asks about 失业登记
    counter.locator('[data-test="whistle-item"]').click()
    counter.keyboard.type("失业登记")
    option = counter.locator(".el-select-dropdown__item:visible").filter(
        has_text=re.compile(r"^\s*失业登记"))
    option.first.click()
    counter.fill('[data-test="whistle-question"]', QUESTION)
    shot(counter, "whistle-workbench-raise")
    counter.click('[data-test="whistle-raise"]')
    started = time.monotonic()
    expect(counter.locator('[data-test="whistle-status"]')).to_have_text("待接单")

    # then it appears on the expert console within two seconds
    call = console.locator('[data-test="expert-call"]', has_text=QUESTION)
    expect(call).to_be_visible(timeout=2000)
    assert time.monotonic() - started < 2.5
    expect(call).to_contain_text("失业登记")
    expect(call).to_contain_text("李晓敏")
    shot(console, "whistle-expert-console-new-call")

    # when the expert accepts, the counter sees who took it
    call.locator('[data-test="expert-accept"]').click()
    expect(counter.locator('[data-test="whistle-expert"]')).to_have_text("接单专家：周海燕",
                                                                         timeout=2000)
    expect(counter.locator('[data-test="whistle-status"]')).to_have_text("专家已接单")

    # and a message goes each way
    detail = console.locator('[data-test="expert-detail"]')
    detail.locator('[data-test="whistle-input"]').fill("请稍等，我马上到窗口")
    detail.locator('[data-test="whistle-send"]').click()
    expect(counter.locator('[data-test="whistle-message"]', has_text="请稍等，我马上到窗口")) \
        .to_be_visible(timeout=2000)
    counter.locator('[data-test="whistle-input"]').fill("好的，居民在 3 号窗口")
    counter.locator('[data-test="whistle-send"]').click()
    expect(detail.locator('[data-test="whistle-message"]', has_text="居民在 3 号窗口")) \
        .to_be_visible(timeout=2000)
    assert console.evaluate(CJK_RENDERS)
    shot(console, "whistle-expert-console-chat")

    # when the expert resolves with an answer, the workbench shows it
    detail.locator('[data-test="whistle-answer"]').fill(ANSWER)
    detail.locator('[data-test="whistle-resolve"]').click()
    resolved = counter.locator('[data-test="whistle-resolved"]')
    expect(resolved).to_contain_text(ANSWER, timeout=2000)
    expect(resolved).to_contain_text("周海燕")
    expect(resolved).to_contain_text("解决用时")
    expect(counter.locator('[data-test="whistle-status"]')).to_have_text("已解决")
    assert counter.evaluate(CJK_RENDERS.replace("目录管理", "窗口吹哨"))
    shot(counter, "whistle-workbench-resolved")
    # and the console no longer lists it among the calls to handle
    expect(console.locator('[data-test="expert-call"]', has_text=QUESTION)).to_have_count(0)


def test_with_no_expert_on_duty_the_supervisor_console_gets_the_escalated_call(
        page: Page, expert_page: Page):
    counter, console = page, expert_page
    login(console, "zhuren", "demo1234", "/expert")
    expect(console.locator(".nav-link", has_text="专家坐席")).to_be_visible()
    expect(console.locator("h2", has_text="已上报的吹哨")).to_be_visible()
    login(counter, "qiantai", "demo1234", "/workbench")
    counter.click('[data-test="whistle-open"]')  # the whistle drawer
    # a free topic for 民政, whose experts nobody has on duty
    counter.locator('[data-test="whistle-department"]').click()
    counter.locator(".el-select-dropdown__item:visible").filter(has_text="民政").first.click()
    counter.fill('[data-test="whistle-topic"]', "低保")
    counter.fill('[data-test="whistle-question"]', "独居老人能否申请低保？")
    counter.click('[data-test="whistle-raise"]')
    expect(counter.locator('[data-test="whistle-current"]')).to_contain_text("已上报管理者")
    call = console.locator('[data-test="expert-call"]', has_text="独居老人能否申请低保？")
    expect(call).to_be_visible(timeout=2000)
    expect(call).to_contain_text("已上报：无在岗专家")
    expect(call.locator('[data-test="expert-accept"]')).to_have_count(0)
    # the supervisor follows up in the call's chat, and the counter reads it
    call.click()
    detail = console.locator('[data-test="expert-detail"]')
    detail.locator('[data-test="whistle-input"]').fill("民政专家今天不在岗，我来协调")
    detail.locator('[data-test="whistle-send"]').click()
    expect(counter.locator('[data-test="whistle-message"]', has_text="我来协调")) \
        .to_contain_text("管理者", timeout=2000)
    shot(console, "whistle-supervisor-escalated")
