"""网上预约 through its pages: a resident books on the phone, checks in at the kiosk with the
code (too early first, then in the window) and gets the 预约优先 slip; 我的预约 on the PC site
then shows the booking as checked in."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hub.core.clock import local_date
from tests.browser.conftest import login_as, shot
from tests.conftest import hub_server

WANG = "341221199008170518"  # 王磊, in the demo registry


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("appointment-pages")


@pytest.fixture(scope="module")
def live_server(sqlite_template: Path, data_dir: Path) -> Iterator[str]:
    with hub_server(sqlite_template, data_dir) as base:
        yield base


def move_booking_to_now(db: Path, code: str, minutes_ahead: int) -> None:
    """The day of the visit: the booked slot now starts in a few minutes (the kiosk uses the
    real clock, so the test moves the booking instead of the clock)."""
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=minutes_ahead)
    with sqlite3.connect(db) as conn:
        (old,) = conn.execute("SELECT starts_at FROM appointment WHERE code = ?", (code,)).fetchone()
        as_stored = str(old)
        fmt = (lambda d: d.isoformat(sep=" ")) if " " in as_stored else (lambda d: d.isoformat())
        conn.execute("UPDATE appointment SET starts_at = ?, ends_at = ?, day = ? WHERE code = ?",
                     (fmt(starts), fmt(starts + timedelta(minutes=30)),
                      local_date(starts).isoformat(), code))


def test_book_on_the_phone_then_check_in_at_the_kiosk_for_a_priority_ticket(
        browser, live_server, data_dir):
    phone_ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                    base_url=live_server, is_mobile=True, has_touch=True)
    phone = phone_ctx.new_page()
    errors: list[str] = []
    phone.on("pageerror", lambda e: errors.append(str(e)))

    # the resident opens 网上预约 from the phone home page
    phone.goto("/m")
    phone.click('[data-test="m-appointment"]')
    expect(phone).to_have_url(f"{live_server}/m/appointment")
    phone.click('[data-test="appt-point-330106013"]')
    phone.click('[data-test="appt-cat-A"]')
    # the last open day of the calendar is never today, so the kiosk is too early at first
    phone.locator('[data-test^="appt-day-"]:enabled').last.click()
    slot = phone.locator('[data-test^="appt-slot-"]:enabled').first
    expect(slot).to_contain_text("余 4")
    slot.click()
    shot(phone, "appointment-mobile-slots")
    phone.click('[data-test="appt-next"]')
    phone.locator('[data-test="appt-name"]').fill("王磊")
    phone.locator('[data-test="appt-id"]').fill(WANG[:-1] + "9")
    phone.locator('[data-test="appt-phone"]').fill("13900005678")
    phone.click('[data-test="appt-submit"]')
    expect(phone.locator('[data-test="appt-error"]')).to_contain_text("身份证号码校验位不正确")
    phone.locator('[data-test="appt-id"]').fill(WANG)
    phone.click('[data-test="appt-submit"]')
    code_box = phone.locator('[data-test="appt-code"]')
    expect(code_box).to_be_visible()
    code = code_box.get_attribute("data-code")
    assert code and len(code) == 8 and code.isdigit()
    # the code stays on one line beside its QR code on a 390 px phone
    size = code_box.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    code_rect = code_box.bounding_box()
    assert code_rect and code_rect["height"] < 1.6 * size, (code_rect, size)
    expect(phone.locator('[data-test="appt-qr"]')).to_be_visible()
    expect(phone.locator('[data-test="appt-check-in"]')).to_contain_text("预约签到")
    expect(phone.locator('[data-test="appt-card"]')).to_contain_text("本人居民身份证原件")
    shot(phone, "appointment-mobile-confirmation")

    # at the kiosk, too early: the kiosk says when to come
    kiosk_ctx = browser.new_context(viewport={"width": 1080, "height": 1500}, locale="zh-CN",
                                    base_url=live_server)
    kiosk = kiosk_ctx.new_page()
    kiosk.on("pageerror", lambda e: errors.append(str(e)))
    login_as(kiosk, "kiosk01", "demo1234", "/kiosk")
    kiosk.click('[data-test="kiosk-take-ticket"]')
    kiosk.click('[data-test="appointment-check-in"]')
    for key in code[:4]:
        kiosk.click(f'[data-test="code-key-{key}"]')  # touch keypad
    kiosk.keyboard.type(code[4:])                     # the scanner types the rest
    expect(kiosk.locator('[data-test="checkin-code"]')).to_have_text(code)
    kiosk.click('[data-test="checkin-submit"]')
    expect(kiosk.locator('[data-test="checkin-error"]')).to_contain_text("签到")
    expect(kiosk.locator('[data-test="checkin-error"]')).to_contain_text("您预约的是")
    shot(kiosk, "appointment-kiosk-too-early")

    # on the day, ten minutes before the slot
    move_booking_to_now(data_dir / "hub.sqlite3", code, 10)
    kiosk.keyboard.press("Enter")
    expect(kiosk.locator('[data-test="ticket-number"]')).to_have_text("A001")
    expect(kiosk.locator('[data-test="ticket-priority"]')).to_have_text("预约优先")
    expect(kiosk.locator('[data-test="slip-appointment"]')).to_contain_text(code)
    expect(kiosk.locator('[data-test="ticket-qr"]')).to_be_visible()
    shot(kiosk, "appointment-kiosk-slip")

    # a second check-in with the same code is refused
    kiosk.click('[data-test="ticket-done"]')
    kiosk.click('[data-test="appointment-check-in"]')
    kiosk.keyboard.type(code)
    kiosk.keyboard.press("Enter")
    expect(kiosk.locator('[data-test="checkin-error"]')).to_contain_text("已签到取号（A001）")
    # the ordinary ticket flow still works next to it
    kiosk.click("text=返回")
    expect(kiosk.locator('[data-test="queue-A"]')).to_be_visible()

    # 我的预约 on the PC site
    pc_ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                 base_url=live_server)
    pc = pc_ctx.new_page()
    pc.on("pageerror", lambda e: errors.append(str(e)))
    pc.goto("/guide")
    pc.click("nav >> text=网上预约")
    expect(pc).to_have_url(f"{live_server}/appointment")
    expect(pc.locator('[data-test="appt-point-330106"]')).to_be_visible()
    shot(pc, "appointment-pc-booking")
    pc.click('[data-test="appt-tab-mine"]')
    pc.locator('[data-test="mine-code"]').fill(code)
    pc.locator('[data-test="mine-id"]').fill(WANG)
    pc.click('[data-test="mine-search"]')
    expect(pc.locator('[data-test="appt-status"]')).to_have_text("已签到取号")
    expect(pc.locator('[data-test="appt-card"]')).to_contain_text("A001")
    shot(pc, "appointment-pc-mine")
    for ctx in (phone_ctx, kiosk_ctx, pc_ctx):
        ctx.close()
    assert errors == [], f"uncaught errors in the pages: {errors}"


def test_cancel_from_my_appointments_on_the_pc_site(browser, live_server):
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                              base_url=live_server)
    pc = ctx.new_page()
    pc.goto("/")
    pc.click('[data-test="home-appointment"]')
    pc.click('[data-test="appt-point-330106013"]')
    pc.click('[data-test="appt-cat-B"]')
    pc.locator('[data-test^="appt-slot-"]:enabled').first.click()
    pc.click('[data-test="appt-next"]')
    pc.locator('[data-test="appt-name"]').fill("张桂英")
    pc.locator('[data-test="appt-id"]').fill("330106195803120245")
    pc.locator('[data-test="appt-phone"]').fill("12345")
    pc.click('[data-test="appt-submit"]')
    expect(pc.locator('[data-test="appt-error"]')).to_have_text("请填写 11 位手机号码")
    pc.locator('[data-test="appt-phone"]').fill("13800001234")
    pc.click('[data-test="appt-submit"]')
    code = pc.locator('[data-test="appt-code"]').get_attribute("data-code")
    pc.click('[data-test="appt-tab-mine"]')
    pc.locator('[data-test="mine-code"]').fill(code)
    pc.locator('[data-test="mine-id"]').fill("330106195803120245")
    pc.click('[data-test="mine-search"]')
    expect(pc.locator('[data-test="appt-status"]')).to_have_text("已预约")
    pc.click('[data-test="mine-cancel"]')
    pc.click('[data-test="mine-cancel"]')  # 确认取消预约
    expect(pc.locator('[data-test="appt-status"]')).to_have_text("已取消")
    ctx.close()


def test_a_booking_made_for_the_item_just_planned_carries_the_item(browser, live_server):
    phone_ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                    base_url=live_server, is_mobile=True, has_touch=True)
    phone = phone_ctx.new_page()
    errors: list[str] = []
    phone.on("pageerror", lambda e: errors.append(str(e)))
    # the checklist's 预约 button opens the booking for its item (a 医保 item here)
    phone.goto("/m/appointment?item=330106-YB-001")
    expect(phone.locator('[data-test="appt-item"]')).to_contain_text("医疗保障")
    # only the queues serving the item's department are offered
    phone.click('[data-test="appt-point-330106013"]')
    expect(phone.locator('[data-test="appt-cat-A"]')).to_be_visible()
    expect(phone.locator('[data-test="appt-cat-C"]')).to_have_count(0)
    phone.locator('[data-test^="appt-day-"]:enabled').last.click()
    phone.locator('[data-test^="appt-slot-"]:enabled').first.click()
    phone.click('[data-test="appt-next"]')
    phone.locator('[data-test="appt-name"]').fill("张桂英")
    phone.locator('[data-test="appt-id"]').fill("330106195803120245")
    phone.locator('[data-test="appt-phone"]').fill("13900001234")
    phone.click('[data-test="appt-submit"]')
    # the booking names the item it was made for
    name = phone.locator('[data-test="appt-item-name"]')
    expect(name).to_be_visible()
    assert name.inner_text().strip()
    shot(phone, "appointment-mobile-for-item")
    phone_ctx.close()
    assert errors == []
