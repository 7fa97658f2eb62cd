"""GraphQL entry points of the working-day calendar."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from hub.errors import HubError
from resolvers.calendar import schedules
from resolvers.calendar.workdays import WorkCalendar, YearSchedule
from schema.context import Info

SOURCE_LABELS = {"BUNDLED": "内置（随软件发布）", "LOADED": "管理员导入"}


@strawberry.type(description="按工作日计算的期限（受理当日不计）")
class WorkingDayDue:
    due: date = strawberry.field(description="到期日")
    provisional: bool = strawberry.field(
        description="计算跨入尚未公布放假安排的年份：按周一至周五及固定日期法定节日暂估，可能变动")
    note: str = strawberry.field(description="说明")


@strawberry.type(description="一个日期及其名称")
class NamedDate:
    date: date = strawberry.field(description="日期")
    name: str = strawberry.field(description="名称，如 国庆节")


@strawberry.type(description="某年的放假安排")
class HolidayYear:
    year: int = strawberry.field(description="年份")
    source: str = strawberry.field(description="来源代码：BUNDLED 内置、LOADED 管理员导入")
    source_label: str = strawberry.field(description="来源：内置或管理员导入")
    holidays: list[NamedDate] = strawberry.field(description="放假日期")
    workdays: list[NamedDate] = strawberry.field(description="调休上班日期")

    @classmethod
    def of(cls, year: int, s: YearSchedule) -> HolidayYear:
        return cls(year=year, source=s.source, source_label=SOURCE_LABELS[s.source],
                   holidays=[NamedDate(date=d, name=n) for d, n in sorted(s.holidays.items())],
                   workdays=[NamedDate(date=d, name=n) for d, n in sorted(s.workdays.items())])


@strawberry.input(description="一个日期及其名称")
class NamedDateInput:
    date: str = strawberry.field(description="日期 YYYY-MM-DD")
    name: str = strawberry.field(description="名称，如 国庆节")


@strawberry.enum(description="放假安排错误代码")
class CalendarErrorCode(Enum):
    INVALID = "INVALID"


@strawberry.type(description="放假安排错误，每个问题一条")
class CalendarError:
    code: CalendarErrorCode = strawberry.field(description="错误代码")
    field: str | None = strawberry.field(description="出错的输入字段")
    message: str = strawberry.field(description="中文错误说明")


@strawberry.type(description="导入放假安排的结果")
class HolidaySchedulePayload:
    schedule: HolidayYear | None = strawberry.field(description="导入后的该年安排")
    errors: list[CalendarError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type
class CalendarQuery:
    @strawberry.field(description="从某日起第 days 个工作日（受理当日不计），按官方放假及调休安排")
    async def working_day_due(self, start: date, days: int) -> WorkingDayDue:
        if not 0 <= days <= 3650:
            raise HubError("INVALID", "工作日数须在 0 到 3650 之间", "days")
        result = (await schedules.load_calendar()).add_workdays(start, days)
        note = ("所跨年份的放假安排尚未公布，按周一至周五及固定日期法定节日暂估"
                if result.provisional else "按官方放假及调休安排计算")
        return WorkingDayDue(due=result.day, provisional=result.provisional, note=note)

    @strawberry.field(description="某年的放假安排；未公布（既无内置也未导入）为空")
    async def holiday_schedule(self, year: int) -> HolidayYear | None:
        found = (await schedules.load_calendar()).schedule(year)
        return HolidayYear.of(year, found) if found else None


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
            return HolidaySchedulePayload(schedule=None, errors=[
                CalendarError(code=CalendarErrorCode.INVALID, field=f, message=m)
                for f, m in e.problems])
        found = (await schedules.load_calendar()).schedule(year)
        assert found is not None
        return HolidaySchedulePayload(schedule=HolidayYear.of(year, found), errors=[])


__all__ = ["CalendarMutation", "CalendarQuery", "WorkCalendar"]
