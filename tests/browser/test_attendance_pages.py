"""考勤 and training pages in real Chromium: the hall QR opens the phone clock-in page, the
record shows on 考勤 and in the supervisor's report; a course is marked learned; a supervisor
schedules a session and marks attendance; an administrator uploads a course video.

The module runs its own hub on a copy of the seeded database (the tests write attendance, course
completions and sessions, which other browser modules must not see); the tests run in file order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import CHROMIUM_ARGS, shot
from tests.conftest import hub_server
from tests.services import CHROMIUM

pytestmark = pytest.mark.browser

CJK_RENDERS = """() => document.fonts.check('16px "Noto Sans SC"', '考勤') &&
  [...document.fonts].some(f => f.family.includes('Noto Sans SC') && f.status === 'loaded')"""
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(2048)


@pytest.fixture(scope="module")
def live_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with hub_server(sqlite_template, tmp_path_factory.mktemp("attendance-pages")) as base:
        yield base


@pytest.fixture
def page(browser, live_server):
    """A desktop page in Beijing time, as the date pickers of a service centre are."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", base_url=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


def login(page: Page, username: str, password: str, target: str) -> None:
    page.goto(f"/login?redirect={target}")
    page.fill('[data-test="login-username"]', username)
    page.fill('[data-test="login-password"]', password)
    page.click('[data-test="login-submit"]')
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))


def field(page: Page, name: str):
    """An Element Plus input by its data-test (set on the <input> itself or on its wrapper)."""
    return page.locator(f'input[data-test="{name}"], [data-test="{name}"] input').first


def test_staff_clock_in_from_the_phone_page_the_hall_qr_opens(browser, page, live_server):
    # given the supervisor shows 文新街道's rotating code on the hall display
    login(page, "zhuren", "demo1234", "/attendance/hall?point=330106013")
    expect(page.locator('[data-test="hall-qr"]')).to_be_visible()
    expect(page.locator(".hall h1")).to_contain_text("文新街道")
    page.wait_for_function(CJK_RENDERS)
    shot(page, "attendance-hall-qr")
    link = page.locator('[data-test="hall-link"]').get_attribute("href")
    assert link and "/m/clock?t=" in link
    path = link.removeprefix(live_server)
    # when 李晓敏 scans it with her phone: the page asks her to log in, then comes back
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=live_server,
                                timezone_id="Asia/Shanghai", is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    errors: list[str] = []
    mobile.on("pageerror", lambda e: errors.append(str(e)))
    try:
        mobile.goto(path)
        expect(mobile).to_have_url(re.compile(r"/login\?redirect="))
        mobile.fill('[data-test="login-username"]', "qiantai")
        mobile.fill('[data-test="login-password"]', "demo1234")
        mobile.click('[data-test="login-submit"]')
        expect(mobile.locator('[data-test="clock-point"]')).to_contain_text("文新街道")
        mobile.click('[data-test="clock-in"]')
        expect(mobile.locator('[data-test="clock-result"]')).to_contain_text("签到成功")
        expect(mobile.locator('[data-test="clock-today"]')).to_contain_text("签到：")
        # clocking in again keeps the first record
        mobile.click('[data-test="clock-in"]')
        expect(mobile.locator('[data-test="clock-result"]')).to_contain_text("无需重复签到")
        mobile.wait_for_function(CJK_RENDERS)
        shot(mobile, "attendance-phone-clock-in")
        # then her 考勤 page lists today's record, clocked in by QR
        mobile.goto("/attendance")
        first = mobile.locator('[data-test="my-records"] .el-table__body tr').first
        expect(first).to_contain_text("扫码")
        expect(mobile.locator('[data-test="today-times"]')).to_contain_text("签到")
        shot(mobile, "attendance-my-records-phone")
    finally:
        phone.close()
    assert errors == []


def test_the_supervisor_report_shows_the_clock_in_and_exports_csv(page, live_server):
    login(page, "zhuren", "demo1234", "/attendance/report")
    table = page.locator('[data-test="day-table"]')
    row = table.locator(".el-table__body tr").filter(has_text="李晓敏")
    expect(row).to_contain_text("扫码")
    expect(row).to_contain_text("文新街道")
    expect(page.locator('[data-test="day-counts"]')).not_to_be_empty()
    page.wait_for_function(CJK_RENDERS)
    shot(page, "attendance-report-day")
    with page.expect_download() as download:
        page.click('[data-test="export-day"]')
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.startswith("日期,姓名,服务点,签到")
    assert "李晓敏" in content and "扫码" in content
    page.locator('[data-test="report-tab"]').get_by_text("月报").click()
    people = page.locator('[data-test="month-people"]')
    expect(people.locator(".el-table__body tr").filter(has_text="李晓敏")).to_be_visible()
    expect(page.locator('[data-test="month-points"]')).to_contain_text("文新街道")
    shot(page, "attendance-report-month")


def test_a_staff_member_opens_a_course_and_marks_it_learned(page, live_server):
    login(page, "qiantai", "demo1234", "/training/courses")
    expect(page.locator('[data-test="course-summary"]')).to_contain_text("已学完 0 门")
    page.click('[data-test="course-YCSL-101"]')
    expect(page).to_have_url(re.compile(r"/training/courses/YCSL-101$"))
    expect(page.locator('[data-test="material-TEXT"]')).to_contain_text("亮证上岗")
    page.click('[data-test="course-complete"]')
    expect(page.locator('[data-test="course-done"]')).to_contain_text("已学完")
    page.wait_for_function(CJK_RENDERS)
    shot(page, "training-course-learned")
    page.goto("/training/courses")
    expect(page.locator('[data-test="course-summary"]')).to_contain_text("已学完 1 门")


def test_an_administrator_uploads_a_course_video(page, live_server):
    login(page, "admin", "admin123", "/training/courses")
    page.click('[data-test="course-admin-link"]')
    expect(page).to_have_url(re.compile(r"/admin/courses$"))
    page.get_by_text("一窗受理综合窗口服务规范").first.click()
    expect(page).to_have_url(re.compile(r"/admin/courses/YCSL-101$"))
    page.locator('[data-test="material-kind"]').get_by_text("视频").click()
    field(page, "material-title").fill("叫号操作演示")
    page.set_input_files('[data-test="material-file"]', files=[
        {"name": "demo.mp4", "mimeType": "video/mp4", "buffer": MP4}])
    page.click('[data-test="material-add"]')
    expect(page.locator('[data-test="material-table"]')).to_contain_text("叫号操作演示")
    shot(page, "training-course-admin")
    # a text file named .mp4 is refused by its content
    page.locator('[data-test="material-kind"]').get_by_text("视频").click()
    field(page, "material-title").fill("假视频")
    page.set_input_files('[data-test="material-file"]', files=[
        {"name": "fake.mp4", "mimeType": "video/mp4", "buffer": b"not a video at all"}])
    page.click('[data-test="material-add"]')
    expect(page.locator(".el-message--error")).to_contain_text("按文件内容识别")
    # staff see the player, served with range support
    page.goto("/training/courses/YCSL-101")
    video = page.locator('[data-test="material-VIDEO"] video')
    expect(video).to_have_attribute("src", re.compile(r"^/media/[0-9a-f]{64}$"))
    src = video.get_attribute("src")
    partial = httpx.get(f"{live_server}{src}", headers={"range": "bytes=0-7"})
    assert partial.status_code == 206 and partial.content == MP4[:8]


def test_a_supervisor_schedules_a_session_and_marks_attendance(page, live_server):
    login(page, "zhuren", "demo1234", "/training/sessions")
    page.click('[data-test="session-new"]')
    field(page, "session-title").fill("综合窗口业务现场培训")
    field(page, "session-place").fill("文新街道便民服务中心三楼会议室")
    page.locator('[data-test="session-course"]').click()
    page.locator(".el-select-dropdown__item:visible").filter(has_text="一窗受理综合窗口服务规范").first.click()
    inputs = page.locator('.el-dialog .el-range-input')
    inputs.nth(0).fill("2026-12-10 14:00:00")
    inputs.nth(0).press("Enter")
    inputs.nth(1).fill("2026-12-10 16:00:00")
    inputs.nth(1).press("Enter")
    page.locator(".el-dialog__title").click()  # close the picker
    page.locator('[data-test="session-points"]').click()
    page.locator(".el-select-dropdown__item:visible").filter(has_text="文新街道").first.click()
    page.locator(".el-dialog__title").click()  # close the dropdown
    shot(page, "training-session-schedule")
    page.click('[data-test="session-save"]')
    expect(page).to_have_url(re.compile(r"/training/sessions/\d+$"))
    expect(page.locator('[data-test="session-title"]')).to_contain_text("综合窗口业务现场培训")
    expect(page.locator(".el-descriptions")).to_contain_text("2026-12-10 14:00 – 2026-12-10 16:00")
    count = page.locator('[data-test="session-count"]')
    expect(count).to_contain_text("已参训 0 /")
    page.click('[data-test="mark-李晓敏"]')
    expect(count).to_contain_text("已参训 1 /")
    row = page.locator('[data-test="roster"] .el-table__body tr').filter(has_text="李晓敏")
    expect(row).to_contain_text("管理者标记")
    expect(page.locator('[data-test="session-title"]')).to_be_visible()
    page.wait_for_function(CJK_RENDERS)
    page.wait_for_timeout(500)  # let the tags finish their transition
    shot(page, "training-session-attendance")
    # who in 西湖区 was trained on the course, and who not
    page.goto("/training/sessions")
    expect(page.locator('[data-test="session-table"]')).to_contain_text("综合窗口业务现场培训")
    page.locator('[data-test="coverage-course"]').click()
    page.locator(".el-select-dropdown__item:visible").filter(has_text="一窗受理综合窗口服务规范").first.click()
    rows = page.locator('[data-test="coverage-table"] .el-table__body tr')
    expect(rows.filter(has_text="李晓敏")).to_contain_text("已培训")
    expect(rows.filter(has_text="赵丽")).to_contain_text("未培训")
    expect(page.locator('[data-test="coverage-count"]')).to_contain_text("已培训 1 /")
    shot(page, "training-coverage")


def test_menus_link_the_pages_by_role_and_the_workbench_clocks_in(page, live_server):
    login(page, "qiantai", "demo1234", "/attendance")
    nav = page.locator(".nav")
    for label in ("培训", "考勤"):
        expect(nav.get_by_text(label, exact=True)).to_be_visible()
    expect(nav.get_by_text("考勤报表")).to_have_count(0)
    # the workbench button: a second clock-in the same day changes nothing
    page.goto("/workbench")
    page.click('[data-test="tools-open"]')  # the console's side drawer
    page.click('[data-test="clock-card-in"]')
    expect(page.locator(".el-message").first).to_be_visible()
    page.click('[data-test="clock-card-in"]')
    expect(page.locator(".el-message").filter(has_text="无需重复签到").last).to_be_visible()
    expect(page.locator('[data-test="clock-card"]')).to_contain_text("签到 ")
    shot(page, "attendance-workbench-card")
    page.goto("/attendance")
    first = page.locator('[data-test="my-records"] .el-table__body tr').first
    expect(first).to_contain_text(re.compile("扫码|工作台"))  # scanned earlier in the module, or just now
    shot(page, "attendance-my-records")



def test_an_administrator_sets_the_opening_hours_of_the_district(page, live_server):
    login(page, "admin", "admin123", "/attendance")
    # the whole menu of the role with the most entries fits the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.get_by_role("button", name="考勤报表").click()
    expect(page).to_have_url(re.compile(r"/attendance/report$"))
    page.click('[data-test="hours-open"]')
    saturday = field(page, "hours-day-6")
    expect(field(page, "hours-day-1")).to_have_value("09:00-12:00,13:30-17:00")
    saturday.fill("9:00-12:00")
    shot(page, "attendance-opening-hours")
    page.click('[data-test="hours-save"]')
    expect(page.locator(".el-message--success")).to_contain_text(
        "周一至周五 09:00–12:00、13:30–17:00；周六 09:00–12:00")
    # a wrong period is refused in Chinese, naming the day
    page.click('[data-test="hours-open"]')
    field(page, "hours-day-7").fill("12:00-09:00")
    page.click('[data-test="hours-save"]')
    error = page.locator(".el-message--error")
    expect(error).to_contain_text("周日：时段 12:00–09:00 的结束时间须晚于开始时间")


assert CHROMIUM and CHROMIUM_ARGS  # shared with the module-scoped browser fixture
