"""GraphQL query fields of the holiday calendar and working-day due dates."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.calendar import schedules
from schema.calendar.types import HolidayYear, WorkingDayDue


@strawberry.type
class CalendarQuery:
    @strawberry.field(description="从某日起第 days 个工作日（受理当日不计），按官方放假及调休安排")
    async def working_day_due(self, start: date, days: int) -> WorkingDayDue:
        result = await schedules.due_after(start, days)
        note = ("所跨年份的放假安排尚未公布，按周一至周五及固定日期法定节日暂估"
                if result.provisional else "按官方放假及调休安排计算")
        return WorkingDayDue(due=result.day, provisional=result.provisional, note=note)

    @strawberry.field(description="某年的放假安排；未公布（既无内置也未导入）为空")
    async def holiday_schedule(self, year: int) -> HolidayYear | None:
        found = (await schedules.load_calendar()).schedule(year)
        return HolidayYear.of(year, found) if found else None
