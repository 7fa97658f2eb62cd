"""一件事联办 tracking: the application's status, its steps, who may see it.

- The application has no status of its own: ``aggregate`` derives it from its cases.
- ``on_case_moved`` listens to every status change (``transitions.on_moved``, registered by
  ``hub.web.hooks``); for a linked case, inside the change's transaction, it appends the step to
  the application's channel (``application:{id}``) for live tracking and, when a case is
  approved, reminds the approvers of the linked cases still waiting.
- ``seen_by`` / ``track_application``: staff who can see one of its cases, its applicant, or
  anyone holding its number and the applicant's ID number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.core.idcard import parse_id_number
from hub.core.models import Application, ApprovalPost, Case, Person, Staff, StaffNotice
from hub.core.models.enums import CASE_STATUS_LABELS, CaseStatus, NoticeKind, Role
from hub.core.models.rows import ApplicationRow, CaseRow
from hub.core.viewer import Viewer
from realtime import log
from realtime.log import LoggedEvent
from resolvers.cases import routing
from resolvers.cases.access import can_see
from resolvers.cases.actors import Actor
from resolvers.cases.transitions import CaseMoved
from resolvers.citizens.accounts import Citizen

WAITING_FOR_APPROVER = frozenset({CaseStatus.PREREVIEW, CaseStatus.RECEIVED, CaseStatus.IN_REVIEW})
APPLICATION_NOT_FOUND = "联办申请不存在或您无权查看"


def application_channel(application_id: int) -> str:
    """The event channel an application's tracking page follows."""
    return f"application:{application_id}"


@dataclass(frozen=True)
class Aggregate:
    code: str  # DONE | SUPPLEMENT | PARTLY_REJECTED | REJECTED | APPROVED | IN_PROGRESS
    label: str
    done: int
    total: int
    approved: int = 0  # approved, issued or not


def aggregate(statuses: Sequence[CaseStatus | str]) -> Aggregate:
    """The application's status from its cases': all issued → 已办结; any waiting for a
    supplement → 待补件; any refused → 部分不予许可 (all refused → 不予许可); all approved →
    已全部审批，待出件; else 办理中, counting the approvals as well as the issued cases."""
    s = [CaseStatus(x) for x in statuses]
    total = len(s)
    done = sum(1 for x in s if x == CaseStatus.ISSUED)
    approved = done + sum(1 for x in s if x == CaseStatus.APPROVED)
    if total and done == total:
        return Aggregate("DONE", "已办结", done, total, approved)
    if CaseStatus.SUPPLEMENT in s:
        return Aggregate("SUPPLEMENT", "待补件", done, total, approved)
    rejected = sum(1 for x in s if x == CaseStatus.REJECTED)
    if rejected and rejected == total:
        return Aggregate("REJECTED", "不予许可", done, total, approved)
    if rejected:
        return Aggregate("PARTLY_REJECTED", "部分不予许可", done, total, approved)
    if total and approved == total:
        return Aggregate("APPROVED", f"已全部审批，待出件（{done}/{total} 已办结）", done, total, approved)
    progress = f"{approved}/{total} 已审批，" if approved > done else ""
    return Aggregate("IN_PROGRESS", f"办理中（{progress}{done}/{total} 已办结）", done, total, approved)


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
    rung: list[tuple[int, NoticeKind]] = []
    for s in siblings:
        if s["id"] == moved["id"] or CaseStatus(s["status"]) not in WAITING_FOR_APPROVER:
            continue
        message = (f"联办件 {number}（{bundle_name}）中的“{moved['item_name']}”已由 {actor.name} "
                   f"审批通过，请及时办理“{s['item_name']}”（{s['number']}）")
        for staff_id in await approvers_of(conn, s):
            notices.append(StaffNotice(staff_id=staff_id, case_id=s["id"], kind=NoticeKind.JOINT,
                                       message=message[:255], created_at=at))
            rung.append((staff_id, NoticeKind.JOINT))
    if notices:
        await StaffNotice.bulk_create(notices, using_db=conn)
        # Rung inside the listener: the mover publishes only its own events, so these doorbells
        # reach the bells by the bus's catch-up sweep (seconds), not at once.
        await routing.ring(conn, rung, None)


async def application_row(*, id: int | None = None, number: str | None = None) -> ApplicationRow | None:
    q = Application.filter(id=id) if id is not None else Application.filter(number=(number or "").strip())
    rows = cast(list[ApplicationRow], await q.values())
    return rows[0] if rows else None


async def cases_of(application_id: int) -> list[CaseRow]:
    return cast(list[CaseRow], list(await Case.filter(application_id=application_id).order_by("id").values()))


@dataclass(frozen=True)
class Seen:
    application: ApplicationRow
    cases: list[CaseRow]  # all its cases
    visible: frozenset[int]  # the ids of those the caller may open in full


async def seen_by(viewer: Viewer | None, citizen: Citizen | None, app: ApplicationRow | None
                  ) -> Seen | None:
    """The application as the caller may see it, or None (also for a guessed id): staff who
    can see any of its cases (at their point, department, region), or its applicant."""
    if app is None:
        return None
    cases = await cases_of(int(app["id"]))
    if viewer is not None:
        visible = frozenset(c["id"] for c in cases if can_see(viewer, c))
        return Seen(app.copy(), cases, visible) if visible else None
    if citizen is not None and app["person_id"] == citizen.person_id:
        return Seen(app.copy(), cases, frozenset(c["id"] for c in cases))
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
    return Seen(app.copy(), cases, frozenset(c["id"] for c in cases))


async def own_applications(person_id: int, first: int = 50) -> list[ApplicationRow]:
    rows = await Application.filter(person_id=person_id).order_by("-id").limit(min(first, 100)).values()
    return cast(list[ApplicationRow], list(rows))
