"""Whistle mutations: raise, accept, send a message, resolve. Events go out after commit."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import strawberry

from hub.errors import HubError
from realtime.log import LoggedEvent
from resolvers.whistle import actions
from resolvers.whistle.queries import call_id_of
from schema.context import Info
from schema.types.whistle import HelpCall, WhistleError, WhistleMessage, WhistleMessagePayload, WhistlePayload


@strawberry.input(description="窗口吹哨")
class RaiseWhistleInput:
    question: str = strawberry.field(description="问题（最多 500 字）")
    item_code: str | None = strawberry.field(
        default=None, description="所问事项编码：由事项所属部门的专家解答")
    department_code: str | None = strawberry.field(
        default=None, description="未选事项时求助的部门编码")
    topic: str | None = strawberry.field(default=None, description="主题（未选事项时必填）")
    case_ref: str | None = strawberry.field(default=None, description="关联的办件编号（可选）")


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
