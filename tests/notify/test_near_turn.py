"""叫号提醒: a ticket whose holder left a phone is texted (urgent SMS) when a call leaves exactly
three people ahead of it, once; a ticket without the opt-in is not; a bad phone is refused."""

from __future__ import annotations

import pytest

from hub.core.models import Notification, OutboxMessage, Ticket, Window
from hub.core.models.enums import NotifyChannel
from tests.queue.test_one_call_per_window import POINT, SIGN_IN
from tests.queue.test_one_call_per_window import gql as post

pytestmark = pytest.mark.both_databases

TAKE = """mutation($p:String){ takeTicket(input:{servicePointCode:"330106013", prefix:"A", nearPhone:$p}){
  ticket{ number } errors{ code field message } } }"""
CALL = "mutation{ callNext{ ticket{ number } errors{ code message } } }"


async def token(http, username: str) -> str:
    query = 'mutation($u:String!){ login(input:{username:$u,password:"demo1234"}){ token } }'
    login = await post(http, query, {"u": username})
    return login["login"]["token"]


async def near_sms() -> list[dict]:
    return list(await Notification.filter(event="TICKET_NEAR").order_by("id").values(
        "key", "channel", "body", "address", "urgent"))


async def test_the_holder_is_texted_when_three_are_ahead_once(gql):
    http = gql.http
    kiosk = await token(http, "kiosk01")
    refused = (await post(http, TAKE, {"p": "1380000"}, kiosk))["takeTicket"]
    assert refused["ticket"] is None and refused["errors"][0]["field"] == "nearPhone"
    assert "11 位手机号码" in refused["errors"][0]["message"]
    phones = [None, None, None, None, "13800005555", "13800006666", None]
    numbers = [(await post(http, TAKE, {"p": p}, kiosk))["takeTicket"]["ticket"]["number"] for p in phones]
    desk = await token(http, "qiantai")
    window = await Window.filter(service_point__code=POINT).order_by("number").first()
    assert window is not None
    assert (await post(http, SIGN_IN, {"w": str(window.id)}, desk))["signInWindow"]["errors"] == []

    async def call_and_finish() -> None:
        assert (await post(http, CALL, None, desk))["callNext"]["errors"] == []
        await post(http, "mutation{ startService{ errors{ code } } }", None, desk)
        await post(http, "mutation{ finishService{ errors{ code } } }", None, desk)

    await call_and_finish()  # the first called: the fifth now has three ahead
    sent = await near_sms()
    fifth = await Ticket.get(number=numbers[4], service_point__code=POINT)
    assert [s["key"] for s in sent] == [f"ticket:{fifth.id}:NEAR:SMS"]
    assert sent[0]["channel"] == NotifyChannel.SMS and sent[0]["address"] == "13800005555"
    assert sent[0]["urgent"] is True and f"{numbers[4]}号前面还有3人" in sent[0]["body"]
    assert (await OutboxMessage.get(idempotency_key=sent[0]["key"])).payload["urgent"] is True

    await call_and_finish()  # the sixth opted in too
    await call_and_finish()  # the seventh did not
    assert [s["address"] for s in await near_sms()] == ["13800005555", "13800006666"]
