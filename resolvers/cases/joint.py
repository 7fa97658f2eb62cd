"""一件事联办: one application, the shared fields collected once and one signature, several
linked cases routed in parallel to their departments.

- ``open_application`` checks every item first (reading only), then writes the application and
  all its cases in one transaction: either every case exists or none does.
- A material several items need (出生医学证明) is uploaded once: its StoredFile is attached to
  each case that lists it (one CaseFile per case, one set of bytes).
- The application has no status of its own: ``aggregate`` derives it from its cases.
- ``on_case_moved`` listens to every status change (``transitions.on_moved``, registered by
  ``hub.web.hooks``); for a linked case, inside the change's transaction, it appends the step to
  the application's channel (``application:{id}``) for live tracking and, when a case is
  approved, reminds the approvers of the linked cases still waiting.

The signature is the applicant's typed name plus the server time (see DECISIONS.md): the
counter prints the 联办申请表 for the ink signature that is filed on paper.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from datetime import UTC, date, datetime
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hub.core.clock import local_date
from hub.core.errors import ErrorCode, HubError, NotAuthenticated, PermissionDenied
from hub.core.idcard import parse_id_number
from hub.core.models import (
    Application,
    ApprovalPost,
    Bundle,
    Case,
    Item,
    Person,
    ServicePoint,
    Staff,
    StaffNotice,
)
from hub.core.models.enums import (
    CASE_STATUS_LABELS,
    CaseChannel,
    CaseStatus,
    IssueMethod,
    MaterialRequirement,
    NoticeKind,
    Role,
)
from hub.core.viewer import Viewer
from realtime import log
from realtime.log import LoggedEvent
from resolvers.cases import intake, numbering
from resolvers.cases.access import can_see
from resolvers.cases.actors import Actor
from resolvers.cases.transitions import CaseMoved
from resolvers.catalog.checklists import TailoredChecklist, tailor_for
from resolvers.catalog.situations import ChecklistLine
from resolvers.citizens.accounts import Citizen
from resolvers.people.registry import person_id_for
from training.gate import require_certificate

FIELD_KINDS = ("TEXT", "DATE", "ID_NUMBER", "PHONE", "SINGLE")
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
# Statuses in which a linked case waits for its department (an approval elsewhere reminds it).
WAITING_FOR_APPROVER = frozenset({CaseStatus.PREREVIEW, CaseStatus.RECEIVED, CaseStatus.IN_REVIEW})
APPLICATION_NOT_FOUND = "联办申请不存在或您无权查看"
FORM_LINK_SECONDS = 3600


def application_channel(application_id: int) -> str:
    """The event channel an application's tracking page follows."""
    return f"application:{application_id}"


# --- bundle definitions ------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedField:
    code: str
    label: str
    kind: str = "TEXT"  # TEXT | DATE | ID_NUMBER | PHONE | SINGLE
    required: bool = True
    help: str = ""
    answers: Mapping[str, str] = field(default_factory=dict)  # item code -> question it answers
    options: tuple[tuple[str, str], ...] = ()  # SINGLE: (value, label)

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> SharedField:
        return cls(code=raw["code"], label=raw["label"], kind=raw.get("kind", "TEXT"),
                   required=bool(raw.get("required", True)), help=raw.get("help", ""),
                   answers=dict(raw.get("answers") or {}),
                   options=tuple((o["value"], o["label"]) for o in raw.get("options") or ()))


@dataclass(frozen=True)
class BundleDef:
    id: int
    code: str
    name: str
    description: str
    item_codes: tuple[str, ...]
    shared_fields: tuple[SharedField, ...]
    active: bool = True

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> BundleDef:
        return cls(id=row["id"], code=row["code"], name=row["name"], description=row["description"],
                   item_codes=tuple(row["item_codes"]),
                   shared_fields=tuple(SharedField.of(f) for f in row["shared_fields"]),
                   active=row["active"])


def bundle_problems(raw: Mapping[str, Any], known_items: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Everything wrong with a bundle definition (demo data, imports), in Chinese."""
    code = raw.get("code", "?")
    problems = []
    items = list(raw.get("item_codes") or [])
    if len(items) < 2:
        problems.append(f"一件事 {code}：至少包含两个事项")
    if len(set(items)) != len(items):
        problems.append(f"一件事 {code}：事项重复")
    for c in items:
        if c not in known_items:
            problems.append(f"一件事 {code}：事项 {c} 不在目录中")
    codes = [f.get("code") for f in raw.get("shared_fields") or []]
    if len(set(codes)) != len(codes):
        problems.append(f"一件事 {code}：共享字段代码重复")
    for f in raw.get("shared_fields") or []:
        if f.get("kind", "TEXT") not in FIELD_KINDS:
            problems.append(f"一件事 {code}：共享字段 {f.get('code')} 的类型 {f.get('kind')} 无效")
        if f.get("kind") == "SINGLE" and not f.get("options"):
            problems.append(f"一件事 {code}：共享字段 {f.get('code')} 须列出选项")
        for item_code, question in (f.get("answers") or {}).items():
            if item_code not in items:
                problems.append(
                    f"一件事 {code}：共享字段 {f.get('code')} 对应的事项 {item_code} 不在本件事中")
            elif question not in known_items.get(item_code, {}).get("questions", ()):
                problems.append(f"一件事 {code}：事项 {item_code} 没有问题 {question}")
    return problems


async def list_bundles(include_inactive: bool = False) -> list[BundleDef]:
    q = Bundle.all() if include_inactive else Bundle.filter(active=True)
    return [BundleDef.of(r) for r in await q.order_by("sort", "code").values()]


async def bundle_by_code(code: str) -> BundleDef | None:
    rows = await Bundle.filter(code=code.strip()).values()
    return BundleDef.of(rows[0]) if rows else None


# --- pure rules --------------------------------------------------------------------------------


def check_shared(fields: Sequence[SharedField], values: Mapping[str, Any], today: date) -> dict[str, str]:
    """The shared fields as they are stored (trimmed, ID numbers normalised); raises on the
    first that is missing or invalid, naming it in Chinese (field ``shared.<code>``)."""
    known = {f.code for f in fields}
    stray = [k for k in values if k not in known]
    if stray:
        raise HubError(ErrorCode.INVALID, f"未知的共享字段：{stray[0]}", f"shared.{stray[0]}")
    out: dict[str, str] = {}
    for f in fields:
        where = f"shared.{f.code}"
        value = str(values.get(f.code) or "").strip()
        if not value:
            if f.required:
                raise HubError(ErrorCode.INVALID, f"请填写“{f.label}”", where)
            continue
        if f.kind == "ID_NUMBER":
            try:
                value = parse_id_number(value, where, today).value
            except HubError as e:
                raise HubError(e.code, f"“{f.label}”：{e.message}", where) from None
        elif f.kind == "DATE":
            try:
                day = date.fromisoformat(value)
            except ValueError:
                raise HubError(ErrorCode.INVALID, f"“{f.label}”应为日期，如 2026-11-20", where) from None
            if day > today:
                raise HubError(ErrorCode.INVALID, f"“{f.label}”不能晚于今天", where)
            value = day.isoformat()
        elif f.kind == "SINGLE" and value not in dict(f.options):
            raise HubError(ErrorCode.INVALID, f"“{f.label}”请从选项中选择", where)
        elif f.kind == "PHONE" and not PHONE.match(value.replace(" ", "")):
            raise HubError(ErrorCode.INVALID, f"“{f.label}”应为 11 位手机号码或带区号的固定电话", where)
        elif len(value) > 128:
            raise HubError(ErrorCode.INVALID, f"“{f.label}”过长（最多 128 字）", where)
        out[f.code] = value.replace(" ", "") if f.kind == "PHONE" else value
    return out


def answers_with_shared(fields: Sequence[SharedField], shared: Mapping[str, str], item_code: str,
                        answers: Mapping[str, Any]) -> dict[str, Any]:
    """An item's situation answers with the questions a shared field answers filled in (the
    applicant is asked once: 出生日期 answers 出生登记 and 新生儿参保 alike)."""
    out = dict(answers)
    for f in fields:
        question = f.answers.get(item_code)
        if question and f.code in shared:
            out[question] = shared[f.code]
    return out


@dataclass(frozen=True)
class MaterialNeed:
    item_code: str
    item_name: str
    material_id: int
    requirement: MaterialRequirement
    satisfied_by: str | None
    reason: str


@dataclass(frozen=True)
class SharedMaterial:
    """One line of the combined checklist: a material (by name) and every item that lists it."""

    name: str
    form: str
    count: int
    requirement: MaterialRequirement  # the strictest of the items' requirements
    satisfied_by: str | None  # an electronic licence covers it for every item
    needs: tuple[MaterialNeed, ...]

    @property
    def shared(self) -> bool:
        return len(self.needs) > 1


STRICTNESS = {MaterialRequirement.OPTIONAL: 0, MaterialRequirement.DEFERRABLE: 1,
              MaterialRequirement.REQUIRED: 2}


def combine(per_item: Sequence[tuple[str, str, Sequence[ChecklistLine]]]) -> list[SharedMaterial]:
    """Pure: the items' checklists as one list, a material several items need appearing once
    (matched by name), in the order first met."""
    groups: dict[str, list[tuple[ChecklistLine, MaterialNeed]]] = {}
    for item_code, item_name, lines in per_item:
        for line in lines:
            need = MaterialNeed(item_code, item_name, line.material.id, line.requirement,
                                line.satisfied_by, line.reason)
            groups.setdefault(line.material.name, []).append((line, need))
    out = []
    for name, members in groups.items():
        first = members[0][0].material
        strictest = max((n.requirement for _, n in members), key=lambda r: STRICTNESS[r])
        satisfied = members[0][1].satisfied_by if all(n.satisfied_by for _, n in members) else None
        out.append(SharedMaterial(name, first.form, max(m.material.count for m, _ in members),
                                  strictest, satisfied, tuple(n for _, n in members)))
    return out


@dataclass(frozen=True)
class Aggregate:
    code: str  # DONE | SUPPLEMENT | PARTLY_REJECTED | REJECTED | IN_PROGRESS
    label: str
    done: int
    total: int


def aggregate(statuses: Sequence[CaseStatus | str]) -> Aggregate:
    """The application's status from its cases': all issued → 已办结; any waiting for a
    supplement → 待补件; any refused → 部分不予许可 (all refused → 不予许可); else 办理中 n/m."""
    s = [CaseStatus(x) for x in statuses]
    total = len(s)
    done = sum(1 for x in s if x == CaseStatus.ISSUED)
    if total and done == total:
        return Aggregate("DONE", "已办结", done, total)
    if CaseStatus.SUPPLEMENT in s:
        return Aggregate("SUPPLEMENT", "待补件", done, total)
    rejected = sum(1 for x in s if x == CaseStatus.REJECTED)
    if rejected and rejected == total:
        return Aggregate("REJECTED", "不予许可", done, total)
    if rejected:
        return Aggregate("PARTLY_REJECTED", "部分不予许可", done, total)
    return Aggregate("IN_PROGRESS", f"办理中（{done}/{total} 已办结）", done, total)


# --- opening an application --------------------------------------------------------------------


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
    application: dict[str, Any]
    cases: list[dict[str, Any]]
    events: list[LoggedEvent]


def _in_item(i: int, name: str, e: HubError) -> HubError:
    return HubError(e.code, f"第 {i + 1} 项“{name}”：{e.message}", f"items.{i}.{e.field or 'item'}")


async def open_application(actor: Actor, req: ApplicationRequest, now: datetime | None = None) -> Opened:
    """File a joint application; the caller has checked that ``actor`` may file on
    ``req.channel`` for every item. All cases or none."""
    now = now or datetime.now(UTC)
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
    application = (await Application.filter(id=app.id).values())[0]
    cases = list(await Case.filter(application_id=app.id).order_by("id").values())
    return Opened(application, cases, events)


# --- after a linked case moves -----------------------------------------------------------------


async def on_case_moved(conn: BaseDBAsyncClient, change: CaseMoved) -> None:
    """Listens to transitions.move, in its transaction: for a case of a joint application the
    step goes on the application's channel and an approval reminds the next approvers."""
    if change.application_id is not None:
        await case_moved(conn, change.case_id, change.application_id, change.old, change.new,
                         change.actor, change.at)


async def case_moved(conn: BaseDBAsyncClient, case_id: int, application_id: int,
                     from_status: CaseStatus, to: CaseStatus, actor: Actor,
                     at: datetime) -> LoggedEvent:
    """A linked case moved: the step on the application's channel, the next approvers reminded."""
    siblings = await Case.filter(application_id=application_id).using_db(conn).order_by("id").values(
        "id", "number", "item_name", "status", "department_id", "decide_point_id", "assignee_id")
    moved = next(s for s in siblings if s["id"] == case_id)
    if to == CaseStatus.APPROVED:
        await _remind_next(conn, application_id, moved, siblings, actor, at)
    state = aggregate([s["status"] for s in siblings])
    return await log.append(conn, application_channel(application_id), "CASE_MOVED", {
        "applicationId": application_id, "caseId": case_id, "number": moved["number"],
        "item": moved["item_name"], "from": from_status.value, "to": to.value,
        "toLabel": CASE_STATUS_LABELS[to], "actor": actor.name, "at": at.isoformat(),
        "status": state.code, "statusLabel": state.label})


async def approvers_of(conn: BaseDBAsyncClient, case: Mapping[str, Any]) -> list[int]:
    """Who should act next on a waiting case: its assignee; else the A post of its department
    at its deciding point (AB岗); else the department's back office at that point."""
    if case["assignee_id"] is not None:
        return [int(case["assignee_id"])]
    post = await ApprovalPost.filter(department_id=case["department_id"],
                                     point_id=case["decide_point_id"]).using_db(conn).order_by(
        "id").values_list("primary_id", flat=True)
    if post:
        return [int(post[0])]  # type: ignore[call-overload]
    staff = await Staff.filter(department_id=case["department_id"], service_point_id=case["decide_point_id"],
                               active=True).using_db(conn).values("id", "roles")
    return [int(s["id"]) for s in staff if Role.BACK_OFFICE.value in (s["roles"] or [])]


async def _remind_next(conn: BaseDBAsyncClient, application_id: int, moved: Mapping[str, Any],
                       siblings: Sequence[Mapping[str, Any]], actor: Actor, at: datetime) -> None:
    app = await Application.filter(id=application_id).using_db(conn).values("number", "bundle__name")
    number, bundle_name = app[0]["number"], app[0]["bundle__name"]
    notices = []
    for s in siblings:
        if s["id"] == moved["id"] or CaseStatus(s["status"]) not in WAITING_FOR_APPROVER:
            continue
        message = (f"联办件 {number}（{bundle_name}）中的“{moved['item_name']}”已由 {actor.name} "
                   f"审批通过，请及时办理“{s['item_name']}”（{s['number']}）")
        for staff_id in await approvers_of(conn, s):
            notices.append(StaffNotice(staff_id=staff_id, case_id=s["id"], kind=NoticeKind.JOINT,
                                       message=message[:255], created_at=at))
    if notices:
        await StaffNotice.bulk_create(notices, using_db=conn)


# --- reading -----------------------------------------------------------------------------------


async def application_row(*, id: int | None = None, number: str | None = None) -> dict[str, Any] | None:
    q = Application.filter(id=id) if id is not None else Application.filter(number=(number or "").strip())
    rows = await q.values()
    return rows[0] if rows else None


async def cases_of(application_id: int) -> list[dict[str, Any]]:
    return list(await Case.filter(application_id=application_id).order_by("id").values())


async def point_code_of(point_id: int) -> str:
    return str((await ServicePoint.get(id=point_id).values("code"))["code"])


class FormLinks:
    """``/joint-forms/{number}.pdf?t=…``: the 联办申请表 of one application; the token names the
    application and expires after an hour (handed only to those who may see it)."""

    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeTimedSerializer(secret_key, salt="owh-joint-form")

    def url(self, number: str) -> str:
        return f"/joint-forms/{number}.pdf?t={self._s.dumps(number)}"

    def check(self, number: str, token: str) -> bool:
        try:
            return bool(self._s.loads(token, max_age=FORM_LINK_SECONDS) == number)
        except (BadSignature, SignatureExpired):
            return False


async def form_facts(application: Mapping[str, Any]) -> dict[str, Any]:
    """What the 联办申请表 prints, read in a handful of queries."""
    bundle = (await Bundle.filter(id=application["bundle_id"]).values())[0]
    fields = BundleDef.of(bundle).shared_fields
    shared = application["shared"] or {}
    labels = []
    for f in fields:
        value = str(shared.get(f.code, ""))
        labels.append((f.label, dict(f.options).get(value, value) if f.options else value))
    cases = await Case.filter(application_id=application["id"]).order_by("id").values(
        "number", "item_name", "status", "department__name")
    person = await Person.filter(id=application["person_id"]).values("name", "id_number")
    point = await ServicePoint.filter(id=application["service_point_id"]).values("centre_name", "name")
    staff = (await Staff.filter(id=application["received_by_id"]).values_list("name", flat=True)
             if application["received_by_id"] else [])
    return {
        "bundle_name": bundle["name"], "fields": labels, "cases": cases,
        "applicant_name": person[0]["name"] if person else application["signed_name"],
        "applicant_id_number": person[0]["id_number"] if person else "",
        "service_point": point[0]["centre_name"] or point[0]["name"],
        "received_by": str(staff[0]) if staff else "网上申报",
        "status": aggregate([c["status"] for c in cases]).label,
    }


# --- who may file, and the combined checklist -------------------------------------------------


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


@dataclass(frozen=True)
class ItemChecklist:
    item_code: str
    tailored: TailoredChecklist | None
    error: HubError | None
    from_shared: tuple[str, ...]  # the questions a shared field answers


async def bundle_checklist(bundle: BundleDef, shared: Mapping[str, Any],
                           answers: Mapping[str, Mapping[str, Any]], licences: Mapping[str, str] | None,
                           item_codes: Sequence[str] | None = None
                           ) -> tuple[list[ItemChecklist], list[SharedMaterial]]:
    """Each item's tailored checklist (shared fields answering their questions) and, once all
    are complete, the combined material list with shared materials once."""
    values = {k: str(v).strip() for k, v in shared.items() if str(v or "").strip()}
    out = []
    for code in item_codes or bundle.item_codes:
        if code not in bundle.item_codes:
            raise HubError(ErrorCode.INVALID, f"事项 {code} 不属于“{bundle.name}”", "items")
        given = answers_with_shared(bundle.shared_fields, values, code, answers.get(code, {}))
        mapped = tuple(f.answers[code] for f in bundle.shared_fields if code in f.answers)
        try:
            out.append(ItemChecklist(code, await tailor_for(code, given, licences), None, mapped))
        except HubError as e:
            out.append(ItemChecklist(code, None, e, mapped))
    done = [c.tailored for c in out if c.tailored is not None and c.tailored.checklist.complete]
    if len(done) != len(out):
        return out, []
    return out, combine([(t.item["code"], t.item["name"], t.checklist.lines) for t in done])


def item_online(item: Mapping[str, Any]) -> bool:
    """Whether a resident may file this item online (accepted at once or pre-reviewed)."""
    return str(item["pc"]) != "NONE"


# --- who may see an application ----------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    application: dict[str, Any]
    cases: list[dict[str, Any]]  # all its cases
    visible: frozenset[int]  # the ids of those the caller may open in full


async def seen_by(viewer: Viewer | None, citizen: Citizen | None, app: Mapping[str, Any] | None
                  ) -> Seen | None:
    """The application as the caller may see it, or None (also for a guessed id): staff who
    can see any of its cases (at their point, department, region), or its applicant."""
    if app is None:
        return None
    cases = await cases_of(int(app["id"]))
    if viewer is not None:
        visible = frozenset(c["id"] for c in cases if can_see(viewer, c))
        return Seen(dict(app), cases, visible) if visible else None
    if citizen is not None and app["person_id"] == citizen.person_id:
        return Seen(dict(app), cases, frozenset(c["id"] for c in cases))
    return None


async def track_application(number: str, id_number: str) -> Seen | None:
    """By application number plus the applicant's ID number (no login); any mismatch is None."""
    parsed = parse_id_number(id_number)
    app = await application_row(number=number)
    if app is None or app["person_id"] is None:
        return None
    person = await Person.filter(id=app["person_id"], id_number=parsed.value).exists()
    if not person:
        return None
    cases = await cases_of(int(app["id"]))
    return Seen(dict(app), cases, frozenset(c["id"] for c in cases))


async def own_applications(person_id: int, first: int = 50) -> list[dict[str, Any]]:
    return list(await Application.filter(person_id=person_id).order_by("-id").limit(min(first, 100)).values())
