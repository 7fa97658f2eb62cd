"""Browser smoke check of the built frontends (Playwright + Debian's Chromium).

Not a pytest module (the hub's tests live in tests/). Run against the mock or the real hub:

    node mock/server.mjs &                      # or the hub on :8000
    python mock/browser_smoke.py http://127.0.0.1:8001

It drives the pages through their data-test attributes and prints one line per check.
"""
import re
import sys

from playwright.sync_api import expect, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8001"
USER, PASSWORD = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ("admin", "admin123")

passed = failed = 0


def check(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
        print(f"ok   {name}")
    except Exception as exc:  # noqa: BLE001 - report and continue
        failed += 1
        print(f"FAIL {name}: {exc}")


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def landing():
        page.goto(BASE + "/")
        for key in ["guide", "mobile", "kiosk", "workbench", "backoffice", "dashboard", "board"]:
            expect(page.locator(f'[data-test="terminal-{key}"]')).to_be_visible()
        page.click('[data-test="terminal-guide"]')
        expect(page).to_have_url(BASE + "/guide")

    def guide_filter_and_open():
        page.goto(BASE + "/guide")
        expect(page.locator('[data-test="item-row"]').first).to_be_visible()
        page.click('[data-test="dept-YB"]')
        expect(page).to_have_url(BASE + "/guide?dept=YB")
        rows = page.locator('[data-test="item-row"]')
        expect(rows.first).to_contain_text("医保")
        code = rows.first.get_attribute("data-code")
        rows.first.click()
        expect(page).to_have_url(BASE + f"/guide/items/{code}")
        expect(page.locator('[data-test="item-name"]')).to_be_visible()
        assert page.locator('[data-test="material-row"]').count() > 0

    def guide_keyword():
        page.goto(BASE + "/guide")
        page.fill('[data-test="guide-search"]', "社保卡")
        expect(page).to_have_url(BASE + "/guide?q=%E7%A4%BE%E4%BF%9D%E5%8D%A1")
        expect(page.locator('[data-test="item-row"]').first).to_contain_text(re.compile("社保卡|社会保障卡"))

    def guide_pagination():
        page.goto(BASE + "/guide")
        expect(page.locator('[data-test="item-row"]').first).to_be_visible()
        first = page.locator('[data-test="item-row"]').first.get_attribute("data-code")
        page.click(".el-pagination .btn-next")
        expect(page).to_have_url(BASE + "/guide?page=2")
        expect(page.locator('[data-test="item-row"]').first).not_to_have_attribute("data-code", first)
        page.goto(BASE + "/guide?page=3")  # deep link to a page not visited yet
        expect(page.locator(".el-pager .is-active")).to_have_text("3")

    def protected_redirects_to_login():
        page.goto(BASE + "/dashboard")
        expect(page).to_have_url(BASE + "/login?redirect=/dashboard")

    def login_error():
        page.goto(BASE + "/login")
        page.fill('[data-test="login-username"]', USER)
        page.fill('[data-test="login-password"]', "wrong-password")
        page.click('[data-test="login-submit"]')
        expect(page.locator('[data-test="login-error"]')).to_be_visible()

    def login_ok_and_logout():
        page.goto(BASE + "/login?redirect=/dashboard")
        page.fill('[data-test="login-username"]', USER)
        page.fill('[data-test="login-password"]', PASSWORD)
        page.click('[data-test="login-submit"]')
        expect(page).to_have_url(BASE + "/dashboard")
        expect(page.locator('[data-test="me-name"]')).to_be_visible()
        expect(page.locator('[data-test="coming-soon"]')).to_contain_text("该功能即将上线")
        assert page.evaluate("localStorage.getItem('owh.token')")
        page.reload()
        expect(page.locator('[data-test="me-name"]')).to_be_visible()
        page.click('[data-test="logout"]')
        expect(page).to_have_url(BASE + "/login?redirect=/dashboard")
        assert page.evaluate("localStorage.getItem('owh.token')") is None

    def mobile():
        m = browser.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
        m.goto(BASE + "/m")
        expect(m.locator('[data-test="item-row"]').first).to_be_visible()
        m.fill('[data-test="m-search"]', "居住证")
        expect(m.locator('[data-test="item-row"]').first).to_contain_text("居住证")
        m.locator('[data-test="item-row"]').first.tap()
        expect(m.locator('[data-test="item-name"]')).to_contain_text("居住证")
        assert m.locator('[data-test="material-row"]').count() > 0
        m.close()

    def kiosk_idle_reset():
        k = browser.new_page(viewport={"width": 1080, "height": 1920})
        k.add_init_script("window.__OWH_KIOSK_IDLE_MS = 1500")
        k.goto(BASE + "/kiosk")
        expect(k.locator('[data-test="kiosk-home"]')).to_be_visible()
        k.click('[data-test="kiosk-mode-department"]')
        k.click('[data-test="dept-GA"]')
        expect(k).to_have_url(BASE + "/kiosk/departments/GA")
        k.locator('[data-test="item-row"]').first.click()
        expect(k.locator('[data-test="item-name"]')).to_be_visible()
        k.wait_for_timeout(2500)
        expect(k).to_have_url(BASE + "/kiosk")
        expect(k.locator('[data-test="kiosk-home"]')).to_be_visible()
        # state cleared: back on the default (by life event) tab
        expect(k.locator('[data-test="kiosk-mode-event"]')).to_have_class("mode active")
        k.close()

    def not_found_item():
        page.goto(BASE + "/guide/items/NO-SUCH-ITEM")
        expect(page.locator('[data-test="item-not-found"]')).to_be_visible()

    for name, fn in [
        ("landing cards", landing),
        ("guide: department filter and item page", guide_filter_and_open),
        ("guide: keyword search", guide_keyword),
        ("guide: cursor pagination", guide_pagination),
        ("staff page requires login", protected_redirects_to_login),
        ("login: wrong password shows server error", login_error),
        ("login, header name, reload, logout", login_ok_and_logout),
        ("mobile: search and item", mobile),
        ("kiosk: idle reset", kiosk_idle_reset),
        ("unknown item", not_found_item),
    ]:
        check(name, fn)
    check("no uncaught page errors", lambda: (_ for _ in ()).throw(AssertionError(errors)) if errors else None)
    browser.close()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
