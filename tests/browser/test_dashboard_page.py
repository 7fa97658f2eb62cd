"""管理驾驶舱 in real Chromium over a generated year (60,000 cases): the supervisor sees the figures,
the peaks and the advice in Chinese, drills down from the district to 留下街道 and on to 杨家牌楼社区's
windows, and exports a table.

The module runs its own hub on a copy of the seeded database with the history added.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hub.core.settings import ROOT
from tests.browser.conftest import shot
from tests.conftest import hub_server

pytestmark = pytest.mark.browser
LOADED = 30_000  # ms: the first figures of a year, on a busy two-core machine


@pytest.fixture(scope="module")
def live_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("dashboard-pages")
    template = work / "template.sqlite3"
    template.write_bytes(sqlite_template.read_bytes())
    env = os.environ | {"DATABASE_URL": f"sqlite://{template}", "HUB_DATA_DIR": str(work)}
    subprocess.run([sys.executable, "-m", "hub", "history", "--cases", "60000", "--seed", "3"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    data = work / "data"
    data.mkdir()
    with hub_server(template, data) as base:
        yield base


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", base_url=live_server, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


def login(page: Page, target: str) -> None:
    page.goto(f"/login?redirect={target}")
    page.fill('[data-test="login-username"]', "zhuren")
    page.fill('[data-test="login-password"]', "demo1234")
    page.click('[data-test="login-submit"]')
    expect(page).to_have_url(re.compile(re.escape(target.split("?")[0])))


def test_supervisor_sees_the_district_and_drills_down_to_a_community_and_its_windows(page: Page):
    # given the district supervisor with a low threshold, so that the busiest points stand out
    login(page, "/dashboard?threshold=5")
    # then the figures of the district are shown in Chinese
    expect(page.locator('[data-test="kpi-cases"]')).to_contain_text(re.compile(r"办件量\s*\d{2},\d{3}"),
                                                                timeout=LOADED)
    expect(page.locator('[data-test="kpi-ontime"]')).to_contain_text("按期办结率")
    expect(page.locator('[data-test="dash-today"]')).to_contain_text("今日实时")
    expect(page.locator('[data-test="dash-crumbs"]')).to_contain_text("西湖区")
    region_table = page.locator('[data-test="region-table"]')
    expect(region_table).to_contain_text("留下街道")
    expect(region_table).to_contain_text("文新街道")
    # and the advice follows from the numbers: 杨家牌楼 needs windows, 人社 peaks mid-month
    advice = page.locator('[data-test="advice-strip"]')
    expect(advice).to_contain_text("杨家牌楼社区")
    expect(advice).to_contain_text("建议增设")
    expect(advice).to_contain_text(re.compile(r"人社：每月 1\d(–\d\d)? 日"))
    page.wait_for_timeout(800)  # charts animate in
    shot(page, "dashboard-district")

    # when the supervisor clicks 留下街道 in the table
    region_table.get_by_text("留下街道", exact=True).click()
    # then the street's centre and its communities are listed
    expect(page.locator('[data-test="dash-crumbs"]')).to_contain_text("留下街道", timeout=LOADED)
    expect(region_table).to_contain_text("杨家牌楼社区")
    expect(region_table).to_contain_text("留下街道（本级）")
    expect(page.locator('[data-test="dash-up"]')).to_be_visible()
    page.wait_for_timeout(800)
    shot(page, "dashboard-street")

    # when the supervisor goes on to 杨家牌楼社区
    region_table.get_by_text("杨家牌楼社区", exact=True).click()
    expect(page.locator('[data-test="dash-crumbs"]')).to_contain_text("杨家牌楼社区", timeout=LOADED)
    windows = page.locator('[data-test="window-table"]')
    expect(windows).to_contain_text("1号")
    expect(windows).to_contain_text("杨家牌楼社区")
    page.wait_for_timeout(800)
    shot(page, "dashboard-community-windows")

    # and the window table downloads as Excel
    with page.expect_download() as info:
        windows.locator('[data-test="export-xlsx"]').click()
    download = info.value
    assert download.suggested_filename.startswith("窗口明细-杨家牌楼社区")
    assert download.suggested_filename.endswith(".xlsx")
    assert Path(download.path()).read_bytes()[:2] == b"PK"

    # back up one level
    page.locator('[data-test="dash-up"]').click()
    expect(page.locator('[data-test="dash-crumbs"]')).not_to_contain_text("杨家牌楼社区", timeout=LOADED)
    expect(region_table).to_contain_text("留下街道（本级）")


def test_late_cases_and_unhappy_ratings_tab(page: Page):
    login(page, "/dashboard?tab=quality")
    expect(page.locator('[data-test="unhappy-table"]')).to_contain_text(
        re.compile("不满意|非常不满意"), timeout=LOADED)
    expect(page.locator('[data-test="overdue-table"]')).to_be_visible()
    shot(page, "dashboard-quality")
    page.get_by_role("tab", name="人员调配建议").click()
    expect(page.locator('[data-test="expert-advice"]').first).to_contain_text("人社")
    page.wait_for_timeout(500)
    shot(page, "dashboard-staffing")
    page.get_by_role("tab", name="高峰分析").click()
    page.wait_for_timeout(800)
    shot(page, "dashboard-peaks")
