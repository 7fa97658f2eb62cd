"""一件事联办 in real Chromium: the counter (qiantai) files 新生儿出生一件事 with three items —
shared fields typed once, each item's questions, the combined checklist where 出生医学证明 is
uploaded once for three items, the applicant's signature — and sees the application number,
three linked case numbers and the status; the tracking page then shows each step, and a step
taken by a department while it is open appears without reloading."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shot
from tests.browser.joint_steps import answer_items, collect_materials, fill, fill_parents
from tests.browser.test_catalog_editor import login
from tests.cases.joint_support import MOTHER
from tests.conftest import ROOT, hub_server

pytestmark = pytest.mark.browser



@pytest.fixture
def joint_server(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with hub_server(sqlite_template, tmp_path) as base:
        yield base, tmp_path / "hub.sqlite3"


@pytest.fixture
def counter(browser, joint_server) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  base_url=joint_server[0])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


def approve_first_case(db: Path, number: str) -> None:
    """A department approves the first linked case (another process, like a back office)."""
    script = textwrap.dedent(f"""
        import asyncio
        from tortoise.transactions import in_transaction
        from hub.core import db
        from hub.core.models import Application, Case
        from hub.core.models.enums import CaseStatus
        from resolvers.cases.actors import Actor
        from resolvers.cases.transitions import move
        from hub.web.hooks import install

        install()  # this process's composition root: the joint tracking listens to moves

        async def main():
            await db.init_db("sqlite://{db}")
            try:
                app = await Application.get(number="{number}")
                case = await Case.filter(application_id=app.id).order_by("id").first()
                async with in_transaction() as conn:
                    await move(conn, case.id, expect=[CaseStatus.RECEIVED], to=CaseStatus.APPROVED,
                               actor=Actor(None, "西湖公安审批员", "BACK_OFFICE", None), action="APPROVE")
            finally:
                await db.close_db()

        asyncio.run(main())
    """)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=60)


def test_the_counter_files_a_birth_application_of_three_items(counter: Page, joint_server):
    page = counter
    _, db = joint_server
    login(page, "qiantai", "demo1234", "/workbench")
    page.click('[data-test="tools-open"]')  # the console's side drawer
    page.click('[data-test="joint-entry"]')
    expect(page).to_have_url(re.compile(r"/workbench/joint$"))
    page.click('[data-test="bundle-BIRTH"]')

    # the applicant and the shared fields, once
    fill(page, "applicant-id", MOTHER)
    fill(page, "applicant-name", "陈晓燕")
    fill(page, "applicant-phone", "13900001111")
    fill(page, "shared-baby_name", "陈安安")
    page.click('[data-test="shared-baby_gender-female"]')
    born = (date.today() - timedelta(days=10)).isoformat()
    birth = page.locator('[data-test="shared-birth_date"] input, input[data-test="shared-birth_date"]').first
    birth.fill(born)
    birth.press("Enter")
    fill_parents(page)

    # each item's own questions; the birth date is not asked again
    answer_items(page)
    expect(page.locator('[data-test="item-330106-GA-001"] [data-code="birth_date"]')).to_have_count(0)

    # the combined checklist: 出生医学证明 once, for three items
    collect_materials(page, tick_originals=True)
    shot(page, "joint-intake-form")

    # the applicant signs and the counter submits
    fill(page, "signed-name", "陈晓燕")
    page.click('[data-test="submit-application"]')
    result = page.locator('[data-test="joint-result"]')
    expect(result).to_be_visible(timeout=15000)
    number = page.locator('[data-test="application-number"]').inner_text()
    assert number.startswith("330106L")
    numbers = page.locator('[data-test="case-number"]')
    expect(numbers).to_have_count(3)
    case_numbers = [numbers.nth(i).inner_text().strip() for i in range(3)]
    assert len(set(case_numbers)) == 3
    expect(page.locator('[data-test="application-status"]')).to_have_text("办理中（0/3 已办结）")
    expect(result.get_by_text("社会保障卡申领")).to_be_visible()
    href = page.locator('[data-test="joint-form"]').get_attribute("href")
    assert href and href.startswith(f"/joint-forms/{number}.pdf?t=")
    pdf = page.request.get(href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    shot(page, "joint-intake-result")

    # the tracking page shows each case's step, and follows them live
    page.click('[data-test="track-link"]')
    expect(page.locator('[data-test="track-status"]')).to_have_text("办理中（0/3 已办结）")
    expect(page.locator('[data-test="case-status"]')).to_have_count(3)
    expect(page.locator('[data-test="live"]')).to_have_text("● 实时更新中", timeout=10000)
    expect(page.locator('[data-test="step"]')).to_have_count(1)
    approve_first_case(db, number)
    # the approval was published by another process: the hub's catch-up sweep brings it
    expect(page.locator('[data-test="step"]')).to_have_count(2, timeout=20000)
    expect(page.locator('[data-test="step"]').nth(1)).to_contain_text("出生登记")
    expect(page.locator('[data-test="step"]').nth(1)).to_contain_text("审批通过，待出件")
    expect(page.locator('[data-test="case-status"]').first).to_have_text("审批通过，待出件")
    shot(page, "joint-tracking")

    # a linked case tracked on its own names its application, with the aggregated status
    page.goto(f"/track?number={case_numbers[1]}")
    page.fill('[data-test="track-id-input"]', MOTHER)
    page.click('[data-test="track-submit"]')
    linked = page.locator('[data-test="track-application"]')
    expect(linked).to_contain_text("新生儿出生一件事 · 办理中（1/3 已审批，0/3 已办结）")
    expect(linked.get_by_role("link", name=number)).to_have_attribute("href", f"/track/application/{number}")
    shot(page, "joint-case-tracking-application")
