"""后台分类审批: the owning department works its queue.

- claim (领取) an accepted case, or the leader / A assigns it to a colleague; release it back;
- approve, or reject with a reason — 不予受理 (the application is not admissible) or 不予许可
  (admissible, but the licence is refused) — which yields a decision notice (PDF);
- request a supplement (补件): one round with an annotation on each non-conforming material
  (a type, free text, optionally a box on one of that material's images); the clock pauses
  until the applicant hands the files in, online or at any window, and then resumes with the
  due dates moved by the working days waited;
- pre-review (网上预审) of online pre-applications: pass, return for correction (a pre-review
  supplement round) or refuse; a window accepts a passed case later and the clock starts then;
- 信息校验: the front desk flags a doubtful datum, the department confirms or corrects it.

Every status change goes through ``transitions.move`` (compare-and-set on status and the version
the caller looked at, an audit row, a case event); the caller publishes the returned events
after the commit. A case outside the caller's reach is NOT_FOUND, never FORBIDDEN.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hub.core.clock import local_date, utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.idcard import parse_id_number
from hub.core.models import (
    Annotation,
    Case,
    CaseFile,
    CaseMaterial,
    Department,
    InfoCheck,
    Person,
    ServicePoint,
    Staff,
    StoredFile,
    SupplementRequest,
)
from hub.core.models.enums import (
    ANNOTATION_KIND_LABELS,
    AnnotationKind,
    CaseChannel,
    CaseMaterialStatus,
    CaseStatus,
    InfoCheckStatus,
    NoticeKind,
    Role,
)
from hub.core.models.rows import CaseRow
from hub.core.viewer import Viewer, require_role, require_viewer
from realtime.log import LoggedEvent
from resolvers.calendar.schedules import load_calendar
from resolvers.cases import clock, routing
from resolvers.cases.access import CASE_NOT_FOUND, can_see, case_for, case_for_applicant, require_back_office
from resolvers.cases.actors import Actor
from resolvers.cases.transitions import move, record
from resolvers.integration.handoff import enqueue_handoff
from training.gate import require_certificate

BACK_OFFICE = "BACK_OFFICE"  # the terminal recorded in the audit trail for the console
MAX_TEXT = 255
MAX_NOTE = 2000


class RejectKind(StrEnum):
    REFUSE = "REFUSE"  # 不予受理
    REJECT = "REJECT"  # 不予许可


REJECT_KIND_LABELS = {RejectKind.REFUSE: "不予受理", RejectKind.REJECT: "不予许可"}


@dataclass(frozen=True)
class Done:
    case: CaseRow
    events: list[LoggedEvent]


@dataclass(frozen=True)
class AnnotationInput:
    material_id: int  # the case material (checklist line) row
    kind: AnnotationKind
    text: str = ""
    file_id: int | None = None  # the case file the box is drawn on
    box: Mapping[str, float] | None = None  # {x, y, w, h} as fractions of the image


@dataclass(frozen=True)
class SupplementFiles:
    material_id: int  # the annotated case material
    files: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (sha256, filename)


def _now(now: datetime | None) -> datetime:
    return now or utcnow()


async def _reload(case_id: int) -> CaseRow:
    return cast(list[CaseRow], await Case.filter(id=case_id).values())[0]


async def department_case(viewer: Viewer | None, case_id: int) -> CaseRow:
    """The case if the viewer may work it as its department's back office."""
    v = require_viewer(viewer)
    case = await case_for(v, case_id)
    require_back_office(v, case)
    return case


def _require_assignee(viewer: Viewer, case: CaseRow) -> None:
    if case["assignee_id"] != viewer.staff_id:
        raise PermissionDenied("此办件不在您名下：请先领取，或由当前审批人处理")


def _status(case: CaseRow, *allowed: CaseStatus) -> None:
    if CaseStatus(case["status"]) not in allowed:
        raise HubError(ErrorCode.CONFLICT, "办件状态已变化，请刷新后重试", "caseId")


def _text(value: str, name: str, label: str, *, required: bool = True, limit: int = MAX_NOTE) -> str:
    value = (value or "").strip()
    if required and not value:
        raise HubError(ErrorCode.INVALID, f"请填写{label}", name)
    if len(value) > limit:
        raise HubError(ErrorCode.INVALID, f"{label}不能超过 {limit} 个字", name)
    return value


# --- claiming -----------------------------------------------------------------------------------


async def claim(viewer: Viewer | None, case_id: int, *, version: int | None,
                now: datetime | None = None) -> Done:
    """领取: RECEIVED → IN_REVIEW with the claimer as assignee. Two approvers racing for one case:
    the compare-and-set lets exactly one win, the other gets CONFLICT."""
    now = _now(now)
    case = await department_case(viewer, case_id)
    v = require_viewer(viewer)
    post = await routing.post_for(case["department_id"], case["decide_point_id"])
    if not routing.may_claim(v, post, case["offered_to_backup"]):
        raise PermissionDenied("此办件由A岗办理：A岗不在岗或办件临期时才转B岗")
    async with in_transaction() as conn:
        event = await move(conn, case_id, expect=[CaseStatus.RECEIVED], to=CaseStatus.IN_REVIEW,
                           actor=Actor.staff(v, BACK_OFFICE), action="CLAIM", version=version,
                           at=now, assignee_id=v.staff_id)
    return Done(await _reload(case_id), [event])


async def assign(viewer: Viewer | None, case_id: int, to_staff_id: int, *, version: int | None,
                 now: datetime | None = None) -> Done:
    """指派: the leader (or A) hands the case to a back-office colleague of the department."""
    now = _now(now)
    case = await department_case(viewer, case_id)
    v = require_viewer(viewer)
    post = await routing.post_for(case["department_id"], case["decide_point_id"])
    if not routing.may_assign(v, post):
        raise PermissionDenied("只有部门负责人或A岗可以指派办件")
    target = await _colleague(case, to_staff_id)
    async with in_transaction() as conn:
        event = await move(conn, case_id, expect=[CaseStatus.RECEIVED, CaseStatus.IN_REVIEW],
                           to=CaseStatus.IN_REVIEW, actor=Actor.staff(v, BACK_OFFICE), action="ASSIGN",
                           detail={"to": target["name"]}, version=version, at=now,
                           assignee_id=target["id"])
        rung = await routing.notify(conn, [(target["id"], NoticeKind.ASSIGNED,
                                            f"{v.name}指派办件给您：{case['number']}（{case['item_name']}）")],
                                    case_id, now)
    return Done(await _reload(case_id), [event, *rung])


async def _colleague(case: CaseRow, staff_id: int) -> dict[str, Any]:
    rows = await Staff.filter(id=staff_id, active=True, department_id=case["department_id"]).values(
        "id", "name", "roles", "service_point__path")
    if not rows or Role.BACK_OFFICE.value not in rows[0]["roles"] or not str(
            case["decide_path"]).startswith(rows[0]["service_point__path"]):
        raise HubError(ErrorCode.NOT_FOUND, "只能指派给本部门本辖区的后台审批人员", "toStaffId")
    return rows[0]


async def colleagues(viewer: Viewer | None, case_id: int) -> list[dict[str, Any]]:
    """Who a case may be assigned to: the department's back office covering its deciding point."""
    case = await department_case(viewer, case_id)
    codes = [c for c in str(case["decide_path"]).split("/") if c]
    rows = await Staff.filter(active=True, department_id=case["department_id"],
                              service_point__code__in=codes).order_by("id").values("id", "name", "roles")
    return [r for r in rows if Role.BACK_OFFICE.value in r["roles"]]


async def release(viewer: Viewer | None, case_id: int, *, version: int | None,
                  now: datetime | None = None) -> Done:
    """退回待办: the assignee (or the leader) puts the case back in the queue."""
    now = _now(now)
    case = await department_case(viewer, case_id)
    v = require_viewer(viewer)
    post = await routing.post_for(case["department_id"], case["decide_point_id"])
    if case["assignee_id"] != v.staff_id and not (post and post.leader_id == v.staff_id):
        raise PermissionDenied("只有当前审批人或部门负责人可以退回待办")
    async with in_transaction() as conn:
        event = await move(conn, case_id, expect=[CaseStatus.IN_REVIEW], to=CaseStatus.RECEIVED,
                           actor=Actor.staff(v, BACK_OFFICE), action="RELEASE", version=version,
                           at=now, assignee_id=None)
    return Done(await _reload(case_id), [event])


# --- deciding -----------------------------------------------------------------------------------


async def decide(conn: BaseDBAsyncClient, case_id: int, actor: Actor, *, expect: Sequence[CaseStatus],
                 version: int | None, note: str, now: datetime, action: str = "APPROVE",
                 extra: Mapping[str, Any] | None = None) -> LoggedEvent:
    """Approve within the caller's transaction (also for 即办件 decided at the window)."""
    detail = {**({"note": note} if note else {}), **(extra or {})}
    return await move(conn, case_id, expect=expect, to=CaseStatus.APPROVED, actor=actor, action=action,
                      detail=detail, version=version, at=now,
                      decided_at=now, decision_note=note, paused_since=None)


async def discarding(case_id: int, pending: Sequence[AnnotationInput], discard: bool) -> dict[str, Any]:
    """The audit detail of a decision taken while 补件 annotations were drawn but not sent: the
    decision is refused unless the officer said explicitly to discard them, and what was
    discarded goes into the audit trail — an annotation is never dropped silently."""
    if not pending:
        return {}
    if not discard:
        raise HubError(ErrorCode.ANNOTATIONS_PENDING,
                       f"还有 {len(pending)} 条补件批注尚未发出：请先要求补件，或确认放弃这些批注后再作决定",
                       "discardAnnotations")
    materials, rows = await _checked_annotations(case_id, pending)
    return {"discardedAnnotations": [
        f"{materials[r['material_id']]}：{ANNOTATION_KIND_LABELS[r['kind']]}"
        + (f"（{r['text']}）" if r["text"] else "") for r in rows]}


async def approve(viewer: Viewer | None, case_id: int, *, version: int | None, note: str = "",
                  pending: Sequence[AnnotationInput] = (), discard: bool = False,
                  now: datetime | None = None) -> Done:
    """审批通过 by the assignee; ``pending``: the annotations on screen not yet sent (see discarding)."""
    now = _now(now)
    case = await department_case(viewer, case_id)
    v = require_viewer(viewer)
    _require_assignee(v, case)
    note = _text(note, "note", "审批意见", required=False)
    extra = await discarding(case_id, pending, discard)
    async with in_transaction() as conn:
        event = await decide(conn, case_id, Actor.staff(v, BACK_OFFICE), expect=[CaseStatus.IN_REVIEW],
                             version=version, note=note, now=now, extra=extra)
    return Done(await _reload(case_id), [event])


async def reject(viewer: Viewer | None, case_id: int, *, version: int | None, reason: str,
                 kind: RejectKind, pending: Sequence[AnnotationInput] = (), discard: bool = False,
                 now: datetime | None = None) -> Done:
    """不予许可 (in review, by the assignee) or 不予受理 (also straight from pre-review)."""
    now = _now(now)
    case = await department_case(viewer, case_id)
    v = require_viewer(viewer)
    reason = _text(reason, "reason", "理由")
    if CaseStatus(case["status"]) == CaseStatus.PREREVIEW and kind == RejectKind.REFUSE:
        expect = [CaseStatus.PREREVIEW]
    else:
        _require_assignee(v, case)
        expect = [CaseStatus.IN_REVIEW]
    extra = await discarding(case_id, pending, discard)
    async with in_transaction() as conn:
        event = await move(conn, case_id, expect=expect, to=CaseStatus.REJECTED,
                           actor=Actor.staff(v, BACK_OFFICE), action=kind.value,
                           detail={"kind": REJECT_KIND_LABELS[kind], "reason": reason, **extra},
                           version=version, at=now, decided_at=now, decision_note=reason,
                           paused_since=None)
    return Done(await _reload(case_id), [event])


async def rejection_kind(case_id: int) -> RejectKind:
    from hub.core.models import CaseLog

    rows = await CaseLog.filter(case_id=case_id, action__in=[k.value for k in RejectKind]).order_by(
        "-id").limit(1).values_list("action", flat=True)
    return RejectKind(str(rows[0])) if rows else RejectKind.REJECT


# --- supplements --------------------------------------------------------------------------------


def check_box(box: Mapping[str, Any]) -> dict[str, float]:
    """A box as fractions of the image: 0 ≤ x, y; 0 < w, h; x + w ≤ 1; y + h ≤ 1."""
    try:
        x, y, w, h = (float(box[k]) for k in ("x", "y", "w", "h"))
    except (KeyError, TypeError, ValueError) as e:
        raise HubError(ErrorCode.INVALID, "标框须包含 x、y、w、h 四个 0–1 之间的数", "box") from e
    eps = 1e-6
    if not (0 <= x <= 1 and 0 <= y <= 1 and 0 < w <= 1 and 0 < h <= 1
            and x + w <= 1 + eps and y + h <= 1 + eps):
        raise HubError(ErrorCode.INVALID, "标框超出图片范围：x、y、w、h 须为 0–1 之间的比例", "box")
    return {"x": round(x, 4), "y": round(y, 4), "w": round(w, 4), "h": round(h, 4)}


def check_annotations(notes: Sequence[AnnotationInput], materials: Mapping[int, str],
                      files: Mapping[int, tuple[int, str]]) -> list[dict[str, Any]]:
    """Pure: validated annotation rows. ``materials``: case material id → name; ``files``: case
    file id → (material id, content type)."""
    if not notes:
        raise HubError(ErrorCode.INVALID, "请至少批注一项不合规的材料", "annotations")
    out = []
    for n in notes:
        if n.material_id not in materials:
            raise HubError(ErrorCode.NOT_FOUND, "批注的材料不属于此办件", "annotations")
        text = _text(n.text, "text", "批注说明", required=n.kind == AnnotationKind.OTHER, limit=MAX_TEXT)
        box = None
        if n.box is not None:
            if n.file_id is None:
                raise HubError(ErrorCode.INVALID, "标框须指定所在的文件", "annotations")
            box = check_box(n.box)
        if n.file_id is not None:
            owner = files.get(n.file_id)
            if owner is None or owner[0] != n.material_id:
                raise HubError(ErrorCode.NOT_FOUND,
                               f"所选文件不属于材料“{materials[n.material_id]}”", "annotations")
            if box is not None and not owner[1].startswith("image/"):
                raise HubError(ErrorCode.INVALID, "只能在图片上标框", "annotations")
        out.append({"material_id": n.material_id, "kind": n.kind, "text": text,
                    "file_id": n.file_id, "box": box})
    return out


async def _checked_annotations(case_id: int, notes: Sequence[AnnotationInput]
                               ) -> tuple[dict[int, str], list[dict[str, Any]]]:
    """The case's material names by id, and ``notes`` validated against its materials and files."""
    materials = dict(await CaseMaterial.filter(case_id=case_id).values_list("id", "name"))
    files = {r["id"]: (r["material_id"], r["stored__content_type"])
             for r in await CaseFile.filter(case_id=case_id).values("id", "material_id",
                                                                     "stored__content_type")}
    return materials, check_annotations(notes, materials, files)


async def request_supplement(viewer: Viewer | None, case_id: int, *, version: int | None,
                             annotations: Sequence[AnnotationInput], note: str = "",
                             now: datetime | None = None) -> Done:
    """补件 (in review, by the assignee) or 预审退回补正 (pre-review, any approver of the
    department): SUPPLEMENT, the clock paused."""
    now = _now(now)
    case = await department_case(viewer, case_id)
    v = require_viewer(viewer)
    status = CaseStatus(case["status"])
    _status(case, CaseStatus.IN_REVIEW, CaseStatus.PREREVIEW)
    if status == CaseStatus.IN_REVIEW:
        _require_assignee(v, case)
    note = _text(note, "note", "补件说明", required=False)
    materials, rows = await _checked_annotations(case_id, annotations)
    stage = "PREREVIEW" if status == CaseStatus.PREREVIEW else "REVIEW"
    n = case["supplement_round"] + 1
    paused = now if case["due_on"] is not None else None
    async with in_transaction() as conn:
        event = await move(
            conn, case_id, expect=[status], to=CaseStatus.SUPPLEMENT, actor=Actor.staff(v, BACK_OFFICE),
            action="PREREVIEW_RETURN" if stage == "PREREVIEW" else "REQUEST_SUPPLEMENT",
            detail={"round": n, "note": note,
                    "materials": sorted({materials[r["material_id"]] for r in rows})},
            version=version, at=now, supplement_round=n, paused_since=paused)
        request = await SupplementRequest.create(case_id=case_id, round=n, stage=stage, note=note,
                                                 requested_by_id=v.staff_id, requested_at=now,
                                                 using_db=conn)
        await Annotation.bulk_create([Annotation(request_id=request.id, **r) for r in rows], using_db=conn)
    return Done(await _reload(case_id), [event])


async def supplement_online(citizen_person_id: int, channel: CaseChannel, case_id: int, *,
                            version: int | None, files: Sequence[SupplementFiles],
                            now: datetime | None = None) -> Done:
    """The applicant hands the supplement in online, for their own case."""
    if channel not in (CaseChannel.PC, CaseChannel.MOBILE):
        raise PermissionDenied("申请人本人只能通过电脑端或手机端补件")
    case = await case_for_applicant(citizen_person_id, case_id)
    return await _supplement(case, Actor.applicant(citizen_person_id, channel), version, files, _now(now))


async def supplement_at_window(viewer: Viewer | None, case_id: int, *, version: int | None,
                               files: Sequence[SupplementFiles], id_number: str | None = None,
                               now: datetime | None = None) -> Done:
    """Any window takes the supplement for the applicant (通办): a case of another point needs
    the applicant's ID number."""
    v = require_role(viewer, Role.FRONT_DESK)
    case = await case_at_window(v, case_id, id_number)
    return await _supplement(case, Actor.staff(v, CaseChannel.COUNTER), version, files, _now(now))


async def case_at_window(viewer: Viewer, case_id: int, id_number: str | None) -> CaseRow:
    """A case the front desk may finish for the applicant: one of its point, or any case whose
    applicant's ID number it was shown. Anything else is NOT_FOUND."""
    rows = cast(list[CaseRow], await Case.filter(id=case_id).values())
    if rows and can_see(viewer, rows[0]):
        return rows[0]
    if rows and id_number and await _same_person(rows[0]["person_id"], id_number):
        return rows[0]
    raise HubError(ErrorCode.NOT_FOUND, CASE_NOT_FOUND, "caseId")


async def find_at_window(viewer: Viewer | None, number: str, id_number: str | None) -> CaseRow:
    v = require_role(viewer, Role.FRONT_DESK)
    ids = await Case.filter(number=number.strip()).values_list("id", flat=True)
    if not ids:
        raise HubError(ErrorCode.NOT_FOUND, CASE_NOT_FOUND, "number")
    return await case_at_window(v, int(ids[0]), id_number)  # type: ignore[call-overload]


async def _same_person(person_id: int, id_number: str) -> bool:
    try:
        value = parse_id_number(id_number).value
    except HubError:
        return False
    return await Person.filter(id=person_id, id_number=value).exists()


async def _supplement(case: CaseRow, actor: Actor, version: int | None,
                      given: Sequence[SupplementFiles], now: datetime) -> Done:
    _status(case, CaseStatus.SUPPLEMENT)
    case_id = case["id"]
    requests = await SupplementRequest.filter(case_id=case_id, round=case["supplement_round"]).values(
        "id", "stage", "requested_by_id")
    if not requests:
        raise HubError(ErrorCode.NOT_FOUND, "没有待补的材料", "caseId")
    request = requests[0]
    annotated = dict(await Annotation.filter(request_id=request["id"]).values_list(
        "material_id", "material__name"))
    by_material: dict[int, list[tuple[str, str]]] = {}
    for g in given:
        if g.material_id not in annotated:
            raise HubError(ErrorCode.UNKNOWN_MATERIAL, "只需补交被批注的材料", "files")
        by_material.setdefault(g.material_id, []).extend(g.files)
    for mid, name in annotated.items():
        if not by_material.get(mid):
            raise HubError(ErrorCode.MATERIAL_MISSING, f"请为“{name}”上传补交的文件", "files")
    shas = {sha for fs in by_material.values() for sha, _ in fs}
    stored = dict(await StoredFile.filter(sha256__in=shas).values_list("sha256", "id"))
    if len(stored) != len(shas):
        raise HubError(ErrorCode.FILE_NOT_FOUND, "有材料文件未上传成功，请重新上传", "files")
    timing: dict[str, Any] = {}
    waited = 0
    if case["paused_since"] is not None and case["due_on"] is not None:
        cal = await load_calendar()
        # The three dates are set together when the case is accepted.
        r = clock.resume(cal, case["paused_since"], now, case["due_on"], cast(date, case["legal_due_on"]),
                         cast(date, case["remind_on"]))
        waited = r.paused_workdays
        timing = {"due_on": r.due_on, "legal_due_on": r.legal_due_on, "remind_on": r.remind_on,
                  "due_provisional": r.provisional or case["due_provisional"],
                  "paused_workdays": case["paused_workdays"] + r.paused_workdays}
    back = CaseStatus.PREREVIEW if request["stage"] == "PREREVIEW" else CaseStatus.IN_REVIEW
    async with in_transaction() as conn:
        event = await move(conn, case_id, expect=[CaseStatus.SUPPLEMENT], to=back, actor=actor,
                           action="SUPPLEMENT", version=version, at=now,
                           detail={"round": case["supplement_round"], "waitedWorkdays": waited,
                                   "materials": sorted(annotated[m] for m in by_material)},
                           paused_since=None, **timing)
        await CaseFile.bulk_create([
            CaseFile(material_id=mid, case_id=case_id, stored_id=stored[sha], filename=name[:255],
                     round=case["supplement_round"], uploaded_by_id=actor.staff_id, channel=actor.channel)
            for mid, fs in by_material.items() for sha, name in fs], using_db=conn)
        await CaseMaterial.filter(id__in=list(by_material)).using_db(conn).update(
            status=CaseMaterialStatus.COLLECTED)
        await SupplementRequest.filter(id=request["id"]).using_db(conn).update(
            fulfilled_at=now, fulfilled_channel=actor.channel)
        to = case["assignee_id"] if back == CaseStatus.IN_REVIEW and case["assignee_id"] else \
            request["requested_by_id"]
        rung = await routing.notify(conn, [(to, NoticeKind.SUPPLEMENTED,
                                            f"申请人已补件：{case['number']}（{case['item_name']}）")],
                                    case_id, now)
    return Done(await _reload(case_id), [event, *rung])


# --- pre-review -------------------------------------------------------------------------------


async def pass_prereview(viewer: Viewer | None, case_id: int, *, version: int | None, note: str = "",
                         pending: Sequence[AnnotationInput] = (), discard: bool = False,
                         now: datetime | None = None) -> Done:
    """预审通过: the applicant may now finish at any window."""
    now = _now(now)
    await department_case(viewer, case_id)
    v = require_viewer(viewer)
    note = _text(note, "note", "预审意见", required=False)
    extra = await discarding(case_id, pending, discard)
    async with in_transaction() as conn:
        event = await move(conn, case_id, expect=[CaseStatus.PREREVIEW], to=CaseStatus.PREREVIEWED,
                           actor=Actor.staff(v, BACK_OFFICE), action="PREREVIEW_PASS",
                           detail={**({"note": note} if note else {}), **extra}, version=version, at=now)
    return Done(await _reload(case_id), [event])


async def accept_prereviewed(viewer: Viewer | None, case_id: int, *, version: int | None,
                             id_number: str | None = None, now: datetime | None = None) -> Done:
    """A certified window accepts a pre-reviewed case (受理): the clock starts now and the case
    goes to its department's queue (A notified, the leader copied, B if A is absent)."""
    now = _now(now)
    v = require_role(viewer, Role.FRONT_DESK)
    case = await case_at_window(v, case_id, id_number)
    _status(case, CaseStatus.PREREVIEWED)
    dept = await Department.filter(id=case["department_id"]).values_list("code", flat=True)
    await require_certificate(v.staff_id, category="INTAKE", department=str(dept[0]) if dept else None)
    cal = await load_calendar()
    d = clock.deadlines(cal, local_date(now), case["promised_days"], case["legal_days"])
    async with in_transaction() as conn:
        event = await move(conn, case_id, expect=[CaseStatus.PREREVIEWED], to=CaseStatus.RECEIVED,
                           actor=Actor.staff(v, CaseChannel.COUNTER), action="ACCEPT", version=version,
                           at=now, accepted_at=now, due_on=d.due_on, legal_due_on=d.legal_due_on,
                           remind_on=d.remind_on, due_provisional=d.provisional)
        received = await _reload_in(conn, case_id)
        routed = await routing.route_received(conn, received, now)
        await enqueue_handoff(conn, received, now=now)  # to the department system, with the case
    return Done(await _reload(case_id), [event, *routed])


async def _reload_in(conn: BaseDBAsyncClient, case_id: int) -> CaseRow:
    return cast(list[CaseRow], await Case.filter(id=case_id).using_db(conn).values())[0]


# --- 信息校验 -------------------------------------------------------------------------------------


async def flag_info_check(viewer: Viewer | None, case_id: int, *, field_name: str, value: str,
                          note: str = "", now: datetime | None = None
                          ) -> tuple[dict[str, Any], list[LoggedEvent]]:
    """The front desk of the case's point doubts a datum; the owning department is told."""
    now = _now(now)
    v = require_role(viewer, Role.FRONT_DESK)
    case = await case_for(v, case_id)
    if case["service_point_id"] != v.service_point_id:
        raise HubError(ErrorCode.NOT_FOUND, CASE_NOT_FOUND, "caseId")
    field_name = _text(field_name, "field", "存疑的信息项", limit=64)
    value = _text(value, "value", "存疑的内容", limit=MAX_TEXT)
    note = _text(note, "note", "说明", required=False, limit=MAX_TEXT)
    targets = await _department_contacts(case)
    async with in_transaction() as conn:
        check = await InfoCheck.create(case_id=case_id, field=field_name, value=value, note=note,
                                       flagged_by_id=v.staff_id, flagged_at=now, using_db=conn)
        event = await record(conn, case_id, Actor.staff(v, CaseChannel.COUNTER), "INFO_CHECK",
                             {"field": field_name, "value": value, "note": note}, at=now)
        asked = f"信息校验：{case['number']}“{field_name}”待核实"
        rung = await routing.notify(conn, [(sid, NoticeKind.INFO_CHECK, asked) for sid in targets],
                                    case_id, now)
    return await _check_row(check.id), [event, *rung]


async def _department_contacts(case: CaseRow) -> list[int]:
    """Who answers for the department: the assignee, else the post (A, and B once offered),
    else every back-office member covering the deciding point."""
    if case["assignee_id"]:
        return [case["assignee_id"]]
    post = await routing.post_for(case["department_id"], case["decide_point_id"])
    if post is not None:
        return [post.primary_id] + ([post.backup_id] if case["offered_to_backup"] else [])
    codes = [c for c in str(case["decide_path"]).split("/") if c]
    points = await ServicePoint.filter(code__in=codes).values_list("id", flat=True)
    rows = await Staff.filter(active=True, department_id=case["department_id"],
                              service_point_id__in=list(points)).limit(50).values("id", "roles")
    return [r["id"] for r in rows if Role.BACK_OFFICE.value in r["roles"]]


async def answer_info_check(viewer: Viewer | None, check_id: int, *, corrected_value: str | None,
                            answer: str = "", now: datetime | None = None
                            ) -> tuple[dict[str, Any], list[LoggedEvent]]:
    """核实无误 (no corrected value) or 更正 (with the corrected value), once."""
    now = _now(now)
    rows = await InfoCheck.filter(id=check_id).values("id", "case_id", "field", "flagged_by_id")
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, "信息校验不存在或您无权处理", "checkId")
    try:
        case = await department_case(viewer, rows[0]["case_id"])
    except HubError as e:
        raise HubError(ErrorCode.NOT_FOUND, "信息校验不存在或您无权处理", "checkId") from e
    v = require_viewer(viewer)
    answer = _text(answer, "answer", "答复", required=False, limit=MAX_TEXT)
    corrected = _text(corrected_value, "correctedValue", "更正后的内容", limit=MAX_TEXT) \
        if corrected_value is not None else None
    status = InfoCheckStatus.CORRECTED if corrected is not None else InfoCheckStatus.CONFIRMED
    async with in_transaction() as conn:
        changed = await InfoCheck.filter(id=check_id, status=InfoCheckStatus.OPEN).using_db(conn).update(
            status=status, corrected_value=corrected, answer=answer, resolved_by_id=v.staff_id,
            resolved_at=now)
        if not changed:
            raise HubError(ErrorCode.CONFLICT, "该信息校验已答复", "checkId")
        event = await record(conn, case["id"], Actor.staff(v, BACK_OFFICE), "INFO_CHECK_DONE",
                             {"field": rows[0]["field"], "result": status.value,
                              "correctedValue": corrected, "answer": answer}, at=now)
        verdict = f"已更正为“{corrected}”" if corrected is not None else "核实无误"
        rung = await routing.notify(conn, [(rows[0]["flagged_by_id"], NoticeKind.INFO_CHECK,
                                            f"信息校验答复：{case['number']}“{rows[0]['field']}”{verdict}")],
                                    case["id"], now)
    return await _check_row(check_id), [event, *rung]


CHECK_FIELDS = ("id", "case_id", "field", "value", "note", "status", "flagged_at", "corrected_value",
                "answer", "resolved_at", "flagged_by__name", "resolved_by__name")


async def _check_row(check_id: int) -> dict[str, Any]:
    return (await InfoCheck.filter(id=check_id).values(*CHECK_FIELDS))[0]
