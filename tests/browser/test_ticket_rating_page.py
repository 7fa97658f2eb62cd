"""好差评 of a window service on the phone: the ticket slip carries a rating QR code; after the
service the resident opens it, rates 满意 with a comment, and a second rating is refused."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from playwright.sync_api import expect

from bench.cases import ZHANG
from tests.browser.conftest import shot
from tests.conftest import hub_server

pytestmark = pytest.mark.browser

TAKE = """mutation($i:String!){ takeTicket(input:{servicePointCode:"330106013", prefix:"A", idNumber:$i}){
  ticket{ id number rateUrl rateQrDataUrl } errors{ message } } }"""
LOGIN = 'mutation{ login(input:{username:"kiosk01",password:"demo1234"}){ token } }'


@pytest.fixture(scope="module")
def hub(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data_dir = tmp_path_factory.mktemp("ticket-rating")
    with hub_server(sqlite_template, data_dir) as base:
        yield base, data_dir


def test_the_resident_rates_the_window_service_from_the_slip(browser, hub):
    base, data_dir = hub
    token = httpx.post(f"{base}/graphql", json={"query": LOGIN}).json()["data"]["login"]["token"]
    taken = httpx.post(f"{base}/graphql", json={"query": TAKE, "variables": {"i": ZHANG}},
                       headers={"authorization": f"Bearer {token}"}).json()["data"]["takeTicket"]
    ticket = taken["ticket"]
    assert ticket["rateQrDataUrl"].startswith("data:image/svg+xml")
    path = urlparse(ticket["rateUrl"]).path
    assert re.fullmatch(r"/m/rate/[^/]+", path)

    ctx = browser.new_context(locale="zh-CN", base_url=base, viewport={"width": 390, "height": 844},
                              is_mobile=True, has_touch=True)
    phone = ctx.new_page()
    errors: list[str] = []
    phone.on("pageerror", lambda e: errors.append(str(e)))
    phone.goto(path)
    phone.click('[data-test="rate-4"]')
    phone.click('[data-test="rating-submit"]')
    expect(phone.locator('[data-test="rating-error"]')).to_contain_text("窗口办理结束后才能评价")

    # the window finishes the service (the queue's own tests drive call / start / finish)
    db = sqlite3.connect(next(data_dir.glob("*.sqlite3")))
    db.execute("UPDATE ticket SET status = 'DONE' WHERE id = ?", (int(ticket["id"]),))
    db.commit()
    db.close()

    phone.fill('[data-test="rating-comment"]', "窗口讲解清楚，一次办好")
    phone.click('[data-test="rating-submit"]')
    expect(phone.locator('[data-test="ticket-rated"]')).to_contain_text("感谢您的评价：满意")
    shot(phone, "ticket-rated-mobile")
    phone.reload()
    phone.click('[data-test="rate-5"]')
    phone.click('[data-test="rating-submit"]')
    expect(phone.locator('[data-test="rating-error"]')).to_contain_text("本次服务已评价")
    ctx.close()
    assert errors == []
