"""The back-office work queue of a department, and staff notices.

Tabs: 待领取 (accepted, nobody has claimed it), 我的 (claimed by me, and cases offered to me as
the B post), 待补件 (waiting for the applicant), 预审 (online pre-applications), 已办 (cases I
decided: approved, 不予受理 or 不予许可 — found in the audit trail, latest decision first).
The work tabs put the due-soon first: by promised due date, then by id. A fixed number of
statements per page whatever its size: the posts of the department, the page, the tab counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from tortoise import connections
from tortoise.expressions import Q
from tortoise.functions import Count

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.models import ApprovalPost, Case, StaffNotice
from hub.core.models.enums import CaseStatus, Role
from hub.core.pagination import check_page_size, decode_cursor, encode_cursor
from hub.core.viewer import Viewer, require_viewer
from resolvers.analytics.sql import Dialect
from resolvers.cases import routing

MAX_PAGE = 100
MAX_NOTICES = 100


class Tab(StrEnum):
    UNCLAIMED = "UNCLAIMED"
    MINE = "MINE"
    SUPPLEMENT = "SUPPLEMENT"
    PREREVIEW = "PREREVIEW"
    DONE = "DONE"


# The audit actions that decide a case (审批通过, 不予受理, 不予许可).
DECISIONS = ("APPROVE", "REFUSE", "REJECT")
# What a queue line shows, in one query (the applicant's ID number and the assignee's name
# joined): converting every column of a case row costs more than the rest of the request.
QUEUE_FIELDS = ("id", "number", "item_code", "item_name", "applicant_name", "status", "version",
                "submitted_at", "due_on", "remind_on", "due_provisional", "paused_since",
                "offered_to_backup", "decide_point_id", "assignee_id", "assignee__name",
                "person__id_number")

TAB_LABELS = {Tab.UNCLAIMED: "待领取", Tab.MINE: "我的", Tab.SUPPLEMENT: "待补件", Tab.PREREVIEW: "预审",
              Tab.DONE: "已办"}


@dataclass(frozen=True)
class QueueEntry:
    case: dict[str, Any]  # the columns of the queue page's SQL text (_PAGE_SQL)
    offered_to_me: bool
    can_claim: bool


@dataclass(frozen=True)
class QueuePage:
    entries: list[QueueEntry]
    has_next: bool
    end_cursor: str | None
    counts: dict[Tab, int]


def offer_open(case: Mapping[str, Any]) -> bool:
    """The case waits for its B post: offered to B and nobody has claimed it yet (once A or B
    claims it, the offer is spent and no screen shows "已转B岗" any more)."""
    return bool(case["offered_to_backup"]) and case["status"] == CaseStatus.RECEIVED


def _scope(v: Viewer) -> Q:
    return Q(department_id=v.department_id, decide_path__startswith=v.service_point_path)


async def queue(viewer: Viewer | None, tab: Tab, first: int = 50, after: str | None = None) -> QueuePage:
    v = require_viewer(viewer)
    if not v.has_role(Role.BACK_OFFICE) or v.department_id is None:
        raise PermissionDenied("后台审批队列仅供部门后台审批人员使用")
    check_page_size(first, MAX_PAGE)
    offset = 0
    if after:
        key = decode_cursor(after)
        if len(key) != 1 or not isinstance(key[0], int) or key[0] < 0:
            raise HubError(ErrorCode.INVALID_CURSOR, "分页游标无效", "after")
        offset = key[0]
    posts = {r["point_id"]: routing.Post(r["primary_id"], r["backup_id"], r["leader_id"])
             for r in await ApprovalPost.filter(department_id=v.department_id, step=routing.STEP).values(
                 "point_id", "primary_id", "backup_id", "leader_id")}
    backup_points = [p for p, post in posts.items() if post.backup_id == v.staff_id]
    rows = await _page_rows(v, tab, backup_points, first + 1, offset)
    page = rows[:first]
    entries = []
    for r in page:
        post = posts.get(r["decide_point_id"])
        offered = bool(post and offer_open(r) and post.backup_id == v.staff_id)
        can = r["status"] == CaseStatus.RECEIVED and routing.may_claim(v, post, r["offered_to_backup"])
        entries.append(QueueEntry(r, offered, can))
    return QueuePage(entries, len(rows) > first,
                     encode_cursor([offset + len(page)]) if page else None,
                     await _counts(v, backup_points))


# The page as one prepared SQL text per tab: building it through the ORM took a fifth of the
# request (DECISIONS §23); the columns and their order are QUEUE_FIELDS'.
_PAGE_SQL = (
    "SELECT c.id, c.number, c.item_code, c.item_name, c.applicant_name, c.status, c.version, "
    "c.submitted_at, c.due_on, c.remind_on, c.due_provisional, c.paused_since, c.offered_to_backup, "
    "c.decide_point_id, c.assignee_id, s.name AS assignee__name, p.id_number AS person__id_number "
    "FROM service_case c JOIN person p ON p.id = c.person_id LEFT JOIN staff s ON s.id = c.assignee_id "
    "WHERE c.department_id = ? AND c.decide_path LIKE ? ESCAPE '\\' AND {tab} "
    "ORDER BY {order} LIMIT ? OFFSET ?")
_DUE_FIRST = "c.due_on, c.id"
_TAB_SQL = {
    Tab.UNCLAIMED: "c.status = 'RECEIVED'",
    Tab.SUPPLEMENT: "c.status = 'SUPPLEMENT'",
    Tab.PREREVIEW: "c.status = 'PREREVIEW'",
}


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


async def _page_rows(v: Viewer, tab: Tab, backup_points: list[int], limit: int,
                     offset: int) -> list[dict[str, Any]]:
    params: list[Any] = [v.department_id, _like_prefix(v.service_point_path)]
    order = _DUE_FIRST
    if tab in _TAB_SQL:
        where = _TAB_SQL[tab]
    elif tab == Tab.DONE:
        marks = ", ".join("?" for _ in DECISIONS)
        where = (f"c.decided_at IS NOT NULL AND c.id IN (SELECT l.case_id FROM case_log l "
                 f"WHERE l.actor_id = ? AND l.action IN ({marks}))")
        params += [v.staff_id, *DECISIONS]
        order = "c.decided_at DESC, c.id DESC"
    else:  # MINE: claimed by me, or offered to me as the B post
        where = "(c.status = 'IN_REVIEW' AND c.assignee_id = ?)"
        params.append(v.staff_id)
        if backup_points:
            marks = ", ".join("?" for _ in backup_points)
            where = (f"({where} OR (c.status = 'RECEIVED' AND c.offered_to_backup = ? "
                     f"AND c.decide_point_id IN ({marks})))")
            params += [True, *backup_points]
    sql = Dialect(connections.get("default"))
    rows = await sql.rows(_PAGE_SQL.format(tab=where, order=order), [*params, limit, offset])
    if sql.pg:
        return rows
    for r in rows:  # SQLite hands back text and 0/1
        r["submitted_at"] = sql.as_datetime(r["submitted_at"])
        for col in ("due_on", "remind_on"):
            r[col] = sql.as_date(r[col]) if r[col] is not None else None
        r["paused_since"] = sql.as_datetime(r["paused_since"]) if r["paused_since"] else None
        r["due_provisional"] = bool(r["due_provisional"])
        r["offered_to_backup"] = bool(r["offered_to_backup"])
    return rows


GROUPS = ("status", "assignee_id", "offered_to_backup", "decide_point_id")


async def _counts(v: Viewer, backup_points: list[int]) -> dict[Tab, int]:
    """Every tab's count from one grouped query (a handful of groups per department)."""
    groups = await Case.filter(
        _scope(v), status__in=[CaseStatus.RECEIVED, CaseStatus.IN_REVIEW, CaseStatus.SUPPLEMENT,
                               CaseStatus.PREREVIEW],
    ).annotate(n=Count("id")).group_by(*GROUPS).values(*GROUPS, "n")
    counts = dict.fromkeys(Tab, 0)  # 已办 is history, not work: no count
    for g in groups:
        n, status = int(g["n"]), CaseStatus(g["status"])
        if status == CaseStatus.RECEIVED:
            counts[Tab.UNCLAIMED] += n
            if g["offered_to_backup"] and g["decide_point_id"] in backup_points:
                counts[Tab.MINE] += n
        elif status == CaseStatus.IN_REVIEW and g["assignee_id"] == v.staff_id:
            counts[Tab.MINE] += n
        elif status == CaseStatus.SUPPLEMENT:
            counts[Tab.SUPPLEMENT] += n
        elif status == CaseStatus.PREREVIEW:
            counts[Tab.PREREVIEW] += n
    return counts


# --- notices ----------------------------------------------------------------------------------

NOTICE_FIELDS = ("id", "case_id", "kind", "message", "created_at", "read_at", "case__number")


async def notices(viewer: Viewer | None, *, unread_only: bool, first: int
                  ) -> tuple[list[dict[str, Any]], int]:
    """The viewer's notices, newest first, and how many are unread."""
    v = require_viewer(viewer)
    check_page_size(first, MAX_NOTICES)
    q = StaffNotice.filter(staff_id=v.staff_id)
    rows = await (q.filter(read_at__isnull=True) if unread_only else q).order_by("-id").limit(first).values(
        *NOTICE_FIELDS)
    unread = await StaffNotice.filter(staff_id=v.staff_id, read_at__isnull=True).count()
    return list(rows), int(unread)


async def mark_read(viewer: Viewer | None, ids: list[int] | None, now: datetime | None = None) -> int:
    """Mark some (or, with ``ids`` None, all) of the viewer's own notices read."""
    v = require_viewer(viewer)
    q = StaffNotice.filter(staff_id=v.staff_id, read_at__isnull=True)
    if ids is not None:
        q = q.filter(id__in=ids)
    return int(await q.update(read_at=now or utcnow()))
