"""One whole case through the pages, with one supplement round: the counter takes a 医保 case
with a photo, the district back office annotates the photo and asks for a supplement, the front
desk hands the new photo in, the back office approves, the issuance window hands the result to
the applicant, and the applicant follows it on the phone and rates it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.cases import ZHANG
from tests.browser.conftest import login_as, shot
from tests.browser.test_backoffice_pages import card_png
from tests.browser.test_intake_pages import material, pick_item, upload
from tests.conftest import hub_server

pytestmark = pytest.mark.browser
LOADED = ("img => (img.complete && img.naturalWidth > 0)"
          " || new Promise(r => img.addEventListener('load', r, {once: true}))")
expect.set_options(timeout=15_000)  # a shared 2-core machine: actions may take a few seconds

ITEM, NAME = "330106-YB-003", "基本医疗保险关系转移"
PROOF = "基本医疗保障参保（合）凭证"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with hub_server(sqlite_template, tmp_path_factory.mktemp("lifecycle")) as url:
        yield url


def _context(browser, base: str, **extra):
    context = browser.new_context(locale="zh-CN", base_url=base, **extra)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def test_one_case_from_intake_through_a_supplement_to_the_rating(browser, base, tmp_path):
    # 1. the counter: item, applicant from the registry, answers, one photo, original seen
    desk_ctx, desk, desk_errors = _context(browser, base, viewport={"width": 1440, "height": 1000})
    login_as(desk, "qiantai", "demo1234", "/workbench")
    pick_item(desk, NAME, ITEM)
    desk.fill('[data-test="intake-id"]', ZHANG)
    desk.click('[data-test="intake-lookup"]')
    expect(desk.locator('[data-test="intake-found"]')).to_contain_text("张桂英")
    for answer in ("direction-in", "insurance-employee", "household-hangzhou", "agent-false"):
        desk.click(f'[data-test="answer-{answer}"]')
    upload(desk, PROOF, "参保凭证.png", card_png((250, 250, 240), "PROOF (blurred)"), "image/png")
    material(desk, PROOF).locator('[data-test^="material-original-"]').click()
    desk.click('[data-test="intake-submit"]')
    expect(desk.locator('[data-test="intake-result"]')).to_contain_text("已受理")
    number = desk.locator('[data-test="case-number"]').inner_text().strip()
    assert re.fullmatch(r"330106\d{13}", number), number
    shot(desk, "lifecycle-1-intake")

    # 2. the district 医保 A post claims it, boxes the blurred photo, asks for a supplement
    office_ctx, office, office_errors = _context(browser, base, viewport={"width": 1440, "height": 1000})
    login_as(office, "yb_a", "demo1234", "/backoffice")
    office.locator('[data-test="queue-entry"]', has_text=number).click()
    office.click('[data-test="claim"]')
    expect(office.locator('[data-test="case-status"]')).to_have_text("审批中")
    expect(office.locator("dl.answers")).to_contain_text("从外地转入杭州")  # labels, not codes
    photo = office.locator("section.material", has=office.locator(".canvas")).first
    image = photo.locator('[data-test^="file-image-"]').first
    photo.locator('[data-test^="annotate-"]').click()
    photo.locator('[data-test="annotation-text"]').fill("参保凭证模糊，请重新提供清晰的原件扫描件")
    photo.locator('[data-test="annotation-draw"]').click()
    image.locator("img").wait_for()
    # measure only once the photo has loaded: before that it has no height, and a drag measured
    # on it lands outside the image on a slow machine
    image.locator("img").evaluate(LOADED)
    office.wait_for_timeout(200)  # the layout settles after the load
    box = image.bounding_box()
    assert box is not None
    office.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.2)
    office.mouse.down()
    office.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.6, steps=10)
    office.mouse.up()
    photo.locator('[data-test="annotation-add"]').click()
    office.click('[data-test="request-supplement"]')
    expect(office.locator('[data-test="case-status"]')).to_have_text("待补件")
    shot(office, "lifecycle-2-supplement-requested")

    # 3. the front desk sees the note and the box, and hands the new photo in
    desk.goto("/workbench")
    desk.click('[data-test="tools-open"]')  # the console's side drawer
    desk.fill('[data-test="workbench-case-number"]', number)
    desk.click('[data-test="workbench-case-open"]')
    expect(desk.locator('[data-test="window-case-status"]')).to_have_text("待补件")
    expect(desk.locator('[data-test="material-annotations"]')).to_contain_text("参保凭证模糊")
    expect(desk.locator('[data-test="annotation-box"]')).to_have_count(1)
    fresh = tmp_path / "参保凭证（重拍）.png"
    fresh.write_bytes(card_png((255, 255, 255), "PROOF (sharp)"))
    desk.locator('[data-test^="supplement-file-"]').set_input_files(str(fresh))
    desk.click('[data-test="supplement-submit"]')
    expect(desk.locator('[data-test="window-case-status"]')).to_have_text("审批中")
    shot(desk, "lifecycle-3-supplemented")

    # 4. the back office approves
    office.reload()
    office.locator('[data-test="tab-MINE"]').click()
    office.locator('[data-test="queue-entry"]', has_text=number).click()
    office.fill('[data-test="decision-note"]', "补正后材料齐全，同意转移")
    office.click('[data-test="approve"]')
    office.locator(".decision-confirm").get_by_role("button", name="确认审批通过").click()  # asks first
    expect(office.locator('[data-test="case-status"]')).to_have_text("审批通过，待出件")

    # 5. the applicant follows it on the phone while the issuance window hands it over
    phone_ctx, phone, phone_errors = _context(browser, base, viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto("/m/track")
    phone.fill('[data-test="track-number-input"]', number)
    phone.fill('[data-test="track-id-input"]', ZHANG)
    phone.click('[data-test="track-submit"]')
    expect(phone.locator('[data-test="track-status"]')).to_have_text("审批通过，待出件")
    issue_ctx, issuer, issuer_errors = _context(browser, base, viewport={"width": 1366, "height": 900})
    login_as(issuer, "chujian", "demo1234", "/issuance")
    issuer.locator('[data-test="issuance-reader"]').click()
    issuer.keyboard.type(ZHANG)
    issuer.keyboard.press("Enter")
    expect(issuer.locator('[data-test="issuance-selected"]')).to_have_text(number)
    issuer.fill('[data-test="issuance-collector"]', ZHANG)
    issuer.click('[data-test="issuance-submit"]')
    expect(issuer.locator('[data-test="issuance-done"]')).to_contain_text("领取人 张桂英")

    # 6. the phone updates by itself; the timeline holds the whole story; the applicant rates it
    expect(phone.locator('[data-test="track-status"]')).to_have_text("已出件", timeout=10_000)
    timeline = phone.locator('[data-test="timeline-entry"]')
    for step in ("受理", "要求补件", "已补交材料", "审批通过", "出件"):
        expect(timeline.filter(has_text=step).first).to_be_visible()
    expect(timeline.filter(has_text="审批通过").first).to_contain_text("西湖区 · 后台")
    phone.click('[data-test="rate-5"]')
    phone.fill('[data-test="rating-comment"]', "一次补件就办好了，窗口很耐心")
    phone.click('[data-test="rating-submit"]')
    expect(phone.locator('[data-test="track-rated"]')).to_contain_text("非常满意")
    shot(phone, "lifecycle-6-rated")
    for ctx in (desk_ctx, office_ctx, phone_ctx, issue_ctx):
        ctx.close()
    assert desk_errors == office_errors == phone_errors == issuer_errors == []
