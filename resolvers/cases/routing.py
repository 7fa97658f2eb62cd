"""按责转办 and AB岗: who works a case once it is in the owning department's queue.

Each deciding step of a department at a deciding point may have an ``ApprovalPost``: a primary
approver (A), a backup (B) and the department leader, who is copied. When a case enters the
queue (受理 at a window, or a pre-reviewed case accepted), A is notified and the leader copied;
if A is absent — not clocked in (考勤) or on leave — the case is offered to B as well
(``offered_to_backup``) and both are told. The sweep (``sla.sweep``) offers a case to B too when
it reaches its reminder point.

Without a post every back-office member of the department in the deciding region may claim.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.core.clock import local_date
from hub.core.listeners import Listeners
from hub.core.models import ApprovalPost, Case, StaffLeave, StaffNotice
from hub.core.models.enums import NoticeKind
from hub.core.viewer import Viewer
from realtime import log
from realtime.log import LoggedEvent
from resolvers.attendance.clocking import on_duty
from resolvers.cases.actors import Actor
from resolvers.cases.transitions import record

STEP = "审批"


class RoutedCase(TypedDict):
    """The columns routing reads of a case (a ``CaseRow`` has them all)."""

    id: int
    number: str
    item_name: str
    applicant_name: str
    department_id: int
    decide_point_id: int


@dataclass(frozen=True)
class Post:
    primary_id: int
    backup_id: int
    leader_id: int | None

    def members(self) -> set[int]:
        return {self.primary_id, self.backup_id} | ({self.leader_id} if self.leader_id else set())


async def post_for(department_id: int, point_id: int) -> Post | None:
    rows = await ApprovalPost.filter(department_id=department_id, point_id=point_id, step=STEP).values(
        "primary_id", "backup_id", "leader_id")
    return Post(rows[0]["primary_id"], rows[0]["backup_id"], rows[0]["leader_id"]) if rows else None


async def posts_for(keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Post]:
    """The posts of several (department, point) pairs in one query."""
    wanted = set(keys)
    if not wanted:
        return {}
    rows = await ApprovalPost.filter(
        department_id__in={d for d, _ in wanted}, point_id__in={p for _, p in wanted}, step=STEP,
    ).values("department_id", "point_id", "primary_id", "backup_id", "leader_id")
    return {(r["department_id"], r["point_id"]): Post(r["primary_id"], r["backup_id"], r["leader_id"])
            for r in rows if (r["department_id"], r["point_id"]) in wanted}


def may_claim(viewer: Viewer, post: Post | None, offered: bool) -> bool:
    """A (always), B (once offered), the leader; anyone of the department without a post."""
    if post is None:
        return True
    sid = viewer.staff_id
    return sid in (post.primary_id, post.leader_id) or (sid == post.backup_id and offered)


def may_assign(viewer: Viewer, post: Post | None) -> bool:
    """The leader or A hands a case to a colleague; without a post, any member of the department."""
    return post is None or viewer.staff_id in (post.primary_id, post.leader_id)


async def absent(staff_id: int, now: datetime) -> str | None:
    """Why a staff member cannot take a case now (in Chinese), or None when present."""
    today = local_date(now)
    if await StaffLeave.filter(staff_id=staff_id, first_day__lte=today, last_day__gte=today).exists():
        return "请假"
    if not await on_duty([staff_id], now):
        return "未签到"
    return None


@dataclass(frozen=True)
class Noticed:
    """Staff notices just written about one case, as listeners see them."""

    case_id: int | None
    kinds: frozenset[NoticeKind]
    at: datetime


noticed: Listeners[[BaseDBAsyncClient, Noticed]] = Listeners("staff noticed")


def on_noticed(listener: Callable[[BaseDBAsyncClient, Noticed], Awaitable[None]]
               ) -> Callable[[BaseDBAsyncClient, Noticed], Awaitable[None]]:
    """Run ``listener(conn, Noticed)`` after staff notices are written (in that transaction)."""
    return noticed.add(listener)


def notice_channel(staff_id: int) -> str:
    """Each staff member's own channel of notice doorbells (工作提醒): one viewer, one channel."""
    return f"notices:{staff_id}"


async def ring(conn: BaseDBAsyncClient, notices: Iterable[tuple[int, NoticeKind]],
               case_id: int | None) -> list[LoggedEvent]:
    """Append one doorbell per staff member who just got notices, in the caller's transaction;
    publish the result after it commits (or the bus's catch-up sweep delivers it). The payload
    holds the kinds and the case id, never the notice's text: the bell reloads ``myNotices``."""
    kinds: dict[int, set[str]] = {}
    for sid, kind in notices:
        kinds.setdefault(int(sid), set()).add(NoticeKind(kind).value)
    return await log.append_each(conn, "NOTICE", {
        notice_channel(sid): {"kinds": sorted(k), "caseId": case_id} for sid, k in kinds.items()})


async def notify(conn: BaseDBAsyncClient, notices: Iterable[tuple[int, NoticeKind, str]],
                 case_id: int | None, now: datetime) -> list[LoggedEvent]:
    """Write staff notices (staff id, kind, message) in the caller's transaction; returns the
    doorbells to publish after it commits."""
    notices_list = list(notices)
    rows = [StaffNotice(staff_id=sid, case_id=case_id, kind=kind, message=msg[:255], created_at=now)
            for sid, kind, msg in notices_list]
    if not rows:
        return []
    await StaffNotice.bulk_create(rows, using_db=conn)
    await noticed.notify(conn, Noticed(case_id, frozenset(r.kind for r in rows), now))
    return await ring(conn, [(sid, kind) for sid, kind, _ in notices_list], case_id)


def _label(case: RoutedCase) -> str:
    return f"{case['number']}（{case['item_name']}，{case['applicant_name']}）"


async def route_received(conn: BaseDBAsyncClient, case: RoutedCase, now: datetime) -> list[LoggedEvent]:
    """The case has just entered its department's queue: tell A, copy the leader, and offer
    it to B at once when A is absent."""
    post = await post_for(case["department_id"], case["decide_point_id"])
    if post is None:
        return []
    label = _label(case)
    why = await absent(post.primary_id, now)
    notices: list[tuple[int, NoticeKind, str]] = [
        (post.primary_id, NoticeKind.ASSIGNED, f"新办件待审批：{label}")]
    if post.leader_id:
        notices.append((post.leader_id, NoticeKind.COPIED, f"抄送：新办件 {label}"))
    if why:
        # No audit row of its own: the acceptance's row is the event; the flag and the notices
        # say who may claim it.
        await Case.filter(id=case["id"]).using_db(conn).update(offered_to_backup=True)
        notices.append((post.backup_id, NoticeKind.OFFERED, f"A岗{why}，办件转您（B岗）办理：{label}"))
        notices[0] = (post.primary_id, NoticeKind.ASSIGNED, f"新办件待审批（您{why}，已同时转B岗）：{label}")
    return await notify(conn, notices, case["id"], now)


async def offer_to_backup(conn: BaseDBAsyncClient, case: RoutedCase, post: Post, reason: str,
                          now: datetime) -> list[LoggedEvent]:
    """Offer an unclaimed case to B (once): B and A are both told."""
    changed = await Case.filter(id=case["id"], offered_to_backup=False).using_db(conn).update(
        offered_to_backup=True)
    if not changed:
        return []
    label = _label(case)
    rung = await notify(conn, [
        (post.backup_id, NoticeKind.OFFERED, f"{reason}，办件转您（B岗）办理：{label}"),
        (post.primary_id, NoticeKind.OFFERED, f"{reason}，已同时转B岗：{label}")], case["id"], now)
    return [*rung, await record(conn, case["id"], Actor.system(), "OFFER_BACKUP",
                                {"reason": reason, "backup": post.backup_id}, at=now)]
