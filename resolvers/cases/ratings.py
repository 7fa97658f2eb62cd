"""好差评: the applicant rates a finished case, or a service at a window, once, on five levels
(5 非常满意 … 1 非常不满意) with a comment, from any terminal.

- a case: after it is issued (or refused), by the applicant — logged in (their own case),
  by case number plus ID number with no login, at a kiosk (the ID card read), or on the
  window's rating pad (the counter's own point);
- a window service: by its finished queue ticket — on the window's rating pad, at a kiosk
  of the point, or with the signed token printed on the slip.

A 不满意 or 非常不满意 opens a rectification task (整改) for the supervisor(s) nearest above the
service point, due in 5 working days; the supervisor records the measures and the callback
(回访: when, what was said, how the applicant now rates it) and closes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core.clock import local_date, utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.models import Evaluation, Rectification, ServicePoint, Staff, StaffNotice, Ticket
from hub.core.models.enums import (
    RATING_LABELS,
    CaseChannel,
    CaseStatus,
    NoticeKind,
    RectificationStatus,
    Role,
    TicketStatus,
)
from hub.core.models.rows import CaseRow
from hub.core.viewer import Viewer, require_role
from realtime.log import LoggedEvent
from resolvers.calendar.schedules import load_calendar
from resolvers.cases import access, listing, routing, transitions
from resolvers.cases.actors import Actor
from resolvers.citizens.accounts import Citizen

RECTIFY_WORKDAYS = 5
MAX_COMMENT = 500
RATEABLE = (CaseStatus.ISSUED, CaseStatus.REJECTED)
BAD = 2  # this level and below open a rectification
PAD_ROLES = (Role.FRONT_DESK, Role.ISSUER)  # the window's rating pad runs on the counter's login


class CallbackResult(StrEnum):
    SATISFIED = "SATISFIED"
    ACCEPTED = "ACCEPTED"
    UNSATISFIED = "UNSATISFIED"
    UNREACHABLE = "UNREACHABLE"


CALLBACK_RESULT_LABELS = {
    CallbackResult.SATISFIED: "回访满意",
    CallbackResult.ACCEPTED: "回访基本认可",
    CallbackResult.UNSATISFIED: "回访仍不满意",
    CallbackResult.UNREACHABLE: "多次联系未接通",
}

EVALUATION_FIELDS = ("id", "case_id", "ticket_id", "service_point_id", "service_point__name", "staff_id",
                     "department_id", "level", "comment", "channel", "created_at")
RECTIFICATION_FIELDS = (
    "id", "evaluation_id", "service_point_id", "service_point__name", "service_point__path",
    "assigned_to_id", "assigned_to__name", "due_on", "status", "measures", "callback_at",
    "callback_note", "callback_result", "closed_at", "closed_by__name", "created_at",
    "evaluation__level", "evaluation__comment", "evaluation__channel", "evaluation__created_at",
    "evaluation__case_id", "evaluation__case__number", "evaluation__case__item_name",
    "evaluation__case__applicant_name", "evaluation__case__contact_phone",
    "evaluation__ticket_id", "evaluation__ticket__number", "evaluation__staff__name")


@dataclass(frozen=True)
class RatingInput:
    level: int
    comment: str = ""


@dataclass(frozen=True)
class Rated:
    evaluation: dict[str, Any]
    rectification: dict[str, Any] | None
    events: list[LoggedEvent]


def check_rating(r: RatingInput) -> RatingInput:
    if r.level not in RATING_LABELS:
        raise HubError(ErrorCode.INVALID,
                       "请选择评价等级（非常满意、满意、基本满意、不满意、非常不满意）", "level")
    comment = r.comment.strip()
    if len(comment) > MAX_COMMENT:
        raise HubError(ErrorCode.INVALID, f"评价内容不能超过 {MAX_COMMENT} 字", "comment")
    return RatingInput(r.level, comment)


# ------------------------------------------------------------------ who rates which case ----

async def case_for_rater(viewer: Viewer | None, citizen: Citizen | None, *, case_id: int | None,
                         number: str | None, id_number: str | None,
                         channel: CaseChannel) -> tuple[CaseRow, Actor]:
    """The case being rated and the actor the audit names (always 申请人), or NOT_FOUND —
    a case the caller may not rate is indistinguishable from a missing one."""
    if number and id_number:
        row = await listing.track(number, id_number)
        if viewer is not None and viewer.has_role(Role.KIOSK):
            return row, Actor(None, "申请人", CaseChannel.KIOSK.value, viewer.service_point_id,
                              row["person_id"])
        web = channel if channel in (CaseChannel.PC, CaseChannel.MOBILE, CaseChannel.KIOSK) \
            else CaseChannel.PC
        return row, Actor.applicant(row["person_id"], web)
    if case_id is None:
        raise HubError(ErrorCode.INVALID, "请提供办件，或办件编号和身份证号码", "caseId")
    if citizen is not None and viewer is None:
        row = await access.case_for_applicant(citizen.person_id, case_id)
        web = channel if channel in (CaseChannel.PC, CaseChannel.MOBILE) else CaseChannel.PC
        return row, Actor.applicant(row["person_id"], web)
    if viewer is not None and viewer.has_role(*PAD_ROLES):
        row = await access.case_for(viewer, case_id)
        if row["service_point_id"] != viewer.service_point_id:
            raise HubError(ErrorCode.NOT_FOUND, access.CASE_NOT_FOUND, "caseId")
        return row, Actor(None, "申请人", CaseChannel.COUNTER.value, viewer.service_point_id,
                          row["person_id"])
    if viewer is None and citizen is None:
        raise HubError(ErrorCode.NOT_FOUND, access.CASE_NOT_FOUND, "caseId")
    raise PermissionDenied("只有申请人本人可以评价办件")


async def evaluate_case(case: CaseRow, actor: Actor, rating: RatingInput,
                        now: datetime | None = None) -> Rated:
    r = check_rating(rating)
    if CaseStatus(case["status"]) not in RATEABLE:
        raise HubError(ErrorCode.NOT_RATEABLE, "办件办结（出件或不予许可）后才能评价", "caseId")
    now = now or utcnow()
    if await Evaluation.exists(case_id=case["id"]):
        raise HubError(ErrorCode.ALREADY_RATED, "该办件已评价，每个办件只能评价一次", "caseId")
    due = await _rectify_due(now) if r.level <= BAD else None
    try:
        async with in_transaction() as conn:
            ev = await Evaluation.create(
                case_id=case["id"], service_point_id=case["service_point_id"],
                staff_id=case["received_by_id"], department_id=case["department_id"], level=r.level,
                comment=r.comment, channel=actor.channel, created_at=now, using_db=conn)
            rect: Rectification | None = None
            rung: list[LoggedEvent] = []
            if due is not None:
                rect, rung = await _open_rectification(conn, ev, case["service_point_id"], due, now,
                                                       f"办件 {case['number']}（{case['item_name']}）",
                                                       case["id"])
            detail: dict[str, Any] = {"level": r.level, "label": RATING_LABELS[r.level],
                                      "comment": r.comment}
            if rect is not None:
                detail["rectificationDueOn"] = due.isoformat() if due else None
            event = await transitions.record(conn, case["id"], actor, "EVALUATE", detail, at=now)
    except IntegrityError:
        raise HubError(ErrorCode.ALREADY_RATED, "该办件已评价，每个办件只能评价一次", "caseId") from None
    return await _rated(ev.id, [event, *rung])


# ------------------------------------------------------------------------- window service ----

async def ticket_for_rater(viewer: Viewer | None, ticket_id: int | None,
                           token_claims: tuple[int, str] | None) -> tuple[dict[str, Any], str]:
    """The finished ticket being rated and the terminal it is rated from."""
    fields = ("id", "number", "status", "service_point_id", "staff_id", "window_id", "finished_at",
              "nonce")
    if token_claims is not None:
        row = await Ticket.get_or_none(id=token_claims[0], nonce=token_claims[1]).values(*fields)
        channel = CaseChannel.MOBILE.value
    elif ticket_id is not None and viewer is not None and viewer.has_role(*PAD_ROLES, Role.KIOSK):
        row = await Ticket.get_or_none(id=ticket_id).values(*fields)
        if row is not None and row["service_point_id"] != viewer.service_point_id:
            row = None
        channel = (CaseChannel.KIOSK if viewer.has_role(Role.KIOSK) else CaseChannel.COUNTER).value
    elif ticket_id is not None and viewer is not None:
        raise PermissionDenied("只有窗口评价器、自助终端或持取号小票的办事群众可以评价窗口服务")
    else:
        row = None
        channel = ""
    if row is None:
        raise HubError(ErrorCode.NOT_FOUND, "取号记录不存在，请核对小票", "ticketId")
    return row, channel


async def rate_ticket(ticket: dict[str, Any], channel: str, rating: RatingInput,
                      now: datetime | None = None) -> Rated:
    r = check_rating(rating)
    if TicketStatus(ticket["status"]) != TicketStatus.DONE:
        raise HubError(ErrorCode.NOT_RATEABLE, "窗口办理结束后才能评价", "ticketId")
    if await Evaluation.exists(ticket_id=ticket["id"]):
        raise HubError(ErrorCode.ALREADY_RATED, "本次服务已评价，每个号只能评价一次", "ticketId")
    now = now or utcnow()
    due = await _rectify_due(now) if r.level <= BAD else None
    try:
        async with in_transaction() as conn:
            ev = await Evaluation.create(
                ticket_id=ticket["id"], service_point_id=ticket["service_point_id"],
                staff_id=ticket["staff_id"], level=r.level, comment=r.comment, channel=channel,
                created_at=now, using_db=conn)
            rung: list[LoggedEvent] = []
            if due is not None:
                _, rung = await _open_rectification(conn, ev, ticket["service_point_id"], due, now,
                                                    f"{ticket['number']} 号的窗口服务")
    except IntegrityError:
        raise HubError(ErrorCode.ALREADY_RATED, "本次服务已评价，每个号只能评价一次", "ticketId") from None
    return await _rated(ev.id, rung)


# ------------------------------------------------------------------------- rectification ----

async def _rectify_due(now: datetime) -> date:
    cal = await load_calendar()
    return cal.add_workdays(local_date(now), RECTIFY_WORKDAYS).day


async def supervisors_for(point_id: int) -> list[dict[str, Any]]:
    """The supervisors nearest above (or at) the point: those of the deepest level that has any."""
    path = (await ServicePoint.get(id=point_id).values("path"))["path"]
    codes = [c for c in path.split("/") if c]
    rows = await Staff.filter(active=True, service_point__code__in=codes).values(
        "id", "name", "roles", "service_point__code")
    found = [r for r in rows if Role.SUPERVISOR.value in r["roles"]]
    if not found:
        return []
    depth = max(codes.index(r["service_point__code"]) for r in found)
    return sorted((r for r in found if codes.index(r["service_point__code"]) == depth),
                  key=lambda r: r["id"])


async def _open_rectification(conn: Any, ev: Evaluation, point_id: int, due: date, now: datetime,
                              what: str, case_id: int | None = None
                              ) -> tuple[Rectification, list[LoggedEvent]]:
    bosses = await supervisors_for(point_id)
    rect = await Rectification.create(
        evaluation_id=ev.id, service_point_id=point_id,
        assigned_to_id=bosses[0]["id"] if bosses else None, due_on=due, created_at=now,
        using_db=conn)
    label = RATING_LABELS[ev.level]
    for boss in bosses:
        await StaffNotice.create(
            staff_id=boss["id"], case_id=case_id, kind=NoticeKind.RECTIFICATION,
            message=f"差评整改：{what}被评为“{label}”，请于 {due:%Y-%m-%d} 前整改并回访",
            created_at=now, using_db=conn)
    return rect, await routing.ring(conn, [(b["id"], NoticeKind.RECTIFICATION) for b in bosses], case_id)


async def _rated(evaluation_id: int, events: list[LoggedEvent]) -> Rated:
    ev = (await Evaluation.filter(id=evaluation_id).values(*EVALUATION_FIELDS))[0]
    rect = await Rectification.filter(evaluation_id=evaluation_id).values(*RECTIFICATION_FIELDS)
    return Rated(ev, rect[0] if rect else None, events)


async def evaluation_of(case_id: int) -> dict[str, Any] | None:
    rows = await Evaluation.filter(case_id=case_id).values(*EVALUATION_FIELDS)
    return rows[0] if rows else None


async def evaluations_of(case_ids: list[int]) -> list[dict[str, Any]]:
    return list(await Evaluation.filter(case_id__in=case_ids).values(*EVALUATION_FIELDS))


def _require_supervisor(viewer: Viewer | None) -> Viewer:
    return require_role(viewer, Role.SUPERVISOR, Role.ADMIN)


async def rectifications(viewer: Viewer | None, *, open_only: bool = False,
                         overdue_only: bool = False, today: date | None = None,
                         limit: int = 100) -> list[dict[str, Any]]:
    """The rectification tasks within the supervisor's region, open and most urgent first."""
    v = _require_supervisor(viewer)
    today = today or local_date(utcnow())
    q = Rectification.filter(service_point__path__startswith=v.service_point_path)
    if open_only or overdue_only:
        q = q.filter(status=RectificationStatus.OPEN)
    if overdue_only:
        q = q.filter(due_on__lt=today)
    rows = await q.order_by("status", "due_on", "id").limit(min(max(limit, 1), 200)).values(
        *RECTIFICATION_FIELDS)
    return sorted(rows, key=lambda r: (r["status"] != RectificationStatus.OPEN.value, r["due_on"],
                                       r["id"]))


async def _rectification_for(viewer: Viewer, rect_id: int) -> dict[str, Any]:
    rows = await Rectification.filter(
        id=rect_id, service_point__path__startswith=viewer.service_point_path).values(
        *RECTIFICATION_FIELDS)
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, "整改任务不存在或不在您的管辖范围内", "id")
    return rows[0]


@dataclass(frozen=True)
class RectificationUpdate:
    measures: str | None = None
    callback_at: datetime | None = None
    callback_note: str | None = None
    callback_result: CallbackResult | None = None


async def update_rectification(viewer: Viewer | None, rect_id: int, u: RectificationUpdate,
                               *, close: bool = False, now: datetime | None = None
                               ) -> tuple[dict[str, Any], list[LoggedEvent]]:
    """Record the measures and the callback; closing needs both."""
    v = _require_supervisor(viewer)
    rect = await _rectification_for(v, rect_id)
    if rect["status"] == RectificationStatus.DONE.value:
        raise HubError(ErrorCode.CONFLICT, "该整改任务已办结", "id")
    now = now or utcnow()
    values: dict[str, Any] = {}
    if u.measures is not None:
        if len(u.measures.strip()) > 2000:
            raise HubError(ErrorCode.INVALID, "整改措施不能超过 2000 字", "measures")
        values["measures"] = u.measures.strip()
    if u.callback_at is not None:
        if u.callback_at > now:
            raise HubError(ErrorCode.INVALID, "回访时间不能晚于现在", "callbackAt")
        values["callback_at"] = u.callback_at
    if u.callback_note is not None:
        if len(u.callback_note.strip()) > 2000:
            raise HubError(ErrorCode.INVALID, "回访记录不能超过 2000 字", "callbackNote")
        values["callback_note"] = u.callback_note.strip()
    if u.callback_result is not None:
        values["callback_result"] = CallbackResult(u.callback_result).value
    merged = {**rect, **values}
    if close:
        missing = [label for key, label in (("measures", "整改措施"), ("callback_at", "回访时间"),
                                            ("callback_note", "回访记录"),
                                            ("callback_result", "回访结果"))
                   if not merged[key]]
        if missing:
            raise HubError(ErrorCode.INCOMPLETE, f"办结前请填写：{'、'.join(missing)}", "id")
        values |= {"status": RectificationStatus.DONE, "closed_at": now, "closed_by_id": v.staff_id}
    events: list[LoggedEvent] = []
    async with in_transaction() as conn:
        if values:
            changed = await Rectification.filter(
                id=rect_id, status=RectificationStatus.OPEN).using_db(conn).update(**values)
            if changed != 1:
                raise HubError(ErrorCode.CONFLICT, "该整改任务已办结", "id")
        case_id = rect["evaluation__case_id"]
        if case_id is not None and (close or "callback_at" in values or "measures" in values):
            action = "RECTIFIED" if close else "RECTIFY"
            detail: dict[str, Any] = {"rectificationId": rect_id}
            if close:
                result = CallbackResult(merged["callback_result"])
                detail |= {"callbackResult": result.value,
                           "callbackResultLabel": CALLBACK_RESULT_LABELS[result]}
            events.append(await transitions.record(
                conn, case_id, Actor.staff(v, CaseChannel.PC), action, detail, at=now))
    return await _rectification_for(v, rect_id), events


def is_overdue(rect: dict[str, Any], today: date | None = None) -> bool:
    today = today or local_date(utcnow())
    return rect["status"] == RectificationStatus.OPEN.value and rect["due_on"] < today

