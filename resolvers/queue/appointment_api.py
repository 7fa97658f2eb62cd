"""GraphQL entry points of appointments (网上预约): thin wrappers over appointments.py.

Booking, lookup and cancel are public (no citizen login: the ID number and the code are the
proof); check-in is for the kiosk (or the counter) of the booked service point.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from typing import Any

import strawberry

from hub.errors import HubError
from hub.models.enums import Role
from resolvers.queue import appointments
from resolvers.queue.tokens import tokens_for
from schema.context import Info
from schema.types.appointments import (
    Appointment,
    AppointmentDay,
    AppointmentError,
    AppointmentPayload,
    AppointmentServicePoint,
    AppointmentSlot,
    CheckInPayload,
)
from schema.types.queue import Ticket


@strawberry.input(description="网上预约")
class BookAppointmentInput:
    service_point_code: str = strawberry.field(description="服务点编码")
    prefix: str = strawberry.field(description="办理类别（取号类别前缀）")
    starts_at: datetime = strawberry.field(description="所选时段的开始时间（取自 appointmentSlots）")
    name: str = strawberry.field(description="姓名")
    id_number: str = strawberry.field(description="居民身份证号码")
    phone: str = strawberry.field(description="手机号码")
    channel: str = strawberry.field(default="PC", description="预约渠道：PC 或 MOBILE")


def _grace(info: Info) -> int:
    return info.context.services.settings.appointment_grace_minutes


async def _payload(info: Info, action: Awaitable[dict[str, Any]]) -> AppointmentPayload:
    try:
        found = await action
    except HubError as e:
        return AppointmentPayload(appointment=None, errors=[AppointmentError.of(e)])
    return AppointmentPayload(appointment=Appointment.of(found, _grace(info)), errors=[])


@strawberry.type
class AppointmentQuery:
    @strawberry.field(description="可网上预约的服务点及其类别")
    async def appointment_service_points(self) -> list[AppointmentServicePoint]:
        return [AppointmentServicePoint.of(p) for p in await appointments.bookable_points()]

    @strawberry.field(description="今天起 8 天的预约日历：是否办公、剩余名额")
    async def appointment_days(self, service_point_code: str, prefix: str) -> list[AppointmentDay]:
        try:
            rows = await appointments.days(service_point_code, prefix)
        except HubError:
            return []
        return [AppointmentDay(**r) for r in rows]

    @strawberry.field(description="某一天的预约时段及剩余名额")
    async def appointment_slots(self, service_point_code: str, prefix: str, day: date
                                ) -> list[AppointmentSlot]:
        try:
            rows = await appointments.slots(service_point_code, prefix, day)
        except HubError:
            return []
        return [AppointmentSlot(**r) for r in rows]

    @strawberry.field(description="我的预约：凭预约码和身份证号码查询")
    async def find_appointment(self, info: Info, code: str, id_number: str) -> AppointmentPayload:
        return await _payload(info, appointments.find(code, id_number,
                                                      grace_minutes=_grace(info)))


@strawberry.type
class AppointmentMutation:
    @strawberry.mutation(description="网上预约一个时段（无需登录；同一身份证同一类别每天限一次）")
    async def book_appointment(self, info: Info, input: BookAppointmentInput
                               ) -> AppointmentPayload:
        request = appointments.BookingRequest(
            service_point_code=input.service_point_code, prefix=input.prefix,
            starts_at=input.starts_at, name=input.name, id_number=input.id_number,
            phone=input.phone, channel="MOBILE" if input.channel == "MOBILE" else "PC")
        return await _payload(info, appointments.book(request, grace_minutes=_grace(info)))

    @strawberry.mutation(description="取消预约：凭预约码和身份证号码；时段未开始的名额退回")
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
