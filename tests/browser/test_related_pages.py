"""顺便办 in real Chromium: at the counter (1366×768) the related item of the demo catalogue is
offered after an intake with its reason, one click opens its intake for the same applicant with
the shared answer and the agent's ID card carried over, and the second case is filed; the
resident's tracking page (PC) and phone show the offer as taken. Screenshots:
test-artifacts/related-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, login_as
from tests.browser.test_counter_console import assert_one_screen
from tests.browser.test_intake_pages import PDF, material, pick_item, upload
from tests.conftest import hub_server

pytestmark = pytest.mark.browser

ZHANG = "330106195803120245"  # 张桂英: registered, with electronic licences (ID card, household)
FIRST, NEXT = "330106-YB-003", "330106-YB-007"  # demo relation: 医保关系转移 → 异地就医登记备案
REASON = "医保关系转移后仍在外地居住或就医的，需办理异地就医登记备案"


DATA: dict[str, Path] = {}  # the live hub's data directory (its database: hub.sqlite3)


@pytest.fixture(scope="module")
def live_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    DATA["dir"] = tmp_path_factory.mktemp("related")
    with hub_server(sqlite_template, DATA["dir"]) as base:
        yield base


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"related-{name}.png"))


def collect(page, name: str) -> None:
    upload(page, name, f"{name}.pdf", PDF + name.encode(), "application/pdf")
    original = material(page, name).locator('[data-test^="material-original-"]')
    if original.count():  # a form filled in at the window has no original to check
        original.click()


def test_the_counter_offers_the_related_item_and_carries_the_applicant_into_it(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 768})  # the counter's monitor
    login_as(page, "qiantai", "demo1234", "/workbench")
    pick_item(page, "基本医疗保险关系转移", FIRST)
    page.fill('[data-test="intake-id"]', ZHANG)
    page.click('[data-test="intake-lookup"]')
    expect(page.locator('[data-test="intake-found"]')).to_contain_text("张桂英")
    page.fill('[data-test="intake-phone"]', "13900001111")
    page.click('[data-test="answer-direction-in"]')
    page.click('[data-test="answer-insurance-employee"]')
    page.click('[data-test="answer-household-hangzhou"]')
    page.click('[data-test="answer-agent-true"]')
    for name in ("基本医疗保障参保（合）凭证", "代办人居民身份证", "授权委托书"):
        collect(page, name)
    page.keyboard.press("F9")
    result = page.locator('[data-test="intake-result"]')
    expect(result).to_contain_text("已受理")
    first_number = page.locator('[data-test="case-number"]').inner_text().strip()

    # 顺便办: the related item with the reason the applicant is told
    offer = page.locator(f'[data-test="related-offer-{NEXT}"]')
    expect(offer).to_contain_text("异地就医登记备案")
    expect(offer).to_contain_text(REASON)
    assert_one_screen(page)
    shot(page, "counter-offer")

    # one click: the next intake, same applicant, the shared answer and the agent's ID card
    offer.locator('[data-test="related-offer-take"]').click()
    expect(page.locator('[data-test="intake-item"]')).to_contain_text(NEXT)
    note = page.locator('[data-test="carry-note"]')
    expect(note).to_contain_text(first_number)
    expect(note).to_contain_text("代办人居民身份证")
    expect(page.locator('[data-test="intake-id"]')).to_have_value(ZHANG)
    expect(page.locator('[data-test="intake-phone"]')).to_have_value("13900001111")
    page.click('[data-test="answer-type-relocated"]')
    agent_card = material(page, "代办人居民身份证")
    expect(agent_card.locator('[data-test="material-file"]')).to_have_count(1)
    expect(agent_card.locator('[data-test="material-file"]')).to_contain_text("代办人居民身份证.pdf")
    size = page.evaluate("() => [document.documentElement.scrollHeight, innerHeight]")
    assert size[0] <= size[1], size  # one screen: the checklist scrolls inside its column
    for name in ("社会保障卡（市民卡）", "异地就医登记备案表", "异地居住（工作）个人承诺书"):
        collect(page, name)
    shot(page, "counter-carried")
    page.keyboard.press("F9")
    expect(result).to_contain_text("已受理")
    second_number = page.locator('[data-test="case-number"]').inner_text().strip()
    assert re.fullmatch(r"330106\d{13}", second_number) and second_number != first_number

    # the resident's tracking page (PC) shows the offer, taken by the second case
    page.goto(f"/track?number={first_number}")
    page.fill('[data-test="track-number-input"]', first_number)
    page.fill('[data-test="track-id-input"]', ZHANG)
    page.click('[data-test="track-submit"]')
    tracked = page.locator(f'[data-test="related-offer-{NEXT}"]')
    expect(tracked).to_contain_text(REASON)
    expect(tracked.locator('[data-test="related-offer-state"]')).to_contain_text(f"已顺便办理（{second_number}）")
    page.locator('[data-test="related-offers"]').scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "related-track-pc.png"), full_page=True)

    # and the phone, at its size
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/m/track")
    page.fill('[data-test="track-number-input"]', first_number)
    page.fill('[data-test="track-id-input"]', ZHANG)
    page.click('[data-test="track-submit"]')
    expect(page.locator(f'[data-test="related-offer-{NEXT}"]')).to_contain_text("已顺便办理")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.screenshot(path=str(ARTIFACTS / "related-track-mobile.png"), full_page=True)


def test_the_administrator_accepts_a_mined_suggestion_on_the_relations_page(page, live_server):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from hub.core import db
    from hub.core.models import ItemRelation
    from hub.core.models.enums import RelationSource, RelationStatus

    async def suggest() -> None:  # what `python -m hub mine-relations` writes after a history
        await db.init_db(f"sqlite://{DATA['dir'] / 'hub.sqlite3'}")
        try:
            await ItemRelation.get_or_create(
                from_code="330106-GA-003", to_code="330106-YB-001", scope="",
                defaults={"source": RelationSource.MINED, "status": RelationStatus.SUGGESTED,
                          "support": 173, "confidence": 0.636,
                          "reason": "办理“居住证申领”的群众中，约 64% 在 30 天内还办理了本事项"})
        finally:
            await db.close_db()

    with ThreadPoolExecutor(1) as pool:  # its own loop, in a thread: Playwright's is running here
        pool.submit(lambda: asyncio.run(suggest())).result()
    login_as(page, "cityadmin", "demo1234", "/admin/relations")
    row = page.locator('[data-test="suggestion-330106-GA-003-330106-YB-001"]')
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "related-admin-debug.png"), full_page=True)
    expect(row).to_contain_text("居住证申领")
    expect(row).to_contain_text("64%")
    row.locator('[data-test="suggestion-reason"]').fill("持居住证的新市民可参加城乡居民医保")
    page.screenshot(path=str(ARTIFACTS / "related-admin.png"), full_page=True)
    row.locator('[data-test="suggestion-accept"]').click()
    expect(row).to_have_count(0)
    page.get_by_role("tab", name=re.compile("全部关联")).click()
    expect(page.locator('[data-test="relation-table"]')).to_contain_text("持居住证的新市民可参加城乡居民医保")

