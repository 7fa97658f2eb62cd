"""即办件当场办结: an instant item received at the counter is approved and issued in one sitting
by the front-desk member who received it, at the same service point.

One transaction: RECEIVED → APPROVED → ISSUED through ``transitions.move`` (two audit rows and
two events), the issuance record (window pickup, the applicant's identity checked at the
counter), and an INSTANT_DONE audit row. A counter intake of an instant item for pickup with
every material in hand closes in the intake's own transaction (``close_on_spot``);
``complete_instant`` is for an instant case left received (a 容缺 material handed in since).
A promised item (承诺件) goes to the back office and is refused here; general issuance of
decided cases is a separate flow.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import Case, Issuance
from hub.core.models.enums import CaseStatus, IssueMethod, Role
from hub.core.models.rows import CaseRow
from hub.core.viewer import Viewer, require_role
from realtime.log import LoggedEvent
from resolvers.cases import access, transitions
from resolvers.cases.actors import Actor


async def complete_instant(viewer: Viewer | None, case_id: int, version: int, issue_note: str = "",
                           now: datetime | None = None) -> tuple[CaseRow, list[LoggedEvent]]:
    v = require_role(viewer, Role.FRONT_DESK)
    now = now or utcnow()
    case = await access.case_for(v, case_id)
    if not case["instant"]:
        raise HubError(ErrorCode.NOT_INSTANT, "承诺件须转后台审批，不能当场办结", "caseId")
    if case["received_by_id"] != v.staff_id or case["service_point_id"] != v.service_point_id:
        raise HubError(ErrorCode.NOT_RECEIVER, "即办件须由受理该件的窗口人员当场办结", "caseId")
    if case["issue_method"] != IssueMethod.PICKUP.value:
        raise HubError(ErrorCode.INVALID, "选择了送达的办件不能当场领取，请按出件流程办理", "caseId")
    note = issue_note.strip()[:500]
    async with in_transaction() as conn:
        events = await close_on_spot(conn, case_id, Actor.staff(v), v.service_point_id,
                                     case["applicant_name"], now, note=note, version=version)
    row = cast(list[CaseRow], await Case.filter(id=case_id).values())[0]
    return row, events


async def close_on_spot(conn: BaseDBAsyncClient, case_id: int, actor: Actor, point_id: int,
                        recipient: str, now: datetime, *, note: str = "",
                        version: int | None = None) -> list[LoggedEvent]:
    """RECEIVED → APPROVED → ISSUED with the pickup record, in the caller's transaction: the
    intake of an instant item at the counter calls it in its own transaction."""
    approved = await transitions.move(
        conn, case_id, expect=[CaseStatus.RECEIVED], to=CaseStatus.APPROVED, actor=actor,
        action="APPROVE", detail={"instant": True}, version=version, at=now,
        decided_at=now, decision_note=note or "即办件，窗口当场审核通过", assignee_id=actor.staff_id)
    await Issuance.create(case_id=case_id, method=IssueMethod.PICKUP, issued_by_id=actor.staff_id,
                          service_point_id=point_id, recipient_name=recipient, identity_checked=True,
                          confirmed_at=now, using_db=conn)
    issued = await transitions.move(
        conn, case_id, expect=[CaseStatus.APPROVED], to=CaseStatus.ISSUED, actor=actor,
        action="INSTANT_DONE", detail={"method": IssueMethod.PICKUP.value, "note": note},
        at=now, issued_at=now)
    return [approved, issued]
