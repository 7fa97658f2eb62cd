"""Window calls: call next (atomic claim), recall, no-show, start, finish, transfer.

``claim_next`` is the one place two windows could collide. It picks the best waiting ticket and
claims it with a compare-and-set update (status must still be WAITING); on PostgreSQL the pick
also takes ``FOR UPDATE SKIP LOCKED`` so that concurrent windows pass over each other's rows
instead of queueing behind them. A lost race moves on to the next candidate.

A window calls one ticket at a time. ``call_next`` checks that the window is free inside the
claim transaction, and a partial unique index (migration 0017: one CALLED or SERVING ticket per
window) makes the check hold when two calls race (a double click, two instances): the loser's
claim fails on the index, its transaction rolls back whole, and its retry reads the winner's
ticket and answers BUSY.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from hub.core.clock import local_date, utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.listeners import Listeners
from hub.core.models import QueueCategory, ServicePoint, Ticket, Window
from hub.core.models.enums import TicketStatus
from hub.core.retry import is_postgres, retrying
from hub.core.viewer import Viewer
from realtime.log import LoggedEvent
from resolvers.queue import rules
from resolvers.queue.hall import append_hall_event
from resolvers.queue.tickets import ACTIVE, active_ticket
from resolvers.queue.windows import require_cover, require_session


async def claim_next(
    conn: BaseDBAsyncClient, *, service_point_id: int, window_id: int, staff_id: int,
    category_ids: list[int], day: date, now: datetime,
) -> int | None:
    """Claim the next ticket for the window inside ``conn``'s transaction; its id or None."""
    mine = Q(target_window_id=window_id)
    general = Q(target_window_id__isnull=True, queue_id__in=category_ids)
    for scope in (mine, general):  # tickets transferred to this window come first
        for _ in range(50):
            pick = Ticket.filter(scope, service_point_id=service_point_id, day=day,
                                 status=TicketStatus.WAITING).using_db(conn) \
                .order_by("rank_at", "id").limit(1)
            if is_postgres():  # (values() would drop the FOR UPDATE clause: keep only())
                pick = pick.select_for_update(skip_locked=True)
            rows = await pick.only("id")
            if not rows:
                break
            won = await Ticket.filter(id=rows[0].id, status=TicketStatus.WAITING).using_db(conn) \
                .update(status=TicketStatus.CALLED, window_id=window_id, staff_id=staff_id,
                        called_at=now, target_window_id=None)
            if won:
                return rows[0].id
    return None


async def _gate(v: Viewer, session: dict[str, Any], window: dict[str, Any]) -> None:
    """Certificates are checked on every call: an expiry or revocation stops the next call."""
    codes = await QueueCategory.filter(id__in=session["category_ids"]).values_list(
        "department_codes", flat=True)
    await require_cover(v.staff_id, window["kind"], [d for c in codes for d in c])


def _call_payload(ticket: dict[str, Any], window: dict[str, Any], category: str, recall: bool
                  ) -> dict[str, Any]:
    return {"number": ticket["number"], "windowNumber": window["number"],
            "windowName": window["name"], "category": category, "recall": recall,
            "text": rules.call_text(ticket["number"], window["number"])}


async def _require_free(window_id: int, conn: BaseDBAsyncClient | None) -> None:
    """BUSY unless the window has no called or serving ticket (read in ``conn`` if given)."""
    current = await active_ticket(window_id, conn)
    if current is not None:
        what = "结束办理" if current["status"] == TicketStatus.SERVING else "开始办理、重呼或标记过号"
        raise HubError(ErrorCode.BUSY, f"请先处理当前的 {current['number']} 号（{what}）")


@dataclass(frozen=True)
class Called:
    """A ticket just called: the queue it left, as listeners see it."""

    service_point_id: int
    queue_id: int
    day: date
    at: datetime


called: Listeners[[BaseDBAsyncClient, Called]] = Listeners("ticket called")


def on_called(listener: Callable[[BaseDBAsyncClient, Called], Awaitable[None]]
              ) -> Callable[[BaseDBAsyncClient, Called], Awaitable[None]]:
    """Run ``listener(conn, Called)`` when a window calls the next ticket (in that transaction)."""
    return called.add(listener)


async def call_next(viewer: Viewer | None) -> tuple[dict[str, Any] | None, list[LoggedEvent]]:
    v, session, window = await require_session(viewer)
    await _gate(v, session, window)
    await _require_free(window["id"], None)  # the common case, before any write transaction
    point = await ServicePoint.get(id=window["service_point_id"]).values("id", "code")
    now = utcnow()
    day = local_date(now)

    async def attempt() -> tuple[int | None, LoggedEvent | None]:
        async with in_transaction() as conn:
            await _require_free(window["id"], conn)  # a racing call may have won meanwhile
            ticket_id = await claim_next(
                conn, service_point_id=point["id"], window_id=window["id"], staff_id=v.staff_id,
                category_ids=session["category_ids"], day=day, now=now)
            if ticket_id is None:
                return None, None
            t = await Ticket.filter(id=ticket_id).using_db(conn).get().values(
                "number", "queue__name", "queue_id")
            await called.notify(conn, Called(point["id"], t["queue_id"], day, now))
            event = await append_hall_event(conn, point, day, "CALLED", _call_payload(
                t, window, t["queue__name"], recall=False))
            return ticket_id, event

    ticket_id, event = await retrying(attempt)
    if ticket_id is None:
        return None, []
    return {"id": ticket_id}, [event] if event else []


async def _transition(
    viewer: Viewer | None, *, expect: tuple[TicketStatus, ...], kind: str | None,
    changes: Any, check: Any = None,
) -> tuple[dict[str, Any], list[LoggedEvent]]:
    """Move the window's current ticket; optionally log a hall event (board-visible changes)."""
    _, _, window = await require_session(viewer)
    current = await active_ticket(window["id"])
    if current is None or current["status"] not in expect:
        raise HubError(ErrorCode.NO_TICKET, "当前窗口没有可以这样处理的号")
    if check is not None:
        check(current)
    now = utcnow()
    point = await ServicePoint.get(id=window["service_point_id"]).values("id", "code")

    async def attempt() -> LoggedEvent | None:
        async with in_transaction() as conn:
            moved = await Ticket.filter(id=current["id"], status=current["status"]) \
                .using_db(conn).update(**changes(current, now))
            if not moved:
                raise HubError(ErrorCode.CONFLICT, "该号的状态刚刚发生变化，请刷新")
            if kind is None:
                return None
            category = await QueueCategory.filter(id=current["queue_id"]).using_db(conn) \
                .get().values("name")
            call = (_call_payload(current, window, category["name"], recall=True)
                    if kind == "RECALLED" else {"number": current["number"],
                                                 "windowNumber": window["number"]})
            return await append_hall_event(conn, point, local_date(now), kind, call)

    event = await retrying(attempt)
    return {"id": current["id"]}, [event] if event else []


async def recall(viewer: Viewer | None) -> tuple[dict[str, Any], list[LoggedEvent]]:
    return await _transition(
        viewer, expect=(TicketStatus.CALLED,), kind="RECALLED",
        changes=lambda t, now: {"recalls": t["recalls"] + 1, "called_at": now})


def _recalled_enough(ticket: dict[str, Any]) -> None:
    if ticket["recalls"] < rules.NO_SHOW_AFTER_RECALLS:
        raise HubError(ErrorCode.TOO_EARLY,
                       f"请至少重呼 {rules.NO_SHOW_AFTER_RECALLS} 次后再标记过号"
                       f"（已重呼 {ticket['recalls']} 次）")


async def no_show(viewer: Viewer | None) -> tuple[dict[str, Any], list[LoggedEvent]]:
    return await _transition(
        viewer, expect=(TicketStatus.CALLED,), kind="NO_SHOW", check=_recalled_enough,
        changes=lambda t, now: {"status": TicketStatus.NO_SHOW, "finished_at": now})


async def start_service(viewer: Viewer | None) -> tuple[dict[str, Any], list[LoggedEvent]]:
    return await _transition(
        viewer, expect=(TicketStatus.CALLED,), kind=None,
        changes=lambda t, now: {"status": TicketStatus.SERVING, "serving_at": now})


async def finish_service(viewer: Viewer | None) -> tuple[dict[str, Any], list[LoggedEvent]]:
    return await _transition(
        viewer, expect=(TicketStatus.SERVING,), kind=None,
        changes=lambda t, now: {"status": TicketStatus.DONE, "finished_at": now})


async def transfer(
    viewer: Viewer | None, *, prefix: str | None, window_number: int | None
) -> tuple[dict[str, Any], list[LoggedEvent]]:
    """Send the current ticket to another queue or window; it keeps its place (rank)."""
    _, _, window = await require_session(viewer)
    if (prefix is None) == (window_number is None):
        raise HubError(ErrorCode.INVALID, "请选择转往的取号类别或窗口（二选一）", "prefix")
    changes: dict[str, Any] = {}
    if prefix is not None:
        category = await QueueCategory.get_or_none(
            service_point_id=window["service_point_id"], prefix=prefix.strip().upper(),
            active=True).values("id")
        if category is None:
            raise HubError(ErrorCode.NOT_FOUND, "本服务点没有这个取号类别", "prefix")
        changes["queue_id"] = category["id"]
    else:
        target = await Window.get_or_none(
            service_point_id=window["service_point_id"], number=window_number, active=True
        ).values("id")
        if target is None or target["id"] == window["id"]:
            raise HubError(ErrorCode.NOT_FOUND, "请选择本服务点的其他窗口", "windowNumber")
        changes["target_window_id"] = target["id"]
    return await _transition(
        viewer, expect=ACTIVE, kind="TRANSFERRED",
        changes=lambda t, now: {**changes, "status": TicketStatus.WAITING, "window_id": None,
                                "staff_id": None, "called_at": None, "serving_at": None,
                                "recalls": 0, "transfers": F("transfers") + 1})

