"""Subscriptions available to every terminal."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import UTC, datetime

import strawberry

from hub.errors import HubError
from schema.context import Info


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
            raise HubError("INVALID", "报时间隔须在 1 到 3600 秒之间", "intervalSeconds")
        viewer = await info.context.viewer()
        name = viewer.name if viewer else None
        while True:
            yield ClockTick(now=datetime.now(UTC), viewer_name=name)
            await asyncio.sleep(interval_seconds)
