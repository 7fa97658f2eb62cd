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

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.models import StaffNotice
from hub.core.models.enums import CaseStatus, Role
from hub.core.pagination import check_page_size, decode_cursor, encode_cursor
from hub.core.viewer import Viewer, require_viewer
from realtime import log
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
    counts, rows = await _page_and_counts(v, tab, first + 1, offset)
    page = rows[:first]
    entries = []
    for r in page:
        post = (routing.Post(r["post_primary_id"], r["post_backup_id"], r["post_leader_id"])
                if r["post_primary_id"] is not None else None)
        offered = bool(post and offer_open(r) and post.backup_id == v.staff_id)
        can = r["status"] == CaseStatus.RECEIVED and routing.may_claim(v, post, r["offered_to_backup"])
        entries.append(QueueEntry(r, offered, can))
    return QueuePage(entries, len(rows) > first,
                     encode_cursor([offset + len(page)]) if page else None, counts)


# The page, its cases' AB posts and every tab's count as one SQL text per tab, one statement
# and one round trip (prepared once per connection by asyncpg): building the queries through
# the ORM took a fifth of the request (DECISIONS §23), and the posts and the counts were two
# more round trips. The counts are one row (CTE ``counts``), the page is LEFT JOINed to it, so
# an empty page still brings the counts (one row of NULL case columns). The B post's points
# are a subquery (``backup``) of the same statement. Portable SQL (SQLite 3.25+ and
# PostgreSQL): CASE sums rather than FILTER, ROW_NUMBER() to carry the page's order outside.
_SQL = (
    "WITH backup AS (SELECT point_id FROM approval_post "
    "WHERE department_id = ? AND step = ? AND backup_id = ?), "
    "counts AS (SELECT "
    "COALESCE(SUM(CASE WHEN c.status = 'RECEIVED' THEN 1 ELSE 0 END), 0) AS n_unclaimed, "
    "COALESCE(SUM(CASE WHEN (c.status = 'IN_REVIEW' AND c.assignee_id = ?) OR (c.status = 'RECEIVED' "
    "AND c.offered_to_backup = ? AND c.decide_point_id IN (SELECT point_id FROM backup)) "
    "THEN 1 ELSE 0 END), 0) AS n_mine, "
    "COALESCE(SUM(CASE WHEN c.status = 'SUPPLEMENT' THEN 1 ELSE 0 END), 0) AS n_supplement, "
    "COALESCE(SUM(CASE WHEN c.status = 'PREREVIEW' THEN 1 ELSE 0 END), 0) AS n_prereview "
    "FROM service_case c WHERE c.department_id = ? AND c.decide_path LIKE ? ESCAPE '\\' "
    "AND c.status IN ('RECEIVED', 'IN_REVIEW', 'SUPPLEMENT', 'PREREVIEW')) "
    "SELECT k.n_unclaimed, k.n_mine, k.n_supplement, k.n_prereview, p.* FROM counts k LEFT JOIN ("
    "SELECT c.id, c.number, c.item_code, c.item_name, c.applicant_name, c.status, c.version, "
    "c.submitted_at, c.due_on, c.remind_on, c.due_provisional, c.paused_since, c.offered_to_backup, "
    "c.decide_point_id, c.assignee_id, s.name AS assignee__name, pn.id_number AS person__id_number, "
    "ap.primary_id AS post_primary_id, ap.backup_id AS post_backup_id, ap.leader_id AS post_leader_id, "
    "ROW_NUMBER() OVER (ORDER BY {order}) AS rn "
    "FROM service_case c JOIN person pn ON pn.id = c.person_id LEFT JOIN staff s ON s.id = c.assignee_id "
    "LEFT JOIN approval_post ap ON ap.department_id = c.department_id "
    "AND ap.point_id = c.decide_point_id AND ap.step = ? "
    "WHERE c.department_id = ? AND c.decide_path LIKE ? ESCAPE '\\' AND {tab} "
    "ORDER BY {order} LIMIT ? OFFSET ?) p ON 1 = 1")
_DUE_FIRST = "c.due_on, c.id"
_TAB_SQL = {
    Tab.UNCLAIMED: "c.status = 'RECEIVED'",
    Tab.SUPPLEMENT: "c.status = 'SUPPLEMENT'",
    Tab.PREREVIEW: "c.status = 'PREREVIEW'",
    # claimed by me, or offered to me as the B post
    Tab.MINE: "((c.status = 'IN_REVIEW' AND c.assignee_id = ?) OR (c.status = 'RECEIVED' "
              "AND c.offered_to_backup = ? AND c.decide_point_id IN (SELECT point_id FROM backup)))",
    Tab.DONE: (f"c.decided_at IS NOT NULL AND c.id IN (SELECT l.case_id FROM case_log l "
               f"WHERE l.actor_id = ? AND l.action IN ({', '.join('?' for _ in DECISIONS)}))"),
}
_ORDER = {Tab.DONE: "c.decided_at DESC, c.id DESC"}
_TEXTS = {tab: _SQL.format(tab=_TAB_SQL[tab], order=_ORDER.get(tab, _DUE_FIRST)) for tab in Tab}


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


async def _page_and_counts(v: Viewer, tab: Tab, limit: int, offset: int
                           ) -> tuple[dict[Tab, int], list[dict[str, Any]]]:
    scope = [v.department_id, _like_prefix(v.service_point_path)]
    tab_params: list[Any] = []
    if tab == Tab.MINE:
        tab_params = [v.staff_id, True]
    elif tab == Tab.DONE:
        tab_params = [v.staff_id, *DECISIONS]
    params = [v.department_id, routing.STEP, v.staff_id, v.staff_id, True, *scope,
              routing.STEP, *scope, *tab_params, limit, offset]
    sql = Dialect(connections.get("default"))
    rows = await sql.rows(_TEXTS[tab], params)
    head = rows[0]
    counts = {Tab.UNCLAIMED: int(head["n_unclaimed"]), Tab.MINE: int(head["n_mine"]),
              Tab.SUPPLEMENT: int(head["n_supplement"]), Tab.PREREVIEW: int(head["n_prereview"]),
              Tab.DONE: 0}  # 已办 is history, not work: no count
    # The page's order is its ROW_NUMBER(): a sort of its few rows here rather than a Sort node
    # in the plan (the index on (department, status, due_on, id) gives the page's own order).
    rows = sorted((r for r in rows if r["id"] is not None), key=lambda r: r["rn"])
    for r in rows:
        for col in ("n_unclaimed", "n_mine", "n_supplement", "n_prereview", "rn"):
            del r[col]
    if sql.pg:
        return counts, rows
    for r in rows:  # SQLite hands back text and 0/1
        r["submitted_at"] = sql.as_datetime(r["submitted_at"])
        for col in ("due_on", "remind_on"):
            r[col] = sql.as_date(r[col]) if r[col] is not None else None
        r["paused_since"] = sql.as_datetime(r["paused_since"]) if r["paused_since"] else None
        r["due_provisional"] = bool(r["due_provisional"])
        r["offered_to_backup"] = bool(r["offered_to_backup"])
    return counts, rows


# --- notices ----------------------------------------------------------------------------------

NOTICE_FIELDS = ("id", "case_id", "kind", "message", "created_at", "read_at", "case__number")


async def notices(viewer: Viewer | None, *, unread_only: bool, first: int
                  ) -> tuple[list[dict[str, Any]], int, int]:
    """The viewer's notices, newest first, how many are unread, and the cursor of the viewer's
    notice channel read before them (``myNoticeEvents(after:)`` misses nothing written since)."""
    v = require_viewer(viewer)
    check_page_size(first, MAX_NOTICES)
    cursor = (await log.state(routing.notice_channel(v.staff_id))).last_seq
    q = StaffNotice.filter(staff_id=v.staff_id)
    rows = await (q.filter(read_at__isnull=True) if unread_only else q).order_by("-id").limit(first).values(
        *NOTICE_FIELDS)
    unread = await StaffNotice.filter(staff_id=v.staff_id, read_at__isnull=True).count()
    return list(rows), int(unread), cursor


async def mark_read(viewer: Viewer | None, ids: list[int] | None, now: datetime | None = None) -> int:
    """Mark some (or, with ``ids`` None, all) of the viewer's own notices read."""
    v = require_viewer(viewer)
    q = StaffNotice.filter(staff_id=v.staff_id, read_at__isnull=True)
    if ids is not None:
        q = q.filter(id__in=ids)
    return int(await q.update(read_at=now or utcnow()))
