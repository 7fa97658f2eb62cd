"""Lockout under parallel guesses (issue 15, finding 2): every guess claims an attempt before its
password is checked, so 25 guesses at once evaluate at most ``login_max_failures`` passwords and
the right one arriving 25th gets no token; 20 wrong guesses at once lock the account. Staff and
residents, on both databases, with real concurrent requests over the ASGI app."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from hub.core import security
from hub.core.clock import utcnow
from hub.core.models import CitizenAccount, Staff
from hub.core.models.enums import Role
from tests.factories import PASSWORD, make_staff

pytestmark = pytest.mark.both_databases
MAX_FAILURES = 5  # the default login_max_failures
LOGIN = """mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p})
{ token errors{ code message } } }"""
CITIZEN_LOGIN = """mutation($i:String!,$p:String!){ citizenLogin(idNumber:$i, password:$p)
{ token errors{ code message } } }"""
REGISTER = """mutation($i:String!,$p:String!){ registerCitizen(input:{idNumber:$i, name:"张桂英",
password:$p}){ token errors{ code } } }"""
ZHANG = "330106195803120245"
RESIDENT_PASSWORD = "zhang2026"


@pytest.fixture
def evaluated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The passwords argon2 actually checked, in order."""
    checked: list[str] = []
    real = security.verify_password

    def counting(password_hash: str | None, password: str) -> bool:
        checked.append(password)
        return real(password_hash, password)

    monkeypatch.setattr(security, "verify_password", counting)
    return checked


def _payload(response) -> dict:
    assert response.status_code == 200, response.text
    return next(iter(response.json()["data"].values()))


async def _guesses(gql, query: str, variables: list[dict]) -> list[dict]:
    """All guesses at once."""
    return [_payload(r) for r in await asyncio.gather(*(gql.post(query, v) for v in variables))]


async def _24_wrong_then_the_right_one(gql, query: str, wrong: list[dict], right: dict,
                                       model, pk: int) -> list[dict]:
    """24 wrong guesses at once, and the right one sent as soon as the account is locked, while
    the wrong ones are still in flight (sent together, on PostgreSQL's pool of connections the
    right one could take one of the allowed attempts, which would be a fair guess)."""
    tasks = [asyncio.ensure_future(gql.post(query, v)) for v in wrong]
    for _ in range(2000):
        if await model.filter(id=pk, locked_until__isnull=False).exists():
            break
        await asyncio.sleep(0.005)
    last = asyncio.ensure_future(gql.post(query, right))
    return [_payload(r) for r in await asyncio.gather(*tasks, last)]


async def test_25_parallel_staff_guesses_evaluate_at_most_the_limit_and_the_25th_right_one_fails(
        gql, evaluated):
    staff = await make_staff("target", Role.FRONT_DESK)
    results = await _24_wrong_then_the_right_one(
        gql, LOGIN, [{"u": "target", "p": f"wrong-{i:04d}"} for i in range(24)],
        {"u": "target", "p": PASSWORD}, Staff, staff.id)
    assert all(r["token"] is None for r in results), results
    assert len(evaluated) <= MAX_FAILURES and PASSWORD not in evaluated
    codes = [r["errors"][0]["code"] for r in results]
    assert codes.count("INVALID_CREDENTIALS") == len(evaluated)
    assert codes.count("LOCKED") == 25 - len(evaluated)
    assert "锁定" in results[-1]["errors"][0]["message"]
    # the right password afterwards is refused too, without being checked
    evaluated.clear()
    again = (await gql(LOGIN, {"u": "target", "p": PASSWORD}))["data"]["login"]
    assert again["token"] is None and again["errors"][0]["code"] == "LOCKED" and evaluated == []


async def test_20_parallel_wrong_staff_guesses_lock_the_account(gql, evaluated):
    await make_staff("target2", Role.FRONT_DESK)
    results = await _guesses(gql, LOGIN, [{"u": "target2", "p": f"nope-{i:04d}"} for i in range(20)])
    codes = sorted(r["errors"][0]["code"] for r in results)
    assert codes == ["INVALID_CREDENTIALS"] * MAX_FAILURES + ["LOCKED"] * (20 - MAX_FAILURES)
    assert len(evaluated) == MAX_FAILURES
    staff = await Staff.get(username="target2")
    assert staff.locked_until is not None and staff.locked_until > utcnow()
    locked = (await gql(LOGIN, {"u": "target2", "p": PASSWORD}))["data"]["login"]
    assert locked["errors"][0]["code"] == "LOCKED"


async def test_a_lock_that_ran_out_lets_the_right_password_in_and_success_resets(gql):
    await make_staff("target3", Role.FRONT_DESK)
    await _guesses(gql, LOGIN, [{"u": "target3", "p": f"nope-{i:04d}"} for i in range(8)])
    await Staff.filter(username="target3").update(locked_until=utcnow() - timedelta(seconds=1))
    ok = (await gql(LOGIN, {"u": "target3", "p": PASSWORD}))["data"]["login"]
    assert ok["token"] and ok["errors"] == []
    staff = await Staff.get(username="target3")
    assert staff.failed_logins == 0 and staff.locked_until is None


async def test_25_parallel_resident_guesses_evaluate_at_most_the_limit_and_the_25th_right_one_fails(
        gql, evaluated):
    assert (await gql(REGISTER, {"i": ZHANG, "p": RESIDENT_PASSWORD}))["data"][
        "registerCitizen"]["token"]
    evaluated.clear()
    account = await CitizenAccount.get(person__id_number=ZHANG)
    results = await _24_wrong_then_the_right_one(
        gql, CITIZEN_LOGIN, [{"i": ZHANG, "p": f"wrong-{i:04d}"} for i in range(24)],
        {"i": ZHANG, "p": RESIDENT_PASSWORD}, CitizenAccount, account.id)
    assert all(r["token"] is None for r in results), results
    assert len(evaluated) <= MAX_FAILURES and RESIDENT_PASSWORD not in evaluated
    codes = [r["errors"][0]["code"] for r in results]
    assert codes.count("LOCKED") == 25 - len(evaluated) and codes[-1] == "LOCKED"
    again = (await gql(CITIZEN_LOGIN, {"i": ZHANG, "p": RESIDENT_PASSWORD}))["data"]["citizenLogin"]
    assert again["token"] is None and again["errors"][0]["code"] == "LOCKED"
    assert again["errors"][0]["message"] == "密码错误次数过多，账号已临时锁定，请稍后再试"


async def test_20_parallel_wrong_resident_guesses_lock_the_account_and_success_resets(gql, evaluated):
    assert (await gql(REGISTER, {"i": ZHANG, "p": RESIDENT_PASSWORD}))["data"][
        "registerCitizen"]["token"]
    evaluated.clear()
    results = await _guesses(gql, CITIZEN_LOGIN,
                             [{"i": ZHANG, "p": f"nope-{i:04d}"} for i in range(20)])
    codes = sorted(r["errors"][0]["code"] for r in results)
    assert codes == ["INVALID_CREDENTIALS"] * MAX_FAILURES + ["LOCKED"] * (20 - MAX_FAILURES)
    assert len(evaluated) == MAX_FAILURES
    account = await CitizenAccount.get(person__id_number=ZHANG)
    assert account.locked_until is not None
    locked = (await gql(CITIZEN_LOGIN, {"i": ZHANG, "p": RESIDENT_PASSWORD}))["data"]["citizenLogin"]
    assert locked["errors"][0]["code"] == "LOCKED"
    # once the lock has run out, the right password logs in and the count starts again
    await CitizenAccount.filter(id=account.id).update(locked_until=utcnow() - timedelta(seconds=1))
    ok = (await gql(CITIZEN_LOGIN, {"i": ZHANG, "p": RESIDENT_PASSWORD}))["data"]["citizenLogin"]
    assert ok["token"] and ok["errors"] == []
    account = await CitizenAccount.get(id=account.id)
    assert account.failed_logins == 0 and account.locked_until is None
