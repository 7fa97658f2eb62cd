"""One window, one call: two ``callNext`` on the same window at once (a double click, or two
instances behind a load balancer) call exactly one ticket; the other gets BUSY and writes
nothing. Over real HTTP on one hub process, across two hub processes sharing the database, and
at the database itself (the partial unique index of migration 0017), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from tortoise.exceptions import IntegrityError

from hub.core.clock import local_date, utcnow
from hub.core.models import Event, QueueCategory, ServicePoint, Ticket, Window
from hub.core.models.enums import TicketStatus
from tests.conftest import hub_process

pytestmark = pytest.mark.both_databases
POINT = "330106013"
PAIRS = 60
CALL = "mutation{ callNext{ ticket{ number } errors{ code message } } }"
START = "mutation{ startService{ errors{ code } } }"
FINISH = "mutation{ finishService{ errors{ code } } }"
SIGN_IN = """mutation($w:ID!){ signInWindow(windowId:$w, prefixes:["A"]){ errors{ code } } }"""


async def waiting_tickets(n: int) -> None:
    point = await ServicePoint.get(code=POINT)
    category = await QueueCategory.get(service_point=point, prefix="A")
    now = utcnow()
    await Ticket.bulk_create([
        Ticket(service_point=point, category=category, queue=category, day=local_date(now),
               seq=i, number=f"A{i:03d}", rank_at=now + timedelta(seconds=i), taken_at=now,
               nonce="x") for i in range(1, n + 1)])


async def gql(http: httpx.AsyncClient, query: str, variables: dict | None = None,
              token: str | None = None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = (await http.post("/graphql", json={"query": query, "variables": variables or {}},
                            headers=headers)).json()
    assert "errors" not in body, body
    return body["data"]


async def signed_in_clerk(http: httpx.AsyncClient) -> tuple[str, int]:
    """qiantai's token, signed in to the first window of the point for category A."""
    login = await gql(http, 'mutation{ login(input:{username:"qiantai",password:"demo1234"}){ token } }')
    token = login["login"]["token"]
    window = await Window.filter(service_point__code=POINT).order_by("number").first()
    assert window is not None
    assert (await gql(http, SIGN_IN, {"w": str(window.id)}, token))["signInWindow"]["errors"] == []
    return token, window.id


async def race(calls: list[httpx.AsyncClient], token: str, window_id: int) -> None:
    """PAIRS times: two callNext at once, exactly one ticket called, the other BUSY; then the
    called ticket is served and finished so that the window is free for the next pair."""
    for n in range(PAIRS):
        answers = await asyncio.gather(*(gql(http, CALL, token=token) for http in calls))
        payloads = [a["callNext"] for a in answers]
        won = [p for p in payloads if p["ticket"] is not None]
        lost = [p for p in payloads if p["ticket"] is None]
        assert len(won) == 1, f"pair {n}: {payloads}"
        assert [e["code"] for e in lost[0]["errors"]] == ["BUSY"], payloads
        assert won[0]["ticket"]["number"] in lost[0]["errors"][0]["message"]
        assert await Ticket.filter(window_id=window_id, status__in=(
            TicketStatus.CALLED, TicketStatus.SERVING)).count() == 1
        assert (await gql(calls[0], START, token=token))["startService"]["errors"] == []
        assert (await gql(calls[-1], FINISH, token=token))["finishService"]["errors"] == []


async def nothing_half_written(window_id: int) -> None:
    """PAIRS tickets called and finished, one CALLED hall event each, the rest still waiting."""
    done = await Ticket.filter(window_id=window_id, status=TicketStatus.DONE).count()
    assert done == PAIRS
    assert await Ticket.filter(status=TicketStatus.WAITING).count() == PAIRS
    assert await Ticket.filter(status=TicketStatus.WAITING, window_id__isnull=False).count() == 0
    assert await Event.filter(kind="CALLED").count() == PAIRS


async def test_sixty_double_calls_on_one_instance_call_one_ticket_each(database, tmp_path: Path):
    # given 120 waiting tickets and a clerk signed in to a window on a real hub process
    await waiting_tickets(2 * PAIRS)
    with hub_process(database, tmp_path) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as one, \
                httpx.AsyncClient(base_url=base, timeout=30) as two:
            token, window_id = await signed_in_clerk(one)
            # when the clerk's callNext arrives twice at once, 60 times over
            # then each time exactly one ticket is called and the other request gets BUSY
            await race([one, two], token, window_id)
    await nothing_half_written(window_id)


async def test_sixty_double_calls_across_two_instances_call_one_ticket_each(database, tmp_path: Path):
    # given two hub processes over the same database (behind a load balancer)
    await waiting_tickets(2 * PAIRS)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with hub_process(database, tmp_path / "a") as a, hub_process(database, tmp_path / "b") as b:
        async with httpx.AsyncClient(base_url=a, timeout=30) as on_a, \
                httpx.AsyncClient(base_url=b, timeout=30) as on_b:
            token, window_id = await signed_in_clerk(on_a)
            # when the clerk's double click reaches A and B at once, 60 times over
            await race([on_a, on_b], token, window_id)
    await nothing_half_written(window_id)


async def test_the_database_refuses_a_second_active_ticket_at_a_window(database):
    # given a window with a called ticket
    await waiting_tickets(3)
    window = await Window.filter(service_point__code=POINT).order_by("number").first()
    assert window is not None
    now = utcnow()
    await Ticket.filter(number="A001").update(status=TicketStatus.CALLED, window_id=window.id,
                                              called_at=now)
    # then neither a second CALLED nor a SERVING ticket can be written to it, by any code path
    for status in (TicketStatus.CALLED, TicketStatus.SERVING):
        with pytest.raises(IntegrityError):
            await Ticket.filter(number="A002").update(status=status, window_id=window.id,
                                                      called_at=now)
    # while finished tickets and other windows are not limited
    other = await Window.filter(service_point__code=POINT).order_by("number").offset(1).first()
    assert other is not None
    await Ticket.filter(number="A002").update(status=TicketStatus.CALLED, window_id=other.id)
    await Ticket.filter(number="A001").update(status=TicketStatus.DONE)
    await Ticket.filter(number="A003").update(status=TicketStatus.DONE, window_id=window.id)
    await Ticket.filter(number="A002").update(window_id=window.id)
