"""Steps of filling 新生儿出生一件事 shared by the counter's and the resident's browser tests."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.cases.joint_support import FATHER, MOTHER

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fill(page: Page, test: str, value: str) -> None:
    page.locator(f'input[data-test="{test}"], [data-test="{test}"] input').first.fill(value)


def fill_parents(page: Page) -> None:
    """The shared fields after the birth date: both parents, the phone, the address."""
    fill(page, "shared-mother_name", "陈晓燕")
    fill(page, "shared-mother_id_number", MOTHER)
    fill(page, "shared-father_name", "陈立")
    fill(page, "shared-father_id_number", FATHER)
    fill(page, "shared-phone", "13900001111")
    fill(page, "shared-address", "杭州市西湖区文新街道骆家庄社区骆家庄东苑5幢1单元202室")


def answer_items(page: Page) -> None:
    """Each item's own questions (the shared birth date already answered one of 出生登记's)."""
    ga = page.locator('[data-test="item-330106-GA-001"]')
    expect(ga.get_by_text("已由共享信息回答 1 个问题")).to_be_visible()
    ga.locator('[data-test="answer-parents-married"]').click()
    ga.locator('[data-test="answer-follow-father"]').click()
    ga.locator('[data-test="answer-birth_place-hospital"]').click()
    yb = page.locator('[data-test="item-330106-YB-002"]')
    yb.locator('[data-test="answer-household-pending"]').click()
    yb.locator('[data-test="answer-applicant-parent"]').click()
    page.locator('[data-test="item-330106-RS-012"] [data-test="answer-holder-newborn"]').click()


def collect_materials(page: Page, *, tick_originals: bool) -> None:
    """The combined checklist: 出生医学证明 once for three items; every line that takes an
    upload gets a PDF (容缺 where offered); the counter also ticks 已核验原件."""
    birth_cert = page.locator('[data-test="material"][data-name="出生医学证明"]')
    expect(birth_cert.locator('[data-test="shared-tag"]')).to_have_text("3 个事项共用")
    materials = page.locator('[data-test="material"]')
    for i in range(materials.count()):
        line = materials.nth(i)
        if line.locator('[data-test="upload"]').count() == 0:
            continue
        name = line.get_attribute("data-name")
        if line.locator('[data-test="deferred"]').count():
            line.locator('[data-test="deferred"]').click()
            continue
        line.locator('[data-test="upload"]').set_input_files(
            {"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": PDF + name.encode()})
        expect(line.locator('[data-test="uploaded"]')).to_be_visible()
        if tick_originals:
            line.locator('[data-test="original-seen"]').click()
