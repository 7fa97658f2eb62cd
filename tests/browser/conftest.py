"""Playwright on Debian's Chromium against a live hub; screenshots go to test-artifacts/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from hub.settings import ROOT
from tests.conftest import TEST_SECRET, _free_port
from tests.services import CHROMIUM, need_chromium

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    # Module scope: Playwright's sync API keeps an event loop running in the main thread,
    # which must be gone before any asyncio test of another module runs.
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  base_url=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # sticky headers would otherwise be drawn mid-page
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@contextmanager
def own_hub(template: Path, data_dir: Path) -> Iterator[str]:
    """A hub (uvicorn) of its own on a copy of the seeded database, for modules whose tests
    write data that the other browser modules, sharing the session's hub, must not see."""
    shutil.copy(template, data_dir / "hub.sqlite3")
    port = _free_port()
    env = os.environ | {
        "HUB_DATA_DIR": str(data_dir), "DATABASE_URL": f"sqlite://{data_dir / 'hub.sqlite3'}",
        "SECRET_KEY": TEST_SECRET, "HUB_PORT": str(port), "HUB_MODE": "dev",
    }
    env.pop("REDIS_URL", None)
    log_path = data_dir / "server.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "hub", "serve", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                raise RuntimeError(log_path.read_text())
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)
