"""GraphQL query fields of the whistle (窗口吹哨)."""

from __future__ import annotations

import strawberry

from hub.core.errors import ErrorCode, HubError
from resolvers.whistle import actions
from schema.context import Info
from schema.whistle.types import HelpCall, WhistleCallView, WhistleDesk, WhistleDeskMode, WhistleMessage


def call_id_of(value: strawberry.ID) -> int:
    try:
        return int(value)
    except ValueError:
        raise HubError(ErrorCode.NOT_FOUND, "吹哨不存在", "callId") from None


@strawberry.type
class WhistleQuery:
    @strawberry.field(description="专家坐席：本部门派给我的待接单吹哨和我接的吹哨（管理者：辖区内已上报的吹哨）")
    async def whistle_desk(self, info: Info) -> WhistleDesk:
        services = info.context.services
        mode, cursor, calls, events = await actions.desk(
            await info.context.viewer(), now=actions.clock(),
            escalate_minutes=services.settings.whistle_escalate_minutes)
        await services.bus.publish(events)
        return WhistleDesk(mode=WhistleDeskMode(mode), cursor=cursor,
                           calls=[HelpCall.of(c) for c in calls])

    @strawberry.field(description="我发起的吹哨，新的在前（最多 20 条）")
    async def my_whistle_calls(self, info: Info) -> list[HelpCall]:
        return [HelpCall.of(c) for c in await actions.my_calls(await info.context.viewer())]

    @strawberry.field(description="一次吹哨及其消息（吹哨人、接单专家与管理者可见）")
    async def whistle_call(self, info: Info, call_id: strawberry.ID) -> WhistleCallView:
        call, messages, cursor = await actions.call_detail(
            await info.context.viewer(), call_id_of(call_id))
        return WhistleCallView(call=HelpCall.of(call), cursor=cursor,
                               messages=[WhistleMessage.of(m) for m in messages])

    @strawberry.field(description="某事项已解决吹哨的解答（知识积累），新的在前")
    async def whistle_answers(self, info: Info, item_code: str, first: int = 20) -> list[HelpCall]:
        limit = max(1, min(first, info.context.services.settings.max_page_size))
        rows = await actions.answers(await info.context.viewer(), item_code, limit)
        return [HelpCall.of(c) for c in rows]
