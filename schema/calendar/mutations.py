"""GraphQL mutations of the holiday calendar and working-day due dates."""

from __future__ import annotations

import strawberry

from resolvers.calendar import schedules
from schema.calendar.inputs import NamedDateInput
from schema.calendar.types import CalendarError, HolidaySchedulePayload, HolidayYear
from schema.context import Info


@strawberry.type
class CalendarMutation:
    @strawberry.mutation(description="系统管理员导入（或替换）某年的国务院放假安排；全部校验通过才写入")
    async def load_holiday_schedule(
        self, info: Info, year: int, holidays: list[NamedDateInput],
        workdays: list[NamedDateInput], note: str = "",
    ) -> HolidaySchedulePayload:
        try:
            await schedules.save_schedule(
                await info.context.viewer(), year,
                [schedules.NamedDay(h.date, h.name) for h in holidays],
                [schedules.NamedDay(w.date, w.name) for w in workdays], note)
        except schedules.ScheduleInvalid as e:
            return HolidaySchedulePayload(schedule=None, errors=CalendarError.all_of(e))
        found = (await schedules.load_calendar()).schedule(year)
        assert found is not None
        return HolidaySchedulePayload(schedule=HolidayYear.of(year, found), errors=[])
