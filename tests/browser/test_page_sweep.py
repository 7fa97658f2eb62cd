"""Every page at the size its user has, as the role that uses it: no horizontal overflow, no
control cut off, and no critical or serious axe-core violation. One browser, one context per
role; the page list is data (tests/browser/page_sweep.py).

axe-core is injected from frontends/node_modules as an inline script, which the hub's
Content-Security-Policy refuses (script-src 'self'): these contexts bypass the policy, which
tests/browser/test_security_policy.py checks on its own."""

from __future__ import annotations

import json
from itertools import groupby

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, login_as
from tests.browser.page_sweep import ACCOUNTS, AXE, AXE_RUN, LAYOUT_PROBLEMS, PAGES, PHONE, password

pytestmark = pytest.mark.browser

# Findings on screens another team is rebuilding (page_sweep.Page.owner), to clear there: by
# path, the kinds of finding ("layout", or "axe <rule>"). The sweep fails on anything else, and
# on an entry here that no longer happens, so the list only shrinks.
KNOWN: dict[str, set[str]] = {}


def _role_key(page) -> str:
    return page.role or ""


def test_every_page_fits_its_screen_and_passes_axe(browser, live_server):
    findings: dict[str, list[str]] = {}
    unexpected: dict[str, list[str]] = {}
    for role, group in groupby(sorted(PAGES, key=_role_key), key=_role_key):
        context = browser.new_context(locale="zh-CN", base_url=live_server, bypass_csp=True)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        if role:
            login_as(tab, ACCOUNTS[role], password(ACCOUNTS[role]), "/training" if role not in (
                "KIOSK", "BOARD") else "/kiosk" if role == "KIOSK" else "/board")
        for p in group:
            tab.set_viewport_size(p.size)
            tab.goto(p.path)
            tab.wait_for_load_state("networkidle")
            expect(tab.locator("#app")).not_to_be_empty()
            tab.wait_for_timeout(300)  # transitions and late layout
            layout = tab.evaluate(LAYOUT_PROBLEMS)
            tab.add_script_tag(path=str(AXE))
            axe = tab.evaluate(AXE_RUN)
            found = [f"layout: {x}" for x in layout] + [
                f"axe {v['impact']} {v['id']}: {v['help']} at {v['targets']}" for v in axe]
            if any(secret in tab.content() for secret in ("demo1234", "admin123")):
                found.append("password: a demo password on the page")
            kinds = {"layout"} if layout else set()
            kinds |= {"password"} if found and found[-1].startswith("password") else set()
            kinds |= {f"axe {v['id']}" for v in axe}
            where = f"{p.path} as {role or 'visitor'} at {p.size['width']}×{p.size['height']}"
            if found:
                findings[where] = found
            known = KNOWN.get(p.path, set())
            if kinds - known or known - kinds:
                unexpected[where] = found or [f"fixed, drop from KNOWN: {sorted(known - kinds)}"]
        context.close()
        assert errors == [], errors
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-sweep.json").write_text(json.dumps(findings, ensure_ascii=False, indent=2))
    assert unexpected == {}, json.dumps(unexpected, ensure_ascii=False, indent=2)


def test_the_layout_check_sees_overflow_and_clipped_controls(browser, live_server):
    """The sweep's own check finds what it looks for: a page wider than the screen, a button
    off its right edge and a label cut inside its box."""
    context = browser.new_context(locale="zh-CN", base_url=live_server, viewport=PHONE)
    tab = context.new_page()
    tab.goto("/login")
    expect(tab.locator("#app")).not_to_be_empty()
    assert tab.evaluate(LAYOUT_PROBLEMS) == []
    tab.evaluate("""() => {
      const b = document.createElement('button')
      b.textContent = '退出登录'
      b.style.cssText = 'position:absolute;left:360px;top:10px;width:80px'
      const c = document.createElement('button')
      c.textContent = '一个很长很长的按钮文字'
      c.style.cssText = 'width:40px;overflow:hidden;white-space:nowrap'
      document.body.append(b, c)
    }""")
    problems = tab.evaluate(LAYOUT_PROBLEMS)
    context.close()
    assert any(p.startswith("page ") for p in problems), problems
    assert any(p.startswith("off screen: 退出登录") for p in problems), problems
    assert any(p.startswith("clipped: 一个很长很长的按钮文字") for p in problems), problems
