"""Playwright on Debian's Chromium against a live hub; screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.services import CHROMIUM, need_chromium

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@contextmanager
def chromium(*extra_args: str) -> Iterator:
    """Debian's Chromium under Playwright, with our flags and any more a module needs."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args])
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    # Module scope: Playwright's sync API keeps an event loop running in the main thread,
    # which must be gone before any asyncio test of another module runs.
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  base_url=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    violations = watch_csp(page)
    yield page
    context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"
    assert violations == [], f"Content-Security-Policy violations: {violations}"


def watch_csp(page) -> list[str]:
    """The Content-Security-Policy violations Chromium reports on ``page``'s console."""
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    return violations


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # sticky headers would otherwise be drawn mid-page
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login_as(page, username: str, password: str, target: str) -> None:
    """Log in through the login page and land on ``target``."""
    import re

    from playwright.sync_api import expect

    page.goto(f"/login?redirect={target}")
    page.fill('[data-test="login-username"]', username)
    page.fill('[data-test="login-password"]', password)
    page.click('[data-test="login-submit"]')
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))


@contextmanager
def prepared_hub(sqlite_template: Path, data_dir: Path, prepare,
                 **env: str) -> Iterator[tuple[str, object]]:
    """A hub process (with ``env`` on top of the tests' settings) on a copy of the seeded
    template after ``prepare(url, data_dir)`` (a coroutine function, run on its own loop in a
    thread: pytest's loop is not this module's): (base URL, what ``prepare`` returned)."""
    import asyncio
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    from tests.conftest import hub_process

    shutil.copy(sqlite_template, data_dir / "hub.sqlite3")
    url = f"sqlite://{data_dir / 'hub.sqlite3'}"
    with ThreadPoolExecutor(1) as pool:
        prepared = pool.submit(lambda: asyncio.run(prepare(url, data_dir))).result()
    with hub_process(url, data_dir, **env) as base:
        yield base, prepared
