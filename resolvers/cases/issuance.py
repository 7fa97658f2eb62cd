"""统一窗口出件: an approved case is handed over at the issuance window, posted, or carried to the
resident by a grid worker — exactly once.

- who: an issuance-window member (ISSUER) of the case's finish point (its receiving point, or
  for a point without an issuance window the street centre above it; resolvers.cases.finishing)
  holding a valid 综合出件
  certificate for the case's department (持证上岗), or a front-desk member of that point
  holding an issuance or an intake certificate;
- PICKUP: the collector's ID card is read; it must be the applicant's, or an agent's with a
  named 委托书 (the agent's name and masked ID number go into the audit trail);
- COURIER: the courier adapter (the ``couriers`` port, resolvers.cases.couriers) returns the
  tracking number the hub records; the delivery is confirmed later (confirm_delivery);
- GRID: a grid worker of the district carries it; they record the resident's signature name
  and the time on their phone (confirm_delivery).

The status change goes through transitions.move (compare-and-set), and the issuance row is
unique per case, so two windows issuing the same case at once leave exactly one issuance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.idcard import parse_id_number
from hub.core.keyed import columns, convert, placeholders
from hub.core.listeners import Listeners
from hub.core.models import Case, Department, Issuance, Person, ServicePoint, Staff, StaffNotice
from hub.core.models.enums import ISSUE_METHOD_LABELS, CaseChannel, CaseStatus, IssueMethod, NoticeKind, Role
from hub.core.models.rows import CaseRow, Row
from hub.core.ports import ports
from hub.core.viewer import Viewer, require_role
from realtime.log import LoggedEvent
from resolvers.cases import access, routing, transitions
from resolvers.cases.actors import Actor
from resolvers.cases.couriers import Courier
from training.gate import require_certificate

ISSUING_ROLES = (Role.ISSUER, Role.FRONT_DESK)
ISSUANCE_FIELDS = ("id", "case_id", "method", "issued_by_id", "issued_by__name", "service_point_id",
                   "service_point__name", "recipient_name", "identity_checked", "courier",
                   "tracking_number", "address", "confirmed_at", "deliverer_id", "deliverer__name",
                   "by_agent", "created_at")


@dataclass(frozen=True)
class IssueRequest:
    case_id: int
    method: IssueMethod
    version: int | None = None
    collector_id_number: str = ""  # PICKUP: read from the collector's ID card
    agent: bool = False  # PICKUP: an agent collects for the applicant
    agent_name: str = ""
    mandate: str = ""  # PICKUP by an agent: the 委托书 (number or description)
    address: str = ""  # COURIER / GRID: where to (defaults to the case's delivery address)
    grid_worker_id: int | None = None  # GRID: who carries it


@dataclass(frozen=True)
class Issued:
    case: CaseRow
    issuance: dict[str, Any]
    events: list[LoggedEvent]


# Checks a case must pass before it is handed over, registered by the domains that hold one
# (统一支付: no issuance while a fee is unpaid); each raises a HubError to refuse.
issue_checks: Listeners[[int]] = Listeners("before issuance")


async def issuance_of(case_id: int) -> dict[str, Any] | None:
    rows = await Issuance.filter(case_id=case_id).values(*ISSUANCE_FIELDS)
    return rows[0] if rows else None


async def issuances_of(case_ids: list[int]) -> list[dict[str, Any]]:
    return list(await Issuance.filter(case_id__in=case_ids).values(*ISSUANCE_FIELDS))


async def _require_certified(viewer: Viewer, department_id: int) -> None:
    """持证上岗 at the issuance window; the front desk may also serve on its intake certificate."""
    code = await Department.filter(id=department_id).values_list("code", flat=True)
    department = str(code[0]) if code else None
    try:
        await require_certificate(viewer.staff_id, category="ISSUANCE", department=department)
    except HubError:
        if not viewer.has_role(Role.FRONT_DESK) or viewer.has_role(Role.ISSUER):
            raise
        await require_certificate(viewer.staff_id, category="INTAKE", department=department)


async def _case_to_issue(viewer: Viewer, case_id: int) -> CaseRow:
    case = await _visible_at_point(viewer, case_id)  # not merely visible (e.g. to a supervisor)
    status = CaseStatus(case["status"])
    if status == CaseStatus.ISSUED:
        raise HubError(ErrorCode.CONFLICT, "该办件已出件，不能重复出件", "caseId")
    if status != CaseStatus.APPROVED:
        raise HubError(ErrorCode.CONFLICT, "办件尚未审批通过，暂不能出件", "caseId")
    await issue_checks.notify(case["id"])
    return case


async def grid_workers_for(point_id: int) -> list[dict[str, Any]]:
    """Grid workers who may carry a result received at ``point_id``: those of its district
    (the point's parent and everything below it), nearest first."""
    point = await ServicePoint.get(id=point_id).values("path", "parent_id")
    scope = point["path"]
    if point["parent_id"] is not None:
        scope = (await ServicePoint.get(id=point["parent_id"]).values("path"))["path"]
    rows = await Staff.filter(active=True, service_point__path__startswith=scope).values(
        "id", "name", "roles", "service_point__name", "service_point__path")
    workers = [r for r in rows if Role.GRID_WORKER.value in r["roles"]]
    return sorted(workers, key=lambda r: (not r["service_point__path"].startswith(point["path"]),
                                          r["service_point__path"], r["id"]))


def _collector(case: CaseRow, applicant: dict[str, Any], req: IssueRequest) -> tuple[str, dict]:
    """Identity check at pickup: the name to record and the audit detail."""
    collector = parse_id_number(req.collector_id_number, "collectorIdNumber")
    if not req.agent:
        if collector.value != applicant["id_number"]:
            raise HubError(ErrorCode.IDENTITY_MISMATCH,
                           "领取人身份证与申请人不一致：本人领取须出示申请人本人身份证；"
                           "代领请选择“代领”，并登记代领人姓名和委托书", "collectorIdNumber")
        return applicant["name"], {"recipient": applicant["name"], "identityChecked": True}
    name = req.agent_name.strip()
    if not name:
        raise HubError(ErrorCode.INVALID, "请填写代领人姓名", "agentName")
    if not req.mandate.strip():
        raise HubError(ErrorCode.MANDATE_REQUIRED, "代领须出示申请人签署的授权委托书，请登记委托书编号或说明",
                       "mandate")
    if collector.value == applicant["id_number"]:
        raise HubError(ErrorCode.INVALID, "领取人即申请人本人，无需登记代领", "agent")
    return name, {"recipient": name, "identityChecked": True,
                  "agent": {"name": name, "idNumber": collector.masked,
                            "mandate": req.mandate.strip()[:120]}}


async def issue_case(viewer: Viewer | None, req: IssueRequest, now: datetime | None = None) -> Issued:
    v = require_role(viewer, *ISSUING_ROLES)
    case = await _case_to_issue(v, req.case_id)
    await _require_certified(v, case["department_id"])
    now = now or utcnow()
    method = IssueMethod(req.method)
    detail: dict[str, Any] = {"method": method.value, "methodLabel": ISSUE_METHOD_LABELS[method]}
    values: dict[str, Any] = {"method": method, "issued_by_id": v.staff_id,
                              "service_point_id": v.service_point_id}
    address = (req.address or case["delivery_address"]).strip()
    if method == IssueMethod.PICKUP:
        applicant = await Person.get(id=case["person_id"]).values("name", "id_number")
        recipient, more = _collector(case, applicant, req)
        detail |= more
        values |= {"recipient_name": recipient, "identity_checked": True, "confirmed_at": now,
                   "by_agent": req.agent}
        address = ""
    elif not address:
        raise HubError(ErrorCode.INVALID, "请填写送达地址", "address")
    elif method == IssueMethod.GRID:
        workers = {w["id"]: w for w in await grid_workers_for(case["service_point_id"])}
        worker = workers.get(req.grid_worker_id or -1)
        if worker is None:
            raise HubError(ErrorCode.INVALID, "请选择本辖区的网格员送达", "gridWorkerId")
        detail |= {"address": address, "gridWorker": worker["name"]}
        values |= {"address": address, "deliverer_id": worker["id"]}
    else:
        adapter: Courier = ports().couriers
        # Dispatch before the transaction: no lock is held while the courier answers.
        tracking = await adapter.dispatch(cast(dict[str, Any], case), address)
        detail |= {"address": address, "courier": adapter.name, "trackingNumber": tracking}
        values |= {"address": address, "courier": adapter.name, "tracking_number": tracking}
    try:
        async with in_transaction() as conn:
            event = await transitions.move(
                conn, case["id"], expect=[CaseStatus.APPROVED], to=CaseStatus.ISSUED,
                actor=Actor.staff(v, CaseChannel.COUNTER), action="ISSUE", detail=detail,
                version=req.version, at=now, issued_at=now, issue_method=method,
                delivery_address=address or case["delivery_address"])
            await Issuance.create(case_id=case["id"], using_db=conn, **values)
            rung: list[LoggedEvent] = []
            if method == IssueMethod.GRID:
                await StaffNotice.create(
                    staff_id=values["deliverer_id"], case_id=case["id"], kind=NoticeKind.ASSIGNED,
                    message=f"请将办件 {case['number']}（{case['item_name']}）的结果送达{address}",
                    created_at=now, using_db=conn)
                rung = await routing.ring(conn, [(values["deliverer_id"], NoticeKind.ASSIGNED)],
                                          case["id"])
    except IntegrityError:
        raise HubError(ErrorCode.CONFLICT, "该办件已出件，不能重复出件", "caseId") from None
    issued = await issuance_of(case["id"])
    assert issued is not None
    row = cast(list[CaseRow], await Case.filter(id=case["id"]).values())[0]
    return Issued(row, issued, [event, *rung])


async def confirm_delivery(viewer: Viewer | None, case_id: int, signed_name: str,
                           now: datetime | None = None) -> Issued:
    """签收: the grid worker records the resident's signature name on delivery; for a courier
    delivery, the issuance window records the courier's proof of delivery."""
    v = require_role(viewer, Role.GRID_WORKER, *ISSUING_ROLES)
    issued = await issuance_of(case_id)
    if issued is None:
        raise HubError(ErrorCode.NOT_FOUND, access.CASE_NOT_FOUND, "caseId")
    method = IssueMethod(issued["method"])
    if method == IssueMethod.GRID:
        if issued["deliverer_id"] != v.staff_id:
            raise HubError(ErrorCode.NOT_FOUND, access.CASE_NOT_FOUND, "caseId")
        channel = CaseChannel.GRID
    else:
        if not v.has_role(*ISSUING_ROLES):
            raise HubError(ErrorCode.NOT_FOUND, access.CASE_NOT_FOUND, "caseId")
        await _visible_at_point(v, case_id)
        if method == IssueMethod.PICKUP:
            raise HubError(ErrorCode.CONFLICT, "窗口领取已当场签收，无需确认送达", "caseId")
        channel = CaseChannel.COUNTER
    name = signed_name.strip()
    if method == IssueMethod.GRID and not name:
        raise HubError(ErrorCode.INVALID, "请填写签收人姓名（由居民本人签名确认）", "signedName")
    if len(name) > 64:
        raise HubError(ErrorCode.INVALID, "签收人姓名过长", "signedName")
    now = now or utcnow()
    async with in_transaction() as conn:
        changed = await Issuance.filter(id=issued["id"], confirmed_at=None).using_db(conn).update(
            confirmed_at=now, recipient_name=name or issued["recipient_name"])
        if changed != 1:
            raise HubError(ErrorCode.CONFLICT, "该办件已确认送达", "caseId")
        detail = {"method": method.value, "methodLabel": ISSUE_METHOD_LABELS[method],
                  "signedName": name, "confirmedAt": now.isoformat()}
        if issued["tracking_number"]:
            detail["trackingNumber"] = issued["tracking_number"]
        event = await transitions.record(conn, case_id, Actor.staff(v, channel), "DELIVERED",
                                         detail, at=now)
    row = cast(list[CaseRow], await Case.filter(id=case_id).values())[0]
    again = await issuance_of(case_id)
    assert again is not None
    return Issued(row, again, [event])


async def _visible_at_point(viewer: Viewer, case_id: int) -> CaseRow:
    case = await access.case_for(viewer, case_id)
    if viewer.service_point_id != finish_point_of(case):
        raise HubError(ErrorCode.NOT_FOUND, access.CASE_NOT_FOUND, "caseId")
    return case


def finish_point_of(case: CaseRow) -> int:
    """Where the case is issued (a case filed before finish points were stored: where received)."""
    return case["finish_point_id"] or case["service_point_id"]


async def issuance_queue(viewer: Viewer | None, id_number: str | None = None,
                         keyword: str | None = None, limit: int = 50) -> list[CaseRow]:
    """待出件: approved cases to be finished at my point, oldest decision first; an ID card read
    at the window narrows it to that person's cases."""
    return [case for case, _ in await issuance_queue_with_applicants(viewer, id_number, keyword, limit)]


async def issuance_queue_with_applicants(
        viewer: Viewer | None, id_number: str | None = None, keyword: str | None = None,
        limit: int = 50) -> list[tuple[CaseRow, Row]]:
    """``issuance_queue`` in one statement, each case with its applicant's registry row (id,
    id_number, name) — the window shows the masked ID number of each."""
    v = require_role(viewer, *ISSUING_ROLES)
    wanted = id_number.strip() if id_number else ""
    k = keyword.strip() if keyword else ""
    params: list[Any] = [v.service_point_id, CaseStatus.APPROVED.value]
    if wanted:
        params.append(parse_id_number(wanted).value)
    if k:
        params += ["%" + _like_escaped(k), "%" + _like_escaped(k) + "%"]
    params.append(min(max(limit, 1), 100))
    conn = connections.get("default")
    sql, converters = _queue_text(conn.capabilities.dialect == "postgres", bool(wanted), bool(k))
    rows = await conn.execute_query_dict(sql, params)
    convert(rows, converters)
    out: list[tuple[CaseRow, Row]] = []
    for r in rows:
        applicant = {"id": r["person_id"], "id_number": r.pop("applicant__id_number"),
                     "name": r.pop("applicant__name")}
        out.append((cast(CaseRow, r), applicant))
    return out


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_QUEUE_TEXTS: dict[tuple[bool, bool, bool], tuple[str, list[tuple[str, Any]]]] = {}


def _queue_text(pg: bool, by_person: bool, by_keyword: bool) -> tuple[str, list[tuple[str, Any]]]:
    """The worklist's SQL for a dialect and the filters asked (four texts at most, made once)."""
    key = (pg, by_person, by_keyword)
    found = _QUEUE_TEXTS.get(key)
    if found is None:
        select, converters = columns(Case, "c")
        where = ["c.finish_point_id = ?", "c.status = ?"]
        if by_person:
            where.append("per.id_number = ?")
        if by_keyword:  # the number's tail, or part of the applicant's name
            where.append("(c.number LIKE ? ESCAPE '\\' OR c.applicant_name LIKE ? ESCAPE '\\')")
        sql = (f"SELECT {select}, per.id_number AS applicant__id_number, per.name AS applicant__name "
               "FROM service_case c JOIN person per ON per.id = c.person_id "
               f"WHERE {' AND '.join(where)} ORDER BY c.decided_at, c.id LIMIT ?")
        found = _QUEUE_TEXTS[key] = (placeholders(sql, pg), converters)
    return found


async def my_deliveries(viewer: Viewer | None, pending_only: bool = True) -> list[dict[str, Any]]:
    """A grid worker's deliveries (送达任务), waiting ones first."""
    v = require_role(viewer, Role.GRID_WORKER)
    q = Issuance.filter(deliverer_id=v.staff_id, method=IssueMethod.GRID)
    if pending_only:
        q = q.filter(confirmed_at=None)
    rows = await q.order_by("-id").limit(100).values(
        *ISSUANCE_FIELDS, "case__number", "case__item_name", "case__applicant_name",
        "case__contact_phone")
    return sorted(rows, key=lambda r: r["confirmed_at"] is not None)

