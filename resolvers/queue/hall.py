"""What the hall board may know: calls and waiting counts per queue, nothing personal."""

from __future__ import annotations

from datetime import date
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Count

from hub.core.clock import local_date
from hub.core.errors import ErrorCode, HubError
from hub.core.models import Event, QueueCategory, ServicePoint, Ticket, Window
from hub.core.models.enums import TicketStatus
from realtime import log
from realtime.log import LoggedEvent
from resolvers.queue.rules import hall_channel


async def waiting_counts(
    service_point_id: int, day: date, conn: BaseDBAsyncClient | None = None
) -> list[dict[str, Any]]:
    cats = await QueueCategory.filter(service_point_id=service_point_id, active=True).using_db(
        conn).order_by("sort", "prefix").values("id", "prefix", "name")
    rows = await (Ticket.filter(service_point_id=service_point_id, day=day,
                                status=TicketStatus.WAITING).using_db(conn)
                  .annotate(n=Count("id")).group_by("queue_id").values("queue_id", "n"))
    counts = {r["queue_id"]: r["n"] for r in rows}
    return [{"prefix": c["prefix"], "name": c["name"], "waiting": counts.get(c["id"], 0)}
            for c in cats]


async def append_hall_event(
    conn: BaseDBAsyncClient, point: ServicePoint | dict[str, Any], day: date, kind: str,
    call: dict[str, Any] | None = None,
) -> LoggedEvent:
    """Log a hall event with the fresh waiting counts, inside the caller's transaction."""
    point_id = point["id"] if isinstance(point, dict) else point.id
    code = point["code"] if isinstance(point, dict) else point.code
    payload: dict[str, Any] = {"queues": await waiting_counts(point_id, day, conn)}
    if call is not None:
        payload["call"] = call
    return await log.append(conn, hall_channel(code), kind, payload)


async def snapshot(service_point_code: str, day: date) -> dict[str, Any]:
    """Queues, the cursor to subscribe after, and the latest calls (newest first, one per number)."""
    point = await ServicePoint.get_or_none(code=service_point_code).values("id")
    if point is None:
        raise HubError(ErrorCode.NOT_FOUND, "服务点不存在", "servicePointCode")
    channel = hall_channel(service_point_code)
    current = await log.state(channel)
    recent = await Event.filter(channel=channel, kind__in=("CALLED", "RECALLED")).order_by(
        "-seq").limit(30).values("payload", "created_at")
    calls: list[dict[str, Any]] = []
    seen: set[str] = set()
    for r in recent:
        call = r["payload"].get("call")
        if call and call["number"] not in seen and local_date(r["created_at"]) == day:
            seen.add(call["number"])
            calls.append(call)
    return {"cursor": current.last_seq, "queues": await waiting_counts(point["id"], day),
            "recent_calls": calls[:6], "windows": await window_numbers(point["id"], day),
            "no_shows": await no_shows(point["id"], day)}


NO_SHOWS_SHOWN = 12
# What a board's window tile shows, replayed live from the events: CALLED/RECALLED put the
# number on its window, NO_SHOW and TRANSFERRED take it off; a finished number stays until
# the window calls the next one. The snapshot applies the same rule to today's tickets.
ON_A_WINDOW = (TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.DONE, TicketStatus.NO_SHOW)


async def window_numbers(service_point_id: int, day: date) -> list[dict[str, Any]]:
    """Every active window of the point with the number it last called today (or None)."""
    windows = await Window.filter(service_point_id=service_point_id, active=True).order_by(
        "number").values("id", "number", "name")
    called = await Ticket.filter(service_point_id=service_point_id, day=day,
                                 window_id__isnull=False, status__in=ON_A_WINDOW
                                 ).order_by("called_at").values("window_id", "number", "status")
    last = {t["window_id"]: t for t in called}  # the latest call per window wins
    return [{"number": w["number"], "name": w["name"],
             "current": (last[w["id"]]["number"] if w["id"] in last
                         and last[w["id"]]["status"] != TicketStatus.NO_SHOW else None)}
            for w in windows]


async def no_shows(service_point_id: int, day: date) -> list[str]:
    """Today's 过号 numbers, the latest first."""
    rows = await Ticket.filter(service_point_id=service_point_id, day=day,
                               status=TicketStatus.NO_SHOW).order_by("-finished_at").limit(
        NO_SHOWS_SHOWN).values_list("number", flat=True)
    return [str(n) for n in rows]
