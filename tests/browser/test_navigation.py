"""The menu is built from the viewer's roles: as every role, every menu link opens a page that
role can use — no 无权限, no error page, no bounce to the login — and no page shows a demo
password. One browser, one context per role."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login_as
from tests.browser.page_sweep import ACCOUNTS, DEAD_END, DESK, password

pytestmark = pytest.mark.browser

# What each role must not be offered (the pages of other roles), beyond the dead-end check.
NOT_FOR = {
    "FRONT_DESK": {"/backoffice", "/dashboard", "/admin/catalog", "/expert"},
    "BACK_OFFICE": {"/workbench", "/dashboard", "/issuance"},
    "ISSUER": {"/workbench", "/backoffice", "/dashboard"},
    "KIOSK": {"/workbench", "/training", "/attendance"},
    "BOARD": {"/workbench", "/training", "/kiosk"},
    "ADMIN": {"/workbench", "/backoffice"},
    "GREETER": {"/workbench", "/backoffice", "/dashboard", "/kiosk"},
}


@pytest.mark.parametrize("role", sorted(ACCOUNTS))
def test_every_menu_link_of_a_role_opens_a_page_it_can_use(browser, live_server, role):
    context = browser.new_context(viewport=DESK, locale="zh-CN", base_url=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    username = ACCOUNTS[role]
    login_as(page, username, password(username), "/")
    expect(page.locator('[data-test="me-name"]')).to_be_visible()  # the menu follows once the hub said who
    links = page.locator("nav.nav a.nav-link")
    expect(links.first).to_be_visible()
    menu = [(a.get_attribute("href"), a.inner_text().strip()) for a in links.all()]
    hrefs = {h for h, _ in menu}
    assert not hrefs & NOT_FOR.get(role, set()), (role, menu)
    for href, label in menu:
        link = page.locator(f'nav.nav a.nav-link[href="{href}"]')
        if not link.count():  # the kiosk, board and phone pages have no top menu
            page.goto("/")
            expect(page.locator('[data-test="me-name"]')).to_be_visible()
        link.click()
        # there, and not sent to the login
        expect(page).to_have_url(re.compile(re.escape(live_server + href) + r"(\?.*)?$"))
        page.wait_for_load_state("networkidle")
        expect(page.locator("#app")).not_to_be_empty()
        text = page.locator("#app").inner_text()
        dead = [word for word in DEAD_END if word in text]
        assert dead == [], f"{role}: menu 「{label}」 {href} is a dead end ({dead})"
        for secret in ("demo1234", "admin123"):
            assert secret not in page.content(), f"{role}: {href} shows a demo password"
    context.close()
    assert errors == [], errors
