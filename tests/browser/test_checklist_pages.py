"""情形问答 → 定制材料清单 → 一次性告知书 on the PC guide, the mobile H5 and the kiosk, in Chromium."""

import re
import time
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser

MEDICAL = "330106-YB-001"  # 城乡居民医疗保险参保登记
DISABILITY = "330106-CL-001"  # 残疾人证办理: asks about an agent only when the applicant is 16 or older
ELDERLY = "330106-MZ-001"  # 老年人优待证办理
UNEMPLOYED = "330106-RS-002"  # 失业登记: asks about the former employer only after 单位就业


def line_names(page, expected: list[str] | None = None) -> list[str]:
    """The material names of the tailored checklist, once it has caught up with the answers.
    With ``expected``, the names are read again (up to 10 s) until they are those: right after
    a click the request may not have started yet, so "not busy" can still be the old list."""
    deadline = time.monotonic() + 10
    while True:
        expect(page.locator('[data-test="checklist"]')).to_have_attribute("aria-busy", "false")
        names = page.locator('[data-test="checklist-line"]').evaluate_all(
            "els => els.map(e => e.dataset.name)")
        if expected is None or names == expected or time.monotonic() > deadline:
            return names
        page.wait_for_timeout(100)


def assert_lines(page, expected: list[str]) -> None:
    assert line_names(page, expected) == expected


def line(page, name: str):
    return page.locator(f'[data-test="checklist-line"][data-name="{name}"]')


def answer_date(page, code: str, day: str) -> None:
    box = page.locator(f'[data-test="answer-{code}"] input')
    box.fill(day)
    box.press("Enter")


def born_years_ago(years: int) -> str:
    today = date.today()
    return today.replace(year=today.year - years, day=1).isoformat()


def pdf_text(data: bytes) -> str:
    """A PDF's text without whitespace and NULs (pypdf reads the notice's 2-byte CJK codes bytewise)."""
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    return "".join(text.replace("\x00", "").split())


def test_guide_tailors_the_checklist_and_keeps_answers_when_an_earlier_one_changes(page):
    page.goto(f"/guide/items/{MEDICAL}")
    expect(page.locator('[data-test="checklist-missing"]')).to_contain_text("还需回答 3 个问题")
    expect(page.locator('[data-test="notice-download"]')).not_to_have_attribute("href", re.compile("."))

    # a Hangzhou newborn registering for the first time: household register and photo, the photo deferrable
    newborn = (date.today() - timedelta(days=20)).isoformat()
    page.click('[data-test="answer-household-hangzhou"]')
    answer_date(page, "birth_date", newborn)
    expect(page.locator('[data-test="checklist-missing"]')).to_contain_text("还需回答 1 个问题")
    page.click('[data-test="answer-situation-first"]')
    assert_lines(page, ["居民户口簿", "一寸免冠近照"])
    expect(line(page, "一寸免冠近照")).to_contain_text("容缺")
    expect(line(page, "一寸免冠近照").locator('[data-test="checklist-reason"]')).to_contain_text("未满 90 天")
    expect(line(page, "居民户口簿").locator('[data-test="checklist-reason"]')).to_contain_text("杭州市户籍")
    expect(page.locator('[data-test="checklist-summary"]')).to_contain_text("需携带 2 项材料")
    shot(page, "guide-checklist-hangzhou-newborn")

    # an earlier answer changes: a non-Hangzhou child needs more, the other answers stay
    page.click('[data-test="answer-household-other"]')
    assert_lines(page, ["一寸免冠近照", "浙江省居住证", "出生医学证明"])
    expect(page.locator('[data-test="answer-situation-first"]')).to_have_class(re.compile("is-checked"))
    expect(page.locator('[data-test="answer-birth_date"] input')).to_have_value(newborn)
    page.click('[data-test="answer-subsidy-disabled"]')
    assert_lines(page, ["一寸免冠近照", "浙江省居住证", "出生医学证明", "残疾人证"])
    expect(line(page, "残疾人证").locator('[data-test="checklist-reason"]')).to_contain_text("持证残疾人")
    assert '"subsidy":["disabled"]' in page.evaluate("decodeURIComponent(location.search)")
    shot(page, "guide-checklist-non-local-child")


def test_notice_downloads_for_the_answers_and_its_link_reopens_the_same_checklist(page):
    page.goto(f"/guide/items/{MEDICAL}")
    page.click('[data-test="answer-household-other"]')
    answer_date(page, "birth_date", born_years_ago(30))
    page.click('[data-test="answer-situation-transfer"]')
    expected = ["居民身份证", "浙江省居住证", "基本医疗保障参保（合）凭证"]
    assert_lines(page, expected)

    with page.expect_download() as info:
        page.click('[data-test="notice-download"]')
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "城乡居民医疗保险参保登记" in text
    assert "基本医疗保障参保（合）凭证" in text

    # the notice prints the short link of its QR code: it opens this checklist with the answers
    link = re.search(r"/c/[a-z2-7]{8}", text)
    assert link, "the notice names no link to the electronic checklist"
    assert "%7B" not in text  # not the percent-encoded checklist address
    page.goto(link.group(0))
    expect(page).to_have_url(re.compile(f"/guide/items/{MEDICAL}\\?answers="))
    assert_lines(page, expected)
    expect(page.locator('[data-test="answer-situation-transfer"]')).to_have_class(re.compile("is-checked"))
    page.reload()
    assert_lines(page, expected)
    shot(page, "guide-checklist-from-notice-link")


def test_checklist_prints_alone(page):
    page.goto(f"/guide/items/{ELDERLY}")
    page.click('[data-test="answer-household-hangzhou"]')
    page.click('[data-test="answer-apply_type-first"]')
    page.click('[data-test="answer-in_person-true"]')
    assert_lines(page, ["居民身份证", "一寸免冠近照"])
    page.evaluate("window.print = () => { window.printedWith = document.documentElement.className }")
    page.click('[data-test="checklist-print"]')
    assert "owh-print-checklist" in page.evaluate("window.printedWith")

    page.emulate_media(media="print")
    expect(page.locator('[data-test="situation-form"]')).to_be_hidden()
    expect(page.locator('[data-test="six-elements"]')).to_be_hidden()
    printed = page.locator('[data-test="checklist"]')
    # the answers, then the lines, without the buttons
    expect(printed).to_contain_text("是否由老年人本人到场办理", use_inner_text=True)
    expect(printed).to_contain_text("一寸免冠近照", use_inner_text=True)
    expect(printed).not_to_contain_text("下载一次性告知书", use_inner_text=True)
    shot(page, "guide-checklist-print")


def test_an_invalid_answer_in_a_link_is_shown_at_its_question(page):
    page.goto(f'/guide/items/{MEDICAL}?answers={{"household":"mars","situation":"first"}}')
    error = page.locator('[data-test="question"][data-code="household"] [data-test="checklist-error"]')
    expect(error).to_have_text("「参保人户籍所在地」的答案无效")
    expect(page.locator('[data-test="answer-situation-first"]')).to_have_class(re.compile("is-checked"))
    shot(page, "guide-checklist-invalid-answer")
    page.click('[data-test="answer-household-hangzhou"]')
    expect(page.locator('[data-test="checklist-error"]')).to_have_count(0)
    expect(page.locator('[data-test="checklist-missing"]')).to_contain_text("参保人出生日期")


def test_a_birth_date_decides_which_questions_are_asked(page):
    page.goto(f"/guide/items/{DISABILITY}")
    agent = page.locator('[data-test="question"][data-code="agent"]')
    answer_date(page, "birth_date", born_years_ago(40))
    page.click('[data-test="answer-household-hangzhou"]')
    page.click('[data-test="answer-category-physical"]')
    expect(agent).to_be_visible()  # an adult may have a relative apply
    expect(agent).to_contain_text("已满 16 周岁")
    expect(page.locator('[data-test="checklist-missing"]')).to_contain_text("是否由亲属代为申请")
    page.click('[data-test="answer-agent-true"]')
    assert_lines(page, [
        "中华人民共和国残疾人证申请表", "居民身份证", "二寸免冠近照", "残疾评定表", "医院诊断证明",
        "代办人居民身份证",
    ])
    shot(page, "guide-checklist-date-adult")

    answer_date(page, "birth_date", born_years_ago(10))
    expect(agent).to_have_count(0)
    assert_lines(page, [
        "中华人民共和国残疾人证申请表", "监护人居民身份证", "居民户口簿", "二寸免冠近照", "残疾评定表",
        "医院诊断证明",
    ])
    assert "agent" not in page.evaluate("decodeURIComponent(location.search)")
    expect(page.locator('[data-test="answer-category-physical"]')).to_have_class(re.compile("is-checked"))


def test_mobile_checklist_in_one_column(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  base_url=live_server, locale="zh-CN")
    m = context.new_page()
    m.goto(f"/m/items/{ELDERLY}")
    m.locator('[data-test="answer-household-other"]').tap()
    m.locator('[data-test="answer-apply_type-damaged"]').tap()
    m.locator('[data-test="answer-in_person-false"]').tap()
    expected = ["居民身份证", "一寸免冠近照", "浙江省居住证", "原老年人优待证", "代办人居民身份证"]
    assert line_names(m) == expected
    expect(line(m, "代办人居民身份证").locator('[data-test="checklist-reason"]')).to_contain_text("答“否”")
    form = m.locator('[data-test="situation-form"]').bounding_box()
    checklist = m.locator('[data-test="checklist"]').bounding_box()
    assert checklist["y"] >= form["y"] + form["height"]  # below the questions, not beside them
    assert checklist["width"] <= 390
    expect(m.locator('[data-test="notice-download"]')).to_have_attribute("href", re.compile(r"^/notice/"))
    shot(m, "mobile-checklist")
    m.reload()
    assert line_names(m) == expected
    context.close()


def test_kiosk_checklist_with_large_controls_is_cleared_by_the_idle_reset(browser, live_server):
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, base_url=live_server,
                                  locale="zh-CN")
    k = context.new_page()
    k.add_init_script("window.__OWH_KIOSK_IDLE_MS = 6000")
    k.goto(f"/kiosk/items/{UNEMPLOYED}")
    k.click('[data-test="answer-household-hangzhou"]')
    k.click('[data-test="answer-previous-employee"]')
    k.click('[data-test="answer-recorded-false"]')
    assert line_names(k) == ["居民身份证", "解除或终止劳动合同证明"]
    for control in ("answer-previous-employee", "answer-recorded-false", "checklist-print"):
        assert k.locator(f'[data-test="{control}"]').bounding_box()["height"] >= 64
    k.locator('[data-test="checklist"]').scroll_into_view_if_needed()
    shot(k, "kiosk-checklist")

    k.click('[data-test="answer-previous-graduate"]')
    expect(k.locator('[data-test="question"][data-code="recorded"]')).to_have_count(0)
    assert line_names(k) == ["居民身份证", "毕业证书"]

    expect(k).to_have_url(re.compile(r"/kiosk$"), timeout=15000)  # idle reset
    k.wait_for_timeout(500)  # nothing brings the answers back
    expect(k).to_have_url(re.compile(r"/kiosk$"))
    k.goto(f"/kiosk/items/{UNEMPLOYED}")
    expect(k.locator('[data-test="checklist-missing"]')).to_contain_text("还需回答 2 个问题")
    context.close()


def test_staff_who_checked_the_id_card_see_which_materials_electronic_licences_cover(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server,
                                  locale="zh-CN")
    page = context.new_page()
    page.goto("/login?redirect=/guide/items/" + ELDERLY)
    page.fill('[data-test="login-username"]', "qiantai")
    page.fill('[data-test="login-password"]', "demo1234")
    page.click('[data-test="login-submit"]')
    expect(page).to_have_url(re.compile(f"/guide/items/{ELDERLY}$"))
    page.click('[data-test="answer-household-hangzhou"]')
    page.click('[data-test="answer-apply_type-first"]')
    page.click('[data-test="answer-in_person-true"]')
    assert_lines(page, ["居民身份证", "一寸免冠近照"])
    expect(line(page, "居民身份证")).not_to_contain_text("无需携带")

    page.fill('[data-test="applicant-id"]', "330106195803120241")  # one digit wrong
    page.click('[data-test="applicant-submit"]')
    expect(page.locator('[data-test="applicant-error"]')).to_have_text("身份证号码校验位不正确，请核对")

    page.fill('[data-test="applicant-id"]', "330106195803120245")  # 张桂英
    page.click('[data-test="applicant-submit"]')
    expect(page.locator('[data-test="applicant-found"]')).to_contain_text("张桂英（330106********0245）")
    expect(line(page, "居民身份证")).to_contain_text("无需携带")
    expect(line(page, "居民身份证")).to_contain_text("已关联电子证照：居民身份证（杭州市公安局西湖分局")
    expect(line(page, "一寸免冠近照")).not_to_contain_text("无需携带")
    assert "330106195803120245" not in page.url  # the ID number never goes into the shareable link
    shot(page, "guide-checklist-licences")
    context.close()


def test_citizens_are_not_offered_the_licence_lookup(page):
    page.goto(f"/guide/items/{ELDERLY}")
    expect(page.locator('[data-test="situation-form"]')).to_be_visible()
    expect(page.locator('[data-test="applicant-lookup"]')).to_have_count(0)


def test_a_new_user_finds_the_elderly_card_by_initials_and_leaves_with_the_notice(page):
    page.goto("/guide")
    page.fill('[data-test="guide-search"]', "lnr")
    first = page.locator('[data-test="item-row"]').first
    expect(first).to_have_attribute("data-code", ELDERLY)
    first.locator('[data-test="item-name"], a').first.click()
    expect(page).to_have_url(re.compile(f"/guide/items/{ELDERLY}"))
    # the fixed list says which materials depend on the situation, not 必需 for all of them
    fixed = page.locator('[data-test="material-row"]')
    for name in ("浙江省居住证", "原老年人优待证", "代办人居民身份证"):
        expect(fixed.filter(has_text=name).locator('[data-test="requirement-tag"]')).to_have_text("视情形")
    expect(fixed.filter(has_text="居民身份证").first.locator('[data-test="requirement-tag"]')).to_have_text("必需")
    page.click('[data-test="answer-household-other"]')
    page.click('[data-test="answer-apply_type-first"]')
    page.click('[data-test="answer-in_person-false"]')
    assert_lines(page, ["居民身份证", "一寸免冠近照", "浙江省居住证", "代办人居民身份证"])
    reason = line(page, "浙江省居住证").locator('[data-test="checklist-reason"]')
    expect(reason).to_contain_text("非杭州市户籍")
    with page.expect_download() as info:
        page.click('[data-test="notice-download"]')
    with open(info.value.path(), "rb") as f:
        text = pdf_text(f.read())
    assert "老年人优待证办理" in text and "代办人居民身份证" in text
