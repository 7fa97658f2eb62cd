"""Residents log in by SMS code in Chromium (issue 20), on the PC (1366×768) and on the phone
(390×844): the 短信验证码登录 tab, 获取验证码 with its 60 s countdown, the code typed in, the
resident's own page; on the phone five wrong codes and the right sixth one refused.

No SMS channel runs in this hub: the test reads the code from the ``notify.sms`` outbox message
in the hub's database, and the development hub logs it for the demo ([demo] 短信验证码 …)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hub.core import db
from hub.core.idcard import check_char
from tests.browser.conftest import prepared_hub, shot
from tests.factories import make_resident

pytestmark = pytest.mark.browser
expect.set_options(timeout=15_000)

DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
RESIDENTS = [  # (ID number, name, mobile)
    ("33010619850304123", "李晓红", "13900001001"),
    ("33010619900512234", "陈建国", "13900001002"),
    ("33010619770820345", "周美华", "13900001003"),
]


async def _prepare(url: str, data_dir: Path) -> Path:
    await db.init_db(url)
    try:
        for first17, name, phone in RESIDENTS:
            await make_resident(first17 + check_char(first17), name, phone)
    finally:
        await db.close_db()
    return data_dir


@pytest.fixture(scope="module")
def sms_hub(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    with prepared_hub(sqlite_template, tmp_path_factory.mktemp("sms-login"), _prepare) as hub:
        yield hub


def _code(data_dir: Path, phone: str) -> str:
    """The code of the latest SMS written for ``phone``."""
    with sqlite3.connect(data_dir / "hub.sqlite3") as conn:
        rows = conn.execute("SELECT payload FROM outbox_message WHERE topic = 'notify.sms' "
                            "ORDER BY id DESC").fetchall()
    for (payload,) in rows:
        body = json.loads(payload)
        if body["phone"] == phone:
            return body["params"]["code"]
    raise AssertionError(f"no SMS for {phone}")


def _context(browser, base: str, viewport: dict):
    context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def _ask_for_code(page, phone: str) -> None:
    page.get_by_role("tab", name="短信验证码登录").click()
    page.fill('[data-test="sms-phone"]', phone)
    page.click('[data-test="sms-send"]')
    expect(page.locator('[data-test="sms-sent"]')).to_contain_text(f"{phone[:3]}****{phone[-4:]}")
    expect(page.locator('[data-test="sms-send"]')).to_contain_text(re.compile(r"\d+ 秒后重新获取"))
    expect(page.locator('[data-test="sms-send"]')).to_be_disabled()


def test_a_resident_logs_in_by_sms_code_on_the_pc(browser, sms_hub):
    base, data_dir = sms_hub
    _, name, phone = RESIDENTS[0]
    ctx, page, errors = _context(browser, base, DESK)
    page.goto("/login/citizen?redirect=/my/cases")
    _ask_for_code(page, phone)
    code = page.locator('[data-test="sms-code"]')
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    expect(code).to_have_attribute("inputmode", "numeric")
    shot(page, "sms-login-pc-1-code-sent")
    sent = _code(data_dir, phone)
    code.fill(sent)
    page.click('[data-test="sms-submit"]')
    expect(page).to_have_url(re.compile(r"/my/cases$"))
    expect(page.locator('[data-test="my-cases"]')).to_contain_text(name)
    shot(page, "sms-login-pc-2-my-cases")
    # the development hub shows the code in its log for the demo, the number masked
    assert f"[demo] 短信验证码 139****1001: {sent}" in (data_dir / "server.log").read_text()
    assert _code(data_dir, phone) == ""  # used: its clear text is gone from the outbox
    ctx.close()
    assert errors == []


def test_on_the_phone_the_sixth_code_is_refused_and_another_resident_logs_in(browser, sms_hub):
    base, data_dir = sms_hub
    ctx, page, errors = _context(browser, base, PHONE)
    page.goto("/m/login/citizen?redirect=/m/my/cases")
    _, _, phone = RESIDENTS[1]
    _ask_for_code(page, phone)
    right = _code(data_dir, phone)
    code = page.locator('[data-test="sms-code"]')
    form = page.locator('[data-test="sms-login"]')
    for n, left in zip(range(1, 5), (4, 3, 2, 1), strict=True):
        code.fill(f"{(int(right) + n) % 1_000_000:06d}")
        page.click('[data-test="sms-submit"]')
        expect(form).to_contain_text(f"验证码错误，还可尝试{left}次")
    shot(page, "sms-login-phone-1-wrong-code")
    code.fill(f"{(int(right) + 5) % 1_000_000:06d}")
    page.click('[data-test="sms-submit"]')
    expect(form).to_contain_text("验证码错误次数过多，已失效，请重新获取")
    code.fill(right)  # the sixth try, with the right code
    page.click('[data-test="sms-submit"]')
    expect(form).to_contain_text("验证码错误次数过多，已失效，请重新获取")
    expect(page).to_have_url(re.compile(r"/m/login/citizen"))
    shot(page, "sms-login-phone-2-sixth-refused")

    # another resident on the same phone: the right code the first time
    _, name, other = RESIDENTS[2]
    page.fill('[data-test="sms-phone"]', other)
    expect(page.locator('[data-test="sms-send"]')).to_be_disabled()  # the countdown still runs
    page.goto("/m/login/citizen?tab=sms&redirect=/m/my/cases")
    page.fill('[data-test="sms-phone"]', other)
    page.click('[data-test="sms-send"]')
    expect(page.locator('[data-test="sms-sent"]')).to_contain_text("139****1003")
    code.fill(_code(data_dir, other))
    page.click('[data-test="sms-submit"]')
    expect(page).to_have_url(re.compile(r"/m/my/cases$"))
    expect(page.locator('[data-test="my-cases"]')).to_contain_text(name)
    shot(page, "sms-login-phone-3-my-cases")
    ctx.close()
    assert errors == []


def test_a_number_without_an_account_is_offered_registration(browser, sms_hub):
    base, data_dir = sms_hub
    ctx, page, errors = _context(browser, base, PHONE)
    page.goto("/m/login/citizen?tab=sms")
    page.fill('[data-test="sms-phone"]', "13900009999")
    page.click('[data-test="sms-send"]')
    expect(page.locator('[data-test="sms-sent"]')).to_contain_text("139****9999")
    page.locator('[data-test="sms-code"]').fill(_code(data_dir, "13900009999"))
    page.click('[data-test="sms-submit"]')
    expect(page.locator('[data-test="sms-login"]')).to_contain_text("该手机号码未绑定申请人账号")
    shot(page, "sms-login-phone-4-no-account")
    page.click('[data-test="sms-register"]')
    expect(page.locator('[data-test="citizen-name"]')).to_be_visible()
    ctx.close()
    assert errors == []
