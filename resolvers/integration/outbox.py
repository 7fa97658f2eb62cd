"""Reliable hand-off to department business systems: a transactional outbox.

``enqueue_handoff(conn, case_row)`` writes the delivery in the caller's transaction, the one
that makes the case RECEIVED, so there is never a received case without its delivery nor a
delivery of a case that was rolled back. A dispatcher (one per hub process; several processes
may share a database) then claims due rows, POSTs them signed to the department's endpoint and
records the outcome:

- claiming is a compare-and-set that moves ``next_attempt_at`` one lease ahead and stamps a
  random ``lease``: a row is sent by one dispatcher at a time; on PostgreSQL the pick also takes
  ``FOR UPDATE SKIP LOCKED`` so that dispatchers pass over each other's rows;
- a 2xx answer makes the row DELIVERED; anything else (refused connection, timeout, 5xx, 4xx)
  schedules another attempt after an exponential back-off with jitter, up to a maximum number
  of attempts, after which the row is DEAD and shown to administrators (who may retry it);
- a dispatcher that dies mid-delivery leaves its lease to run out and another one retries, so
  delivery is at least once; the department system deduplicates by the idempotency key
  (case number + event), which makes the effect exactly once.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hub.core.models import Case, CaseMaterial, Company, Department, DepartmentEndpoint, OutboxMessage, Person
from hub.core.models.enums import OutboxStatus
from hub.core.retry import is_postgres
from resolvers.integration import signing

logger = logging.getLogger("owh.outbox")

RECEIVED = "RECEIVED"  # the event a case is handed over on
CALLBACK_PATH = "/integration/callback/{department}"


@dataclass(frozen=True)
class Policy:
    max_attempts: int = 20
    backoff_seconds: float = 2.0
    backoff_max_seconds: float = 600.0
    timeout_seconds: float = 10.0
    batch: int = 20

    @property
    def lease_seconds(self) -> float:
        """How long a claimed row is left to its dispatcher: well past one request."""
        return max(60.0, 3 * self.timeout_seconds)


def backoff(attempts: int, policy: Policy, rand: Callable[[], float] = random.random) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones: the exponential delay
    (base × 2^(n-1), capped), jittered to 50–100 % so that retries of many rows spread out."""
    ceiling = min(policy.backoff_max_seconds, policy.backoff_seconds * 2 ** max(0, attempts - 1))
    return ceiling * (0.5 + 0.5 * rand())


def idempotency_key(number: str, event: str) -> str:
    return f"{number}:{event}"


async def enqueue_handoff(conn: BaseDBAsyncClient, case_row: Mapping[str, Any] | Case,
                          event: str = RECEIVED, now: datetime | None = None) -> bool:
    """Write the delivery of a case to its department's system in ``conn``'s transaction.

    Call it wherever a case becomes RECEIVED (counter intake, online intake that is accepted
    at once, acceptance after 预审). Nothing is written when the department has no active
    endpoint, or when this case was already handed over for ``event``. True when a row was
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
    if await OutboxMessage.filter(idempotency_key=key).using_db(conn).exists():
        return False
    body = await _body(conn, case, event, key)
    await OutboxMessage.create(case_id=case_id, department_id=case["department_id"], event=event,
                               idempotency_key=key, body=body,
                               next_attempt_at=now or datetime.now(UTC), using_db=conn)
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


# --- dispatching ------------------------------------------------------------------------


async def claim(now: datetime, policy: Policy) -> tuple[str, list[dict[str, Any]]]:
    """Claim up to ``policy.batch`` due rows for this dispatcher: (lease, rows won)."""
    lease = secrets.token_hex(8)
    until = now + timedelta(seconds=policy.lease_seconds)
    async with in_transaction() as conn:
        pick = OutboxMessage.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now) \
            .using_db(conn).order_by("next_attempt_at", "id").limit(policy.batch)
        if is_postgres():  # (values() would drop the FOR UPDATE clause: keep only())
            pick = pick.select_for_update(skip_locked=True)
        ids = [r.id for r in await pick.only("id")]
        if not ids:
            return lease, []
        # compare-and-set: a row another dispatcher claimed meanwhile has a later next_attempt_at
        await OutboxMessage.filter(id__in=ids, status=OutboxStatus.PENDING,
                                   next_attempt_at__lte=now).using_db(conn) \
            .update(lease=lease, next_attempt_at=until)
    won = await OutboxMessage.filter(id__in=ids, lease=lease, status=OutboxStatus.PENDING).values(
        "id", "department_id", "event", "idempotency_key", "body", "attempts")
    return lease, won


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    error: str = ""


async def post(client: httpx.AsyncClient, endpoint: Mapping[str, Any], row: Mapping[str, Any],
               policy: Policy) -> Outcome:
    body = signing.canonical(row["body"])
    headers = signing.headers(endpoint["secret"], int(time.time()), row["idempotency_key"], body)
    headers[signing.EVENT] = row["event"]
    try:
        response = await client.post(endpoint["url"], content=body, headers=headers,
                                     timeout=policy.timeout_seconds)
    except httpx.HTTPError as e:
        return Outcome(False, f"{type(e).__name__}: {e}"[:500] or type(e).__name__)
    if 200 <= response.status_code < 300:
        return Outcome(True)
    return Outcome(False, f"HTTP {response.status_code}: {response.text[:300]}")


async def settle(row: Mapping[str, Any], lease: str, outcome: Outcome, policy: Policy,
                 now: datetime | None = None) -> OutboxStatus:
    """Record one attempt's outcome, if this dispatcher still holds the row's lease."""
    now = now or datetime.now(UTC)
    attempts = int(row["attempts"]) + 1
    mine = OutboxMessage.filter(id=row["id"], lease=lease, status=OutboxStatus.PENDING)
    if outcome.delivered:
        await mine.update(status=OutboxStatus.DELIVERED, attempts=attempts, delivered_at=now,
                          lease="", last_error="")
        return OutboxStatus.DELIVERED
    if attempts >= policy.max_attempts:
        await mine.update(status=OutboxStatus.DEAD, attempts=attempts, lease="",
                          last_error=outcome.error[:500])
        logger.warning("outbox %s is DEAD after %d attempts: %s", row["idempotency_key"],
                       attempts, outcome.error)
        return OutboxStatus.DEAD
    await mine.update(attempts=attempts, lease="", last_error=outcome.error[:500],
                      next_attempt_at=now + timedelta(seconds=backoff(attempts, policy)))
    return OutboxStatus.PENDING


async def dispatch_once(client: httpx.AsyncClient, policy: Policy,
                        now: datetime | None = None) -> int:
    """Claim the due rows and deliver them concurrently; how many were attempted."""
    now = now or datetime.now(UTC)
    lease, rows = await claim(now, policy)
    if not rows:
        return 0
    endpoints = {e["department_id"]: e for e in await DepartmentEndpoint.filter(
        department_id__in={r["department_id"] for r in rows}).values(
        "department_id", "url", "secret", "active")}
    paused = [r["id"] for r in rows if not endpoints.get(r["department_id"], {}).get("active")]
    if paused:  # endpoint removed or switched off: wait for it, without spending attempts
        await OutboxMessage.filter(id__in=paused, lease=lease).update(
            lease="", last_error="部门业务系统未配置或已停用，暂停投递",
            next_attempt_at=now + timedelta(seconds=policy.backoff_max_seconds))
    sendable = [r for r in rows if r["id"] not in paused]

    async def one(row: dict[str, Any]) -> None:
        outcome = await post(client, endpoints[row["department_id"]], row, policy)
        await settle(row, lease, outcome, policy)

    await asyncio.gather(*(one(r) for r in sendable))
    return len(rows)


async def run_dispatcher(policy: Policy, poll_seconds: float,
                         client: httpx.AsyncClient | None = None) -> None:
    """The background task of a hub process: deliver due rows until cancelled."""
    own = client is None
    http = client or httpx.AsyncClient()
    try:
        while True:
            try:
                busy = await dispatch_once(http, policy)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("outbox dispatch failed; retrying at the next beat")
                busy = 0
            if not busy:
                await asyncio.sleep(poll_seconds)
    finally:
        if own:
            await http.aclose()
