"""A joint application's live tracking: the application's stream yields each step of its
linked cases as soon as the case's own event is published (the case channels ring the
doorbell), resumes from a cursor without loss or repeat, and says RESET for a cursor ahead of
the log; over the websocket, the applicant follows it with number plus ID number."""

import asyncio

import pytest
from starlette.testclient import TestClient
from tortoise.transactions import in_transaction

from bench.cases import counter_viewer
from hub.core.models import ServicePoint, Staff
from hub.core.models.enums import CaseStatus
from hub.web.app import create_app
from realtime.bus import EventBus
from realtime.doorbells import follow_with_doorbells
from realtime.stream import Reset
from resolvers.cases.actors import Actor
from resolvers.cases.joint import filing, tracking
from resolvers.cases.transitions import channel_of, move
from tests.cases.joint_support import MOTHER, birth_request
from tests.conftest import test_settings
from tests.realtime.test_websocket import PROTOCOL

pytestmark = pytest.mark.both_databases


async def _open() -> filing.Opened:
    staff = await Staff.get(username="qiantai")
    point = await ServicePoint.get(code="330106013")
    return await filing.open_application(Actor.staff(counter_viewer(staff.id, point.id, point.path)),
                                        await birth_request())


async def test_a_step_shows_as_soon_as_the_case_event_is_published(database):
    opened = await _open()
    app_id = opened.application["id"]
    bus = EventBus()  # no catch-up sweep running: only the doorbell can deliver
    bells = [channel_of(c["id"]) for c in opened.cases]
    stream = follow_with_doorbells(bus, tracking.application_channel(app_id), 0, bells)
    first = await asyncio.wait_for(anext(stream), 5)
    assert not isinstance(first, Reset) and (first.seq, first.kind) == (1, "OPENED")
    pending = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0.05)
    assert not pending.done()
    approver = Actor(None, "公安审批员", "BACK_OFFICE", None)
    async with in_transaction() as conn:
        event = await move(conn, opened.cases[0]["id"], expect=[CaseStatus.RECEIVED],
                           to=CaseStatus.APPROVED, actor=approver, action="APPROVE")
    await asyncio.sleep(0.05)
    assert not pending.done()  # committed but not yet published
    await bus.publish([event])  # what the approving mutation does after its commit
    step = await asyncio.wait_for(pending, 5)
    assert not isinstance(step, Reset)
    assert (step.seq, step.kind, step.payload["to"], step.payload["item"]) == (
        2, "CASE_MOVED", "APPROVED", "出生登记")
    await stream.aclose()

    # resuming after the first event replays only the second; a cursor from the future resets
    again = follow_with_doorbells(bus, tracking.application_channel(app_id), 1, bells)
    assert (await asyncio.wait_for(anext(again), 5)).seq == 2
    await again.aclose()
    ahead = follow_with_doorbells(bus, tracking.application_channel(app_id), 99, bells)
    assert await asyncio.wait_for(anext(ahead), 5) == Reset(2)
    await ahead.aclose()
    assert bus.subscriber_count() == 0


EVENTS = """subscription($n:String!,$i:String,$a:Int){ applicationEvents(number:$n, idNumber:$i, after:$a){
  cursor kind statusLabel } }"""


def test_the_applicant_follows_the_application_with_number_and_id_number(database_url):
    import asyncio as aio

    from hub.core import db

    async def open_one() -> str:
        await db.init_db(database_url)
        try:
            return (await _open()).application["number"]
        finally:
            await db.close_db()

    number = aio.run(open_one())
    app = create_app(test_settings(database_url))
    with TestClient(app) as client, client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"type": "subscribe", "id": "a", "payload": {
            "query": EVENTS, "variables": {"n": number, "i": MOTHER, "a": 0}}})
        first = ws.receive_json()
        assert first["type"] == "next", first
        assert first["payload"]["data"]["applicationEvents"] == {
            "cursor": 1, "kind": "OPENED", "statusLabel": "办理中（0/3 已办结）"}
        ws.send_json({"type": "subscribe", "id": "b", "payload": {
            "query": EVENTS, "variables": {"n": number, "i": "330106195803120245", "a": 0}}})
        refused = ws.receive_json()
        assert refused["type"] == "error" or "errors" in refused.get("payload", {}), refused
