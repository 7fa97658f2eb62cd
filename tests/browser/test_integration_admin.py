"""部门系统对接 in Chromium: the administrator opens the page from the top bar (which still fits
1366 px), connects 医保's business system — a too-short secret is refused with the hub's Chinese
message, a proper one saves and only its last four characters are shown — then a case is received
at the counter; its hand-off to the (unreachable) department system is listed with its attempts and
last error, filtered by status, and sent again with 重新投递. Other staff get 无权限."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.backoffice_cases import district_case
from hub.core import db
from tests.browser.conftest import login_as, prepared_hub, shot
from tests.conftest import _free_port, _run

pytestmark = pytest.mark.browser
expect.set_options(timeout=15_000)  # a shared 2-core machine: actions may take a few seconds

SECRET = "yibao-business-system-shared-key-0123456789-wxyz"


@pytest.fixture(scope="module")
def integration_hub(sqlite_template: Path,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    # a hub of its own (an endpoint here must not hand off other tests' cases); one attempt
    # per delivery, so that the unreachable department's hand-off is DEAD at once
    async def keep_url(url: str, data_dir: Path) -> str:
        return url

    with prepared_hub(sqlite_template, tmp_path_factory.mktemp("integration"), keep_url,
                      HUB_OUTBOX_MAX_ATTEMPTS="1", HUB_OUTBOX_POLL_SECONDS="0.5") as (base, url):
        yield base, url


def _receive_a_case(url: str) -> str:
    """A 医保 case accepted at 文新街道's window (through the rules, as the counter would)."""
    async def run() -> str:
        await db.init_db(url)
        try:
            return str((await district_case(with_photo=False))["number"])
        finally:
            await db.close_db()
    return _run(run)


def _page(browser, base: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", base_url=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def _input(scope, test: str):
    return scope.locator(f'[data-test="{test}"]').locator("xpath=descendant-or-self::input").first


def _pick(page, test: str, option: str) -> None:
    page.locator(f'[data-test="{test}"]').click()
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


def test_an_administrator_connects_a_department_and_watches_its_hand_offs(browser, integration_hub):
    base, url = integration_hub
    ctx, page, errors = _page(browser, base)
    login_as(page, "admin", "admin123", "/admin/catalog")
    page.locator(".nav-link", has_text="部门对接").click()
    expect(page).to_have_url(f"{base}/admin/integration")
    # the administrator's top bar still fits a 1366 px screen
    bar = page.evaluate("(() => { const b = document.querySelector('.topbar-inner');"
                        " return [b.scrollWidth, b.clientWidth,"
                        " [...b.querySelectorAll('.nav-link')].map(n => n.textContent.trim())] })()")
    assert bar[0] <= bar[1], bar
    yb = page.locator('[data-test="endpoint-table"] .el-table__row', has_text="YB")
    expect(yb).to_contain_text("未接入")

    # a too-short secret is refused, in Chinese, and nothing is saved
    page.click('[data-test="endpoint-edit-YB"]')
    dialog = page.locator(".el-dialog", has_text="业务系统接入")
    dead_url = f"http://127.0.0.1:{_free_port()}/hub/cases"  # nobody listens there
    _input(dialog, "endpoint-url-input").fill(dead_url)
    _input(dialog, "endpoint-secret-input").fill("too-short-secret")
    dialog.locator('[data-test="endpoint-save"]').click()
    expect(dialog.locator('[data-test="endpoint-error"]')).to_have_text("签名密钥须为 32–200 个字符的随机串")
    shot(page, "integration-1-short-secret")

    # a proper one saves; the table shows the address, 启用 and only the last four characters
    _input(dialog, "endpoint-secret-input").fill(SECRET)
    dialog.locator('[data-test="endpoint-save"]').click()
    expect(dialog).to_be_hidden()
    expect(yb.locator('[data-test="endpoint-url"]')).to_have_text(dead_url)
    expect(yb.locator('[data-test="endpoint-active"]')).to_have_text("启用")
    expect(yb.locator('[data-test="endpoint-secret"]')).to_have_text("…wxyz")
    assert SECRET not in page.content()

    # a case is received: its hand-off is listed with the attempt and the connection error
    number = _receive_a_case(url)
    page.click('[data-test="integration-refresh"]')
    row = page.locator('[data-test="outbox-table"] .el-table__row', has_text=number)
    for _ in range(20):  # the dispatcher tries within a second or two
        if "投递失败" in (row.text_content() if row.count() else ""):
            break
        page.wait_for_timeout(500)
        page.click('[data-test="integration-refresh"]')
    expect(row.locator('[data-test="outbox-status-label"]')).to_have_text("投递失败（已停止重试）")
    expect(row.locator('[data-test="outbox-attempts"]')).to_have_text("1")
    expect(row.locator('[data-test="outbox-error"]')).not_to_be_empty()
    expect(yb.locator('[data-test="endpoint-dead"]')).to_have_text("1")
    shot(page, "integration-2-dead-hand-off")

    # filters: 已送达 shows nothing, 投递失败 of 医保 shows the case
    _pick(page, "outbox-status", "已送达")
    expect(page.locator('[data-test="outbox-table"]')).to_contain_text("没有符合条件的推送")
    _pick(page, "outbox-status", "投递失败")
    _pick(page, "outbox-department", "医保 · ")
    expect(row).to_be_visible()

    # 重新投递 queues it again with a fresh count
    row.locator('[data-test="outbox-retry"]').click()
    expect(page.locator(".el-message--success", has_text=f"办件 {number} 已重新排队投递")).to_be_visible()
    ctx.close()
    assert errors == []

    # a front desk clerk gets 无权限
    ctx, page, errors = _page(browser, base)
    login_as(page, "qiantai", "demo1234", "/admin/integration")
    expect(page.locator('[data-test="no-permission"]')).to_contain_text("部门系统对接仅限系统管理员使用")
    ctx.close()
    assert errors == []
