"""Signing in at a second window asks first (issue 16): "您已在 N 号窗口签到 — 是否转到此窗口？",
and only a confirmed move (move: true) signs the account out of the first window; racing
sign-ins of one account leave it at exactly one window."""

import asyncio

import pytest

from hub.core.models import Staff, WindowSession
from tests.queue.test_queue_api import take, window_id

pytestmark = pytest.mark.both_databases

SIGN_IN = """mutation($w:ID!,$m:Boolean!){ signInWindow(windowId:$w, prefixes:["A"], move:$m){
  session{ window{ number } } errors{ code field message } } }"""
MINE = "{ myWindow{ window{ number } } }"


async def sign_in(gql, number: int, move: bool = False) -> dict:
    body = await gql(SIGN_IN, {"w": await window_id(number), "m": move})
    return body["data"]["signInWindow"]


async def open_windows() -> list[int]:
    staff = await Staff.get(username="qiantai")
    return sorted(await WindowSession.filter(open_staff_id=staff.id).values_list(
        "window__number", flat=True))


async def test_a_second_window_asks_and_only_a_confirmed_move_takes_over(gql):
    await gql.login("kiosk01", "demo1234")
    await take(gql, "330106195803120245")
    await gql.login("qiantai", "demo1234")
    assert (await sign_in(gql, 1))["errors"] == []
    called = await gql("mutation{ callNext{ ticket{ number } errors{ code } } }")
    assert called["data"]["callNext"]["ticket"]["number"] == "A001"
    # when the same account signs in at window 2, it is asked, and nothing changes yet
    asked = await sign_in(gql, 2)
    assert asked["session"] is None
    assert asked["errors"] == [{"code": "SIGNED_IN_ELSEWHERE", "field": "windowId",
                                "message": "您已在 1 号窗口签到 — 是否转到此窗口？"}]
    assert (await gql(MINE))["data"]["myWindow"]["window"]["number"] == 1
    # signing in again at the same window is no move and asks nothing
    assert (await sign_in(gql, 1))["errors"] == []
    # when the move is confirmed, the account is at window 2 only and the called ticket waits again
    moved = await sign_in(gql, 2, move=True)
    assert moved["errors"] == [] and moved["session"]["window"]["number"] == 2
    assert await open_windows() == [2]
    hall = await gql('{ hall(servicePointCode:"330106013"){ queues{ prefix waiting } } }')
    assert {"prefix": "A", "waiting": 1} in hall["data"]["hall"]["queues"]


async def test_racing_sign_ins_of_one_account_leave_it_at_one_window(gql):
    await gql.login("qiantai", "demo1234")
    # two terminals sign the account in at once, unconfirmed: one wins, the other is asked
    first = await asyncio.gather(sign_in(gql, 1), sign_in(gql, 2))
    winners = [p["session"]["window"]["number"] for p in first if p["session"]]
    assert len(winners) == 1
    assert [e["code"] for p in first for e in p["errors"]] == ["SIGNED_IN_ELSEWHERE"]
    assert await open_windows() == winners
    # two confirmed moves at once: the account ends at exactly one of them
    moves = await asyncio.gather(sign_in(gql, 3, move=True), sign_in(gql, 4, move=True))
    assert sum(1 for p in moves if p["session"]) >= 1
    assert len(await open_windows()) == 1 and (await open_windows())[0] in (3, 4)
