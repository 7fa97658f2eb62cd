"""The back-office reading tools at 1366×768: the scan viewer (zoom, rotate, fit, side by side
with the version a 补件 replaced), a decision that confirms and asks to discard an unsent
annotation (and the discard in the audit trail), the 已办 tab, and no demo password."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.backoffice_cases import district_case, viewer
from hub.core import db, storage
from hub.core.models import CaseFile, StoredFile
from resolvers.cases import backoffice
from resolvers.cases.backoffice import AnnotationInput, SupplementFiles
from resolvers.cases.files import files_dir
from tests.browser.conftest import ARTIFACTS, login_as, prepared_hub
from tests.browser.test_backoffice_pages import card_png

pytestmark = pytest.mark.browser
expect.set_options(timeout=15_000)


def shot(page, name: str) -> None:
    """The screen as the officer sees it (the viewer is a dialog over the page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(300)  # the dialog's opening transition
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


async def _stored(root: Path, png: bytes) -> str:
    sha = hashlib.sha256(png).hexdigest()
    await StoredFile.get_or_create(sha256=sha, defaults={"content_type": "image/png", "size": len(png)})
    path = storage.path_of(root, sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return sha


async def _prepare(url: str, data_dir: Path) -> dict:
    """A case whose ID-card photo was sent back as blurry and handed in again at the window, now
    back in review with 孙明 (yb_a): two versions of one material."""
    await db.init_db(url)
    try:
        root = files_dir(data_dir)
        old = await _stored(root, card_png((250, 250, 240), "ID CARD (blurred)"))
        case = await district_case(first_file=old)
        a = await viewer("yb_a")
        case = (await backoffice.claim(a, case["id"], version=case["version"])).case
        f = await CaseFile.filter(case_id=case["id"], stored__sha256=old).first()
        assert f is not None
        case = (await backoffice.request_supplement(a, case["id"], version=case["version"], annotations=[
            AnnotationInput(f.material_id, backoffice.AnnotationKind.BLURRY, text="照片模糊")])).case
        new = await _stored(root, card_png((214, 232, 250), "ID CARD (sharp)"))
        retaken = [SupplementFiles(f.material_id, [(new, "身份证-重拍.png")])]
        await backoffice.supplement_at_window(await viewer("qiantai"), case["id"], version=case["version"],
                                              files=retaken)
        return case
    finally:
        await db.close_db()


@pytest.fixture(scope="module")
def supplemented_hub(sqlite_template: Path,
                     tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    with prepared_hub(sqlite_template, tmp_path_factory.mktemp("viewer"), _prepare) as (base, case):
        yield base, case


def test_read_a_scan_then_decide_with_an_unsent_annotation_discarded(browser, supplemented_hub):
    base, case = supplemented_hub
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=base)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login_as(page, "yb_a", "demo1234", "/backoffice")
    page.click('[data-test="tab-MINE"]')
    page.locator('[data-test="queue-entry"]', has_text=case["number"]).click()
    expect(page.locator('[data-test="case-status"]')).to_have_text("审批中")
    assert "demo1234" not in page.content()

    # the viewer on the re-taken photo: fitted, zoomed, rotated, beside the blurred one it replaced
    page.locator('[data-test^="view-file-"]').last.click()
    viewer_ = page.locator('[data-test="scan-viewer"]')
    expect(viewer_).to_be_visible()
    current = viewer_.locator('[data-test="viewer-current"] img')
    current.evaluate("img => img.complete || new Promise(r => img.addEventListener('load', r))")
    fitted = current.bounding_box()
    assert fitted and fitted["width"] > 600, fitted  # read at the screen's size, not a thumbnail
    shot(page, "backoffice-viewer-fit")
    page.click('[data-test="viewer-zoom-in"]')
    zoom = viewer_.locator('[data-test="viewer-zoom"]')
    expect(zoom).not_to_have_text(f"{round(fitted['width'] / 480 * 100)}%")
    page.click('[data-test="viewer-rotate"]')
    assert "rotate(90deg)" in (current.get_attribute("style") or "")
    shot(page, "backoffice-viewer-rotated")
    for _ in range(3):  # a full turn: upright again
        page.click('[data-test="viewer-rotate"]')
    page.click('[data-test="viewer-fit"]')
    page.click('[data-test="viewer-compare"]')
    expect(viewer_.locator('[data-test="viewer-previous"]')).to_contain_text("已被替换")
    expect(viewer_.locator('[data-test="viewer-previous"]')).to_contain_text("首次收件")
    expect(viewer_.locator('[data-test="viewer-current"]')).to_contain_text("第 1 次补件")
    old = viewer_.locator('[data-test="viewer-previous"] img').bounding_box()
    new = viewer_.locator('[data-test="viewer-current"] img').bounding_box()
    assert old and new and old["x"] + old["width"] <= new["x"] + 1  # side by side, not stacked
    shot(page, "backoffice-viewer-compare")
    page.keyboard.press("Escape")
    expect(viewer_).to_be_hidden()

    # an annotation drawn but not sent: 审批通过 asks to discard it; 返回 keeps the case in review
    material = page.locator("section.material", has=page.locator(".canvas")).first
    material.locator('[data-test^="annotate-"]').click()
    material.locator('[data-test="annotation-text"]').fill("背面也须重拍")
    material.locator('[data-test="annotation-add"]').click()
    page.click('[data-test="approve"]')
    box = page.locator(".decision-confirm")
    expect(box).to_contain_text("1 条补件批注尚未发出")
    box.get_by_role("button", name="返回").click()
    expect(page.locator('[data-test="case-status"]')).to_have_text("审批中")
    expect(page.locator('[data-test="draft-annotation"]')).to_have_count(1)
    page.click('[data-test="approve"]')
    page.locator(".decision-confirm").get_by_role("button", name="放弃批注并审批通过").click()
    expect(page.locator('[data-test="case-status"]')).to_contain_text("审批通过")
    expect(page.locator('[data-test="case-trail"]')).to_contain_text("放弃未发出的补件批注")
    expect(page.locator('[data-test="case-trail"]')).to_contain_text("背面也须重拍")

    # 已办: the decided case stays within reach
    page.click('[data-test="tab-DONE"]')
    expect(page.locator('[data-test="queue-entry"]', has_text=case["number"])).to_contain_text("审批通过")
    ctx.close()
    assert errors == []
