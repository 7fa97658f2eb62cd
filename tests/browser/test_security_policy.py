"""The pages under the hub's Content-Security-Policy (no inline script): every kind of page —
public, phone, kiosk, workbench, dashboard charts, the board's live socket, GraphiQL in
development — loads and works with no violation on the console."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import login_as, watch_csp

PUBLIC = ["/", "/guide", "/guide/items/330106-YB-001", "/track", "/appointment", "/m",
          "/m/items/330106-YB-001", "/m/track", "/kiosk", "/login", "/login/citizen", "/nope"]


def test_public_and_phone_pages_load_without_csp_violations(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server)
    page = context.new_page()
    violations = watch_csp(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in PUBLIC:
        response = page.goto(path)
        assert response is not None and "script-src 'self'" in response.headers[
            "content-security-policy"]
        page.wait_for_load_state("networkidle")
        expect(page.locator("#app")).not_to_be_empty()
    assert violations == [] and errors == [], (violations, errors)
    # and the policy is really enforced: an injected inline handler is refused, and reported
    page.evaluate("""document.body.insertAdjacentHTML('beforeend',
        '<img src="/nope.png" onerror="window.pwned = 1">')""")
    page.wait_for_timeout(500)
    assert page.evaluate("window.pwned") is None
    assert any("inline event handler" in v or "script-src" in v for v in violations), violations
    context.close()


def test_staff_pages_charts_and_the_live_board_without_csp_violations(browser, live_server):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN",
                                  base_url=live_server)
    page = context.new_page()
    violations = watch_csp(page)
    login_as(page, "zhuren", "demo1234", "/dashboard")
    page.wait_for_load_state("networkidle")
    expect(page.locator("canvas").first).to_be_visible(timeout=15_000)  # the charts drew
    for path in ("/board", "/workbench", "/training", "/attendance"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert violations == [], violations


def test_graphiql_runs_under_its_own_hashed_policy(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server)
    page = context.new_page()
    violations = watch_csp(page)
    page.goto("/graphql")
    expect(page.get_by_test_id("graphiql-container")).to_be_visible(timeout=15_000)
    context.close()
    assert violations == [], violations
