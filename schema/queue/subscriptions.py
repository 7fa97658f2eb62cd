"""GraphQL subscriptions of the queue: tickets, windows, calls and the hall's live events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.models import ServicePoint
from hub.core.viewer import require_viewer
from realtime.frames import direct_sink
from realtime.stream import Reset, follow
from resolvers.queue.rules import hall_channel
from schema.context import Info
from schema.queue.types import HallEvent, HallEventKind


@strawberry.type(description="服务器时钟的一次报时")
class ClockTick:
    now: datetime = strawberry.field(description="服务器当前时间（UTC）")
    viewer_name: str | None = strawberry.field(description="本连接认证的人员或设备名称")


@strawberry.type
class RealtimeSubscription:
    @strawberry.subscription(
        description="服务器时钟：叫号屏、自助终端据此校准时间并发现断线（立即报时一次，之后按间隔）"
    )
    async def server_clock(
        self, info: Info, interval_seconds: int = 30
    ) -> AsyncGenerator[ClockTick, None]:
        if not 1 <= interval_seconds <= 3600:
            raise HubError(ErrorCode.INVALID, "报时间隔须在 1 到 3600 秒之间", "intervalSeconds")
        viewer = await info.context.viewer()
        name = viewer.name if viewer else None
        while True:
            yield ClockTick(now=utcnow(), viewer_name=name)
            await asyncio.sleep(interval_seconds)

    @strawberry.subscription(
        description="大厅叫号事件（叫号屏）：叫号、重呼与各类别等候人数，不含个人信息。"
        "after 为上次收到的 cursor：先补发错过的事件再转为实时，不丢不重；"
        "若游标早于保留的历史，先收到 RESET，请重新加载大厅现状"
    )
    async def hall_events(
        self, info: Info, service_point_code: str, after: int | None = None
    ) -> AsyncGenerator[HallEvent, None]:
        viewer = require_viewer(await info.context.viewer())
        point = await ServicePoint.get_or_none(code=service_point_code).values("path")
        if point is None:
            raise HubError(ErrorCode.NOT_FOUND, "服务点不存在", "servicePointCode")
        if not viewer.covers(point["path"]):
            raise PermissionDenied("只能订阅本服务点（及下辖服务点）的大厅事件")
        services = info.context.services
        # Live events go straight to the board's socket where the connection allows it.
        sink = direct_sink(info.context, HallEvent.of, services.settings.ws_send_buffer_bytes)
        async for event in follow(services.bus, hall_channel(service_point_code), after, sink):
            if isinstance(event, Reset):
                yield HallEvent(cursor=event.seq, kind=HallEventKind.RESET, at=None, call=None,
                                queues=[])
            else:
                yield HallEvent.of(event)
