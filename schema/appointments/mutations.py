"""GraphQL mutations of appointments (网上预约)."""

from __future__ import annotations

from typing import Any

import strawberry

from hub.core.errors import HubError
from hub.core.idempotency import Replay, once
from hub.core.models.enums import Role
from resolvers.queue import appointments
from resolvers.queue.tokens import tokens_for
from schema.appointments.inputs import BookAppointmentInput
from schema.appointments.queries import _grace, _payload
from schema.appointments.types import (
    Appointment,
    AppointmentError,
    AppointmentPayload,
    CheckInPayload,
)
from schema.context import Info
from schema.guard import Guessable
from schema.idempotency import keyed
from schema.queue.types import Ticket


async def _book(input: BookAppointmentInput, request: appointments.BookingRequest,
                grace: int) -> dict[str, Any]:
    """Book, or (a retry with the same key) the booking made the first time."""
    done = await once(keyed("bookAppointment", input, None),
                      lambda: appointments.book(request, grace_minutes=grace))
    return await appointments.view(done.result_id) if isinstance(done, Replay) else done


@strawberry.type
class AppointmentMutation:
    @strawberry.mutation(description="网上预约一个时段（无需登录；同一身份证同一类别每天限一次）")
    async def book_appointment(self, info: Info, input: BookAppointmentInput
                               ) -> AppointmentPayload:
        request = appointments.BookingRequest(
            service_point_code=input.service_point_code, prefix=input.prefix,
            starts_at=input.starts_at, name=input.name, id_number=input.id_number,
            phone=input.phone, channel="MOBILE" if input.channel == "MOBILE" else "PC",
            item_code=input.item_code)
        return await _payload(info, _book(input, request, _grace(info)))

    @strawberry.mutation(description="取消预约：凭预约码和身份证号码；时段未开始的名额退回",
                         extensions=[Guessable("code")])
    async def cancel_appointment(self, info: Info, code: str, id_number: str
                                 ) -> AppointmentPayload:
        return await _payload(info, appointments.cancel(code, id_number,
                                                        grace_minutes=_grace(info)))

    @strawberry.mutation(description="预约签到（自助终端）：凭预约码取得预约优先号")
    async def check_in_appointment(self, info: Info, service_point_code: str, code: str
                                   ) -> CheckInPayload:
        viewer = await info.context.viewer()
        try:
            found, events, booked = await appointments.check_in(
                viewer, service_point_code, code, grace_minutes=_grace(info),
                channel="KIOSK" if viewer and viewer.has_role(Role.KIOSK) else "COUNTER")
        except HubError as e:
            return CheckInPayload(ticket=None, appointment=None, errors=[AppointmentError.of(e)])
        await info.context.services.bus.publish(events)
        token = tokens_for(info.context.services.settings.secret_key).dumps(
            found.ticket["id"], found.ticket["nonce"])
        return CheckInPayload(ticket=Ticket.of(found, token=token),
                              appointment=Appointment.of(booked, _grace(info)), errors=[])
