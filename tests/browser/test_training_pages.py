"""培训考试 in real Chromium: a supervisor opens the exam for the new front-desk member, a phone
scans the link and passes, the certificate verifies; a failed attempt; a used link; the
administrators' question bank.

The module runs its own hub on a copy of the seeded database (these tests write attempts,
certificates and questions). The phone is a second browser context with a phone viewport; it
opens the link text shown under the QR code. The correct answers come from the demo bank,
matched by question text (the paper shuffles the options, so letters would not do).
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import ARTIFACTS, shot
from tests.conftest import hub_server

pytestmark = pytest.mark.browser

BANK = {q["text"]: q for q in json.loads(
    (Path(__file__).resolve().parents[2] / "hub" / "demo" / "demo_bank.json").read_text(encoding="utf-8")
)["questions"]}
TRUE_FALSE = {"T": "正确", "F": "错误"}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "zh-CN"}
CJK_RENDERS = """() => document.fonts.check('16px "Noto Sans SC"', '上岗考试') &&
  [...document.fonts].some(f => f.family.includes('Noto Sans SC') && f.status === 'loaded')"""


@pytest.fixture(scope="module")
def hub_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("training-pages")


@pytest.fixture(scope="module")
def live_server(sqlite_template: Path, hub_dir: Path) -> Iterator[str]:
    with hub_server(sqlite_template, hub_dir) as base:
        yield base


@pytest.fixture
def phone(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, **PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text)  # and no CSP violation
            if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert errors == [], f"uncaught errors on the phone: {errors}"


# --- helpers ----------------------------------------------------------------------------------


def login(page: Page, username: str, password: str, target: str) -> None:
    page.goto(f"/login?redirect={target}")
    page.fill('[data-test="login-username"]', username)
    page.fill('[data-test="login-password"]', password)
    page.click('[data-test="login-submit"]')
    expect(page).to_have_url(re.compile(re.escape(target) + r"(\?.*)?$"))


def choose(page: Page, select: Locator, option: str) -> None:
    """Pick an option of an Element Plus select (its dropdown is rendered at the end of <body>)."""
    select.click()
    item = page.locator(".el-select-dropdown__item:visible").filter(
        has_text=re.compile(r"^\s*" + re.escape(option)))
    item.first.click()
    expect(item).to_have_count(0)


def begin_exam(phone: Page, path: str) -> None:
    """Open a fresh exam link on the phone and confirm on its start screen (the clock starts)."""
    phone.goto(path)
    phone.click('[data-test="exam-begin"]')


def open_exam_for(page: Page, name: str) -> str:
    """As a logged-in supervisor on /training: open the exam for ``name``; the link's path."""
    choose(page, page.locator('[data-test="training-staff"]'), name)
    expect(page.locator('[data-test="training-record-of"]')).to_contain_text(name)
    page.click('[data-test="training-open"]')
    link = page.locator('[data-test="exam-link"]')
    expect(link).to_contain_text("/exam/")
    expect(page.locator('[data-test="exam-qr"]')).to_be_visible()
    url = link.inner_text().strip()
    return "/exam/" + url.split("/exam/", 1)[1]


def correct_texts(text: str) -> set[str]:
    q = BANK[text]
    if q["type"] == "TRUE_FALSE":
        return {TRUE_FALSE[k] for k in q["answer"]}
    return {o["text"] for o in q["options"] if o["key"] in q["answer"]}


def answer(question: Locator, right: bool) -> None:
    text = question.locator('[data-test="question-text"]').inner_text().strip()
    wanted = correct_texts(text)
    options = question.locator('[data-test="exam-option"]')
    # all_inner_texts does not wait: on a slow run the options may not be rendered yet
    expect(options.first.locator('[data-test="option-text"]')).not_to_be_empty()
    texts = [t.strip() for t in options.locator('[data-test="option-text"]').all_inner_texts()]
    if right:
        picks = [i for i, t in enumerate(texts) if t in wanted]
        assert len(picks) == len(wanted), (text, texts, wanted)
    else:
        picks = [next(i for i, t in enumerate(texts) if t not in wanted)]
    for i in picks:
        options.nth(i).click()
        expect(options.nth(i)).to_have_attribute("data-chosen", "true")


def all_saved(phone: Page) -> None:
    expect(phone.locator('[data-test="exam-page"]')).to_have_attribute("data-unsaved", "0")


def submit(phone: Page) -> None:
    phone.click('[data-test="exam-submit"]')
    dialog = phone.locator(".exam-confirm")
    expect(dialog).to_be_visible()
    dialog.locator(".el-button--primary").click()


def sign_in_at_window(browser: Browser, live_server: str, username: str, window: str) -> Page:
    """Log ``username`` in on the workbench (own context) and try to sign in to ``window``."""
    desk = browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 900},
                               locale="zh-CN").new_page()
    login(desk, username, "demo1234", "/workbench")
    choose(desk, desk.locator('[data-test="window-select"]'), window)
    desk.click('[data-test="sign-in"]')
    return desk


# --- tests ------------------------------------------------------------------------------------


def test_supervisor_opens_the_exam_for_a_new_member_who_passes_on_the_phone(page, phone, live_server):
    # given 王小雨, new at the front desk, is refused at the window (持证上岗)
    desk = sign_in_at_window(page.context.browser, live_server, "xinren", "2号综合受理窗口")
    expect(desk.locator('[data-test="caller-error"]')).to_contain_text("尚未取得上岗证")
    shot(desk, "gate-refused-before-exam")
    desk.context.close()
    # and the district supervisor on 培训考试
    login(page, "zhuren", "demo1234", "/training")
    page.wait_for_function(CJK_RENDERS.replace("上岗考试", "培训考试"))
    path = open_exam_for(page, "王小雨")
    expect(page.locator('[data-test="exam-link-expiry"]')).to_contain_text("有效期至")
    # the QR code as drawn on the screen holds the link shown under it (what a phone camera reads)
    drawn = Image.open(io.BytesIO(page.locator('[data-test="exam-qr"]').screenshot()))
    found = zxingcpp.read_barcodes(drawn)
    assert found and found[0].text == page.locator('[data-test="exam-link"]').inner_text().strip()
    expect(page.locator('[data-test="certificates"] [data-test="state-empty"]')).to_contain_text("暂无上岗证")
    # the hub is reached at 127.0.0.1 here: the page warns that a phone cannot open that
    expect(page.locator('[data-test="exam-url-warning"]')).to_contain_text("127.0.0.1")
    shot(page, "training-qr")

    # when the phone opens the link (no login): a start screen, and no clock yet
    phone.goto(path)
    start = phone.locator('[data-test="exam-start"]')
    expect(phone.locator('[data-test="exam-start-name"]')).to_have_text("王小雨")
    expect(start).to_contain_text("限时 30 分钟")
    expect(phone.locator('[data-test="exam-start-candidate"]')).to_contain_text("xinren")
    expect(phone.locator('[data-test="exam-countdown"]')).to_have_count(0)
    phone.wait_for_function(CJK_RENDERS)
    shot(phone, "exam-start")
    # and after 确认身份，开始考试 answers half of the questions correctly
    phone.click('[data-test="exam-begin"]')
    questions = phone.locator('[data-test="exam-question"]')
    expect(questions).to_have_count(30)
    expect(phone.locator('[data-test="exam-candidate"]')).to_have_text("王小雨")
    countdown = phone.locator('[data-test="exam-countdown"]')
    expect(countdown).to_contain_text(re.compile(r"剩余 (29|30):\d\d"))
    phone.wait_for_function(CJK_RENDERS)
    for i in range(15):
        answer(questions.nth(i), right=True)
    all_saved(phone)
    shot(phone, "exam-phone-answering")
    # the 答题卡 opens from the sticky bar anywhere on the page and jumps to the first unanswered
    phone.evaluate("window.scrollTo(0, 0)")
    phone.click('[data-test="exam-sheet-open"]')
    sheet = phone.locator('[data-test="exam-sheet"]')
    expect(sheet.locator('[data-answered="true"]')).to_have_count(15)
    expect(phone.locator('[data-test="exam-next-unanswered"]')).to_contain_text("第 16 题")
    phone.screenshot(path=str(ARTIFACTS / "exam-answer-sheet.png"))
    phone.click('[data-test="exam-next-unanswered"]')
    expect(sheet).to_be_hidden()
    expect(questions.nth(15)).to_be_in_viewport()

    # then a reload keeps the paper and every saved answer
    phone.reload()
    expect(questions).to_have_count(30)
    expect(phone.locator('[data-test="exam-answered"]')).to_have_text("15")
    expect(phone.locator('[data-test="exam-question"][data-answered="true"]')).to_have_count(15)

    # when the rest is answered and the paper handed in
    for i in range(15, 30):
        answer(questions.nth(i), right=True)
    all_saved(phone)
    submit(phone)

    # then both parts pass and the certificate is shown, with the review
    result = phone.locator('[data-test="exam-result"]')
    expect(result).to_have_attribute("data-passed", "true")
    expect(phone.locator('[data-test="exam-verdict"]')).to_have_text("考试通过")
    parts = phone.locator('[data-test="result-part"]')
    expect(parts).to_have_count(2)
    expect(parts.nth(0)).to_contain_text("业务知识")
    expect(parts.nth(0)).to_contain_text("20/20")
    expect(parts.nth(1)).to_contain_text("10/10")
    expect(phone.locator('[data-test="review-question"][data-correct="true"]')).to_have_count(30)
    expect(phone.locator('[data-test="review-explanation"]').first).to_be_visible()
    code = phone.locator('[data-test="certificate-code"]').inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)
    shot(phone, "exam-phone-passed")

    # and its verification page says it is valid, with the name masked
    phone.click('[data-test="certificate-verify-link"]')
    expect(phone).to_have_url(re.compile(rf"/verify/{code}$"))
    expect(phone.locator('[data-test="verify-status"]')).to_have_attribute("data-status", "VALID")
    expect(phone.locator('[data-test="verify-status-label"]')).to_have_text("有效")
    expect(phone.locator('[data-test="verify-name"]')).to_have_text("王*雨")
    expect(phone.locator('[data-test="verify-scope"]')).to_contain_text("综合受理")
    shot(phone, "verify-valid")

    # and the supervisor sees the passed attempt and the certificate with its QR code
    page.reload()
    cert = page.locator(f'[data-test="certificate"][data-code="{code}"]')
    expect(cert).to_be_visible()
    expect(cert.locator('[data-test="certificate-status"]')).to_have_text("有效")
    qr = cert.locator('[data-test="certificate-qr"]')
    expect(qr).to_have_attribute("src", re.compile("^data:image/svg"))
    expect(page.locator('[data-test="attempt-row"]').first).to_have_attribute("data-passed", "true")
    page.add_style_tag(content=".topbar { position: static !important; }")
    shot(page, "training-certificate")

    # when the candidate's phone opens the link again (tab closed, QR scanned again)
    phone.goto("/")
    phone.goto(path)
    # then it shows the same result, not an error
    expect(phone.locator('[data-test="certificate-code"]')).to_have_text(code)

    # when the same link is opened again on another phone
    other = phone.context.browser.new_context(base_url=live_server, **PHONE)
    try:
        again = other.new_page()
        again.goto(path)
        # then a Chinese message says it was used
        error = again.locator('[data-test="exam-error"]')
        expect(error).to_have_attribute("data-code", "LINK_USED")
        expect(again.locator('[data-test="exam-error-title"]')).to_have_text("该考试链接已使用")
        expect(again.locator('[data-test="exam-error-message"]')).to_contain_text("不能重复进入")
        shot(again, "exam-link-used")
    finally:
        other.close()

    # and 王小雨, refused before, now signs in to the window and may call
    desk = sign_in_at_window(page.context.browser, live_server, "xinren", "2号综合受理窗口")
    expect(desk.locator('[data-test="signed-in-window"]')).to_have_text("2号综合受理窗口")
    expect(desk.locator('[data-test="call-next"]')).to_be_visible()
    shot(desk, "gate-admitted-after-exam")
    desk.context.close()
    # and while her certificate is valid the supervisor cannot examine her again (one per scope)
    page.click('[data-test="training-open"]')
    refused = page.locator('[data-test="training-open-errors"]')
    expect(refused).to_contain_text("已持有效上岗证，无需重复考试")
    expect(refused).to_contain_text("无需重复考试；可于")
    expect(refused).to_have_class(re.compile("el-alert--warning"))
    shot(page, "training-already-certified")


def test_a_failed_attempt_shows_the_scores_and_no_certificate(page, phone, live_server):
    # given the supervisor opens the exam for 赵丽 (issuer; her demo certificate is 综合出件 only)
    login(page, "zhuren", "demo1234", "/training")
    path = open_exam_for(page, "赵丽")
    begin_exam(phone, path)
    questions = phone.locator('[data-test="exam-question"]')
    expect(questions).to_have_count(30)

    # when the network drops while answering: the answer waits on the phone, then is saved
    phone.context.set_offline(True)
    answer(questions.nth(0), right=False)
    expect(phone.locator('[data-test="exam-offline"]')).to_contain_text("网络异常")
    expect(phone.locator('[data-test="exam-page"]')).to_have_attribute("data-unsaved", "1")
    phone.context.set_offline(False)
    expect(phone.locator('[data-test="exam-offline"]')).to_have_count(0, timeout=15_000)
    all_saved(phone)

    # and three questions are answered wrongly, the rest left blank, and the paper handed in
    for i in (1, 2):
        answer(questions.nth(i), right=False)
    all_saved(phone)
    phone.click('[data-test="exam-submit"]')
    expect(phone.locator(".exam-confirm")).to_contain_text("还有 27 道题未作答")
    box = phone.locator(".exam-confirm").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390  # fits the phone screen
    phone.screenshot(path=str(ARTIFACTS / "exam-phone-confirm.png"))
    phone.locator(".exam-confirm .el-button--primary").click()

    # then 未通过, every part failed, no certificate
    expect(phone.locator('[data-test="exam-result"]')).to_have_attribute("data-passed", "false")
    expect(phone.locator('[data-test="exam-verdict"]')).to_have_text("未通过")
    expect(phone.locator('[data-test="result-part"][data-passed="false"]')).to_have_count(2)
    expect(phone.locator('[data-test="exam-certificate"]')).to_have_count(0)
    expect(phone.locator('[data-test="exam-no-certificate"]')).to_contain_text("不颁发上岗证")
    expect(phone.locator('[data-test="review-question"][data-correct="false"]')).to_have_count(30)
    shot(phone, "exam-phone-failed")

    # and a reload still shows the result
    phone.reload()
    expect(phone.locator('[data-test="exam-verdict"]')).to_have_text("未通过")

    # and the supervisor sees the failed attempt, and may not reopen during the cool-down
    page.reload()
    expect(page.locator('[data-test="attempt-row"]').first).to_have_attribute("data-passed", "false")
    expect(page.locator('[data-test="attempt-row"]').first).to_contain_text("未通过")
    page.click('[data-test="training-open"]')
    expect(page.locator('[data-test="training-open-errors"]')).to_contain_text("未满 60 分钟")

    # and 培训管理 · 考试成绩 lists the same attempt (a supervisor has no question bank tab)
    page.goto("/admin/training?tab=results")
    tabs = page.locator('[data-test="training-admin-tabs"]')
    expect(tabs.get_by_role("tab", name="考试成绩")).to_be_visible()
    expect(tabs.get_by_role("tab", name="题库")).to_have_count(0)
    choose(page, page.locator('[data-test="results-staff"]'), "赵丽")
    attempt = page.locator('[data-test="results-panel"] [data-test="attempt-row"]').first
    expect(attempt).to_have_attribute("data-passed", "false")
    expect(attempt).to_contain_text("业务知识 0/20")
    shot(page, "training-admin-results")

    # and a failed attempt takes nothing away: 赵丽 still serves at the issuing window on the demo
    # 综合出件 certificate (the refusal of someone without one: the test above, 王小雨)
    desk = sign_in_at_window(page.context.browser, live_server, "chujian", "4号综合出件窗口")
    expect(desk.locator('[data-test="signed-in-window"]')).to_have_text("4号综合出件窗口")
    desk.click('[data-test="sign-out"]')
    expect(desk.locator('[data-test="sign-in-form"]')).to_be_visible()
    desk.context.close()


def test_when_the_time_is_over_the_phone_shows_the_result_of_the_answers_saved_in_time(
    page, phone, live_server, hub_dir
):
    # given 黄雨晴 answering two questions correctly on the phone
    login(page, "zhuren", "demo1234", "/training")
    path = open_exam_for(page, "黄雨晴")
    begin_exam(phone, path)
    questions = phone.locator('[data-test="exam-question"]')
    expect(questions).to_have_count(30)
    for i in (0, 1):
        answer(questions.nth(i), right=True)
    all_saved(phone)
    # when the server's deadline passes (moved into the past rather than waited for)
    past = (datetime.now(UTC) - timedelta(seconds=5)).isoformat(sep=" ")
    with sqlite3.connect(hub_dir / "hub.sqlite3") as db:
        sql = "UPDATE exam_attempt SET deadline = ? WHERE status = 'RUNNING'"
        changed = db.execute(sql, (past,)).rowcount
    assert changed == 1
    # and the candidate picks one more answer
    questions.nth(2).locator('[data-test="exam-option"]').first.click()
    # then the phone says the time is over and shows the result of the two saved answers
    expect(phone.locator('[data-test="exam-time-over"]')).to_contain_text("考试时间已到")
    expect(phone.locator('[data-test="exam-verdict"]')).to_have_text("未通过")
    expect(phone.locator('[data-test="review-question"][data-correct="true"]')).to_have_count(2)
    shot(phone, "exam-phone-time-over")


def test_invalid_links_and_unknown_certificates_say_so_in_chinese(phone):
    phone.goto("/exam/not-a-real-token")
    expect(phone.locator('[data-test="exam-error"]')).to_have_attribute("data-code", "LINK_INVALID")
    expect(phone.locator('[data-test="exam-error-message"]')).to_contain_text("考试链接无效")
    phone.goto("/verify/ABCD-EFGH-JKLM")
    expect(phone.locator('[data-test="verify-not-found"]')).to_contain_text("未找到该上岗证")
    phone.goto("/verify/DEMO-0000-0001")
    expect(phone.locator('[data-test="verify-status-label"]')).to_have_text("有效")
    expect(phone.locator('[data-test="verify-name"]')).to_have_text("李*敏")


def test_admin_creates_a_question_and_an_import_with_problems_lists_them(page, live_server):
    # given the administrator on 培训管理 · 题库
    login(page, "admin", "admin123", "/admin/training")
    expect(page.locator('[data-test="question-row"]').first).to_be_visible()
    shot(page, "training-admin-bank")

    # when a multiple-choice question is created with two correct options
    page.click('[data-test="question-new"]')
    dialog = page.locator('[data-test="question-dialog"]')
    dialog.locator('[data-test="question-type"]').get_by_text("多选题").click()
    dialog.locator('[data-test="question-text"]').fill("叫号屏上可以显示哪些信息？")
    options = dialog.locator('[data-test="question-option"]')
    for i, text in enumerate(["取号号码", "窗口号", "申请人身份证号", "申请人手机号"]):
        options.nth(i).locator('[data-test="option-text"]').fill(text)
    options.nth(0).locator('[data-test="option-correct"]').click()
    options.nth(1).locator('[data-test="option-correct"]').click()
    dialog.locator('[data-test="question-explanation"]').fill("叫号屏是公共显示，不显示个人信息。")
    page.screenshot(path=str(ARTIFACTS / "training-admin-question-dialog.png"))
    dialog.locator('[data-test="question-save"]').click()
    expect(dialog).to_be_hidden()

    # then it is listed with its answer
    page.fill('[data-test="question-filter"]', "叫号屏上可以显示")
    row = page.locator('[data-test="question-row"]')
    expect(row).to_have_count(1)
    expect(row).to_contain_text("多选题")
    expect(row).to_contain_text("A、B")

    # when a file with broken questions is imported
    page.click('[data-test="question-import"]')
    broken = {"kind": "onewindow-exam-bank", "version": 1, "questions": [
        {"code": "BAD-1", "category": "BUSINESS", "type": "SINGLE", "text": "",
         "options": [{"key": "A", "text": "甲"}, {"key": "B", "text": "乙"}], "answer": ["C"]},
        {"code": "BAD-2", "category": "OTHER", "type": "TRUE_FALSE", "text": "判断", "answer": ["T"]},
    ]}
    page.fill('[data-test="question-import-text"]', json.dumps(broken, ensure_ascii=False))
    page.click('[data-test="question-import-submit"]')

    # then every problem is listed and nothing is written
    errors = page.locator('[data-test="question-import-errors"] [data-test="import-error"]')
    expect(errors.first).to_be_visible()
    texts = errors.all_inner_texts()
    assert len(texts) >= 3, texts
    assert any("第 1 题" in t and "题干" in t for t in texts), texts
    assert any("第 2 题" in t for t in texts), texts
    expect(page.locator('[data-test="question-import-errors"]')).to_contain_text("题库没有任何改动")
    shot(page, "training-admin-import-errors")


def test_admin_edits_the_exam_and_revokes_a_certificate_which_then_verifies_as_revoked(page, phone):
    # given the administrator on 培训管理 · 考试设置
    login(page, "admin", "admin123", "/admin/training?tab=exams")
    card = page.locator('[data-test="exam-card"][data-code="FRONT_DESK"]')
    expect(card).to_contain_text("限时 30 分钟")
    # when the time limit becomes 40 minutes
    card.locator('[data-test="exam-edit"]').click()
    dialog = page.locator('[data-test="exam-dialog"]')
    dialog.locator('[data-test="exam-time-limit"] input').fill("40")
    dialog.locator('[data-test="exam-save"]').click()
    expect(dialog).to_be_hidden()
    # then the exam shows it
    expect(card).to_contain_text("限时 40 分钟")
    shot(page, "training-admin-exams")

    # when the demo certificate is revoked from the list of certificates
    page.locator('[data-test="training-admin-tabs"]').get_by_role("tab", name="上岗证").click()
    page.locator('[data-test="expiring-days"]').get_by_text("一年内").click()
    row = page.locator('[data-test="expiring-row"][data-code="DEMO-0000-0001"]')
    expect(row).to_contain_text("李晓敏")
    shot(page, "training-admin-certificates")
    row.locator('[data-test="expiring-revoke"]').click()
    revoke = page.locator('[data-test="revoke-dialog"]')
    revoke.locator('[data-test="revoke-submit"]').click()
    expect(revoke.locator('[data-test="revoke-errors"]')).to_contain_text("请填写撤销原因")
    revoke.locator('[data-test="revoke-reason"]').fill("群众投诉核实，需重新培训")
    revoke.locator('[data-test="revoke-submit"]').click()
    expect(revoke).to_be_hidden()
    expect(row).to_have_count(0)  # no longer a valid certificate

    # then the public verification says so
    phone.goto("/verify/DEMO-0000-0001")
    expect(phone.locator('[data-test="verify-status"]')).to_have_attribute("data-status", "REVOKED")
    expect(phone.locator('[data-test="verify-status-label"]')).to_have_text("已撤销")
    shot(phone, "verify-revoked")


def test_a_front_desk_member_opens_their_own_exam_and_has_no_admin_pages(page, hub_dir):
    # given the new front-desk member logged in, the certificate of the exam passed above (if it
    # ran) in its last 30 days, so that the retake is a renewal
    with sqlite3.connect(hub_dir / "hub.sqlite3") as db:
        db.execute("UPDATE certificate SET valid_until = date('now', '+20 days') "
                   "WHERE holder_name = '王小雨'")
    login(page, "xinren", "demo1234", "/training")
    # then there is no staff picker: the exam is opened for themself
    expect(page.locator('[data-test="training-staff"]')).to_have_count(0)
    expect(page.locator('[data-test="training-record-of"]')).to_contain_text("王小雨")
    expect(page.locator(".nav-link", has_text="培训管理")).to_have_count(0)
    page.click('[data-test="training-open"]')
    expect(page.locator('[data-test="exam-session"]')).to_contain_text("王小雨")
    expect(page.locator('[data-test="exam-link"]')).to_contain_text("/exam/")
    # and the administrators' pages say 无权限
    page.goto("/admin/training")
    expect(page.locator('[data-test="no-permission"]')).to_contain_text("无权限")
