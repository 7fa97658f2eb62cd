"""Notifications in Chromium. On the phone, 张桂英 logs in and reads 我的消息: her case's
acceptance and the supplement request, newest first, unread marked; reading one and then all
clears the marks; she switches SMS off and it stays off. At the counter-size screen, the
administrator opens 通知 from the top bar: the SMS that the (unreachable) provider refused are
listed as failed with the reason and sent again with 重新发送; the filters narrow the list; in the
template editor an unknown variable is refused inline, the preview fills a sample and counts the
SMS, and saving makes version 1."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.backoffice_cases import district_case, viewer
from bench.cases import ZHANG
from hub.core import db
from hub.core.models import CaseMaterial
from hub.core.models.enums import AnnotationKind
from resolvers.cases import backoffice
from resolvers.cases.backoffice import AnnotationInput
from resolvers.citizens.accounts import register
from tests.browser.conftest import login_as, shot
from tests.browser.page_sweep import AXE, AXE_RUN, LAYOUT_PROBLEMS
from tests.conftest import _free_port, hub_process

pytestmark = pytest.mark.browser
expect.set_options(timeout=15_000)

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}
PASSWORD = "Zhang2026ok"


async def _prepare(url: str) -> str:
    await db.init_db(url)
    try:
        await register(ZHANG, "张桂英", "13800000000", PASSWORD)
        case = await district_case(with_photo=False)
        a = await viewer("yb_a")
        case = (await backoffice.claim(a, case["id"], version=case["version"])).case
        material = await CaseMaterial.filter(case_id=case["id"]).order_by("id").first()
        assert material is not None
        await backoffice.request_supplement(
            a, case["id"], version=case["version"], note="照片须为近6个月内",
            annotations=[AnnotationInput(material.id, AnnotationKind.BLURRY, "照片模糊")])
        return str(case["number"])
    finally:
        await db.close_db()


@pytest.fixture(scope="module")
def notify_hub(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    # the SMS provider is unreachable and one attempt is all a message gets: every SMS fails
    data_dir = tmp_path_factory.mktemp("notify")
    shutil.copy(sqlite_template, data_dir / "hub.sqlite3")
    url = f"sqlite://{data_dir / 'hub.sqlite3'}"
    with ThreadPoolExecutor(1) as pool:
        number = pool.submit(lambda: asyncio.run(_prepare(url))).result()
    with hub_process(url, data_dir, HUB_SMS_ADAPTER="dysms",
                     HUB_SMS_ENDPOINT=f"http://127.0.0.1:{_free_port()}/", HUB_SMS_ACCESS_KEY_ID="k",
                     HUB_SMS_ACCESS_KEY_SECRET="s", HUB_SMS_RECEIPT_SECRET="r", HUB_NOTIFY_QUIET_HOURS="off",
                     HUB_OUTBOX_MAX_ATTEMPTS="1", HUB_OUTBOX_POLL_SECONDS="0.5") as base:
        yield base, number


def _context(browser, base: str, viewport: dict):
    context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=base, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def test_the_resident_reads_her_messages_on_the_phone_and_switches_sms_off(browser, notify_hub):
    base, number = notify_hub
    ctx, page, errors = _context(browser, base, PHONE)
    page.goto("/m/login/citizen?redirect=/m/my/messages")
    page.fill('[data-test="citizen-id"]', ZHANG)
    page.fill('[data-test="citizen-password"]', PASSWORD)
    page.click('[data-test="citizen-submit"]')
    expect(page).to_have_url(f"{base}/m/my/messages")
    items = page.locator('[data-test="my-message"]')
    expect(items).to_have_count(2)
    expect(items.nth(0).locator('[data-test="my-message-title"]')).to_have_text("需要补正材料")
    expect(items.nth(0).locator('[data-test="my-message-body"]')).to_contain_text(f"您的办件 {number}")
    expect(items.nth(0).locator('[data-test="my-message-body"]')).to_contain_text("照片须为近6个月内")
    expect(items.nth(1).locator('[data-test="my-message-title"]')).to_have_text("办件已受理")
    expect(page.locator('[data-test="unread-dot"]')).to_have_count(2)
    expect(page.locator('[data-test="unread-count"]')).to_contain_text("2")
    # nothing wider than the phone, nothing axe objects to
    assert page.evaluate(LAYOUT_PROBLEMS) == []
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_RUN) == []
    shot(page, "notify-1-my-messages-phone")

    # reading one clears its mark; 全部已读 clears the rest
    items.nth(1).locator('[data-test="my-message-body"]').click()
    expect(page.locator('[data-test="unread-dot"]')).to_have_count(1)
    page.click('[data-test="mark-all-read"]')
    expect(page.locator('[data-test="unread-dot"]')).to_have_count(0)
    # the link goes to 我的办件 on the phone
    expect(items.nth(0).locator('[data-test="my-message-link"]')).to_have_attribute("href", "/m/my/cases")

    # SMS off, and still off after a reload; the marks stay read
    page.click('[data-test="sms-switch"]')
    expect(page.locator(".el-message", has_text="已关闭短信通知")).to_be_visible()
    page.reload()
    expect(page.locator('[data-test="my-message"]')).to_have_count(2)
    expect(page.locator('[data-test="sms-switch"]')).not_to_have_class("is-checked")
    expect(page.locator('[data-test="unread-dot"]')).to_have_count(0)
    shot(page, "notify-2-my-messages-sms-off")
    ctx.close()
    assert errors == [], errors


def test_the_administrator_resends_failed_sms_and_edits_a_template(browser, notify_hub):
    base, number = notify_hub
    ctx, page, errors = _context(browser, base, DESK)
    login_as(page, "admin", "admin123", "/admin/catalog")
    page.locator(".nav-link", has_text="通知").click()
    expect(page).to_have_url(f"{base}/admin/notify")
    bar = page.evaluate("(() => { const b = document.querySelector('.topbar-inner');"
                        " return [b.scrollWidth, b.clientWidth] })()")
    assert bar[0] <= bar[1], bar  # the administrator's top bar still fits 1366 px

    # the SMS failed at the unreachable provider: listed with the reason and 重新发送
    table = page.locator('[data-test="notify-table"]')
    failed = table.locator(".el-table__row", has_text="发送失败")
    for _ in range(20):  # the dispatcher tries within a second or two
        if failed.count() == 2:
            break
        page.wait_for_timeout(500)
        page.click('[data-test="filter-search"]')
    expect(failed).to_have_count(2)
    expect(failed.first.locator('[data-test="notify-recipient"]')).to_have_text("138****0000")
    expect(failed.first.locator('[data-test="notify-reason"]')).to_contain_text("短信服务商未接受")
    assert ZHANG not in page.content()
    shot(page, "notify-3-message-list")
    failed.first.locator('[data-test="notify-resend"]').click()
    expect(page.locator(".el-message", has_text="已重新排队发送")).to_be_visible()
    expect(table.locator(".el-table__row", has_text="管理员重新发送")).to_have_count(1)

    # filters: 站内消息 shows the resident's two inbox messages, delivered
    page.locator('[data-test="filter-channel"]').click()
    page.locator(".el-select-dropdown__item:visible", has_text="站内消息").first.click()
    expect(table.locator(".el-table__row")).to_have_count(2)
    expect(table.locator('[data-test="notify-status"]')).to_have_text(["已送达", "已送达"])

    # the template editor: an unknown variable is refused inline, the preview counts the SMS
    page.locator(".el-tabs__item", has_text="模板").click()
    page.locator('[data-test="template-item"]', has_text="办件已受理").filter(has_text="短信").click()
    editor = page.locator('[data-test="template-editor"]')
    body = editor.locator('[data-test="template-body"]').locator("xpath=descendant-or-self::textarea").first
    body.fill("${name}您好，${idNumber}的办件已受理。")
    expect(editor.locator('[data-test="template-error"]')).to_contain_text("模板中有未知变量 ${idNumber}")
    body.fill("${name}您好，您申请的“${item}”已受理（${number}）。")
    expect(editor.locator('[data-test="template-errors"]')).to_have_count(0)
    expect(editor.locator('[data-test="template-preview-text"]')).to_have_text(
        "【一窗受理】张*明您好，您申请的“基本医疗保险关系转移”已受理（330106-20261207-0001）。")
    expect(editor.locator('[data-test="template-count"]')).to_contain_text("按 1 条短信计费")
    # filled from the real case
    editor.locator('[data-test="template-case"]').locator("xpath=descendant-or-self::input").first.fill(number)
    editor.locator('[data-test="template-preview"]').click()
    expect(editor.locator('[data-test="template-preview-text"]')).to_contain_text("张*英您好，您申请的“")
    expect(editor.locator('[data-test="template-preview-text"]')).to_contain_text(number)
    shot(page, "notify-4-template-editor")
    editor.locator('[data-test="template-save"]').click()
    expect(page.locator(".el-message", has_text="已保存为第 1 版")).to_be_visible()
    expect(editor.locator('[data-test="template-versions"] .el-table__row')).to_have_count(1)
    item = page.locator('[data-test="template-item"]', has_text="办件已受理").filter(has_text="短信")
    expect(item).to_contain_text("第 1 版")
    ctx.close()
    assert errors == [], errors
