"""Residents' login by SMS code (issue 20): 6 digits, hashed, valid 5 minutes, single use, the
sixth try refused, throttled per number and per address, the same answer for any number.

The code is read from the ``notify.sms`` outbox message its request wrote (no SMS channel runs
here); the hub's clock is moved by replacing ``utcnow`` in the rule's module."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from hub.core import outbox
from hub.core.clock import utcnow
from hub.core.idcard import check_char
from hub.core.models import LoginCode, OutboxMessage
from hub.core.settings import Settings
from resolvers.citizens import sms_login
from resolvers.notify import delivery
from tests.factories import make_resident

pytestmark = pytest.mark.both_databases

REQUEST = """mutation($p:String!,$k:String){ requestLoginCode(phone:$p, idempotencyKey:$k)
{ maskedPhone expiresInSeconds resendAfterSeconds errors{ code field message } } }"""
LOGIN = """mutation($p:String!,$c:String!){ loginWithCode(phone:$p, code:$c)
{ token expiresAt citizen{ name maskedIdNumber } errors{ code field message } } }"""
ME = "{ meCitizen { name idNumber } }"
PHONE = "13612345678"


def _id(first17: str) -> str:
    return first17 + check_char(first17)


LI = _id("33010619850304123")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):
    """The hub's clock as the rule reads it, moved by ``clock.shift(seconds)``."""
    class Clock:
        offset = timedelta()

        def shift(self, seconds: float) -> None:
            self.offset += timedelta(seconds=seconds)

    c = Clock()
    monkeypatch.setattr(sms_login, "utcnow", lambda: utcnow() + c.offset)
    return c


async def _request(gql, phone: str = PHONE, key: str | None = None) -> dict:
    return (await gql(REQUEST, {"p": phone, "k": key}))["data"]["requestLoginCode"]


async def _login(gql, code: str, phone: str = PHONE) -> dict:
    return (await gql(LOGIN, {"p": phone, "c": code}))["data"]["loginWithCode"]


async def _sms(phone: str = PHONE) -> list[dict]:
    """The SMS messages written for ``phone``, oldest first."""
    rows = await OutboxMessage.filter(topic="notify.sms").order_by("id").values("payload")
    return [r["payload"] for r in rows if r["payload"]["phone"] == phone]


async def _code(phone: str = PHONE) -> str:
    return (await _sms(phone))[-1]["params"]["code"]


def _wrong(code: str, n: int = 1) -> str:
    return f"{(int(code) + n) % 1_000_000:06d}"


async def test_a_code_logs_the_resident_in_with_the_password_logins_token(gql):
    person_id = await make_resident(LI, "李晓红", PHONE)
    sent = await _request(gql)
    assert sent == {"maskedPhone": "136****5678", "expiresInSeconds": 300, "resendAfterSeconds": 60,
                    "errors": []}
    [sms] = await _sms()
    assert sms["template"] == "login_code" and sms["urgent"] is True
    code = sms["params"]["code"]
    assert len(code) == 6 and code.isdigit()
    row = await LoginCode.get(phone=PHONE)
    assert code not in row.code_hash and len(row.code_hash) == 64  # only a keyed hash is kept

    done = await _login(gql, code)
    assert done["errors"] == [] and done["citizen"]["name"] == "李晓红"
    gql.token = done["token"]
    me = (await gql(ME))["data"]["meCitizen"]
    assert me == {"name": "李晓红", "idNumber": LI}
    # the code is spent: its clear text is gone from the outbox message
    assert (await _sms())[-1]["params"]["code"] == ""
    assert (await LoginCode.get(phone=PHONE)).used_at is not None and person_id


async def test_a_code_is_single_use(gql):
    await make_resident(LI, "李晓红", PHONE)
    await _request(gql)
    code = await _code()
    assert (await _login(gql, code))["token"]
    again = await _login(gql, code)
    assert again["token"] is None
    assert again["errors"] == [{"code": "CODE_EXPIRED", "field": "code",
                                "message": "验证码已失效，请重新获取"}]


async def test_two_verifications_of_one_code_at_once_give_exactly_one_session(gql):
    await make_resident(LI, "李晓红", PHONE)
    await _request(gql)
    code = await _code()
    results = await asyncio.gather(*(_login(gql, code) for _ in range(6)))
    tokens = [r["token"] for r in results if r["token"]]
    assert len(tokens) == 1, results
    assert {r["errors"][0]["code"] for r in results if not r["token"]} == {"CODE_EXPIRED"}


async def test_five_wrong_codes_burn_it_and_the_sixth_try_is_refused_even_when_right(gql):
    await make_resident(LI, "李晓红", PHONE)
    await _request(gql)
    code = await _code()
    messages = [(await _login(gql, _wrong(code, n)))["errors"][0] for n in range(1, 6)]
    assert [m["message"] for m in messages[:4]] == [
        f"验证码错误，还可尝试{n}次" for n in (4, 3, 2, 1)]
    assert all(m["code"] == "CODE_WRONG" for m in messages[:4])
    assert messages[4] == {"code": "CODE_EXPIRED", "field": "code",
                           "message": "验证码错误次数过多，已失效，请重新获取"}
    sixth = await _login(gql, code)
    assert sixth["token"] is None and sixth["errors"][0]["code"] == "CODE_EXPIRED"
    assert sixth["errors"][0]["message"] == "验证码错误次数过多，已失效，请重新获取"
    row = await LoginCode.get(phone=PHONE)
    assert row.attempts == 5 and row.used_at is not None
    assert (await _sms())[-1]["params"]["code"] == ""  # burnt: blanked in the outbox too


async def test_the_fifth_try_may_still_be_the_right_one(gql):
    await make_resident(LI, "李晓红", PHONE)
    await _request(gql)
    code = await _code()
    for n in range(1, 5):
        assert (await _login(gql, _wrong(code, n)))["errors"][0]["code"] == "CODE_WRONG"
    assert (await _login(gql, code))["token"]


async def test_parallel_wrong_guesses_never_get_more_than_five_tries(gql):
    await make_resident(LI, "李晓红", PHONE)
    await _request(gql)
    code = await _code()
    guesses = [_wrong(code, n) for n in range(1, 12)] + [code]
    results = await asyncio.gather(*(_login(gql, g) for g in guesses))
    assert sum(r["errors"][0]["code"] == "CODE_WRONG" for r in results if r["errors"]) <= 4
    assert (await LoginCode.get(phone=PHONE)).attempts <= 5
    # the right code sent 12th among 11 wrong ones may win only while tries remain
    assert sum(1 for r in results if r["token"]) <= 1


async def test_a_code_expires_after_five_minutes_on_the_hubs_clock(gql, clock):
    await make_resident(LI, "李晓红", PHONE)
    await _request(gql)
    code = await _code()
    clock.shift(299)
    assert (await _login(gql, _wrong(code)))["errors"][0]["code"] == "CODE_WRONG"
    clock.shift(2)
    late = await _login(gql, code)
    assert late["token"] is None and late["errors"][0]["message"] == "验证码已失效，请重新获取"


async def test_a_new_code_waits_60_seconds_and_then_replaces_the_old_one(gql, clock):
    await make_resident(LI, "李晓红", PHONE)
    await _request(gql)
    first = await _code()
    clock.shift(20)
    early = await _request(gql)
    assert early["errors"] == [{"code": "RATE_LIMITED", "field": None,
                                "message": "请求过于频繁，请40秒后再试"}]
    assert len(await _sms()) == 1
    clock.shift(41)
    assert (await _request(gql))["errors"] == []
    second = await _code()
    sms = await _sms()
    assert len(sms) == 2 and sms[0]["params"]["code"] == ""  # the replaced one withdrawn
    assert await LoginCode.filter(phone=PHONE).count() == 1
    if first != second:  # the replaced code is now just a wrong one
        old = await _login(gql, first)
        assert old["token"] is None and old["errors"][0]["code"] == "CODE_WRONG"
    assert (await _login(gql, second))["token"]


async def test_two_requests_at_once_send_one_code(gql):
    results = await asyncio.gather(*(_request(gql) for _ in range(4)))
    assert sum(1 for r in results if not r["errors"]) == 1, results
    assert {r["errors"][0]["code"] for r in results if r["errors"]} == {"RATE_LIMITED"}
    assert len(await _sms()) == 1 and await LoginCode.filter(phone=PHONE).count() == 1


async def test_requests_are_throttled_per_number(gql, clock):
    for _ in range(5):
        assert (await _request(gql))["errors"] == []
        clock.shift(61)
    refused = await _request(gql)
    assert refused["errors"][0]["code"] == "RATE_LIMITED"
    assert refused["errors"][0]["message"].startswith("请求过于频繁，请3600秒后再试")
    assert len(await _sms()) == 5
    assert (await _request(gql, "13612345679"))["errors"] == []  # another number still may


async def test_requests_are_throttled_per_client_address(gql):
    for n in range(20):
        assert (await _request(gql, f"135000000{n:02d}"))["errors"] == []
    refused = await _request(gql, "13500000099")
    assert refused["errors"][0]["code"] == "RATE_LIMITED"
    assert "本网络" in refused["errors"][0]["message"]
    assert await OutboxMessage.filter(topic="notify.sms").count() == 20


async def test_the_answer_is_the_same_for_a_number_without_an_account(gql):
    await make_resident(LI, "李晓红", PHONE)
    known = await _request(gql, PHONE)
    unknown = await _request(gql, "13712345678")
    assert {**known, "maskedPhone": None} == {**unknown, "maskedPhone": None}
    assert len(await _sms("13712345678")) == 1  # the same work: an SMS all the same
    # only the number's holder, with the right code, learns that it has no account
    refused = await _login(gql, await _code("13712345678"), "13712345678")
    assert refused["token"] is None and refused["errors"][0]["code"] == "PHONE_UNKNOWN"
    wrong = await _login(gql, _wrong(await _code()), PHONE)
    assert wrong["errors"][0]["code"] == "CODE_WRONG"


async def test_a_number_shared_by_two_accounts_logs_in_neither(gql):
    await make_resident(LI, "李晓红", PHONE)
    await make_resident(_id("33010620100304123"), "李小明", PHONE)
    await _request(gql)
    refused = await _login(gql, await _code())
    assert refused["token"] is None and refused["errors"][0]["code"] == "PHONE_UNKNOWN"
    assert "多个" in refused["errors"][0]["message"]


@pytest.mark.parametrize("phone", ["12345678901", "1361234567", "136123456789", "abc", ""])
async def test_a_malformed_number_is_refused_and_nothing_is_written(gql, phone):
    refused = await _request(gql, phone)
    assert refused["errors"] == [{"code": "INVALID", "field": "phone",
                                  "message": "请输入正确的 11 位手机号码"}]
    assert await LoginCode.all().count() == 0 and await OutboxMessage.all().count() == 0


async def test_a_malformed_code_is_refused_without_spending_a_try(gql):
    await make_resident(LI, "李晓红", PHONE)
    await _request(gql, "136 1234 5678")  # spaces as people type them
    for bad in ("12345", "abcdef", "1234567"):
        refused = await _login(gql, bad)
        assert refused["errors"][0] == {"code": "INVALID", "field": "code",
                                        "message": "请输入 6 位数字验证码"}
    assert (await LoginCode.get(phone=PHONE)).attempts == 0


async def test_a_retried_request_with_its_key_sends_one_sms(gql):
    first = await _request(gql, key="tap-1")
    retry = await _request(gql, key="tap-1")
    assert first["errors"] == [] and retry["errors"] == []
    assert retry["maskedPhone"] == "136****5678" and len(await _sms()) == 1
    other = await _request(gql, "13612345679", key="tap-1")
    assert other["errors"][0]["code"] == "CONFLICT"


async def test_the_notifications_engine_serves_notify_sms():
    """The SMS channel of the notifications engine (resolvers/notify/delivery.py) serves the
    topic; the login rules only enqueue (tests/notify/test_delivery_rules.py sends a login code)."""
    delivery.register()
    assert "notify.sms" in outbox.topics()
    assert outbox._handlers["notify.sms"] is delivery.deliver_sms


async def test_the_retention_job_deletes_expired_codes_and_blanks_their_sms(gql, clock):
    await _request(gql)
    await _request(gql, "13612345679")
    assert await sms_login.prune(utcnow()) == 0
    assert all([(await _sms(p))[0]["params"]["code"] for p in (PHONE, "13612345679")])
    assert await sms_login.prune(utcnow() + timedelta(seconds=301), batch=1) == 2
    assert await LoginCode.all().count() == 0
    assert [(await _sms(p))[0]["params"]["code"] for p in (PHONE, "13612345679")] == ["", ""]


async def test_registration_keeps_the_mobile_number_sms_codes_go_to(gql):
    register = """mutation($i:String!,$p:String!){ registerCitizen(input:{idNumber:$i, name:"李晓红",
    phone:$p, password:"pass1234"}){ token errors{ code field message } } }"""
    bad = (await gql(register, {"i": LI, "p": "0571-1234"}))["data"]["registerCitizen"]
    assert bad["errors"] == [{"code": "INVALID", "field": "phone",
                              "message": "请输入正确的 11 位手机号码"}]
    ok = (await gql(register, {"i": LI, "p": "+86 136-1234-5678"}))["data"]["registerCitizen"]
    assert ok["token"]
    await _request(gql)
    assert (await _login(gql, await _code()))["citizen"]["name"] == "李晓红"


def test_the_code_echo_is_refused_in_production(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("HUB_MODE", "prod")
    monkeypatch.delenv("HUB_LOGIN_CODE_ECHO", raising=False)
    assert Settings.from_env().login_code_echo is False
    monkeypatch.setenv("HUB_LOGIN_CODE_ECHO", "on")
    with pytest.raises(ValueError, match="HUB_LOGIN_CODE_ECHO"):
        Settings.from_env()
    monkeypatch.setenv("HUB_MODE", "dev")
    monkeypatch.setenv("HUB_LOGIN_CODE_ECHO", "off")
    assert Settings.from_env().login_code_echo is False


async def test_the_demo_echo_logs_the_masked_number_and_the_code(database, caplog):
    from hub.core.throttle import Throttle

    codes = sms_login.LoginCodes("k", Throttle(5, 60), Throttle(5, 60),
                                 sms_login.CodePolicy(echo=True))
    with caplog.at_level(logging.WARNING, logger="owh.citizens.sms"):
        await sms_login.request_code(PHONE, client_ip="1.2.3.4", codes=codes)
    code = await _code()
    assert f"[demo] 短信验证码 136****5678: {code}" in caplog.text
    quiet = sms_login.LoginCodes("k", Throttle(5, 60), Throttle(5, 60), sms_login.CodePolicy())
    caplog.clear()
    await sms_login.request_code("13612345679", client_ip="1.2.3.4", codes=quiet)
    assert "短信验证码" not in caplog.text
