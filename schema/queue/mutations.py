"""GraphQL mutations of the queue: tickets, windows, calls and the hall's live events."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, Any

import strawberry

from hub.core.errors import ErrorCode, HubError
from hub.core.idempotency import Replay, once
from hub.core.models.enums import Role
from hub.core.viewer import Viewer
from realtime.log import LoggedEvent
from resolvers.queue import calling, tickets, windows
from resolvers.queue.tokens import tokens_for
from schema.context import Info
from schema.idempotency import keyed
from schema.queue.inputs import TakeTicketInput
from schema.queue.queries import session_view
from schema.queue.types import QueueError, Ticket, TicketPayload, WindowPayload


async def _ticket_result(
    info: Info, action: Awaitable[tuple[dict[str, Any] | None, list[LoggedEvent]]]
) -> TicketPayload:
    try:
        moved, events = await action
    except HubError as e:
        return TicketPayload(ticket=None, errors=[QueueError.of(e)])
    await info.context.services.bus.publish(events)
    if moved is None:
        return TicketPayload(ticket=None, errors=[])
    return TicketPayload(ticket=Ticket.of(await tickets.standing(moved["id"])), errors=[])


def _channel(viewer: Viewer | None) -> str:
    """KIOSK, GREETER (a greeter at the door, bound by the hall's hours like the kiosk) or COUNTER."""
    if viewer is not None and viewer.has_role(Role.KIOSK):
        return "KIOSK"
    if viewer is not None and viewer.has_role(Role.GREETER) and not viewer.has_role(
            Role.FRONT_DESK, Role.SUPERVISOR):
        return "GREETER"
    return "COUNTER"


@strawberry.type
class QueueMutation:
    @strawberry.mutation(description="取号（自助终端或窗口代取）；返回号码、前面人数、预计等候和小票令牌")
    async def take_ticket(self, info: Info, input: TakeTicketInput) -> TicketPayload:
        viewer = await info.context.viewer()
        request = tickets.TicketRequest(
            service_point_code=input.service_point_code, prefix=input.prefix,
            id_number=input.id_number, name=input.name,
            priority=input.priority,
            channel=_channel(viewer),
            check_hours=info.context.services.settings.kiosk_opening_hours,
            near_phone=input.near_phone)
        try:
            key = keyed("takeTicket", input, viewer)
            done = await once(key, lambda: tickets.take_ticket(viewer, request))
        except HubError as e:
            return TicketPayload(ticket=None, errors=[QueueError.of(e)])
        # a retry gets the ticket taken the first time
        found, events = (await tickets.standing(done.result_id), []) if isinstance(done, Replay) else done
        await info.context.services.bus.publish(events)
        token = tokens_for(info.context.services.settings.secret_key).dumps(
            found.ticket["id"], found.ticket["nonce"])
        return TicketPayload(ticket=Ticket.of(found, token=token), errors=[])

    @strawberry.mutation(description=(
        "签入窗口并选择服务的取号类别（须持有效上岗证）。本账号已在另一窗口签入时返回 "
        "SIGNED_IN_ELSEWHERE（“您已在 N 号窗口签到 — 是否转到此窗口？”），确认后以 move: true "
        "再次签入：原窗口签出，已叫未办的号回到等候队列"))
    async def sign_in_window(
        self, info: Info, window_id: strawberry.ID, prefixes: list[str],
        move: Annotated[bool, strawberry.argument(
            description="确认从本账号当前签入的另一窗口转到此窗口")] = False,
    ) -> WindowPayload:
        viewer = await info.context.viewer()
        try:
            wid = int(window_id)
        except ValueError:
            return WindowPayload(session=None, errors=[QueueError.of(
                HubError(ErrorCode.NOT_FOUND, "窗口不存在", "windowId"))])
        try:
            session = await windows.sign_in(viewer, wid, prefixes, move=move)
        except HubError as e:
            return WindowPayload(session=None, errors=[QueueError.of(e)])
        return WindowPayload(session=await session_view(info, session["staff_id"]), errors=[])

    @strawberry.mutation(description="签出窗口；已叫未办的号回到等候队列")
    async def sign_out_window(self, info: Info) -> bool:
        return await windows.sign_out(await info.context.viewer())

    @strawberry.mutation(
        description="叫下一位：原子地领取下一张号（两个窗口绝不会叫到同一张号）；无人等候时 ticket 为空")
    async def call_next(self, info: Info) -> TicketPayload:
        return await _ticket_result(info, calling.call_next(await info.context.viewer()))

    @strawberry.mutation(description="重呼当前的号")
    async def recall_ticket(self, info: Info) -> TicketPayload:
        return await _ticket_result(info, calling.recall(await info.context.viewer()))

    @strawberry.mutation(description="标记过号（须先重呼足够次数）")
    async def mark_no_show(self, info: Info) -> TicketPayload:
        return await _ticket_result(info, calling.no_show(await info.context.viewer()))

    @strawberry.mutation(description="开始办理当前的号")
    async def start_service(self, info: Info) -> TicketPayload:
        return await _ticket_result(info, calling.start_service(await info.context.viewer()))

    @strawberry.mutation(description="结束办理当前的号")
    async def finish_service(self, info: Info) -> TicketPayload:
        return await _ticket_result(info, calling.finish_service(await info.context.viewer()))

    @strawberry.mutation(description="把当前的号转到其他取号类别或指定窗口，保留原排队位置")
    async def transfer_ticket(self, info: Info, prefix: str | None = None,
                              window_number: int | None = None) -> TicketPayload:
        return await _ticket_result(info, calling.transfer(
            await info.context.viewer(), prefix=prefix, window_number=window_number))
