"""The counter console at 1366×768, as a front-desk clerk drives it: one screen without page
scrolling or clipped controls, a whole intake by function keys (call, serve, choose the item,
submit, next), a material captured with the document camera (Chromium's fake camera) and
cropped, an instant item closed by the intake itself, and the whistle drawer opened pre-filled
with the item and case. Screenshots: test-artifacts/counter-console-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, chromium, login_as
from tests.browser.test_intake_pages import material
from tests.conftest import hub_server

ZHANG = "330106195803120245"  # 张桂英: registered, with electronic licences
ITEM, ITEM_NAME = "330106-MZ-001", "老年人优待证办理"  # an instant item (即办件)
FAKE_CAMERA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
CONTROLS = "button, input, .el-select, .el-checkbox, [data-test=key-hint-F2]"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium(*FAKE_CAMERA) as b:  # the fake camera stands in for the 高拍仪
        yield b


@pytest.fixture(scope="module")
def live_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with hub_server(sqlite_template, tmp_path_factory.mktemp("counter-console")) as base:
        yield base


def take_ticket(base: str) -> str:
    """A resident takes a number at the kiosk (its card reader gives the ID number)."""
    def gql(query: str, variables: dict, token: str | None = None) -> dict:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return httpx.post(f"{base}/graphql", json={"query": query, "variables": variables},
                          headers=headers, timeout=10).json()["data"]
    token = gql('mutation{ login(input:{username:"kiosk01",password:"demo1234"}){ token } }', {})
    taken = gql("""mutation($i:TakeTicketInput!){ takeTicket(input:$i){ ticket{ number }
        errors{ message } } }""", {"i": {"servicePointCode": "330106013", "prefix": "B",
                                          "idNumber": ZHANG}}, token["login"]["token"])
    assert taken["takeTicket"]["errors"] == []
    return taken["takeTicket"]["ticket"]["number"]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"counter-console-{name}.png"))  # the screen as seen


def assert_one_screen(page) -> None:
    """No page scrolling either way, and every visible control inside the viewport, not cut
    off by a box that hides its overflow."""
    size = page.evaluate("""() => { const d = document.documentElement
        return {h: d.scrollHeight, w: d.scrollWidth, vh: innerHeight, vw: innerWidth} }""")
    assert size["h"] <= size["vh"] and size["w"] <= size["vw"], size
    clipped = page.evaluate("""(selector) => {
      const out = []
      for (const el of document.querySelectorAll(selector)) {
        const r = el.getBoundingClientRect()
        if (!r.width || !r.height || el.closest('.el-drawer, .el-dialog, .el-popper')) continue
        if (r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) {
          out.push(el.outerHTML.slice(0, 80))
          continue
        }
        for (let p = el.parentElement; p; p = p.parentElement) {
          const s = getComputedStyle(p)
          if (s.overflowX === 'visible' && s.overflowY === 'visible') continue
          const b = p.getBoundingClientRect()
          const inside = r.left >= b.left - 0.5 && r.right <= b.right + 0.5
          const scrolls = s.overflowY === 'auto' || s.overflowY === 'scroll'
          if (!inside || (!scrolls && (r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5))) {
            out.push(el.outerHTML.slice(0, 80)); break
          }
        }
      }
      return out
    }""", CONTROLS)
    assert clipped == []


def test_a_whole_intake_by_function_keys_with_the_document_camera_on_one_screen(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 768})  # the counter's monitor
    number = take_ticket(live_server)
    login_as(page, "qiantai", "demo1234", "/workbench")
    expect(page.locator('[data-test="counter-console"]')).to_be_visible()
    expect(page.locator('[data-test="shortcut-legend"]')).to_contain_text("F2叫下一位")
    page.locator('[data-test="window-select"]').click()
    page.locator(".el-select-dropdown__item:visible", has_text="3号综合受理窗口").first.click()
    page.click('[data-test="sign-in"]')
    expect(page.locator('[data-test="signed-in-window"]')).to_have_text("3号综合受理窗口")
    assert_one_screen(page)
    shot(page, "signed-in")

    # F2 calls the resident, F6 starts serving: the ID card read at the kiosk is on the left
    page.keyboard.press("F2")
    expect(page.locator('[data-test="current-number"]')).to_have_text(number)
    page.keyboard.press("F6")
    expect(page.locator('[data-test="current-status"]')).to_have_text("办理中")
    expect(page.locator('[data-test="console-holder"]')).to_contain_text("张桂英")

    # F1 goes to the item search; the applicant comes from the ticket, looked up in the registry
    page.keyboard.press("F1")
    page.keyboard.type("老年人优待证")
    page.locator(f'[data-test="item-option-{ITEM}"]').click()
    expect(page.locator('[data-test="intake-found"]')).to_contain_text("张桂英")
    expect(page.locator('[data-test="intake-ticket"]')).to_contain_text(number)
    page.click('[data-test="answer-household-other"]')
    page.click('[data-test="answer-apply_type-first"]')
    page.click('[data-test="answer-in_person-true"]')
    permit = material(page, "浙江省居住证")
    expect(permit).to_be_visible()
    assert_one_screen(page)
    shot(page, "checklist")

    # the 高拍仪 is a camera to the browser: live preview, shoot, crop by dragging, attach
    permit.locator('[data-test^="material-scan-"]').click()
    dialog = page.locator('[data-test="camera-dialog"]')
    preview = dialog.locator('[data-test="camera-preview"]')
    expect(preview).to_be_visible()
    page.wait_for_function("""() => { const v = document.querySelector('[data-test="camera-preview"]')
        return v && v.videoWidth > 0 && v.readyState >= 2 }""")
    shot(page, "camera-live")
    dialog.locator('[data-test="camera-shoot"]').click()
    still = dialog.locator('[data-test="camera-still"]')
    expect(still).to_be_visible()
    box = still.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.6, steps=5)
    page.mouse.up()
    attach = dialog.locator('[data-test="camera-attach"]')
    expect(attach).to_have_text("裁剪并附加到材料")
    shot(page, "camera-crop")
    attach.click()
    expect(dialog).to_be_hidden()
    expect(permit.locator('[data-test="material-file"]')).to_have_count(1)
    expect(permit.locator('[data-test="material-file"]')).to_contain_text("高拍仪-浙江省居住证")
    # the crop reached the hub: a JPEG half as wide and 40 % as high as the camera's frame
    src = permit.locator("img.thumb").get_attribute("src")
    size = page.evaluate("""async (src) => { const img = new Image(); img.src = src; await img.decode()
        return [img.naturalWidth, img.naturalHeight] }""", src)
    frame = page.evaluate("""() => { const c = document.querySelector('[data-test="camera-still"]')
        return [c.width, c.height] }""")
    assert abs(size[0] - frame[0] * 0.5) <= frame[0] * 0.03
    assert abs(size[1] - frame[1] * 0.4) <= frame[1] * 0.03
    permit.locator('[data-test^="material-original-"]').click()

    # the whistle drawer opens on F8 with the item being filed
    page.keyboard.press("F8")
    drawer = page.locator('[data-test="console-drawer"]')
    expect(drawer.locator('[data-test="whistle-prefilled"]')).to_be_visible()
    expect(drawer.locator('[data-test="whistle-item"]')).to_contain_text(ITEM_NAME)
    shot(page, "whistle-drawer")
    page.keyboard.press("F8")
    expect(drawer).to_be_hidden()

    # F9 submits: an instant item for pickup is accepted and closed in the same action
    page.keyboard.press("F9")
    result = page.locator('[data-test="intake-result"]')
    expect(result).to_contain_text("已受理并当场办结")
    expect(page.locator('[data-test="case-status"]')).to_have_text("已出件")
    expect(page.locator('[data-test="complete-instant"]')).to_have_count(0)
    case_number = page.locator('[data-test="case-number"]').inner_text().strip()
    assert re.fullmatch(r"330106\d{13}", case_number)
    assert_one_screen(page)
    shot(page, "instant-done")

    # the drawer now carries the case too
    page.click('[data-test="whistle-open"]')
    expect(drawer.locator('[data-test="whistle-case"]')).to_have_value(case_number)
    page.keyboard.press("F8")

    # F9 again: the next intake; F6 finishes serving the ticket
    page.keyboard.press("F9")
    expect(page.locator('[data-test="console-holder"]')).to_be_visible()
    page.keyboard.press("F6")
    expect(page.locator('[data-test="no-current"]')).to_be_visible()
