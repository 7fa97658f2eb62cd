"""Hand-off to department business systems: the first topic of the transactional outbox
(hub/core/outbox.py), ``department.handoff``.

``enqueue_handoff(conn, case_row)`` writes the delivery in the caller's transaction, the one that
makes the case RECEIVED: an outbox message whose payload is the body the department receives
(the case as received, its applicant and checklist), keyed by case number + event, and a
``department_handoff`` row naming the case, the department and the event (the 部门系统对接 page
lists and filters by them). The outbox's dispatcher then hands each message to ``deliver``, which
signs the body with the department's secret (resolvers/integration/signing.py) and POSTs it
through the ``handoff`` port: 2xx is delivered, anything else (refused connection, timeout, 5xx,
4xx) is retried with back-off until DEAD; an endpoint removed or switched off pauses the message
without spending attempts. The department deduplicates by ``X-Hub-Idempotency-Key``, which makes
the at-least-once delivery's effect exactly once.

The port (``Transport``): ``HttpTransport`` (httpx, the default, ``HUB_HANDOFF_ADAPTER=http``) and
``RecordingTransport`` (``fake``: keeps what it is given and answers 2xx, for the demo and tests).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

import httpx
from tortoise.backends.base.client import BaseDBAsyncClient

from hub.core import outbox
from hub.core.clock import utcnow
from hub.core.models import (
    Case,
    CaseMaterial,
    Company,
    Department,
    DepartmentEndpoint,
    DepartmentHandoff,
    Person,
)
from hub.core.outbox import Message, Outcome
from hub.core.ports import ports
from resolvers.integration import signing

TOPIC = "department.handoff"
RECEIVED = "RECEIVED"  # the event a case is handed over on
CALLBACK_PATH = "/integration/callback/{department}"
PAUSED = "部门业务系统未配置或已停用，暂停投递"


# --- the port ----------------------------------------------------------------------------


@runtime_checkable
class Transport(Protocol):
    """How a signed hand-off reaches a department's system."""

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Outcome:
        """Send ``body`` to ``url``; delivered only when the system accepted it (2xx)."""
        ...


class HttpTransport:
    """POST over HTTP(S) with httpx: one connection pool per event loop, closed at shutdown."""

    name = "http"

    def __init__(self, timeout_seconds: float = 10.0, client: httpx.AsyncClient | None = None) -> None:
        self.timeout_seconds = timeout_seconds
        self._client = client
        self._own = client is None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _http(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or (self._own and self._loop is not loop):
            self._client, self._loop = httpx.AsyncClient(), loop
        return self._client

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Outcome:
        try:
            response = await self._http().post(url, content=body, headers=dict(headers),
                                               timeout=self.timeout_seconds)
        except httpx.HTTPError as e:
            return Outcome.failed(f"{type(e).__name__}: {e}"[:500] or type(e).__name__)
        if 200 <= response.status_code < 300:
            return Outcome.ok()
        return Outcome.failed(f"HTTP {response.status_code}: {response.text[:300]}")

    async def aclose(self) -> None:
        if self._own and self._client is not None:
            await self._client.aclose()
            self._client = None


@dataclass(frozen=True)
class Sent:
    url: str
    body: bytes
    headers: dict[str, str]


class RecordingTransport:
    """The fake: keeps every hand-off it is given and answers as a department that accepted
    it — or, while ``failing`` is set, as one that is down (demo without department systems,
    tests)."""

    name = "fake"

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.failing = ""

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Outcome:
        if self.failing:
            return Outcome.failed(self.failing)
        self.sent.append(Sent(url, body, dict(headers)))
        return Outcome.ok()


# --- enqueueing --------------------------------------------------------------------------


def idempotency_key(number: str, event: str) -> str:
    return f"{number}:{event}"


async def enqueue_handoff(conn: BaseDBAsyncClient, case_row: Mapping[str, Any] | Case,
                          event: str = RECEIVED, now: datetime | None = None) -> bool:
    """Write the delivery of a case to its department's system in ``conn``'s transaction.

    Call it wherever a case becomes RECEIVED (counter intake, online intake that is accepted
    at once, acceptance after 预审). Nothing is written when the department has no active
    endpoint, or when this case was already handed over for ``event``. True when a message was
    written."""
    if isinstance(case_row, Case):
        case_id, department_id = case_row.id, case_row.department_id  # type: ignore[attr-defined]
    else:
        case_id, department_id = int(case_row["id"]), case_row.get("department_id")
    if department_id is not None and not await DepartmentEndpoint.filter(
            department_id=department_id, active=True).using_db(conn).exists():
        return False  # the department has no system to deliver to (one query)
    rows = await Case.filter(id=case_id).using_db(conn).values()
    if not rows:
        return False
    case = rows[0]
    if department_id is None and not await DepartmentEndpoint.filter(
            department_id=case["department_id"], active=True).using_db(conn).exists():
        return False
    key = idempotency_key(case["number"], event)
    if await outbox.enqueued(conn, TOPIC, key):
        return False
    message = await outbox.enqueue(conn, TOPIC, key, await _body(conn, case, event, key), now=now)
    if message is None:
        return False
    await DepartmentHandoff.create(message_id=message.id, case_id=case_id,
                                   department_id=case["department_id"], event=event, using_db=conn)
    return True


async def _body(conn: BaseDBAsyncClient, case: dict[str, Any], event: str, key: str
                ) -> dict[str, Any]:
    """What the department receives: the case as received, its applicant and checklist."""
    person = await Person.filter(id=case["person_id"]).using_db(conn).first().values(
        "name", "id_number", "phone", "address")
    company = None
    if case["company_id"] is not None:
        company = await Company.filter(id=case["company_id"]).using_db(conn).first().values(
            "credit_code", "name")
    dept = await Department.filter(id=case["department_id"]).using_db(conn).first().values("code")
    materials = await CaseMaterial.filter(case_id=case["id"]).using_db(conn).order_by("sort").values(
        "name", "form", "count", "requirement", "status", "license_type", "original_seen")

    def day(d: Any) -> str | None:
        return d.isoformat() if d is not None else None

    return {
        "event": event, "idempotencyKey": key,
        "case": {
            "number": case["number"], "itemCode": case["item_code"], "itemName": case["item_name"],
            "itemVersion": case["item_version"], "instant": case["instant"],
            "status": str(case["status"]), "channel": str(case["channel"]),
            "answers": case["answers"], "submittedAt": day(case["submitted_at"]),
            "acceptedAt": day(case["accepted_at"]), "dueOn": day(case["due_on"]),
            "legalDueOn": day(case["legal_due_on"]), "decidePath": case["decide_path"],
            "issueMethod": str(case["issue_method"]),
        },
        "applicant": {
            "name": person["name"] if person else case["applicant_name"],
            "idNumber": person["id_number"] if person else "",
            "phone": case["contact_phone"] or (person["phone"] if person else ""),
            "company": {"creditCode": company["credit_code"], "name": company["name"]}
            if company else None,
        },
        "materials": [{"name": m["name"], "form": m["form"], "count": m["count"],
                       "requirement": m["requirement"], "status": str(m["status"]),
                       "licenseType": m["license_type"], "originalSeen": m["original_seen"]}
                      for m in materials],
        "callback": CALLBACK_PATH.format(department=dept["code"] if dept else ""),
    }


# --- delivering --------------------------------------------------------------------------


async def deliver(message: Message) -> Outcome:
    """The handler of ``department.handoff``: sign the body and post it to the department."""
    handoff = await DepartmentHandoff.get_or_none(message_id=message.id).values(
        "department_id", "event")
    if handoff is None:
        return Outcome.failed("推送缺少对应的办件与部门记录")
    endpoint = await DepartmentEndpoint.get_or_none(department_id=handoff["department_id"]).values(
        "url", "secret", "active")
    if endpoint is None or not endpoint["active"]:
        return Outcome.pause(PAUSED)
    body = signing.canonical(message.payload)
    headers = signing.headers(endpoint["secret"], int(utcnow().timestamp()), message.key, body)
    headers[signing.EVENT] = handoff["event"]
    transport: Transport = ports().handoff
    return await transport.post(endpoint["url"], body, headers)


outbox.register(TOPIC, deliver)
