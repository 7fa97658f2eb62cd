"""The back-office console and the window's supplement page in Chromium: the back office claims
a case, annotates a material with a box dragged on its photo and requests a supplement; the front
desk sees the annotation (with its box) and uploads the supplement for the applicant; the back
office approves."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from bench.backoffice_cases import ITEM, district_case
from hub.core import db, storage
from hub.core.models import CaseMaterial, StoredFile
from resolvers.cases.files import files_dir
from tests.browser.conftest import login_as, prepared_hub, shot

pytestmark = pytest.mark.browser
LOADED = ("img => (img.complete && img.naturalWidth > 0)"
          " || new Promise(r => img.addEventListener('load', r, {once: true}))")
expect.set_options(timeout=15_000)  # a shared 2-core machine: actions may take a few seconds


def card_png(color: tuple[int, int, int], text: str) -> bytes:
    """A small ID-card-like photo."""
    img = Image.new("RGB", (480, 300), (236, 240, 245))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((20, 20, 460, 280), radius=18, fill=color, outline=(90, 90, 90), width=3)
    d.rectangle((320, 60, 430, 200), fill=(200, 200, 210))
    for y in (70, 110, 150, 190, 230):
        d.rectangle((50, y, 280, y + 14), fill=(120, 120, 130))
    d.text((50, 250), text, fill=(30, 30, 30))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


async def _prepare(url: str, data_dir: Path) -> dict:
    """A district 医保 case whose first material is a real photo, every file on disk."""
    await db.init_db(url)
    try:
        root = files_dir(data_dir)
        png = card_png((250, 250, 240), "ID CARD (blurred)")
        sha = hashlib.sha256(png).hexdigest()
        await StoredFile.get_or_create(sha256=sha, defaults={"content_type": "image/png", "size": len(png)})
        path = storage.path_of(root, sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        case = await district_case(first_file=sha)
        for m in await CaseMaterial.filter(case_id=case["id"]).values("material_id"):
            data = b"%PDF-1.4\n" + f"{ITEM}/{m['material_id']}".encode()
            pdf_sha = hashlib.sha256(data).hexdigest()
            if await StoredFile.exists(sha256=pdf_sha):
                p = storage.path_of(root, pdf_sha)
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(data)
        return case
    finally:
        await db.close_db()


@pytest.fixture(scope="module")
def backoffice_hub(sqlite_template: Path,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    with prepared_hub(sqlite_template, tmp_path_factory.mktemp("backoffice"), _prepare) as (base, case):
        yield base, case


def _page(browser, base: str):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN", base_url=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def test_annotate_with_a_box_supplement_at_the_window_then_approve(browser, backoffice_hub, tmp_path):
    base, case = backoffice_hub
    ctx, office, office_errors = _page(browser, base)
    login_as(office, "yb_a", "demo1234", "/backoffice")
    entry = office.locator('[data-test="queue-entry"]', has_text=case["number"])
    expect(entry).to_be_visible()
    expect(office.locator('[data-test="tab-UNCLAIMED"]')).to_contain_text("1")
    entry.click()
    expect(office.locator('[data-test="case-status"]')).to_have_text("已受理，待审批")
    office.click('[data-test="claim"]')
    expect(office.locator('[data-test="case-status"]')).to_have_text("审批中")

    # annotate the photo: 模糊不清, a note, a box dragged on the image
    material = office.locator("section.material", has=office.locator(".canvas")).first
    image = material.locator('[data-test^="file-image-"]').first
    material.locator('[data-test^="annotate-"]').click()
    material.locator('[data-test="annotation-text"]').fill("身份证照片模糊，请重新拍摄正面")
    material.locator('[data-test="annotation-draw"]').click()
    image.locator("img").wait_for()
    # measure only once the photo has loaded: before that it has no height, and a drag measured
    # on it lands outside the image on a slow machine
    image.locator("img").evaluate(LOADED)
    office.wait_for_timeout(200)  # the layout settles after the load
    box = image.bounding_box()
    assert box is not None
    office.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.2)
    office.mouse.down()
    office.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.5, steps=8)
    office.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.7, steps=8)
    office.mouse.up()
    expect(image.locator('[data-test="annotation-box"]')).to_have_count(1)
    material.locator('[data-test="annotation-add"]').click()
    expect(office.locator('[data-test="draft-annotation"]')).to_have_count(1)
    shot(office, "backoffice-annotate")
    office.click('[data-test="request-supplement"]')
    expect(office.locator('[data-test="case-status"]')).to_have_text("待补件")
    expect(material.locator('[data-test="material-annotations"]')).to_contain_text("模糊不清")
    bell = office.locator('[data-test="notice-bell"]')
    expect(bell).to_have_attribute("data-live", "true")  # following myNoticeEvents
    unread = int(bell.locator("sup").inner_text()) if bell.locator("sup").is_visible() else 0

    # the window (any window) sees the annotation with its box and hands the new photo in
    wctx, desk, desk_errors = _page(browser, base)
    login_as(desk, "qiantai", "demo1234", "/workbench")
    desk.click('[data-test="tools-open"]')  # the console's side drawer
    desk.fill('[data-test="workbench-case-number"]', case["number"])
    desk.click('[data-test="workbench-case-open"]')
    expect(desk.locator('[data-test="window-case-status"]')).to_have_text("待补件")
    expect(desk.locator('[data-test="material-annotations"]')).to_contain_text("身份证照片模糊，请重新拍摄正面")
    expect(desk.locator('[data-test="annotation-box"]')).to_have_count(1)
    fresh = tmp_path / "新拍身份证.png"
    fresh.write_bytes(card_png((255, 255, 255), "ID CARD (sharp)"))
    desk.locator('[data-test^="supplement-file-"]').set_input_files(str(fresh))
    expect(desk.locator(".upload-line .el-tag")).to_contain_text("新拍身份证.png")
    shot(desk, "window-supplement")
    desk.click('[data-test="supplement-submit"]')
    expect(desk.locator('[data-test="window-case-status"]')).to_have_text("审批中")

    # the back office is told at once (pushed, no reload, no poll), sees the new file, and approves
    expect(bell.locator("sup")).to_have_text(str(unread + 1))
    office.reload()
    office.locator('[data-test="tab-MINE"]').click()
    office.locator('[data-test="queue-entry"]', has_text=case["number"]).click()
    expect(office.locator('[data-test="case-status"]')).to_have_text("审批中")
    expect(office.locator("figcaption", has_text="第 1 次补件")).to_have_count(1)
    expect(office.locator('[data-test="notice-bell"] sup')).to_be_visible()
    office.fill('[data-test="decision-note"]', "补正后材料齐全，同意")
    confirm = office.locator(".decision-confirm").get_by_role("button", name="确认审批通过")
    for _ in range(3):  # a click that lands while the case view re-renders (under load) is lost
        office.click('[data-test="approve"]')
        try:
            expect(confirm).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            continue
    confirm.click()  # asks first
    expect(office.locator('[data-test="case-status"]')).to_have_text("审批通过，待出件")
    expect(office.locator('[data-test="case-trail"]')).to_contain_text("代收补件")  # taken at the window
    shot(office, "backoffice-approved")
    ctx.close()
    wctx.close()
    assert office_errors == [] and desk_errors == []
