"""The kiosk on its portrait 1080×1920 screen: every function a large touch target, the screen
used to the bottom, a slip that names the windows of its queue and invents no wait, and outside
the hall's hours the next opening time instead of a take-ticket button."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login_as, shot, watch_csp
from tests.conftest import hub_server

WANG = "341221199008170518"
PORTRAIT = {"width": 1080, "height": 1920}


def kiosk_page(browser, base: str):
    ctx = browser.new_context(viewport=PORTRAIT, locale="zh-CN", base_url=base)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return ctx, page, errors + watch_csp(page)


def box(page, selector: str) -> dict:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def test_the_kiosk_uses_the_portrait_screen_and_its_slip_names_the_windows(browser, live_server):
    ctx, page, errors = kiosk_page(browser, live_server)
    login_as(page, "kiosk01", "demo1234", "/kiosk")
    # every function is a large touch target, not a text link
    for fn in ("kiosk-take-ticket", "kiosk-appointment-check-in", "kiosk-track-entry"):
        b = box(page, f'[data-test="{fn}"]')
        assert b["height"] >= 200 and b["width"] >= 450, (fn, b)
    shot(page, "kiosk-home")

    page.click('[data-test="kiosk-take-ticket"]')
    expect(page.locator('[data-test="queue-A"]')).to_be_visible()
    # the queue tiles and the check-in button reach down the portrait screen
    check_in = box(page, '[data-test="appointment-check-in"]')
    assert check_in["y"] + check_in["height"] > 0.6 * PORTRAIT["height"], check_in
    assert box(page, '[data-test="queue-A"]')["height"] >= 280
    shot(page, "kiosk-queues")

    page.click('[data-test="queue-A"]')
    page.keyboard.type(WANG)
    page.keyboard.press("Enter")
    expect(page.locator('[data-test="ticket-number"]')).to_be_visible()
    slip = page.locator('[data-test="ticket-slip"]')
    # nobody is serving A yet: no "预计等候约 0 分钟", and the slip says so
    expect(slip).not_to_contain_text("0 分钟")
    expect(page.locator('[data-test="ticket-windows"]')).to_have_text("暂无窗口开始办理本类业务，请留意叫号屏")
    # 完成 looks like the primary, enabled action
    done = page.locator('[data-test="ticket-done"]')
    expect(done).to_be_enabled()
    colour = done.evaluate("e => getComputedStyle(e).backgroundColor")
    opacity = done.evaluate("e => getComputedStyle(e).opacity")
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)") and opacity == "1", (colour, opacity)
    shot(page, "kiosk-slip")
    done.click()
    expect(page.locator('[data-test="queue-A"]')).to_be_visible()
    ctx.close()
    assert errors == []


@pytest.fixture(scope="module")
def hours_hub(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A hub enforcing the hall's hours (the default outside tests)."""
    with hub_server(sqlite_template, tmp_path_factory.mktemp("kiosk-hours"),
                    HUB_KIOSK_OPENING_HOURS="on") as base:
        yield base


def test_outside_the_hall_hours_the_kiosk_shows_the_next_opening_instead_of_a_ticket(browser, hours_hub):
    # given the street centre closed today by its own calendar (09:00–17:00 every other day)
    from hub.core.clock import local_today

    with httpx.Client(base_url=hours_hub) as http:
        token = http.post("/graphql", json={"query": 'mutation{ login(input:{username:"admin",'
                                            'password:"admin123"}){ token } }'}).json()
        token = token["data"]["login"]["token"]
        done = http.post("/graphql", headers={"authorization": f"Bearer {token}"}, json={
            "query": "mutation($i:OpeningHoursInput!){ setOpeningHours(servicePointCode:\"330106013\","
                     " input:$i){ errors{ message } } }",
            "variables": {"i": {"weekly": {str(d): [["09:00", "17:00"]] for d in range(1, 8)},
                                "closedDates": [local_today().isoformat()]}}}).json()
        assert done["data"]["setOpeningHours"]["errors"] == []
    ctx, page, errors = kiosk_page(browser, hours_hub)
    # when a resident opens 取号排队
    login_as(page, "kiosk01", "demo1234", "/kiosk")
    page.click('[data-test="kiosk-take-ticket"]')
    # then the next opening time stands where the queues would be, and no queue can be chosen
    expect(page.locator('[data-test="kiosk-closed"]')).to_contain_text("现在不在营业时间")
    expect(page.locator('[data-test="kiosk-next-opening"]')).to_contain_text("09:00")
    expect(page.locator('[data-test="kiosk-closed"]')).to_contain_text("今日：今日休息")
    expect(page.locator('[data-test="queue-A"]')).to_have_count(0)
    # and 预约签到 stays available
    expect(page.locator('[data-test="appointment-check-in"]')).to_be_visible()
    shot(page, "kiosk-closed")
    ctx.close()
    assert errors == []
