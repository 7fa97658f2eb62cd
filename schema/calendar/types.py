"""GraphQL output types of the holiday calendar and working-day due dates."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.core.errors import ErrorCode
from resolvers.calendar.workdays import YearSchedule
from schema.errors import Error, code_enum, code_field

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


CalendarErrorCode = code_enum("CalendarErrorCode", "放假安排错误代码", [
    ErrorCode.INVALID,
])


@strawberry.type(description="放假安排错误，每个问题一条")
class CalendarError(Error):
    code: ErrorCode = code_field(CalendarErrorCode)


@strawberry.type(description="导入放假安排的结果")
class HolidaySchedulePayload:
    schedule: HolidayYear | None = strawberry.field(description="导入后的该年安排")
    errors: list[CalendarError] = strawberry.field(description="错误（为空表示成功）")
