"""一件事联办 filing: one application, the shared fields collected once and one signature,
several linked cases routed in parallel to their departments.

- ``open_application`` checks every item first (reading only), then writes the application and
  all its cases in one transaction: either every case exists or none does.
- A material several items need (出生医学证明) is uploaded once: its StoredFile is attached to
  each case that lists it (one CaseFile per case, one set of bytes).
- ``file_application`` decides who may file: a certified front desk at the counter, or a
  logged-in resident online for themself.

The signature is the applicant's typed name plus the server time (see DECISIONS.md): the
counter prints the 联办申请表 for the ink signature that is filed on paper.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from datetime import datetime
from typing import Any, cast

from tortoise.transactions import in_transaction

from hub.core import idempotency
from hub.core.clock import local_date, utcnow
from hub.core.errors import ErrorCode, HubError, NotAuthenticated, PermissionDenied
from hub.core.idcard import parse_id_number
from hub.core.models import Application, Case, Item, ServicePoint
from hub.core.models.enums import CaseChannel, IssueMethod, Role
from hub.core.models.rows import ApplicationRow, CaseRow
from hub.core.viewer import Viewer
from realtime import log
from realtime.log import LoggedEvent
from resolvers.cases import intake, numbering
from resolvers.cases.actors import Actor
from resolvers.cases.joint.bundles import answers_with_shared, bundle_by_code, check_shared
from resolvers.cases.joint.tracking import aggregate, application_channel
from resolvers.citizens.accounts import Citizen
from resolvers.people.registry import person_id_for
from training.gate import require_certificate


@dataclass(frozen=True)
class ItemRequest:
    item_code: str
    answers: Mapping[str, Any]
    materials: Sequence[intake.MaterialInput] = ()


@dataclass(frozen=True)
class ApplicationRequest:
    bundle_code: str
    service_point_code: str
    channel: CaseChannel
    id_number: str  # the applicant, who signs
    name: str
    shared: Mapping[str, Any]
    items: Sequence[ItemRequest]
    signed_name: str
    phone: str = ""
    address: str = ""
    issue_method: IssueMethod = IssueMethod.PICKUP
    delivery_address: str = ""
    ticket_id: int | None = None


@dataclass(frozen=True)
class Opened:
    application: ApplicationRow
    cases: list[CaseRow]
    events: list[LoggedEvent]


def _in_item(i: int, name: str, e: HubError) -> HubError:
    return HubError(e.code, f"第 {i + 1} 项“{name}”：{e.message}", f"items.{i}.{e.field or 'item'}")


async def open_application(actor: Actor, req: ApplicationRequest, now: datetime | None = None) -> Opened:
    """File a joint application; the caller has checked that ``actor`` may file on
    ``req.channel`` for every item. All cases or none."""
    now = now or utcnow()
    bundle = await bundle_by_code(req.bundle_code)
    if bundle is None or not bundle.active:
        raise HubError(ErrorCode.NOT_FOUND, f"一件事 {req.bundle_code} 不存在或已停用", "bundleCode")
    codes = [i.item_code for i in req.items]
    if len(codes) < 2:
        raise HubError(ErrorCode.INVALID, "联办至少包含两个事项", "items")
    if len(set(codes)) != len(codes):
        raise HubError(ErrorCode.INVALID, "同一事项不能重复申请", "items")
    outside = [c for c in codes if c not in bundle.item_codes]
    if outside:
        raise HubError(ErrorCode.INVALID, f"事项 {outside[0]} 不属于“{bundle.name}”", "items")
    applicant = parse_id_number(req.id_number)
    name = req.name.strip()
    signed = req.signed_name.strip()
    if not signed:
        raise HubError(ErrorCode.SIGNATURE_MISSING, "请申请人确认联办申请表并签名", "signedName")
    if signed != name:
        raise HubError(ErrorCode.SIGNATURE_MISMATCH, "签名须为申请人本人姓名", "signedName")
    if not await ServicePoint.filter(code=req.service_point_code).exists():
        raise HubError(ErrorCode.NOT_FOUND, "请选择办结的服务点", "servicePointCode")
    shared = check_shared(bundle.shared_fields, req.shared, local_date(now))
    names = dict(await Item.filter(code__in=codes).values_list("code", "name"))
    prepared: list[intake.Prepared] = []
    for i, item in enumerate(req.items):
        one = intake.IntakeRequest(
            item_code=item.item_code,
            answers=answers_with_shared(bundle.shared_fields, shared, item.item_code, item.answers),
            service_point_code=req.service_point_code, channel=req.channel,
            id_number=applicant.value, name=name, phone=req.phone, address=req.address,
            materials=item.materials, issue_method=req.issue_method,
            delivery_address=req.delivery_address, ticket_id=req.ticket_id)
        try:
            prepared.append(await intake.prepare(one, now))
        except HubError as e:
            raise _in_item(i, str(names.get(item.item_code, item.item_code)), e) from None
    point = prepared[0].point
    events: list[LoggedEvent] = []
    async with in_transaction() as conn:
        number = await numbering.next_number(conn, point["code"], local_date(now), kind="L")
        person_id = await person_id_for(applicant.value, name)
        app = await Application.create(
            number=number, bundle_id=bundle.id, person_id=person_id, service_point_id=point["id"],
            channel=req.channel, received_by_id=actor.staff_id, shared=shared, signed_name=signed,
            signed_at=now, using_db=conn)
        case_ids = []
        for ready in prepared:
            # The ticket is linked once (by the first case), like a single intake.
            case_id, written = await intake.write(conn, actor, ready, now, application_id=app.id)
            case_ids.append(case_id)
            events.extend(written)
        rows = await Case.filter(id__in=case_ids).using_db(conn).order_by("id").values(
            "id", "number", "item_name", "status")
        state = aggregate([r["status"] for r in rows])
        events.append(await log.append(conn, application_channel(app.id), "OPENED", {
            "applicationId": app.id, "number": number, "actor": actor.name, "at": now.isoformat(),
            "cases": [{"caseId": r["id"], "number": r["number"], "item": r["item_name"],
                       "status": r["status"]} for r in rows],
            "status": state.code, "statusLabel": state.label}))
        await idempotency.record(conn, app.id)
    return await opened(app.id, events)


async def opened(app_id: int, events: list[LoggedEvent] | None = None) -> Opened:
    """An opened application with its cases (also for a retry with the same idempotency key)."""
    application = cast(list[ApplicationRow], await Application.filter(id=app_id).values())[0]
    cases = cast(list[CaseRow], list(await Case.filter(application_id=app_id).order_by("id").values()))
    return Opened(application, cases, events or [])


async def file_application(viewer: Viewer | None, citizen: Citizen | None,
                           req: ApplicationRequest) -> Opened:
    """A certified front desk at their counter (持证上岗 for every item's department), or a
    logged-in resident online for themself when every item may be pre-applied online."""
    if viewer is not None:
        if not viewer.has_role(Role.FRONT_DESK):
            raise PermissionDenied("只有综合窗口人员可以受理联办申请")
        depts = await Item.filter(code__in=[i.item_code for i in req.items]).values_list(
            "department__code", flat=True)
        for dept in sorted({str(d) for d in depts}):
            await require_certificate(viewer.staff_id, category="INTAKE", department=dept)
        point = await ServicePoint.get(id=viewer.service_point_id).values("code")
        req = dc_replace(req, channel=CaseChannel.COUNTER, service_point_code=point["code"])
        return await open_application(Actor.staff(viewer, CaseChannel.COUNTER), req)
    if citizen is not None:
        if req.channel not in (CaseChannel.PC, CaseChannel.MOBILE):
            raise PermissionDenied("申请人本人只能通过电脑端或手机端申报")
        if parse_id_number(req.id_number).value != citizen.id_number:
            raise PermissionDenied("只能为本人申报；代他人办理请到窗口或联系网格员")
        return await open_application(Actor.applicant(citizen.person_id, req.channel), req)
    raise NotAuthenticated("请先登录后再申报")
