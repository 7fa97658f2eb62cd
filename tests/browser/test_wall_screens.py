"""The 1920×1080 wall screens, on one hub. The hall board: beside the big call, a grid of every
window's current number and the 过号 list, both live over the subscription. The cockpit's 大屏:
one dark screen, rotating panels, today's figures live. Neither scrolls."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login_as, shot, watch_csp
from tests.conftest import hub_server

PEOPLE = ("330106195803120245", "341221199008170518")


@pytest.fixture(scope="module")
def board_hub(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with hub_server(sqlite_template, tmp_path_factory.mktemp("board")) as base:
        yield base


class Api:
    def __init__(self, base: str, username: str) -> None:
        self.http = httpx.Client(base_url=base)
        body = self.http.post("/graphql", json={"query": "mutation($u:String!){ login(input:"
                              "{username:$u, password:\"demo1234\"}){ token } }",
                              "variables": {"u": username}}).json()
        self.http.headers["authorization"] = f"Bearer {body['data']['login']['token']}"

    def __call__(self, query: str, variables: dict | None = None) -> dict:
        body = self.http.post("/graphql", json={"query": query, "variables": variables or {}}).json()
        assert "errors" not in body, body
        payload = next(iter(body["data"].values()))
        assert not (isinstance(payload, dict) and payload.get("errors")), payload
        return payload


def act(desk: Api, name: str) -> None:
    desk(f"mutation{{ {name}{{ ticket{{ number }} errors{{ message }} }} }}")


def test_the_board_shows_every_window_and_the_no_shows_live(browser, board_hub):
    kiosk, desk = Api(board_hub, "kiosk01"), Api(board_hub, "qiantai")
    for person in PEOPLE:
        kiosk("mutation($i:TakeTicketInput!){ takeTicket(input:$i){ ticket{ number } errors{ message } } }",
              {"i": {"servicePointCode": "330106013", "prefix": "A", "idNumber": person}})
    window = next(w for w in desk('{ servicePoint(code:"330106013"){ windows{ id number } } }')["windows"]
                  if w["number"] == 2)
    desk("mutation($w:ID!){ signInWindow(windowId:$w, prefixes:[\"A\"]){ session{ startedAt } "
         "errors{ message } } }", {"w": window["id"]})

    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN", base_url=board_hub)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    errors_csp = watch_csp(page)
    login_as(page, "board01", "demo1234", "/board")
    expect(page.locator('[data-test="board-online"]')).to_have_attribute("data-online", "true")
    tiles = page.locator('[data-test="board-windows"] [data-test^="board-window-"]')
    assert tiles.count() >= 2
    expect(page.locator('[data-test="board-window-2"]')).to_contain_text("—")
    expect(page.locator('[data-test="board-no-shows"]')).to_have_text("无")

    # when window 2 calls A001, recalls it twice, marks it 过号 and calls A002
    act(desk, "callNext")
    expect(page.locator('[data-test="board-window-2"]')).to_contain_text("A001")
    act(desk, "recallTicket")
    act(desk, "recallTicket")
    act(desk, "markNoShow")
    expect(page.locator('[data-test="board-no-shows"]')).to_have_text("A001")
    expect(page.locator('[data-test="board-window-2"]')).to_contain_text("—")
    act(desk, "callNext")
    # then the big call, the window grid and the 过号 list agree, live
    expect(page.locator('[data-test="board-number"]')).to_have_text("A002")
    expect(page.locator('[data-test="board-window-2"]')).to_contain_text("A002")
    expect(page.locator('[data-test="board-no-shows"]')).to_have_text("A001")
    # one screen: nothing scrolls at 1920×1080
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 1080
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1920
    shot(page, "board-windows-no-shows")

    # and a board opened now starts from the same state (the snapshot follows the same rule)
    page.reload()
    expect(page.locator('[data-test="board-window-2"]')).to_contain_text("A002")
    expect(page.locator('[data-test="board-no-shows"]')).to_have_text("A001")
    ctx.close()
    assert errors == [] and errors_csp == []


def no_scrolling(page) -> None:
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 1080
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1920


def test_the_cockpit_wall_is_one_dark_screen_with_rotating_panels_and_live_figures(browser, board_hub):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN",
                              timezone_id="Asia/Shanghai", base_url=board_hub)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    errors_csp = watch_csp(page)
    # the supervisor opens the 大屏 from the analysis report
    login_as(page, "zhuren", "demo1234", "/dashboard")
    page.click('[data-test="open-wall"]')
    expect(page.locator('[data-test="wall"]')).to_be_visible()
    expect(page.locator('[data-test="wall-today-waiting"]')).to_be_visible(timeout=30_000)
    expect(page.locator('[data-test="wall-kpis"]')).to_contain_text("满意率")
    expect(page.locator('[data-test="wall-panel"] canvas')).to_have_count(2)
    page.wait_for_timeout(800)  # the charts' first frame
    no_scrolling(page)
    background = page.locator('[data-test="wall"]').evaluate("e => getComputedStyle(e).backgroundImage")
    assert "gradient" in background
    shot(page, "cockpit-wall-trend")

    # the panels rotate by themselves (here every second)
    page.goto("/dashboard/wall?rotate=1")
    title = page.locator('[data-test="wall-panel-title"]')
    expect(title).to_have_text("办件量走势与部门构成")
    expect(title).to_have_text("高峰分析", timeout=3000)
    expect(title).to_have_text("区域与窗口", timeout=3000)
    no_scrolling(page)
    page.wait_for_timeout(500)
    shot(page, "cockpit-wall-regions")

    # and today's figures follow the hall: a ticket taken now raises 正在等候
    before = int(page.locator('[data-test="wall-today-waiting"] b').inner_text())
    Api(board_hub, "kiosk01")("mutation($i:TakeTicketInput!){ takeTicket(input:$i){ ticket{ number } "
                              "errors{ message } } }",
                              {"i": {"servicePointCode": "330106013", "prefix": "C"}})
    expect(page.locator('[data-test="wall-today-waiting"] b')).to_have_text(str(before + 1), timeout=35_000)
    ctx.close()
    assert errors == [] and errors_csp == []
