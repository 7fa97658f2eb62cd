"""GraphQL query fields of appointments (网上预约)."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from typing import Any

import strawberry

from hub.core.errors import HubError
from resolvers.queue import appointments
from schema.appointments.types import (
    Appointment,
    AppointmentDay,
    AppointmentError,
    AppointmentPayload,
    AppointmentServicePoint,
    AppointmentSlot,
)
from schema.context import Info
from schema.guard import Guessable


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

    @strawberry.field(description="我的预约：凭预约码和身份证号码查询", extensions=[Guessable("code")])
    async def find_appointment(self, info: Info, code: str, id_number: str) -> AppointmentPayload:
        return await _payload(info, appointments.find(code, id_number,
                                                      grace_minutes=_grace(info)))
