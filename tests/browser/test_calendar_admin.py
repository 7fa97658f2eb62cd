"""放假安排 in Chromium: the administrator opens 2027 (no schedule published yet: due dates there
are provisional), pastes the State Council's 元旦 line, sees the hub's Chinese objection to a
make-up day on a Friday, corrects it to the Saturday and saves; the month calendar shows the
holiday and the make-up day, and the calculator's due date moves and stops being provisional.
Other staff get 无权限."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login_as, shot
from tests.conftest import hub_server

pytestmark = pytest.mark.browser
expect.set_options(timeout=15_000)  # a shared 2-core machine: actions may take a few seconds

NEW_YEAR = "一、元旦：1月1日（周五）至4日（周一）放假调休，共4天。1月8日（周五）上班。"


@pytest.fixture(scope="module")
def base(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # a hub of its own: loading 2027 here must not change due dates in other tests
    with hub_server(sqlite_template, tmp_path_factory.mktemp("calendar")) as url:
        yield url


def _page(browser, base: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", base_url=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def _input(page, test: str):
    return page.locator(f'[data-test="{test}"]').locator("xpath=descendant-or-self::input").first


def _type_date(page, test: str, value: str, *, within=None) -> None:
    box = (within or page).locator(f'[data-test="{test}"]').locator("xpath=descendant-or-self::input").first
    box.click()
    box.fill(value)
    box.press("Enter")
    page.keyboard.press("Escape")


def test_an_administrator_loads_2027_and_the_due_date_follows(browser, base):
    ctx, page, errors = _page(browser, base)
    login_as(page, "admin", "admin123", "/admin/catalog")
    page.locator(".nav-link", has_text="放假安排").click()
    expect(page).to_have_url(re.compile(r"/admin/calendar\?year=\d{4}$"))
    expect(page.locator('[data-test="calendar-source"]')).to_be_visible()

    # 2027: not published, every due date there is provisional
    year = _input(page, "calendar-year")
    year.fill("2027")
    year.press("Enter")
    expect(page).to_have_url(f"{base}/admin/calendar?year=2027")
    expect(page.locator('[data-test="calendar-source"]')).to_contain_text("未公布")
    _type_date(page, "due-start", "2026-12-31")
    days = _input(page, "due-days")
    days.fill("2")
    days.press("Enter")
    expect(page.locator('[data-test="due-date"]')).to_have_text("2027-01-05")
    expect(page.locator('[data-test="due-provisional"]')).to_be_visible()
    shot(page, "calendar-1-2027-provisional")

    # paste the notice's 元旦 line: the make-up day on a Friday is refused, in Chinese
    page.click('[data-test="calendar-edit"]')
    editor = page.locator('[data-test="calendar-editor"]')
    editor.locator('[data-test="calendar-paste"]').locator("xpath=descendant-or-self::textarea").fill(NEW_YEAR)
    editor.locator('[data-test="calendar-parse"]').click()
    expect(editor.locator('[data-test="holiday-row"]')).to_have_count(1)
    expect(_input(editor, "holiday-name")).to_have_value("元旦")
    expect(_input(editor, "holiday-from")).to_have_value("2027-01-01")
    expect(_input(editor, "holiday-to")).to_have_value("2027-01-04")
    expect(_input(editor, "makeup-date")).to_have_value("2027-01-08")
    _input(editor, "calendar-note").fill("国办发明电〔2026〕X号")
    editor.locator('[data-test="calendar-save"]').click()
    expect(editor.locator('[data-test="calendar-error"]')).to_have_text(
        ["调休上班日 2027-01-08 是工作日（周一至周五），无需列出"])
    shot(page, "calendar-2-error")
    expect(page.locator('[data-test="calendar-source"]')).to_contain_text("未公布")  # nothing written

    # the Saturday it is
    _type_date(page, "makeup-date", "2027-01-09", within=editor)
    expect(_input(editor, "makeup-date")).to_have_value("2027-01-09")
    editor.locator('[data-test="calendar-save"]').click()
    expect(page.locator('[data-test="calendar-editor"]')).to_have_count(0)
    expect(page.locator('[data-test="calendar-source"]')).to_have_text("管理员导入")
    expect(page.locator('[data-test="day-2027-01-04"]')).to_have_class("cell holiday")
    expect(page.locator('[data-test="day-2027-01-09"]')).to_have_class("cell makeup")
    # 1–4 January off, so the second working day after 31 December is the 6th, and it is official
    expect(page.locator('[data-test="due-date"]')).to_have_text("2027-01-06")
    expect(page.locator('[data-test="due-provisional"]')).to_have_count(0)
    expect(page.locator('[data-test="due-official"]')).to_be_visible()
    shot(page, "calendar-3-loaded")
    # a year after it is still provisional, and says so
    days.fill("300")
    days.press("Enter")
    expect(page.locator('[data-test="due-provisional"]')).to_be_visible()
    ctx.close()
    assert errors == [], errors


def test_other_staff_see_no_permission(browser, base):
    ctx, page, errors = _page(browser, base)
    login_as(page, "qiantai", "demo1234", "/admin/calendar")
    expect(page.locator('[data-test="no-permission"]')).to_contain_text("放假安排仅限系统管理员使用")
    expect(page.locator('[data-test="calendar-edit"]')).to_have_count(0)
    ctx.close()
    assert errors == [], errors
