"""The applicant hands a supplement in online (网上补件) in Chromium: a district 医保 case waits
for a supplement, the back office having boxed the blurred photo. Not logged in, the tracking
page shows the annotation, the login and any window; logged in as 张桂英, the applicant sees the
box on the old photo, uploads a new one (on the phone, from the camera input) and the case goes
back to 审批中 at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.backoffice_cases import viewer
from bench.cases import ZHANG
from hub.core import db
from hub.core.models import CaseFile
from hub.core.models.enums import AnnotationKind
from resolvers.cases import backoffice
from resolvers.cases.backoffice import AnnotationInput
from tests.browser.conftest import prepared_hub, shot
from tests.browser.test_backoffice_pages import _prepare, card_png

pytestmark = pytest.mark.browser
expect.set_options(timeout=15_000)  # a shared 2-core machine: actions may take a few seconds

PHONE = {"width": 390, "height": 844}
PASSWORD = "Zhang2026ok"
NOTE = "身份证照片模糊，请重新拍摄正面"
REGISTER = """mutation($i:RegisterCitizenInput!){ registerCitizen(input:$i){ errors{ code } } }"""


async def _ask_for_supplement(url: str, case: dict) -> None:
    """The A post claims the case and boxes its photo: 模糊不清."""
    await db.init_db(url)
    try:
        a = await viewer("yb_a")
        case = (await backoffice.claim(a, case["id"], version=case["version"])).case
        photo = (await CaseFile.filter(case_id=case["id"], stored__content_type="image/png").values(
            "id", "material_id"))[0]
        await backoffice.request_supplement(
            a, case["id"], version=case["version"], note="请按批注补正",
            annotations=[AnnotationInput(photo["material_id"], AnnotationKind.BLURRY, NOTE, photo["id"],
                                         {"x": 0.62, "y": 0.15, "w": 0.3, "h": 0.55})])
    finally:
        await db.close_db()


@pytest.fixture(scope="module")
def supplement_hub(sqlite_template: Path,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[dict]]]:
    """Two cases of 张桂英 waiting for a supplement (one for the phone, one for the PC)."""
    async def prepare(url: str, data_dir: Path) -> list[dict]:
        cases = [await _prepare(url, data_dir) for _ in range(2)]
        for c in cases:
            await _ask_for_supplement(url, c)
        return cases

    with prepared_hub(sqlite_template, tmp_path_factory.mktemp("supplement-online"), prepare) \
            as (base, cases):
        yield base, cases


def _context(browser, base: str, viewport: dict):
    context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def _track_by_number(page, prefix: str, number: str) -> None:
    page.goto(f"{prefix}/track")
    page.fill('[data-test="track-number-input"]', number)
    page.fill('[data-test="track-id-input"]', ZHANG)
    page.click('[data-test="track-submit"]')
    expect(page.locator('[data-test="track-status"]')).to_have_text("待补件")


def _new_photo(tmp_path: Path) -> Path:
    path = tmp_path / "新拍照片.png"
    path.write_bytes(card_png((255, 255, 255), "ID CARD (sharp)"))
    return path


def test_the_applicant_logs_in_on_the_phone_and_uploads_the_new_photo(browser, supplement_hub, tmp_path):
    base, cases = supplement_hub
    number = cases[0]["number"]
    ctx, page, errors = _context(browser, base, PHONE)

    # not logged in: the annotation, the login offer and any window
    _track_by_number(page, "/m", number)
    card = page.locator('[data-test="track-supplement"]')
    expect(card.locator('[data-test="track-annotation"]')).to_contain_text(NOTE)
    expect(card.locator('[data-test="supplement-window-hint"]')).to_contain_text("任一综合窗口")
    expect(card.locator('[data-test="supplement-online"]')).to_have_count(0)
    shot(page, "supplement-online-phone-1-not-logged-in")
    card.locator('[data-test="supplement-login-link"]').click()

    # register as 张桂英 and come back to the same case, now as its applicant
    expect(page).to_have_url(re.compile(r"/m/login/citizen\?redirect="))
    page.get_by_role("tab", name="注册").click()
    page.fill('[data-test="citizen-id"]', ZHANG)
    page.fill('[data-test="citizen-name"]', "张桂英")
    page.fill('[data-test="citizen-phone"]', "13800000000")
    page.fill('[data-test="citizen-password"]', PASSWORD)
    page.click('[data-test="citizen-submit"]')
    expect(page).to_have_url(re.compile(r"/m/track\?number=" + number + "$"))
    online = page.locator('[data-test="supplement-online"]')
    expect(online).to_be_visible()
    # the back office's note and its box on the old photo
    expect(online.locator('[data-test="material-annotations"]')).to_contain_text("模糊不清")
    expect(online.locator('[data-test="material-annotations"]')).to_contain_text(NOTE)
    expect(online.locator('[data-test="annotation-box"]')).to_have_count(1)
    expect(online.locator('[data-test="annotation-box"]')).to_contain_text("模糊不清")
    expect(page.locator('[data-test="supplement-window-hint"]')).to_contain_text("也可")
    submit = page.locator('[data-test="supplement-online-submit"]')
    expect(submit).to_be_disabled()
    # the phone's camera input (capture) takes the new photo
    camera = online.locator('[data-test^="supplement-camera-"]')
    expect(camera).to_have_attribute("capture", "environment")
    camera.set_input_files(str(_new_photo(tmp_path)))
    expect(online.locator('[data-test="supplement-uploaded"] img')).to_have_count(1)
    expect(submit).to_be_enabled()
    # nothing wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "supplement-online-phone-2-uploaded")
    submit.click()
    expect(page.locator('[data-test="track-status"]')).to_have_text("审批中")
    expect(page.locator('[data-test="track-supplement"]')).to_have_count(0)
    expect(page.locator(".tl-action", has_text="已补交材料")).to_have_count(1)
    shot(page, "supplement-online-phone-3-in-review")
    ctx.close()
    assert errors == [], errors


def test_on_the_pc_the_logged_in_applicant_supplements_from_the_tracking_page(browser, supplement_hub,
                                                                             tmp_path):
    base, cases = supplement_hub
    number = cases[1]["number"]
    ctx, page, errors = _context(browser, base, {"width": 1366, "height": 900})
    # the account may exist already (the phone test registered it)
    page.request.post(f"{base}/graphql", data={"query": REGISTER, "variables": {"i": {
        "idNumber": ZHANG, "name": "张桂英", "phone": "13800000000", "password": PASSWORD}}})
    page.goto(f"/login/citizen?redirect=/track%3Fnumber%3D{number}")
    page.fill('[data-test="citizen-id"]', ZHANG)
    page.fill('[data-test="citizen-password"]', PASSWORD)
    page.click('[data-test="citizen-submit"]')
    expect(page).to_have_url(re.compile(r"/track\?number=" + number + "$"))
    online = page.locator('[data-test="supplement-online"]')
    expect(online.locator('[data-test="annotation-box"]')).to_have_count(1)
    expect(online.locator('[data-test^="supplement-camera-"]')).to_have_count(0)  # the PC picks files
    online.locator('[data-test^="supplement-file-"]').set_input_files(str(_new_photo(tmp_path)))
    expect(online.locator('[data-test="supplement-uploaded"]')).to_have_count(1)
    shot(page, "supplement-online-pc-1-uploaded")
    page.click('[data-test="supplement-online-submit"]')
    expect(page.locator('[data-test="track-status"]')).to_have_text("审批中")
    expect(page.locator('[data-test="my-case"]', has_text=number)).to_contain_text("审批中")
    shot(page, "supplement-online-pc-2-in-review")
    ctx.close()
    assert errors == [], errors
