"""Idempotency keys on the writes a client retries (intakeCase, openApplication, bookAppointment,
takeTicket): a retry after a lost response returns the first result and writes nothing; another
payload under the same key is refused; two requests racing with one key write once."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from hub.core.models import Application, Appointment, Case, IdempotencyKey, Ticket
from tests.cases.test_case_api import CHECKLIST, INTAKE, ITEM, PDF, ZHANG, as_input, upload
from tests.cases.test_joint_api import OPEN, birth_input
from tests.queue.test_appointments import BOOK, DAYS, SLOTS, WANG

pytestmark = pytest.mark.both_databases

TAKE = """mutation($i:TakeTicketInput!){ takeTicket(input:$i){ ticket{ id number token }
  errors{ code message } } }"""
CONFLICT = "该请求编号已用于另一份内容不同的提交，请刷新页面后重新提交"


async def intake_input(gql) -> dict:
    from bench.cases import answers_for

    answers = as_input(await answers_for(ITEM))
    body = await gql(CHECKLIST, {"c": ITEM, "a": answers, "i": ZHANG})
    materials = []
    for line in body["data"]["checklist"]["checklist"]["lines"]:
        if line["requirement"] == "REQUIRED" and not line["satisfiedBy"]:
            r = await upload(gql, PDF + line["name"].encode())
            materials.append({"materialId": int(line["materialId"]), "originalSeen": True,
                              "files": [{"fileId": r.json()["fileId"], "filename": "扫描件.pdf"}]})
        elif line["requirement"] == "DEFERRABLE":
            materials.append({"materialId": int(line["materialId"]), "deferred": True})
    return {"itemCode": ITEM, "answers": answers, "materials": materials,
            "applicant": {"idNumber": ZHANG, "name": "张桂英"}, "idempotencyKey": str(uuid.uuid4())}


async def booking_input(gql) -> dict:
    day = [d for d in (await gql(DAYS, {"p": "A"}))["data"]["appointmentDays"] if d["open"]][-1]
    slot = next(s for s in (await gql(SLOTS, {"d": day["day"]}))["data"]["appointmentSlots"]
                if s["bookable"])
    return {"servicePointCode": "330106013", "prefix": "A", "startsAt": slot["startsAt"],
            "name": "王磊", "idNumber": WANG, "phone": "139 0000 5678", "channel": "MOBILE",
            "idempotencyKey": str(uuid.uuid4())}


async def test_a_retried_intake_returns_the_same_case_and_files_nothing_more(gql):
    await gql.login("qiantai", "demo1234")
    value = await intake_input(gql)
    first = (await gql(INTAKE, {"i": value}))["data"]["intakeCase"]
    assert first["errors"] == [] and first["case"]["number"]
    # the response was lost; the page sends the same submission again
    retry = (await gql(INTAKE, {"i": value}))["data"]["intakeCase"]
    assert retry["errors"] == [] and retry["case"]["id"] == first["case"]["id"]
    assert retry["case"]["number"] == first["case"]["number"]
    assert await Case.all().count() == 1
    assert await IdempotencyKey.filter(scope="intakeCase").count() == 1
    # the same key with another payload is refused
    other = (await gql(INTAKE, {"i": value | {"applicant": {"idNumber": ZHANG, "name": "张桂"}}}))
    errors = other["data"]["intakeCase"]["errors"]
    assert other["data"]["intakeCase"]["case"] is None and errors[0]["message"] == CONFLICT
    # another key is another intake
    again = (await gql(INTAKE, {"i": value | {"idempotencyKey": str(uuid.uuid4())}}))
    assert again["data"]["intakeCase"]["case"]["id"] != first["case"]["id"]
    assert await Case.all().count() == 2


async def test_two_intakes_racing_with_one_key_file_one_case(gql):
    await gql.login("qiantai", "demo1234")
    value = await intake_input(gql)
    a, b = await asyncio.gather(gql(INTAKE, {"i": value}), gql(INTAKE, {"i": value}))
    ids = {a["data"]["intakeCase"]["case"]["id"], b["data"]["intakeCase"]["case"]["id"]}
    assert len(ids) == 1, (a, b)
    assert await Case.all().count() == 1


async def test_a_retried_joint_application_returns_the_same_application(gql):
    await gql.login("qiantai", "demo1234")
    value, _ = await birth_input(gql)
    value["idempotencyKey"] = str(uuid.uuid4())
    first = (await gql(OPEN, {"i": value}))["data"]["openApplication"]
    assert first["errors"] == [], first
    retry = (await gql(OPEN, {"i": value}))["data"]["openApplication"]
    assert retry["errors"] == [] and retry["application"]["id"] == first["application"]["id"]
    assert [c["number"] for c in retry["application"]["cases"]] == [
        c["number"] for c in first["application"]["cases"]]
    assert await Application.all().count() == 1 and await Case.all().count() == 3


async def test_a_retried_booking_returns_the_same_appointment(gql):
    value = await booking_input(gql)
    first = (await gql(BOOK, {"i": value}))["data"]["bookAppointment"]
    assert first["errors"] == [], first
    retry = (await gql(BOOK, {"i": value}))["data"]["bookAppointment"]
    assert retry == first  # not DUPLICATE: the same booking, code and all
    assert await Appointment.all().count() == 1
    other = (await gql(BOOK, {"i": value | {"phone": "139 0000 5679"}}))["data"]["bookAppointment"]
    assert other["errors"][0]["message"] == CONFLICT


async def test_two_bookings_racing_with_one_key_book_once(gql):
    value = await booking_input(gql)
    a, b = await asyncio.gather(gql(BOOK, {"i": value}), gql(BOOK, {"i": value}))
    assert a["data"]["bookAppointment"] == b["data"]["bookAppointment"], (a, b)
    assert await Appointment.all().count() == 1


async def test_a_retried_ticket_is_the_same_ticket_and_racing_twins_take_one(gql):
    await gql.login("kiosk01", "demo1234")
    value = {"servicePointCode": "330106013", "prefix": "A", "idempotencyKey": str(uuid.uuid4())}
    before = await Ticket.all().count()
    first = (await gql(TAKE, {"i": value}))["data"]["takeTicket"]
    retry = (await gql(TAKE, {"i": value}))["data"]["takeTicket"]
    assert first["errors"] == [] and retry == first
    assert await Ticket.all().count() == before + 1
    twin = value | {"idempotencyKey": str(uuid.uuid4())}
    a, b = await asyncio.gather(*(gql(TAKE, {"i": twin}) for _ in range(2)))
    assert a["data"]["takeTicket"] == b["data"]["takeTicket"], (a, b)
    assert await Ticket.all().count() == before + 2
    # without a key every request is a ticket, as before
    await gql(TAKE, {"i": {"servicePointCode": "330106013", "prefix": "A"}})
    assert await Ticket.all().count() == before + 3


async def test_a_key_is_the_actors_own(gql):
    await gql.login("kiosk01", "demo1234")
    value = {"servicePointCode": "330106013", "prefix": "A", "idempotencyKey": "same-key"}
    mine = (await gql(TAKE, {"i": value}))["data"]["takeTicket"]["ticket"]
    await gql.login("qiantai", "demo1234")
    theirs = (await gql(TAKE, {"i": value}))["data"]["takeTicket"]["ticket"]
    assert theirs["id"] != mine["id"]
    blank = (await gql(TAKE, {"i": value | {"idempotencyKey": "  "}}))["data"]["takeTicket"]
    assert blank["ticket"] is None and blank["errors"][0]["message"].startswith("请求编号须为")
