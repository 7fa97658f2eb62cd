"""GraphQL query fields of the queue: tickets, windows, calls and the hall's live events."""

from __future__ import annotations

import strawberry

from hub.core.clock import local_date, utcnow
from hub.core.models import QueueCategory as CategoryRow
from hub.core.models import ServicePoint
from resolvers.queue import hall, opening, scan, tickets, windows
from schema.context import Info
from schema.org.types import Window
from schema.queue.types import (
    BoardWindow,
    HallCall,
    HallOpening,
    HallSnapshot,
    QueueCategory,
    QueueWaiting,
    Ticket,
    WindowSession,
)

CATEGORY_FIELDS = ("id", "prefix", "name", "department_codes", "daily_cap")


async def session_view(info: Info, staff_id: int) -> WindowSession | None:
    session = await windows.current_session(staff_id)
    if session is None:
        return None
    window = await info.context.org.window_by_id.load(session["window_id"])
    assert window is not None  # a session's window is never deleted (cascade)
    categories = await CategoryRow.filter(id__in=session["category_ids"]).order_by(
        "sort", "prefix").values(*CATEGORY_FIELDS)
    current = await tickets.active_ticket(session["window_id"])
    return WindowSession(
        window=Window.from_row(window), categories=[QueueCategory.from_row(c) for c in categories],
        started_at=session["started_at"],
        current=Ticket.of(await tickets.standing(current["id"])) if current else None,
    )


@strawberry.type
class QueueQuery:
    @strawberry.field(description="服务点的取号类别（自助终端取号页、窗口签入用）")
    async def queue_categories(self, service_point_code: str) -> list[QueueCategory]:
        point = await ServicePoint.get_or_none(code=service_point_code).values("id")
        if point is None:
            return []
        rows = await CategoryRow.filter(service_point_id=point["id"], active=True).order_by(
            "sort", "prefix").values(*CATEGORY_FIELDS)
        return [QueueCategory.from_row(r) for r in rows]

    @strawberry.field(description="大厅现状（叫号屏）：各类别等候人数、最近叫号和订阅游标。不含个人信息")
    async def hall(self, service_point_code: str) -> HallSnapshot:
        snap = await hall.snapshot(service_point_code, local_date(utcnow()))
        return HallSnapshot(
            cursor=snap["cursor"], queues=[QueueWaiting(**q) for q in snap["queues"]],
            recent_calls=[HallCall.of(c) for c in snap["recent_calls"]],
            windows=[BoardWindow(number=w["number"], name=w["name"], current_number=w["current"])
                     for w in snap["windows"]],
            no_shows=snap["no_shows"])

    @strawberry.field(description="大厅此刻是否营业、下次开放时间（营业时间与法定节假日）")
    async def hall_opening(self, info: Info, service_point_code: str) -> HallOpening:
        now = utcnow()
        o = await opening.point_opening(service_point_code, now,
                                        info.context.services.settings.kiosk_opening_hours)
        return HallOpening(
            open_now=o.open_now, kiosk_issues=o.kiosk_issues, closes_at=o.closes_at,
            next_opening=o.next_opening,
            next_opening_text=opening.opening_text(o.next_opening, now) if o.next_opening else None,
            hours_text=o.hours_text, today_text=o.today_text)

    @strawberry.field(description="我签入的窗口及当前的号；未签入为空")
    async def my_window(self, info: Info) -> WindowSession | None:
        viewer = await info.context.viewer()
        if viewer is None:
            return None
        return await session_view(info, viewer.staff_id)

    @strawberry.field(description="窗口扫描取号小票上的二维码，调出号码与持号人")
    async def ticket_by_token(self, info: Info, token: str) -> Ticket:
        viewer = await info.context.viewer()
        found = await scan.ticket_by_token(viewer, info.context.services.settings.secret_key, token)
        return Ticket.of(found)
