"""一件事联办 online on a phone (390 px, real Chromium): the phone home lists the bundles — those
with an item that cannot be filed online say 请到窗口办理 — a resident (the new mother 陈晓燕)
taps 新生儿出生一件事, is sent to log in, registers, fills the shared fields once, answers each
item's questions, uploads each material of the combined checklist once, signs by typing her
name and gets the application number with three case numbers and the tracking link; a bundle
that cannot be filed online tells her to go to a window."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shot
from tests.browser.joint_steps import answer_items, collect_materials, fill, fill_parents
from tests.cases.joint_support import MOTHER
from tests.conftest import hub_server

pytestmark = pytest.mark.browser



@pytest.fixture
def phone(browser, sqlite_template: Path, tmp_path: Path) -> Iterator[Page]:
    with hub_server(sqlite_template, tmp_path) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                      base_url=base, is_mobile=True, has_touch=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page
        context.close()
        assert errors == [], f"uncaught errors in the page: {errors}"


def test_a_resident_files_the_birth_bundle_on_a_phone(phone: Page):
    page = phone
    page.goto("/m")
    bundles = page.locator('[data-test="joint-bundles"]')
    expect(bundles).to_be_visible()
    expect(page.locator('[data-test="joint-window-VETERAN"]')).to_have_text("请到窗口办理")
    page.click('[data-test="joint-apply-BIRTH"]')

    # not logged in: to the resident login, then back here
    expect(page).to_have_url(re.compile(r"/m/login/citizen\?redirect="))
    page.get_by_role("tab", name="注册").click()
    page.fill('[data-test="citizen-id"]', MOTHER)
    page.fill('[data-test="citizen-name"]', "陈晓燕")
    page.fill('[data-test="citizen-phone"]', "13900001111")
    page.fill('[data-test="citizen-password"]', "chen2026x")
    page.click('[data-test="citizen-submit"]')
    expect(page).to_have_url(re.compile(r"/m/apply/joint/BIRTH$"))
    expect(page.locator('[data-test="joint-apply-bundle"]')).to_have_text("新生儿出生一件事")
    expect(page.locator('[data-test="joint-applicant"]')).to_contain_text("陈晓燕")
    # the applicant is the logged-in resident: no ID number to key in
    expect(page.locator('[data-test="applicant-id"]')).to_have_count(0)

    # the shared fields, once
    fill(page, "shared-baby_name", "陈安安")
    page.click('[data-test="shared-baby_gender-female"]')
    born = (date.today() - timedelta(days=10)).isoformat()
    birth = page.locator('[data-test="shared-birth_date"] input').first
    birth.fill(born)
    birth.press("Enter")
    page.keyboard.press("Escape")
    fill_parents(page)

    # each item's own questions
    answer_items(page)

    # the combined checklist: 出生医学证明 uploaded once for three items, with her own token
    collect_materials(page, tick_originals=False)
    expect(page.locator('[data-test="original-seen"]')).to_have_count(0)  # a counter's check
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "joint-online-phone-form")

    # her typed signature, submit → the application number, three case numbers, the tracking link
    fill(page, "signed-name", "陈晓燕")
    page.click('[data-test="submit-application"]')
    result = page.locator('[data-test="joint-result"]')
    expect(result).to_be_visible(timeout=15000)
    number = page.locator('[data-test="application-number"]').inner_text().strip()
    assert number.startswith("330106L"), number
    numbers = page.locator('[data-test="case-number"]')
    expect(numbers).to_have_count(3)
    assert len({numbers.nth(i).inner_text().strip() for i in range(3)}) == 3
    expect(result).to_contain_text("网上预审")
    link = page.locator('[data-test="track-link"]')
    expect(link).to_have_attribute("href", f"/track/application/{number}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "joint-online-phone-result")

    # a bundle with an item that is not online: go to a window
    page.goto("/m/apply/joint/VETERAN")
    expect(page.locator('[data-test="joint-offline"]')).to_contain_text("请到窗口办理")
    expect(page.locator('[data-test="submit-application"]')).to_have_count(0)
    shot(page, "joint-online-phone-window")
