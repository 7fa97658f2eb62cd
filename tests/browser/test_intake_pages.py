"""Intake through its pages: the counter takes a case with two uploads and a deferred material
(refused first while a required one is missing), sees the number and downloads the receipt, and
sees an instant item closed by the intake itself; a resident registers on the PC, files a pre-application
with uploads and finds it in 我的办件; a grid worker files for a resident on a phone."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import login_as, shot
from tests.conftest import hub_server

NEWCOMER = "11010519491231002X"  # a valid number not in the registry
RESIDENT = "110105198512030035"  # registers on the PC
ZHANG = "330106195803120245"  # 张桂英: registered, with electronic licences


def _png() -> bytes:
    """A small photo-like scan: a light card with a dark band, as a phone would shoot it."""
    image = Image.new("RGB", (160, 100), (236, 240, 246))
    image.paste((40, 80, 160), (10, 60, 150, 80))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


PNG = _png()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NUMBER = re.compile(r"^330106\d{13}$")


@pytest.fixture(scope="module")
def live_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with hub_server(sqlite_template, tmp_path_factory.mktemp("intake-pages")) as base:
        yield base


def pick_item(page, name: str, code: str) -> None:
    page.click('[data-test="item-picker"]')
    page.keyboard.type(name)
    page.locator(f'[data-test="item-option-{code}"]').click()
    expect(page.locator('[data-test="intake-item"]')).to_contain_text(code)


def material(page, name: str):
    return page.locator(f'[data-test^="material-"][data-material="{name}"]')


def upload(page, name: str, filename: str, data: bytes, mime: str) -> None:
    row = material(page, name)
    row.locator('input[type="file"]').first.set_input_files(
        files=[{"name": filename, "mimeType": mime, "buffer": data}])
    expect(row.locator('[data-test="material-file"]')).to_have_count(1)


def answer_unemployment(page) -> None:
    page.click('[data-test="answer-recorded-false"]')
    page.click('[data-test="answer-payout-card"]')
    page.click('[data-test="answer-agent-false"]')
    expect(material(page, "解除或终止劳动合同证明")).to_be_visible()


def test_the_counter_takes_a_case_with_two_uploads_and_a_deferred_material(page):
    login_as(page, "qiantai", "demo1234", "/workbench")
    pick_item(page, "失业保险金", "330106-RS-009")
    page.fill('[data-test="intake-id"]', NEWCOMER)
    page.click('[data-test="intake-lookup"]')
    expect(page.locator('[data-test="intake-found"]')).to_contain_text("首次办事")
    page.fill('[data-test="intake-name"]', "王小明")
    page.fill('[data-test="intake-phone"]', "13900000001")
    answer_unemployment(page)

    # nothing collected yet: refused, each missing material says so next to it
    page.click('[data-test="intake-submit"]')
    expect(material(page, "居民身份证")).to_contain_text("缺少必需材料“居民身份证”")
    expect(material(page, "解除或终止劳动合同证明")).to_contain_text("可容缺：请上传，或勾选“容缺后补”")
    expect(page.locator('[data-test="intake-error"]')).to_be_visible()

    upload(page, "居民身份证", "身份证正反面.png", PNG, "image/png")
    upload(page, "社会保障卡（市民卡）", "社保卡.pdf", PDF, "application/pdf")
    expect(material(page, "居民身份证").locator("img.thumb")).to_be_visible()
    expect(material(page, "社会保障卡（市民卡）").locator(".thumb.pdf")).to_be_visible()
    material(page, "解除或终止劳动合同证明").locator('[data-test^="material-defer-"]').click()
    page.click('[data-test="intake-submit"]')
    # originals must be seen at the window: the error sits at the material
    expect(material(page, "居民身份证")).to_contain_text("须核验原件")
    material(page, "居民身份证").locator('[data-test^="material-original-"]').click()
    material(page, "社会保障卡（市民卡）").locator('[data-test^="material-original-"]').click()
    shot(page, "intake-counter-collected")
    page.click('[data-test="intake-submit"]')

    result = page.locator('[data-test="intake-result"]')
    expect(result).to_contain_text("已受理")
    number = page.locator('[data-test="case-number"]').inner_text().strip()
    assert NUMBER.match(number), number
    expect(page.locator('[data-test="case-due"]')).to_contain_text("年")
    shot(page, "intake-counter-result")
    href = page.locator('[data-test="print-receipt"]').get_attribute("href")
    receipt = page.request.get(href)
    assert receipt.status == 200 and receipt.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(receipt.body())).pages)
    text = "".join(text.replace("\x00", "").split())
    assert number in text and "失业保险金申领" in text and "容缺后补：请于" in text and "王小明" in text


def test_the_counter_closes_an_instant_item_in_the_intake_itself(page):
    login_as(page, "qiantai", "demo1234", "/workbench")
    pick_item(page, "老年人优待证", "330106-MZ-001")
    page.fill('[data-test="intake-id"]', ZHANG)
    page.click('[data-test="intake-lookup"]')
    expect(page.locator('[data-test="intake-found"]')).to_contain_text("张桂英")
    expect(page.locator('[data-test="intake-name"]')).to_have_value("张桂英")
    page.click('[data-test="answer-household-hangzhou"]')
    page.click('[data-test="answer-apply_type-first"]')
    page.click('[data-test="answer-in_person-true"]')
    expect(material(page, "居民身份证").locator('[data-test="material-covered"]')).to_have_text("免提交")
    page.click('[data-test="intake-submit"]')
    expect(page.locator('[data-test="case-status"]')).to_have_text("已出件")  # no second step
    expect(page.locator('[data-test="intake-result"]')).to_contain_text("已受理并当场办结")
    expect(page.locator('[data-test="complete-instant"]')).to_have_count(0)
    shot(page, "intake-counter-instant-done")


def test_a_resident_registers_files_online_and_sees_it_in_my_cases(page):
    page.goto("/guide/items/330106-RS-009")
    page.click('[data-test="apply-online"]')
    expect(page).to_have_url(re.compile(r"/login/citizen\?redirect="))
    page.get_by_role("tab", name="注册").click()
    page.fill('[data-test="citizen-id"]', RESIDENT)
    page.fill('[data-test="citizen-name"]', "李居民")
    page.fill('[data-test="citizen-phone"]', "13700000002")
    page.fill('[data-test="citizen-password"]', "juming2026")
    page.click('[data-test="citizen-submit"]')
    expect(page).to_have_url(re.compile(r"/apply/330106-RS-009$"))
    expect(page.locator('[data-test="apply-item"]')).to_have_text("失业保险金申领")
    answer_unemployment(page)
    upload(page, "居民身份证", "id.png", PNG, "image/png")
    upload(page, "社会保障卡（市民卡）", "card.pdf", PDF, "application/pdf")
    material(page, "解除或终止劳动合同证明").locator('[data-test^="material-defer-"]').click()
    shot(page, "intake-resident-pc-form")
    page.click('[data-test="intake-submit"]')
    expect(page.locator('[data-test="intake-result"]')).to_be_visible()
    number = page.locator('[data-test="case-number"]').inner_text().strip()
    assert NUMBER.match(number), number
    page.click('[data-test="intake-next"]')
    expect(page).to_have_url(re.compile(r"/my/cases$"))
    expect(page.locator('[data-test="my-case-number"]').first).to_have_text(number)
    shot(page, "intake-resident-my-cases")
    href = page.locator('[data-test="my-case-receipt"]').first.get_attribute("href")
    assert page.request.get(href).status == 200


def test_a_grid_worker_files_for_a_resident_on_a_phone(browser, live_server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=live_server,
                              is_mobile=True, has_touch=True)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        login_as(page, "wangge", "demo1234", "/m/grid")
        pick_item(page, "老年人优待证", "330106-MZ-001")
        page.fill('[data-test="intake-id"]', ZHANG)
        page.click('[data-test="intake-lookup"]')
        expect(page.locator('[data-test="intake-found"]')).to_contain_text("330106********0245")
        page.click('[data-test="answer-household-hangzhou"]')
        page.click('[data-test="answer-apply_type-first"]')
        page.click('[data-test="answer-in_person-true"]')
        expect(material(page, "一寸免冠近照").locator('[data-test^="material-camera-"]')).to_have_attribute(
            "capture", "environment")
        upload(page, "一寸免冠近照", "photo.png", PNG, "image/png")
        page.click('[data-test="issue-GRID"]')
        page.fill('[data-test="intake-delivery"]', "文新街道某小区 3 幢 201")
        shot(page, "intake-grid-mobile-form")
        page.click('[data-test="intake-submit"]')
        expect(page.locator('[data-test="intake-result"]')).to_contain_text("等待预审")
        expect(page.locator('[data-test="intake-result"]')).to_contain_text("网格员代办")
        shot(page, "intake-grid-mobile-result")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        ctx.close()
    assert errors == []


def test_a_kiosk_files_a_pre_application_for_the_id_number_keyed_in(browser, live_server):
    ctx = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="zh-CN", base_url=live_server)
    page = ctx.new_page()
    try:
        login_as(page, "kiosk01", "demo1234", "/kiosk/apply/330106-MZ-001")
        for key in ZHANG:
            page.click(f'[data-test="key-{key}"]')
        expect(page.locator('[data-test="kiosk-id-display"]')).to_have_text(ZHANG)
        page.fill('[data-test="intake-name"]', "张桂英")
        page.click('[data-test="answer-household-hangzhou"]')
        page.click('[data-test="answer-apply_type-first"]')
        page.click('[data-test="answer-in_person-true"]')
        expect(material(page, "居民身份证").locator('[data-test="material-covered"]')).to_be_visible()
        page.click('[data-test="intake-submit"]')
        expect(page.locator('[data-test="intake-result"]')).to_contain_text("自助终端")
        expect(page.locator('[data-test="print-receipt"]')).to_be_visible()
        shot(page, "intake-kiosk-result")
    finally:
        ctx.close()
