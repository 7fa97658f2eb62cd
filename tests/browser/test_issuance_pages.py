"""Issuance, tracking and ratings in Chromium: the resident follows the case on the phone while
the issuance window hands it over (the page updates live), rates it 不满意 with a comment, and
the supervisor sees the rectification task and records the callback; the grid worker's
delivery on the phone; tracking at the kiosk with the keypad and the ID card reader."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.cases import ZHANG
from hub.core import db
from tests.browser.conftest import CHROMIUM_ARGS, shot
from tests.conftest import _run, hub_process

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


async def _prepare(url: str) -> dict[str, str]:
    from hub.core.models.enums import IssueMethod
    from resolvers.cases import issuance
    from tests.cases.issuance_support import approved_case, viewer_of

    await db.init_db(url)
    try:
        from hub.core.models import Case

        picked = await approved_case()
        # its due date lies in a year whose holidays are not published yet (the phone's long tag)
        await Case.filter(id=picked["id"]).update(due_provisional=True)
        carried = await approved_case()
        issuer = await viewer_of("chujian")
        wangge = await viewer_of("wangge")
        await issuance.issue_case(issuer, issuance.IssueRequest(
            carried["id"], IssueMethod.GRID, address="西湖区石灰桥社区 3 幢 2 单元",
            grid_worker_id=wangge.staff_id))
        kiosk = await approved_case()
        await issuance.issue_case(issuer, issuance.IssueRequest(
            kiosk["id"], IssueMethod.COURIER, address="西湖区文三路 1 号"))
        return {"pickup": picked["number"], "grid": carried["number"], "kiosk": kiosk["number"]}
    finally:
        await db.close_db()


@pytest.fixture(scope="module")
def hub(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    import shutil

    data_dir = tmp_path_factory.mktemp("issuance-pages")
    path = data_dir / "hub.sqlite3"
    shutil.copy(sqlite_template, path)
    cases = _run(_prepare, f"sqlite://{path}")
    with hub_process(f"sqlite://{path}", data_dir) as base:
        yield {"base": base, **cases}


def _context(browser, base: str, **extra):
    context = browser.new_context(locale="zh-CN", base_url=base, **extra)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def _login(page: Page, username: str, target: str) -> None:
    page.goto(f"/login?redirect={target}")
    page.fill('[data-test="login-username"]', username)
    page.fill('[data-test="login-password"]', "demo1234")
    page.click('[data-test="login-submit"]')
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))


def test_issue_at_the_window_then_the_resident_tracks_live_rates_and_the_supervisor_calls_back(
        browser, hub):
    number = hub["pickup"]
    # the resident opens the tracking page on the phone before the result is handed over
    phone_ctx, phone, phone_errors = _context(browser, hub["base"], viewport=PHONE, is_mobile=True,
                                              has_touch=True)
    phone.goto("/m")
    phone.click('[data-test="m-track"]')
    expect(phone).to_have_url(re.compile(r"/m/track$"))
    phone.fill('[data-test="track-number-input"]', number)
    phone.fill('[data-test="track-id-input"]', ZHANG)
    phone.click('[data-test="track-submit"]')
    expect(phone.locator('[data-test="track-status"]')).to_have_text("审批通过，待出件")
    expect(phone.locator('[data-test="track-pickup-hint"]')).to_contain_text("综合出件窗口领取")
    expect(phone.locator('[data-test="track-live"]')).to_be_visible()
    # the "日期可能调整" tag wraps inside its card, and no internal step reaches the resident
    tag = phone.locator('[data-test="track-due"] .el-tag', has_text="日期可能调整")
    card = phone.locator('[data-test="case-tracking"] .t-card.head').bounding_box()
    inside = tag.bounding_box()
    assert card and inside and inside["x"] + inside["width"] <= card["x"] + card["width"] + 0.5
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(phone.locator('[data-test="case-timeline"]')).not_to_contain_text("人口库")
    shot(phone, "track-mobile-provisional")

    # the issuance window reads the resident's ID card and hands the result over
    desk_ctx, desk, desk_errors = _context(browser, hub["base"], viewport={"width": 1366, "height": 900})
    _login(desk, "chujian", "/issuance")
    expect(desk.locator('[data-test="issuance-queue"]')).to_contain_text(number)
    reader = desk.locator('[data-test="issuance-reader"]')
    reader.click()
    desk.keyboard.type("11010519491231002X")  # someone else's card first: nothing to hand over
    desk.keyboard.press("Enter")
    expect(desk.locator('[data-test="issuance-queue"]')).to_contain_text("暂无待出件的办件")
    reader.fill("")
    desk.keyboard.type(ZHANG)
    desk.keyboard.press("Enter")
    expect(desk.locator('[data-test="issuance-selected"]')).to_have_text(number)
    shot(desk, "issuance-window-selected")
    # a wrong card at the hand-over is refused
    desk.fill('[data-test="issuance-collector"]', "11010519491231002X")
    desk.click('[data-test="issuance-submit"]')
    expect(desk.locator('[data-test="issuance-error"]')).to_contain_text("领取人身份证与申请人不一致")
    desk.fill('[data-test="issuance-collector"]', ZHANG)
    desk.click('[data-test="issuance-submit"]')
    expect(desk.locator('[data-test="issuance-done"]')).to_contain_text("领取人 张桂英")
    shot(desk, "issuance-window-done")

    # the phone updates by itself, then the resident rates 不满意 with a comment
    expect(phone.locator('[data-test="track-status"]')).to_have_text("已出件", timeout=10_000)
    expect(phone.locator('[data-test="track-issuance"]')).to_contain_text("窗口领取")
    first = phone.locator('[data-test="timeline-entry"]').first
    expect(first).to_contain_text("出件")
    expect(first).to_contain_text("赵丽")
    expect(first).to_contain_text("张桂英本人领取")
    phone.click('[data-test="rate-2"]')
    phone.fill('[data-test="rating-comment"]', "排队等了一个多小时，出件窗口只开了一个")
    phone.click('[data-test="rating-submit"]')
    expect(phone.locator('[data-test="track-rated"]')).to_contain_text("不满意")
    expect(phone.locator('[data-test="track-rectification"]')).to_contain_text("整改中")
    expect(phone.locator('[data-test="timeline-entry"]').first).to_contain_text("评价")
    shot(phone, "track-mobile-rated")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # the supervisor sees the task, records the measures and the callback, and closes it
    boss_ctx, boss, boss_errors = _context(browser, hub["base"], viewport={"width": 1366, "height": 900})
    _login(boss, "zhuren", "/attendance")
    assert boss.evaluate("document.documentElement.scrollWidth") <= 1366  # the longer menu fits
    boss.locator(".nav-link", has_text="整改").click()
    expect(boss).to_have_url(re.compile(r"/rectifications$"))
    row = boss.locator('[data-test="rect-list"] .el-table__body tr', has_text="排队等了一个多小时")
    expect(row).to_contain_text("不满意")
    row.click()
    expect(boss.locator('[data-test="rect-comment"]')).to_have_text("排队等了一个多小时，出件窗口只开了一个")
    boss.fill('[data-test="rect-measures"]', "高峰时段增开出件窗口，出件人员弹性排班")
    boss.click('[data-test="rect-close"]')
    expect(boss.locator('[data-test="rect-error"]')).to_contain_text("回访时间")
    boss.fill('[data-test="rect-callback-at"]', "2026-01-05T10:30")
    boss.fill('[data-test="rect-callback-note"]', "电话回访张女士，说明增开窗口安排，表示理解")
    boss.locator('[data-test="rect-callback-result"] label', has_text="回访满意").click()
    boss.click('[data-test="rect-close"]')
    expect(boss.locator('[data-test="rect-saved"]')).to_have_text("整改已办结")
    expect(boss.locator('[data-test="rect-detail"]')).to_contain_text("王主任 于")
    expect(boss.locator('[data-test="rect-list"]')).to_contain_text("暂无整改任务")  # none open now
    boss.locator(".el-radio-button", has_text="全部").click()
    expect(boss.locator(".el-radio-button.is-active")).to_have_text("全部")
    expect(boss.locator('[data-test="rect-list"]')).to_contain_text("已整改回访")
    boss.wait_for_timeout(400)  # let the radio buttons' colour transition finish for the picture
    shot(boss, "rectification-closed")

    # the resident's timeline shows the rectification closed, live
    expect(phone.locator('[data-test="timeline-entry"]').first).to_contain_text("差评整改回访办结",
                                                                               timeout=10_000)
    for ctx in (phone_ctx, desk_ctx, boss_ctx):
        ctx.close()
    assert phone_errors == desk_errors == boss_errors == []


def test_the_grid_worker_records_the_residents_signature_on_the_phone(browser, hub):
    ctx, page, errors = _context(browser, hub["base"], viewport=PHONE, is_mobile=True, has_touch=True)
    _login(page, "wangge", "/m/deliveries")
    task = page.locator('[data-test="delivery-task"]', has_text=hub["grid"])
    expect(task).to_contain_text("石灰桥社区 3 幢 2 单元")
    task.locator('[data-test="delivery-sign"]').click()
    expect(page.locator('[data-test="delivery-signed-name"]')).to_have_value("张桂英")
    shot(page, "grid-delivery-signing")
    page.click('[data-test="delivery-confirm"]')
    expect(page.locator('[data-test="delivery-task"]', has_text=hub["grid"])).to_have_count(0)
    page.locator(".el-switch").click()
    expect(page.locator('[data-test="delivery-task"]', has_text=hub["grid"])).to_contain_text("签收人 张桂英")
    ctx.close()
    assert errors == []


def test_tracking_at_the_kiosk_with_the_keypad_and_the_card_reader(browser, hub):
    ctx, page, errors = _context(browser, hub["base"], viewport={"width": 1080, "height": 1920})
    page.goto("/kiosk")
    page.click('[data-test="kiosk-track-entry"]')
    number = hub["kiosk"]
    for digit in number[:6]:  # a few digits on the on-screen keypad, the rest from the scanner
        page.click(f'[data-test="track-key-{digit}"]')
    page.keyboard.type(number[6:])
    page.keyboard.press("Enter")
    page.keyboard.type(ZHANG[:-1])  # the ID card reader types like a keyboard
    page.click('[data-test="track-key-⌫"]')
    page.click(f'[data-test="track-key-{ZHANG[-2]}"]')
    page.click(f'[data-test="track-key-{ZHANG[-1]}"]')
    page.click('[data-test="kiosk-track-next"]')
    expect(page.locator('[data-test="track-status"]')).to_have_text("已出件")
    expect(page.locator('[data-test="track-issuance"]')).to_contain_text("EMS 政务专递 EA")
    page.click('[data-test="rate-5"]')
    page.click('[data-test="rating-submit"]')
    expect(page.locator('[data-test="track-rated"]')).to_contain_text("非常满意")
    shot(page, "track-kiosk-rated")
    page.click('[data-test="kiosk-track-done"]')
    expect(page.locator('[data-test="kiosk-track-display"]')).to_have_text("办件编号")
    ctx.close()
    assert errors == []


def test_the_pc_tracking_page_refuses_a_wrong_id_number(browser, hub):
    ctx, page, errors = _context(browser, hub["base"], viewport={"width": 1366, "height": 900})
    page.goto("/")
    page.locator(".nav-link", has_text="办件查询").click()
    page.fill('[data-test="track-number-input"]', hub["grid"])
    page.fill('[data-test="track-id-input"]', "11010519491231002X")
    page.click('[data-test="track-submit"]')
    expect(page.locator('[data-test="track-error"]')).to_contain_text("未查询到办件")
    expect(page.locator('[data-test="case-tracking"]')).to_have_count(0)
    page.fill('[data-test="track-id-input"]', ZHANG)
    page.click('[data-test="track-submit"]')
    expect(page.locator('[data-test="track-issuance"]')).to_contain_text("网格员送达")
    shot(page, "track-pc")
    ctx.close()
    assert errors == []


assert CHROMIUM_ARGS  # the module-scoped browser fixture comes from tests/browser/conftest.py
