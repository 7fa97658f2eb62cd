"""统一支付 in real Chromium: the counter's customer-facing screen shows the payment code at
1920×1080 and turns to 支付成功 when the platform notifies the hub; the resident pays on the
phone (390×844) from 我的办件 through the cashier and comes back to 已缴费 with the e-receipt;
the administrator resolves a reconciliation difference at 1366×768."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hub.core import db
from hub.core.clock import local_date, utcnow
from resolvers.citizens.accounts import register
from resolvers.payment import reconcile
from tests.browser.conftest import ARTIFACTS, login_as, prepared_hub

pytestmark = pytest.mark.browser
expect.set_options(timeout=15_000)

PHONE = {"width": 390, "height": 844}
WALL = {"width": 1920, "height": 1080}
DESK = {"width": 1366, "height": 768}
GHOST = "P20261201000000000000001"  # a payment on the platform's statement that the hub never saw


async def _prepare(url: str, data_dir: Path) -> dict:
    from tests.payment.support import fee_case

    await db.init_db(url)
    try:
        at_window = await fee_case()
        on_phone = await fee_case({"apply_type": "lost", "birth_date": "1980-05-06"})
        await register("330106195803120245", "张桂英", "", "zhang2026")
        day = local_date(utcnow()) - timedelta(days=1)
        statement = ("type,out_trade_no,transaction_id,out_refund_no,refund_id,amount,time\n"
                     f"PAY,{GHOST},T000000009999,,,2000,{utcnow().isoformat()}\n")
        await reconcile.reconcile(day, statement)
        return {"window": at_window, "phone": on_phone}
    finally:
        await db.close_db()


@pytest.fixture(scope="module")
def pay_hub(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    with prepared_hub(sqlite_template, tmp_path_factory.mktemp("pay"), _prepare) as (base, cases):
        yield base, cases


def _context(browser, base: str, size: dict):
    ctx = browser.new_context(viewport=size, locale="zh-CN", base_url=base)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return ctx, page, errors


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_the_customer_screen_shows_the_code_and_then_the_payment(browser, pay_hub):
    base, cases = pay_hub
    ctx, page, errors = _context(browser, base, WALL)
    login_as(page, "qiantai", "demo1234", "/counter/pay")
    expect(page.locator('[data-test="screen-idle"]')).to_contain_text("欢迎办理")
    # the clerk makes the order (展示收款码 on the workbench, another window of the same browser)
    # and puts the case on the customer screen through the browser's channel
    desk = ctx.new_page()
    desk.goto("/counter/pay")
    pay = desk.evaluate("""async (id) => {
        const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json',
          authorization: 'Bearer ' + localStorage.getItem('owh.token') },
          body: JSON.stringify({ query: 'mutation($id: ID!){ payCase(caseId: $id, channel: "COUNTER")'
            + '{ order{ number codeUrl } errors{ message } } }', variables: { id: String(id) } }) })
        return (await r.json()).data.payCase }""", cases["window"]["id"])
    assert pay["errors"] == []
    desk.evaluate("""(id) => { const c = new BroadcastChannel('owh-counter-pay');
        c.postMessage({ caseId: String(id) }); c.close() }""", cases["window"]["id"])
    expect(page.locator('[data-test="screen-qr"]')).to_be_visible()
    expect(page.locator('[data-test="screen-amount"]')).to_have_text("¥ 20.00")
    expect(page.locator('[data-test="counter-pay-screen"]')).to_contain_text("居民身份证工本费")
    box = page.locator('[data-test="screen-qr"]').bounding_box()
    assert box and box["width"] >= 300  # readable from a phone held at arm's length
    _shot(page, "payment-counter-screen-qr")
    # the resident scans and pays: the platform notifies the hub, the screen follows
    phone = ctx.new_page()
    phone.goto(pay["order"]["codeUrl"])
    phone.click('[data-test="cashier-pay"]')
    expect(phone.locator('[data-test="cashier-done"]')).to_contain_text("支付成功")
    expect(page.locator('[data-test="screen-paid"]')).to_contain_text("支付成功")
    _shot(page, "payment-counter-screen-paid")
    ctx.close()
    assert errors == []


def test_the_resident_pays_on_the_phone_and_gets_the_receipt(browser, pay_hub):
    base, _ = pay_hub
    ctx, page, errors = _context(browser, base, PHONE)
    page.goto("/m/login/citizen?redirect=/m/my/cases")
    page.fill('[data-test="citizen-id"]', "330106195803120245")
    page.fill('[data-test="citizen-password"]', "zhang2026")
    page.click('[data-test="citizen-submit"]')
    expect(page).to_have_url(f"{base}/m/my/cases")
    panel = page.locator('[data-test="case-payment"]').filter(has_text="补领")
    expect(panel.locator('[data-test="payment-status"]')).to_have_text("待缴费")
    expect(panel).to_contain_text("40.00 元")
    _shot(page, "payment-phone-due")
    panel.locator('[data-test="payment-pay"]').click()
    expect(page.locator('[data-test="cashier-amount"]')).to_have_text("¥ 40.00")
    _shot(page, "payment-phone-cashier")
    page.click('[data-test="cashier-pay"]')
    expect(page).to_have_url(f"{base}/m/my/cases")
    paid = page.locator('[data-test="case-payment"]').filter(has_text="补领")
    expect(paid.locator('[data-test="payment-status"]')).to_have_text("已缴费")
    receipt = paid.locator('[data-test="payment-receipt"]')
    expect(receipt).to_be_visible()
    _shot(page, "payment-phone-paid")
    response = page.request.get(receipt.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    ctx.close()
    assert errors == []


def test_the_administrator_resolves_a_reconciliation_difference(browser, pay_hub):
    base, _ = pay_hub
    ctx, page, errors = _context(browser, base, DESK)
    login_as(page, "admin", "admin123", "/admin/reconcile")
    row = page.locator('[data-test="diff-table"] tr').filter(has_text=GHOST)
    expect(row).to_contain_text("平台有、本平台无")
    _shot(page, "payment-reconcile")
    row.locator('[data-test="diff-resolve"]').click()
    page.click('[data-test="diff-save"]')
    expect(page.locator('[data-test="diff-error"]')).to_contain_text("请填写处理说明")
    page.fill('[data-test="diff-note-input"]', "平台误记，已提交更正")
    page.click('[data-test="diff-save"]')
    expect(page.locator('[data-test="diff-table"]')).not_to_contain_text(GHOST)
    page.click('[data-test="reconcile-unresolved"]')
    expect(page.locator('[data-test="diff-note"]').first).to_contain_text("平台误记，已提交更正")
    page.click('[data-test="reconcile-run"]')  # today's statement: the payments of this module
    expect(page.locator(".el-message").last).to_contain_text(re.compile("对账一致，无差异|发现 \\d+ 笔差异"))
    ctx.close()
    assert errors == []
