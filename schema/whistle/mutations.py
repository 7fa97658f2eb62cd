"""GraphQL mutations of the whistle (窗口吹哨)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import strawberry

from hub.core.errors import HubError
from realtime.log import LoggedEvent
from resolvers.whistle import actions
from schema.context import Info
from schema.whistle.inputs import RaiseWhistleInput
from schema.whistle.queries import call_id_of
from schema.whistle.types import HelpCall, WhistleError, WhistleMessage, WhistleMessagePayload, WhistlePayload


async def _call_result(
    info: Info, action: Awaitable[tuple[dict[str, Any], list[LoggedEvent]]]
) -> WhistlePayload:
    try:
        call, events = await action
    except HubError as e:
        return WhistlePayload(call=None, errors=[WhistleError.of(e)])
    await info.context.services.bus.publish(events)
    return WhistlePayload(call=HelpCall.of(call), errors=[])


@strawberry.type
class WhistleMutation:
    @strawberry.mutation(description="窗口吹哨：呼叫事项所属部门的在岗专家（同一街道中心优先），实时送达")
    async def raise_whistle(self, info: Info, input: RaiseWhistleInput) -> WhistlePayload:
        request = actions.RaiseRequest(
            question=input.question, item_code=input.item_code,
            department_code=input.department_code, topic=input.topic, case_ref=input.case_ref)
        return await _call_result(info, actions.raise_call(
            await info.context.viewer(), request, now=actions.clock(),
            on_duty_minutes=info.context.services.settings.whistle_on_duty_minutes))

    @strawberry.mutation(description="专家接单：先接者得，其他专家收到“已由某某接单”")
    async def accept_whistle(self, info: Info, call_id: strawberry.ID) -> WhistlePayload:
        try:
            cid = call_id_of(call_id)
        except HubError as e:
            return WhistlePayload(call=None, errors=[WhistleError.of(e)])
        return await _call_result(info, actions.accept(
            await info.context.viewer(), cid, now=actions.clock()))

    @strawberry.mutation(description="在吹哨中发送消息（吹哨人、接单专家与管理者）")
    async def send_whistle_message(self, info: Info, call_id: strawberry.ID, text: str
                                   ) -> WhistleMessagePayload:
        try:
            message, events = await actions.send_message(
                await info.context.viewer(), call_id_of(call_id), text, now=actions.clock())
        except HubError as e:
            return WhistleMessagePayload(message=None, errors=[WhistleError.of(e)])
        await info.context.services.bus.publish(events)
        return WhistleMessagePayload(message=WhistleMessage.of(message), errors=[])

    @strawberry.mutation(description="办结吹哨并留存解答（接单专家或吹哨人）；记录响应与解决用时")
    async def resolve_whistle(self, info: Info, call_id: strawberry.ID, answer: str
                              ) -> WhistlePayload:
        try:
            cid = call_id_of(call_id)
        except HubError as e:
            return WhistlePayload(call=None, errors=[WhistleError.of(e)])
        return await _call_result(info, actions.resolve(
            await info.context.viewer(), cid, answer, now=actions.clock()))
