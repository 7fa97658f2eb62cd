"""综合受理: file a case with exactly its tailored checklist ("傻瓜式收件").

One transaction writes the case, its frozen checklist lines, the files handed in for them, the
first audit row and the first event; the case number comes from the counter in the same
transaction, so a failed intake leaves neither a case nor a gap-free number behind.

Who files decides where the case starts:
- a certified front-desk member at a window (COUNTER): accepted (受理) at once, the clock starts;
- the applicant online (PC / MOBILE) or at a kiosk, or a grid worker on a resident's behalf
  (GRID, 代办): a pre-application (网上预审) unless the item is fully online on that terminal,
  in which case it is accepted at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hub.core import idempotency
from hub.core.clock import local_date, utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.idcard import parse_id_number
from hub.core.inserts import insert_returning
from hub.core.keyed import KeyedSelect
from hub.core.listeners import Listeners
from hub.core.models import Case, CaseFile, CaseMaterial, Company, Person, ServicePoint, StoredFile, Ticket
from hub.core.models.enums import (
    CaseChannel,
    CaseMaterialStatus,
    CaseStatus,
    ChannelMode,
    IssueMethod,
    ItemKind,
    MaterialForm,
    MaterialRequirement,
    RegionLevel,
)
from hub.core.models.rows import CaseRow
from realtime.log import LoggedEvent
from resolvers.calendar.schedules import load_calendar
from resolvers.cases import clock, numbering
from resolvers.cases.actors import Actor
from resolvers.cases.finishing import chosen_finish_point, finish_point
from resolvers.cases.instant import close_on_spot
from resolvers.cases.related_offers import check_offer, record_offers, take_offer
from resolvers.cases.routing import route_received
from resolvers.cases.transitions import Step, record_each
from resolvers.catalog.checklists import tailor_for
from resolvers.catalog.fees import FeeLine
from resolvers.catalog.situations import ChecklistLine
from resolvers.integration import basedata
from resolvers.integration.handoff import enqueue_handoff
from resolvers.people.registry import person_id_for
from resolvers.people.uscc import parse_uscc


@dataclass(frozen=True)
class CaseFiled:
    """A case just written, as the listeners of ``on_filed`` see it (in the intake's transaction)."""

    case_id: int
    item_version: int
    department_id: int
    applicant_name: str
    fees: list[FeeLine]
    at: datetime


filed_listeners: Listeners[[BaseDBAsyncClient, CaseFiled]] = Listeners("case filed")


FiledListener = Callable[[BaseDBAsyncClient, CaseFiled], Awaitable[None]]


def on_filed(listener: FiledListener) -> FiledListener:
    """Run ``listener(conn, CaseFiled)`` after every intake, in its transaction (fees are frozen
    on the case this way: resolvers/payment)."""
    return filed_listeners.add(listener)


POINT_COLUMNS = ("id", "code", "path", "level")  # what an intake reads of its receiving point
LEVEL_ORDER = [RegionLevel.CITY, RegionLevel.DISTRICT, RegionLevel.STREET, RegionLevel.COMMUNITY]
ORIGINAL_FORMS = {MaterialForm.ORIGINAL.value, MaterialForm.ORIGINAL_AND_COPY.value}


@dataclass(frozen=True)
class MaterialInput:
    material_id: int  # the catalogue material of a checklist line
    files: Sequence[tuple[str, str]] = ()  # (sha256 of an upload, original file name)
    deferred: bool = False  # 容缺: hand in later
    original_seen: bool = False  # the window has seen the original


@dataclass(frozen=True)
class IntakeRequest:
    item_code: str
    answers: Mapping[str, Any]
    service_point_code: str
    channel: CaseChannel
    id_number: str
    name: str
    phone: str = ""
    address: str = ""
    credit_code: str | None = None  # a company applying through this person
    company_name: str = ""
    materials: Sequence[MaterialInput] = field(default_factory=tuple)
    issue_method: IssueMethod = IssueMethod.PICKUP
    delivery_address: str = ""
    ticket_id: int | None = None
    application_id: int | None = None
    finish_point_code: str | None = None  # the applicant's chosen finish point, on any channel
    offer_id: int | None = None  # 顺便办: the related offer of an earlier case this intake takes


@dataclass(frozen=True)
class Intake:
    case: CaseRow
    events: list[LoggedEvent]


def starting_status(channel: CaseChannel, item: Mapping[str, Any]) -> CaseStatus:
    if channel == CaseChannel.COUNTER:
        return CaseStatus.RECEIVED
    mode_field = {CaseChannel.PC: "pc", CaseChannel.MOBILE: "mobile", CaseChannel.KIOSK: "kiosk",
                  CaseChannel.GRID: "pc"}[channel]
    mode = ChannelMode(item[mode_field])
    if mode == ChannelMode.NONE and channel != CaseChannel.GRID:
        raise HubError(ErrorCode.CHANNEL_NOT_OFFERED, f"“{item['name']}”不支持在此渠道申报，请到窗口办理",
                       "itemCode")
    return CaseStatus.RECEIVED if mode == ChannelMode.ONLINE else CaseStatus.PREREVIEW


def collect(lines: Sequence[ChecklistLine], given: Sequence[MaterialInput],
            channel: CaseChannel) -> list[tuple[ChecklistLine, MaterialInput | None, CaseMaterialStatus]]:
    """Pure: each checklist line with what was handed in and its status; raises on the first
    line that keeps the case from being filed, naming the material in Chinese."""
    by_id = {m.material_id: m for m in given}
    known = {line.material.id for line in lines}
    stray = [m.material_id for m in given if m.material_id not in known]
    if stray:
        raise HubError(ErrorCode.UNKNOWN_MATERIAL, "提交了清单以外的材料，请按本次生成的材料清单收件",
                       "materials")
    out = []
    for line in lines:
        m = by_id.get(line.material.id)
        name = line.material.name
        if line.satisfied_by and not (m and m.files):
            out.append((line, m, CaseMaterialStatus.LICENSED))
            continue
        if m and m.files:
            if (channel == CaseChannel.COUNTER and line.material.form in ORIGINAL_FORMS
                    and line.requirement != MaterialRequirement.OPTIONAL and not m.original_seen):
                raise HubError(ErrorCode.ORIGINAL_NOT_SEEN, f"“{name}”须核验原件，请勾选“已核验原件”",
                               "materials")
            out.append((line, m, CaseMaterialStatus.COLLECTED))
        elif line.requirement == MaterialRequirement.DEFERRABLE:
            if not (m and m.deferred):
                raise HubError(ErrorCode.MATERIAL_MISSING,
                               f"“{name}”可容缺：请上传，或标记为“容缺后补”", "materials")
            out.append((line, m, CaseMaterialStatus.DEFERRED))
        elif line.requirement == MaterialRequirement.REQUIRED:
            raise HubError(ErrorCode.MATERIAL_MISSING, f"缺少必需材料“{name}”，请上传后再提交", "materials")
        else:
            out.append((line, m, CaseMaterialStatus.MISSING))
    return out


async def deciding_point(receiving: Mapping[str, Any], level: RegionLevel) -> dict[str, Any]:
    """The point at the item's deciding level above (or at) the receiving point; a point
    above that level (a district hall taking a street item) decides itself."""
    codes = [c for c in receiving["path"].split("/") if c]
    rows = await ServicePoint.filter(code__in=codes).values("id", "code", "path", "level")
    at_level = [r for r in rows if r["level"] == level.value]
    if at_level:
        return at_level[0]
    return dict(receiving)


@dataclass(frozen=True)
class Prepared:
    """An intake checked against the catalogue and the registry, ready to be written."""

    req: IntakeRequest
    id_number: str
    item: dict[str, Any]
    status: CaseStatus
    point: dict[str, Any]
    decide: dict[str, Any]
    finish: dict[str, Any]  # where the result is issued (resolvers.cases.finishing)
    lines: list[tuple[ChecklistLine, MaterialInput | None, CaseMaterialStatus]]
    stored: dict[str, int]  # sha256 -> StoredFile id
    credit_code: str | None
    timing: dict[str, Any]
    person_id: int | None  # the registry id when the applicant is already registered
    instant: bool
    promised: int
    legal: int
    basedata: dict[str, Any] = field(default_factory=dict)  # the fetch, for the audit trail
    fees: list[FeeLine] = field(default_factory=list)  # the item's fees for these answers

    @property
    def payable(self) -> int:
        """What the applicant will pay (fen): the fees that are not waived."""
        return sum(f.payable for f in self.fees)

    @property
    def closes_on_spot(self) -> bool:
        """即办件当场办结 in the intake itself: an instant item accepted at the counter, handed
        over at the window, with no 容缺 material still to come (the case cannot be decided
        without it; ``complete_instant`` closes it once handed in)."""
        return (self.instant and self.status == CaseStatus.RECEIVED
                and self.req.channel == CaseChannel.COUNTER and self.req.application_id is None
                and self.req.issue_method == IssueMethod.PICKUP
                and self.finish["id"] == self.point["id"]  # handed over here, not elsewhere
                and all(s != CaseMaterialStatus.DEFERRED for _, _, s in self.lines)
                and not self.payable)  # a fee is paid before the result is handed over


async def open_case(actor: Actor, req: IntakeRequest, now: datetime | None = None,
                    point: Mapping[str, Any] | None = None) -> Intake:
    """File a case; the caller has checked that ``actor`` may file on ``req.channel``
    (``point``: the receiving point's row when the caller has read it already)."""
    now = now or utcnow()
    ready = await prepare(req, now, point)
    async with in_transaction() as conn:
        case_id, events = await write(conn, actor, ready, now)
        await idempotency.record(conn, case_id)
    return await filed(case_id, events)


async def filed(case_id: int, events: list[LoggedEvent] | None = None) -> Intake:
    """A filed case as the intake answers it (also for a retry with the same idempotency key)."""
    row = cast(list[CaseRow], await _CASE_BY_ID.rows([case_id]))
    return Intake(row[0], events or [])


_CASE_BY_ID = KeyedSelect(Case, None, "id")  # every column, as .values() gives them


async def prepare(req: IntakeRequest, now: datetime, point: Mapping[str, Any] | None = None) -> Prepared:
    """Every check of an intake, reading only: raises (in Chinese) what keeps it from being
    filed. Several prepared intakes can then be written in one transaction (联办). ``point``
    (id, code, path, level of ``req.service_point_code``) saves reading it again."""
    id_number = parse_id_number(req.id_number)
    if not req.name.strip():
        raise HubError(ErrorCode.INVALID, "请填写申请人姓名", "name")
    fetched = await basedata.fetch_applicant(id_number, local_date(now))  # 人口库 + 电子证照库
    applicant = fetched.applicant
    if applicant.name and applicant.name != req.name.strip():
        raise HubError(ErrorCode.NAME_MISMATCH, "姓名与身份证号码登记的信息不一致，请核对", "name")
    tailored = await tailor_for(req.item_code, req.answers, applicant.licences)
    item = tailored.item
    if tailored.checklist.missing:
        q = tailored.checklist.missing[0]
        raise HubError(ErrorCode.INCOMPLETE, f"请先回答：{q.text}", q.code)
    status = starting_status(req.channel, item)
    credit_code = None
    if req.credit_code:
        credit_code = parse_uscc(req.credit_code).value
        if not req.company_name.strip():
            raise HubError(ErrorCode.INVALID, "请填写单位名称", "companyName")
    points = [dict(point)] if point is not None and point["code"] == req.service_point_code else \
        await ServicePoint.filter(code=req.service_point_code).values(*POINT_COLUMNS)
    if not points:
        raise HubError(ErrorCode.NOT_FOUND, f"服务点 {req.service_point_code} 不存在", "servicePointCode")
    point = points[0]
    await _check_accepted_here(item, point)
    finish = await (chosen_finish_point(req.finish_point_code) if req.finish_point_code
                    else finish_point(point))
    if req.issue_method == IssueMethod.COURIER and not req.delivery_address.strip():
        raise HubError(ErrorCode.INVALID, "快递送达须填写收件地址", "deliveryAddress")
    lines = collect(tailored.checklist.lines, req.materials, req.channel)
    if req.offer_id is not None:
        await check_offer(req.offer_id, item["code"], id_number.value)
    shas = {sha for m in req.materials for sha, _ in m.files}
    stored = dict(await StoredFile.filter(sha256__in=shas).values_list("sha256", "id")) if shas else {}
    if len(stored) != len(shas):
        raise HubError(ErrorCode.FILE_NOT_FOUND, "有材料文件未上传成功，请重新上传", "materials")
    decide = await deciding_point(point, RegionLevel(item["decision_level"]))
    instant = item["kind"] == ItemKind.INSTANT.value
    promised = 0 if instant else int(item["promised_time_limit_days"])
    legal = int(item["legal_time_limit_days"])
    timing: dict[str, Any] = {}
    if status == CaseStatus.RECEIVED:
        d = clock.deadlines(await load_calendar(), local_date(now), promised, legal)
        timing = {"accepted_at": now, "due_on": d.due_on, "legal_due_on": d.legal_due_on,
                  "remind_on": d.remind_on, "due_provisional": d.provisional}
    return Prepared(req, id_number.value, dict(item), status, dict(point), dict(decide), finish, lines,
                    {str(k): int(v) for k, v in stored.items()}, credit_code, timing,
                    applicant.person_id, instant, promised, legal,
                    basedata=fetched.audit_detail(), fees=tailored.fees)


async def write(conn: BaseDBAsyncClient, actor: Actor, ready: Prepared, now: datetime,
                application_id: int | None = None) -> tuple[int, list[LoggedEvent]]:
    """Write a prepared intake in the caller's transaction: the case, its frozen checklist and
    files, the first audit row, and (once accepted) its routing to the deciding department's
    approvers; returns the case id and the events to publish after commit."""
    req, item, point, decide, status = ready.req, ready.item, ready.point, ready.decide, ready.status
    person_id = ready.person_id or await person_id_for(ready.id_number, req.name)
    updates = {k: v.strip() for k, v in (("phone", req.phone), ("address", req.address)) if v.strip()}
    if updates:
        await Person.filter(id=person_id).using_db(conn).update(**updates)
    applicant_name = req.name.strip()
    company_id = None
    if ready.credit_code:
        company = await Company.filter(credit_code=ready.credit_code).using_db(conn).first()
        if company is None:
            company = await Company.create(credit_code=ready.credit_code,
                                           name=req.company_name.strip(), using_db=conn)
        company_id, applicant_name = company.id, company.name
    number = await numbering.next_number(conn, point["code"], local_date(now))
    case = await Case.create(
        number=number, item_id=item["id"], item_code=item["code"], item_name=item["name"],
        item_version=item["version"], instant=ready.instant,
        answers={k: v for k, v in req.answers.items()},
        department_id=item["department_id"], decide_point_id=decide["id"],
        decide_path=decide["path"], service_point_id=point["id"], point_path=point["path"],
        finish_point_id=ready.finish["id"],
        channel=req.channel, received_by_id=actor.staff_id, ticket_id=req.ticket_id,
        application_id=application_id if application_id is not None else req.application_id,
        person_id=person_id, company_id=company_id,
        applicant_name=applicant_name, contact_phone=req.phone.strip(), status=status,
        submitted_at=now, promised_days=ready.promised, legal_days=ready.legal,
        issue_method=req.issue_method, delivery_address=req.delivery_address.strip(),
        using_db=conn, **ready.timing)
    await _write_checklist(conn, case.id, ready.lines, ready.stored, actor, req.channel)
    await record_offers(conn, case.id, item, point["path"], now)  # 顺便办
    if req.offer_id is not None:
        await take_offer(conn, req.offer_id, case.id, now)
    await filed_listeners.notify(conn, CaseFiled(case.id, item["version"], item["department_id"],
                                                 applicant_name, ready.fees, now))
    if req.ticket_id is not None:
        await Ticket.filter(id=req.ticket_id, person_id=None).using_db(conn).update(person_id=person_id)
    action = "RECEIVE" if status == CaseStatus.RECEIVED else "PREAPPLY"
    lines = ready.lines
    steps = [Step(action, {
        "number": number, "item": item["name"], "channel": req.channel.value,
        "licensed": [line.material.name for line, _, s in lines if s == CaseMaterialStatus.LICENSED],
        "deferred": [line.material.name for line, _, s in lines if s == CaseMaterialStatus.DEFERRED],
    }, to_status=status.value)]
    if ready.basedata:  # before the first status row: its event reaches followers via the log
        steps.insert(0, Step("BASEDATA_FETCH", ready.basedata))
    event = (await record_each(conn, case.id, actor, steps, now))[-1]
    on_spot = ready.closes_on_spot and application_id is None
    routed = await route_received(conn, {
        "id": case.id, "number": number, "item_name": item["name"], "applicant_name": applicant_name,
        "department_id": item["department_id"], "decide_point_id": decide["id"],
    }, now) if status == CaseStatus.RECEIVED and not on_spot else []
    if status == CaseStatus.RECEIVED:  # the department's system gets it with the case
        await enqueue_handoff(conn, case, now=now)
    if on_spot:  # no back-office queue: the window decides and hands it over now
        routed = await close_on_spot(conn, case.id, actor, point["id"], applicant_name, now)
    return case.id, [event, *routed]


async def _write_checklist(conn: BaseDBAsyncClient, case_id: int,
                           lines: Sequence[tuple[ChecklistLine, MaterialInput | None, CaseMaterialStatus]],
                           stored: Mapping[str, int], actor: Actor, channel: CaseChannel) -> None:
    """The frozen checklist lines and their files in two statements whatever their number (the
    lines' insert returns their ids, which the files' insert needs)."""
    if not lines:
        return
    written = await insert_returning(conn, [
        CaseMaterial(case_id=case_id, material_id=line.material.id, name=line.material.name,
                     form=line.material.form, count=line.material.count,
                     requirement=line.requirement.value, reason=line.reason,
                     license_type=line.material.license_type, status=mstatus,
                     original_seen=bool(given and given.original_seen), sort=sort)
        for sort, (line, given, mstatus) in enumerate(lines)], by="sort")
    files = [(sort, sha, filename) for sort, (_, given, _) in enumerate(lines)
             for sha, filename in (given.files if given else ())]
    if not files:
        return
    ids = {m.sort: m.id for m in written}
    await CaseFile.bulk_create([
        CaseFile(material_id=ids[sort], case_id=case_id, stored_id=stored[sha],
                 filename=filename[:255], round=0, uploaded_by_id=actor.staff_id, channel=channel)
        for sort, sha, filename in files], using_db=conn)


async def _check_accepted_here(item: Mapping[str, Any], point: Mapping[str, Any]) -> None:
    if item["accept_scope"] != "LISTED_POINTS":
        return
    listed = await ServicePoint.filter(accepted_items__id=item["id"]).values_list("path", flat=True)
    if not any(point["path"].startswith(str(p)) for p in listed):
        raise HubError(ErrorCode.NOT_ACCEPTED_HERE,
                       f"“{item['name']}”只能在指定服务点受理", "servicePointCode")
