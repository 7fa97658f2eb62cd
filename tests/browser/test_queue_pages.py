"""The queue through its pages: a ticket taken at the kiosk, called from the workbench, shown
on the hall board within one second; the slip's QR opens the holder at the counter; an
uncertified member is refused at the window."""

from __future__ import annotations

import io
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import login_as, shot
from tests.conftest import hub_server

ZHANG = "330106195803120245"  # 张桂英, in the demo registry


@pytest.fixture(scope="module")
def hub_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("queue-pages")


@pytest.fixture(scope="module")
def live_server(sqlite_template: Path, hub_dir: Path) -> Iterator[str]:
    with hub_server(sqlite_template, hub_dir) as base:
        yield base


def context(browser, live_server, width: int, height: int):
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                              base_url=live_server)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text)  # and no CSP violation
            if "Content Security Policy" in m.text else None)
    return ctx, page, errors


def choose(page, select, option: str) -> None:
    select.click()
    item = page.locator(".el-select-dropdown__item:visible").filter(has_text=re.compile(
        r"^\s*" + re.escape(option)))
    item.first.click()


def test_kiosk_ticket_called_at_the_workbench_reaches_the_board_within_a_second(browser, live_server):
    kiosk_ctx, kiosk, kiosk_errors = context(browser, live_server, 1080, 1500)
    board_ctx, board, board_errors = context(browser, live_server, 1920, 1080)
    desk_ctx, desk, desk_errors = context(browser, live_server, 1366, 900)

    # a resident takes a number at the kiosk: the card reader types the ID number like a keyboard
    login_as(kiosk, "kiosk01", "demo1234", "/kiosk")
    kiosk.click('[data-test="kiosk-take-ticket"]')
    kiosk.click('[data-test="queue-A"]')
    for key in ZHANG[:6]:
        kiosk.click(f'[data-test="key-{key}"]')  # touch keypad
    kiosk.keyboard.type(ZHANG[6:])                # the reader
    expect(kiosk.locator('[data-test="id-display"]')).to_have_text(ZHANG)
    kiosk.keyboard.press("Enter")
    expect(kiosk.locator('[data-test="ticket-number"]')).to_have_text("A001")
    expect(kiosk.locator('[data-test="ticket-ahead"]')).to_have_text("前面没有人等候")
    shot(kiosk, "queue-kiosk-slip")
    qr = Image.open(io.BytesIO(kiosk.locator('[data-test="ticket-qr"]').screenshot()))
    slip_token = zxingcpp.read_barcodes(qr)[0].text

    # the hall board shows one waiting in A
    login_as(board, "board01", "demo1234", "/board")
    expect(board.locator('[data-test="board-waiting-A"]')).to_have_text("1")
    expect(board.locator('[data-test="board-online"]')).to_have_attribute("data-online", "true")

    # the front desk signs in to window 1 and calls
    login_as(desk, "qiantai", "demo1234", "/workbench")
    choose(desk, desk.locator('[data-test="window-select"]'), "1号综合受理窗口")
    desk.click('[data-test="sign-in"]')
    expect(desk.locator('[data-test="signed-in-window"]')).to_have_text("1号综合受理窗口")
    started = time.monotonic()
    desk.click('[data-test="call-next"]')
    expect(board.locator('[data-test="board-number"]')).to_have_text("A001", timeout=1000)
    expect(board.locator('[data-test="board-window"]')).to_have_text("1", timeout=1000)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, f"the board showed the call after {elapsed:.2f} s"
    expect(board.locator('[data-test="board-spoken"]')).to_have_text("请 A001 号到 1 号窗口办理业务")
    expect(board.locator('[data-test="board-waiting-A"]')).to_have_text("0")
    shot(board, "queue-board-call")

    expect(desk.locator('[data-test="current-number"]')).to_have_text("A001")
    expect(desk.locator('[data-test="current-holder"]')).to_contain_text("张桂英")
    # the slip's QR code, scanned at the counter, opens the holder without typing
    desk.fill('[data-test="scan-input"]', slip_token)
    desk.keyboard.press("Enter")
    expect(desk.locator('[data-test="scanned"]')).to_contain_text("A001")
    expect(desk.locator('[data-test="scanned"]')).to_contain_text(ZHANG)
    shot(desk, "queue-workbench-called")

    # recall, serve, finish
    desk.click('[data-test="recall"]')
    expect(board.locator('[data-test="board-current"]')).to_contain_text("重呼")
    desk.click('[data-test="start-service"]')
    expect(desk.locator('[data-test="current-status"]')).to_have_text("办理中")
    desk.click('[data-test="finish-service"]')
    expect(desk.locator('[data-test="no-current"]')).to_be_visible()
    desk.click('[data-test="call-next"]')
    expect(desk.locator('[data-test="caller-notice"]')).to_contain_text("当前没有等候的号")

    for ctx in (kiosk_ctx, board_ctx, desk_ctx):
        ctx.close()
    assert kiosk_errors == board_errors == desk_errors == []


def test_a_wrong_id_number_is_refused_at_the_kiosk_in_chinese(browser, live_server):
    ctx, kiosk, errors = context(browser, live_server, 1080, 1500)
    login_as(kiosk, "kiosk01", "demo1234", "/kiosk/ticket")
    kiosk.click('[data-test="queue-B"]')
    kiosk.keyboard.type("330106195803120246")
    kiosk.click('[data-test="take-ticket"]')
    expect(kiosk.locator('[data-test="ticket-error"]')).to_contain_text("身份证号码校验位不正确")
    shot(kiosk, "queue-kiosk-bad-id")
    ctx.close()
    assert errors == []


def test_the_kiosk_takes_a_phone_for_the_near_turn_sms(browser, live_server):
    ctx, kiosk, errors = context(browser, live_server, 1080, 1920)
    login_as(kiosk, "kiosk01", "demo1234", "/kiosk/ticket")
    kiosk.click('[data-test="queue-B"]')
    kiosk.keyboard.type("330106199001010018")  # the reader
    kiosk.click('[data-test="near-phone"]')  # then the keypad types the phone
    for key in "1380000":
        kiosk.click(f'[data-test="key-{key}"]')
    kiosk.click('[data-test="take-ticket"]')
    expect(kiosk.locator('[data-test="ticket-error"]')).to_contain_text("叫号提醒请填写 11 位手机号码")
    for key in "5555":
        kiosk.click(f'[data-test="key-{key}"]')
    expect(kiosk.locator('[data-test="near-phone-value"]')).to_have_text("13800005555")
    shot(kiosk, "queue-kiosk-near-phone")
    kiosk.click('[data-test="take-ticket"]')
    expect(kiosk.locator('[data-test="slip-near-phone"]')).to_have_text("前面还有 3 人时短信提醒 138****5555")
    ctx.close()
    assert errors == []


def test_an_uncertified_member_is_refused_at_the_window(page, live_server):
    def gql(query: str, variables: dict, token: str | None = None) -> dict:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return httpx.post(f"{live_server}/graphql", json={"query": query, "variables": variables},
                          headers=headers, timeout=10).json()["data"]

    admin = gql('mutation{ login(input:{username:"admin",password:"admin123"}){ token } }', {})
    created = gql("""mutation($i:CreateStaffInput!){ createStaff(input:$i){ errors{ message } } }""",
                  {"i": {"username": "newdesk", "name": "赵新", "password": "newdesk123",
                         "roles": ["FRONT_DESK"], "servicePointCode": "330106013"}},
                  admin["login"]["token"])
    assert created["createStaff"]["errors"] == []
    login_as(page, "newdesk", "newdesk123", "/workbench")
    choose(page, page.locator('[data-test="window-select"]'), "2号综合受理窗口")
    page.click('[data-test="sign-in"]')
    expect(page.locator('[data-test="caller-error"]')).to_contain_text("尚未取得上岗证")
    expect(page.locator('[data-test="go-exam"]')).to_be_visible()
    shot(page, "queue-workbench-refused")


def test_the_window_reminds_a_member_whose_certificate_ends_within_a_week(page, live_server, hub_dir):
    with sqlite3.connect(hub_dir / "hub.sqlite3") as db:
        db.execute("UPDATE certificate SET valid_until = date('now', '+5 days') "
                   "WHERE code = 'DEMO-0000-0001'")
    login_as(page, "qiantai", "demo1234", "/workbench")
    reminder = page.locator('[data-test="certificate-expiring"]')
    expect(reminder).to_contain_text("DEMO-0000-0001 将于")
    expect(reminder).to_contain_text("天后")
    expect(reminder).to_have_class(re.compile("el-tag--danger"))
    shot(page, "queue-workbench-certificate-reminder")


def test_signing_in_at_a_second_window_asks_before_moving(browser, live_server):
    def gql(query: str, variables: dict, token: str | None = None) -> dict:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return httpx.post(f"{live_server}/graphql", json={"query": query, "variables": variables},
                          headers=headers, timeout=10).json()["data"]

    token = gql('mutation{ login(input:{username:"qiantai",password:"demo1234"}){ token } }', {})[
        "login"]["token"]
    gql("mutation{ signOutWindow }", {}, token)
    ctx, desk, errors = context(browser, live_server, 1366, 900)
    login_as(desk, "qiantai", "demo1234", "/workbench")
    expect(desk.locator('[data-test="window-select"]')).to_be_visible()
    # meanwhile the same account signs in at window 1 on another terminal
    point = gql('{ servicePoint(code:"330106013"){ windows{ id number } } }', {}, token)
    one = next(w["id"] for w in point["servicePoint"]["windows"] if w["number"] == 1)
    sign_in_1 = 'mutation($w:ID!){ signInWindow(windowId:$w, prefixes:["A"]){ errors{ code } } }'
    assert gql(sign_in_1, {"w": one}, token)["signInWindow"]["errors"] == []
    # signing in here at window 2 asks first; staying keeps window 1
    choose(desk, desk.locator('[data-test="window-select"]'), "2号综合受理窗口")
    desk.click('[data-test="sign-in"]')
    dialog = desk.locator(".window-move-confirm")
    expect(dialog).to_contain_text("您已在 1 号窗口签到 — 是否转到此窗口？")
    shot(desk, "queue-workbench-move-asked")
    dialog.get_by_role("button", name="留在原窗口").click()
    expect(desk.locator('[data-test="signed-in-window"]')).to_have_text("1号综合受理窗口")
    # signed out here, then in at window 1 elsewhere again: this time the move is confirmed
    desk.click('[data-test="sign-out"]')
    expect(desk.locator('[data-test="window-select"]')).to_be_visible()
    assert gql(sign_in_1, {"w": one}, token)["signInWindow"]["errors"] == []
    choose(desk, desk.locator('[data-test="window-select"]'), "2号综合受理窗口")
    desk.click('[data-test="sign-in"]')
    desk.locator(".window-move-confirm").get_by_role("button", name="转到此窗口").click()
    expect(desk.locator('[data-test="signed-in-window"]')).to_have_text("2号综合受理窗口")
    shot(desk, "queue-workbench-moved")
    ctx.close()
    assert errors == []
