"""GraphQL subscriptions of the whistle (窗口吹哨)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator

import strawberry

from hub.core.viewer import require_viewer
from realtime.stream import Reset, follow
from resolvers.whistle import actions, presence
from resolvers.whistle.rules import call_channel
from schema.context import Info
from schema.whistle.queries import call_id_of
from schema.whistle.types import WhistleCallEvent, WhistleDeskEvent, WhistleEventKind

HEARTBEAT_SECONDS = 60


async def _beat(staff_id: int) -> None:
    """While the expert console is open, the expert counts as on duty."""
    while True:
        await presence.touch(staff_id, actions.clock(), console_open=True)
        await asyncio.sleep(HEARTBEAT_SECONDS)


@strawberry.type
class WhistleSubscription:
    @strawberry.subscription(
        description="专家坐席事件：派给我的新吹哨、被接单、已解决、已上报（管理者：辖区内上报的吹哨）。"
        "after 为 whistleDesk 的 cursor 或上次收到的 cursor：先补发再转为实时；"
        "订阅期间专家视为在岗"
    )
    async def whistle_desk_events(
        self, info: Info, after: int | None = None
    ) -> AsyncGenerator[WhistleDeskEvent, None]:
        viewer = require_viewer(await info.context.viewer())
        mode = actions.desk_mode(viewer)
        services = info.context.services
        await services.bus.publish(await actions.escalate_overdue(
            actions.clock(), services.settings.whistle_escalate_minutes))
        channel = await actions.desk_channel_of(viewer)
        beat = asyncio.create_task(_beat(viewer.staff_id)) if mode == "EXPERT" else None
        try:
            async for event in follow(services.bus, channel, after):
                if isinstance(event, Reset):
                    yield WhistleDeskEvent(cursor=event.seq, kind=WhistleEventKind.RESET, at=None,
                                           call=None)
                elif actions.visible_on_desk(viewer, mode, event.payload["call"]):
                    yield WhistleDeskEvent.of(event)
        finally:
            if beat is not None:
                beat.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await beat
                with contextlib.suppress(Exception):
                    await presence.touch(viewer.staff_id, actions.clock(), console_open=False)

    @strawberry.subscription(
        description="单个吹哨的事件（接单、消息、解决、上报），仅吹哨人、接单专家与管理者可订阅。"
        "after 为 whistleCall 的 cursor 或上次收到的 cursor：断线重连不丢不重"
    )
    async def whistle_call_events(
        self, info: Info, call_id: strawberry.ID, after: int | None = None
    ) -> AsyncGenerator[WhistleCallEvent, None]:
        cid = call_id_of(call_id)
        await actions.require_party(await info.context.viewer(), cid)
        async for event in follow(info.context.services.bus, call_channel(cid), after):
            if isinstance(event, Reset):
                yield WhistleCallEvent(cursor=event.seq, kind=WhistleEventKind.RESET, at=None,
                                       call=None, message=None)
            else:
                yield WhistleCallEvent.of(event)
