"""GraphQL types of the management dashboard (管理驾驶舱).

``analytics(filter:)`` resolves the viewer's scope once; every field of ``Analytics`` is one
figure over that scope, computed only when selected.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry

from resolvers.analytics import advice, figures
from resolvers.analytics import scope as scoping
from resolvers.analytics.scope import Filter, Scope


@strawberry.input(description="驾驶舱筛选条件（均可选）：区域、服务点、部门、事项与日期区间")
class AnalyticsFilterInput:
    region_code: str | None = strawberry.field(
        default=None, description="区域（服务点编码，含其下全部服务点）；默认为本人所在服务点"
    )
    service_point_code: str | None = strawberry.field(
        default=None, description="只看某一个服务点（不含下级）"
    )
    department_code: str | None = strawberry.field(default=None, description="部门编码，如 RS")
    item_code: str | None = strawberry.field(default=None, description="事项编码")
    date_from: date | None = strawberry.field(
        default=None, description="开始日期（含）；默认为结束日期前 364 天"
    )
    date_to: date | None = strawberry.field(default=None, description="结束日期（含）；默认为今天")

    def to_filter(self) -> Filter:
        return Filter(
            self.region_code,
            self.service_point_code,
            self.department_code,
            self.item_code,
            self.date_from,
            self.date_to,
        )


@strawberry.enum(description="时间粒度")
class Granularity(Enum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"


@strawberry.enum(description="办件量的分组维度")
class CaseDimension(Enum):
    ITEM = "ITEM"
    DEPARTMENT = "DEPARTMENT"
    SERVICE_POINT = "SERVICE_POINT"
    CHANNEL = "CHANNEL"
    STATUS = "STATUS"


@strawberry.enum(description="等候与办理时长的分组维度")
class TimeDimension(Enum):
    WINDOW = "WINDOW"
    SERVICE_POINT = "SERVICE_POINT"
    ITEM = "ITEM"


@strawberry.type(description="统计范围")
class AnalyticsScope:
    region_code: str = strawberry.field(description="区域编码")
    region_name: str = strawberry.field(description="区域名称")
    region_level: str = strawberry.field(description="区域层级（CITY/DISTRICT/STREET/COMMUNITY）")
    parent_code: str | None = strawberry.field(description="上一级区域编码（可返回上级；超出本人管辖时为空）")
    service_point_code: str | None = strawberry.field(description="限定的服务点编码")
    service_point_name: str | None = strawberry.field(description="限定的服务点名称")
    department_name: str | None = strawberry.field(description="限定的部门")
    item_name: str | None = strawberry.field(description="限定的事项")
    date_from: date = strawberry.field(description="开始日期")
    date_to: date = strawberry.field(description="结束日期")


@strawberry.type(description="等候时长（取号到叫号）与办理时长（叫号到办结），单位：分钟")
class TimeStats:
    count: int = strawberry.field(description="有完整时间记录的人次")
    avg_wait: float | None = strawberry.field(description="平均等候（分钟）")
    p50_wait: float | None = strawberry.field(description="等候中位数（分钟）")
    p90_wait: float | None = strawberry.field(description="90% 的人等候不超过（分钟）")
    avg_handle: float | None = strawberry.field(description="平均办理（分钟）")
    p50_handle: float | None = strawberry.field(description="办理中位数（分钟）")
    p90_handle: float | None = strawberry.field(description="90% 的办理不超过（分钟）")

    @classmethod
    def of(cls, t: figures.TimeStat) -> TimeStats:
        return cls(
            count=t.count,
            avg_wait=t.avg_wait,
            p50_wait=t.p50_wait,
            p90_wait=t.p90_wait,
            avg_handle=t.avg_handle,
            p50_handle=t.p50_handle,
            p90_handle=t.p90_handle,
        )


@strawberry.type(description="总览指标")
class AnalyticsSummary:
    cases: int = strawberry.field(description="办件量")
    days: int = strawberry.field(description="有办件的天数")
    daily_average: float = strawberry.field(description="日均办件量")
    instant: int = strawberry.field(description="即办件数")
    instant_rate: float | None = strawberry.field(description="即办率（即办件 / 办件量）")
    decided: int = strawberry.field(description="已办结（通过、不予许可、已出件）")
    first_time: int = strawberry.field(description="已办结中未经补件的件数")
    first_time_rate: float | None = strawberry.field(description="材料一次采集成功率（未补件 / 已办结）")
    on_time: int = strawberry.field(description="按期办结")
    late: int = strawberry.field(description="超期办结")
    on_time_rate: float | None = strawberry.field(description="按期办结率")
    open_overdue: int = strawberry.field(description="当前已超期未审结（已受理或审批中，不含待补件）")
    ratings: int = strawberry.field(description="评价数")
    rating_average: float | None = strawberry.field(description="平均评价（5 = 非常满意）")
    satisfaction_rate: float | None = strawberry.field(description="满意率（满意及以上 / 评价数）")
    unhappy: int = strawberry.field(description="差评数（不满意、非常不满意）")
    times: TimeStats = strawberry.field(description="窗口办件的等候与办理时长")


@strawberry.type(description="一个分组的计数")
class CountRow:
    key: str = strawberry.field(description="分组键：日期（周、月为首日）、事项/部门/服务点编码、渠道或状态")
    label: str = strawberry.field(description="名称")
    count: int = strawberry.field(description="数量")
    share: float | None = strawberry.field(description="占比")


def _rows(buckets: list[figures.Bucket]) -> list[CountRow]:
    return [CountRow(key=b.key, label=b.label, count=b.count, share=b.share) for b in buckets]


@strawberry.type(description="下钻：区域的本级与各下级（街道、社区）")
class RegionRow:
    code: str = strawberry.field(description="服务点编码")
    name: str = strawberry.field(description="名称（本级服务中心标注“本级”）")
    level: str = strawberry.field(description="层级")
    is_self: bool = strawberry.field(description="是否为区域本级服务中心（其下为窗口）")
    has_children: bool = strawberry.field(description="是否还有下级服务点可下钻")
    cases: int = strawberry.field(description="办件量")
    daily_average: float | None = strawberry.field(description="日均办件量")
    counter_cases: int = strawberry.field(description="窗口受理件数")
    windows: int = strawberry.field(description="叫过号的窗口数")
    cases_per_window_day: float | None = strawberry.field(description="每窗口每天受理件数")
    instant_rate: float | None = strawberry.field(description="即办率")
    on_time_rate: float | None = strawberry.field(description="按期办结率")
    ratings: int = strawberry.field(description="评价数")
    rating_average: float | None = strawberry.field(description="平均评价")
    unhappy: int = strawberry.field(description="差评数")
    times: TimeStats = strawberry.field(description="等候与办理时长")

    @classmethod
    def of(cls, r: figures.RegionRow) -> RegionRow:
        return cls(
            code=r.code,
            name=r.name,
            level=r.level,
            is_self=r.is_self,
            has_children=r.has_children,
            cases=r.cases,
            daily_average=r.daily_average,
            counter_cases=r.counter_cases,
            windows=r.windows,
            cases_per_window_day=r.cases_per_window_day,
            instant_rate=figures.rate(r.instant, r.cases),
            on_time_rate=figures.rate(r.on_time, r.on_time + r.late),
            ratings=r.ratings,
            rating_average=round(r.rating_total / r.ratings, 2) if r.ratings else None,
            unhappy=r.unhappy,
            times=TimeStats.of(r.times),
        )


@strawberry.type(description="一个窗口的叫号与时长")
class WindowRow:
    window_id: strawberry.ID = strawberry.field(description="窗口标识")
    name: str = strawberry.field(description="窗口名称")
    service_point_code: str = strawberry.field(description="服务点编码")
    service_point_name: str = strawberry.field(description="服务点")
    called: int = strawberry.field(description="叫号人次")
    served: int = strawberry.field(description="办结人次")
    no_show: int = strawberry.field(description="过号人次")
    days: int = strawberry.field(description="开窗天数")
    served_per_day: float | None = strawberry.field(description="日均办结人次")
    times: TimeStats = strawberry.field(description="等候与办理时长")


@strawberry.type(description="一条曲线：按月内日期（1–31）或按小时（0–23）")
class PeakSeries:
    key: str = strawberry.field(description="部门标识，ALL 为合计")
    label: str = strawberry.field(description="部门简称")
    values: list[float] = strawberry.field(description="各点数值：按月内日期为日均件数，按小时为件数")
    total: int = strawberry.field(description="区间内办件总数")


def _series(items: list[figures.Series]) -> list[PeakSeries]:
    return [PeakSeries(key=s.key, label=s.label, values=s.values, total=s.total) for s in items]


@strawberry.type(description="按窗口、服务点或事项的时长")
class TimeRow:
    key: str = strawberry.field(description="窗口标识、服务点编码或事项编码")
    label: str = strawberry.field(description="名称")
    times: TimeStats = strawberry.field(description="等候与办理时长")


@strawberry.type(description="超期未办结的办件")
class OverdueCase:
    number: str = strawberry.field(description="办件编号")
    item_name: str = strawberry.field(description="事项")
    department: str = strawberry.field(description="部门")
    service_point_name: str = strawberry.field(description="受理服务点")
    status_label: str = strawberry.field(description="状态")
    accepted_at: datetime | None = strawberry.field(description="受理时间")
    due_on: date = strawberry.field(description="承诺办结日")
    days_overdue: int = strawberry.field(description="已超期天数")
    assignee: str = strawberry.field(description="承办人")


@strawberry.type(description="一条差评")
class UnhappyRating:
    created_at: datetime = strawberry.field(description="评价时间")
    level: int = strawberry.field(description="评价等级（1 非常不满意，2 不满意）")
    level_label: str = strawberry.field(description="评价等级（中文）")
    comment: str = strawberry.field(description="评价内容")
    service_point_name: str = strawberry.field(description="服务点")
    department: str = strawberry.field(description="部门")
    case_number: str = strawberry.field(description="办件编号")
    item_name: str = strawberry.field(description="事项")
    rectification: str = strawberry.field(description="整改状态：整改中、已整改回访或无")


@strawberry.type(description="一项未完成的差评整改")
class OpenRectification:
    id: strawberry.ID = strawberry.field(description="整改标识")
    service_point_name: str = strawberry.field(description="服务点")
    level_label: str = strawberry.field(description="差评等级")
    comment: str = strawberry.field(description="评价内容")
    case_number: str = strawberry.field(description="办件编号")
    due_on: date = strawberry.field(description="整改期限")
    overdue: bool = strawberry.field(description="是否已过期限")
    assignee: str = strawberry.field(description="整改责任人")
    created_at: datetime = strawberry.field(description="创建时间")


@strawberry.type(description="吹哨响应（按部门）")
class WhistleStats:
    key: str = strawberry.field(description="部门标识，ALL 为合计")
    label: str = strawberry.field(description="部门")
    calls: int = strawberry.field(description="吹哨次数")
    answered: int = strawberry.field(description="已接单次数")
    escalated: int = strawberry.field(description="上报管理者次数")
    avg_response_seconds: float | None = strawberry.field(description="平均响应（吹哨到接单，秒）")
    p50_response_seconds: float | None = strawberry.field(description="响应中位数（秒）")
    p90_response_seconds: float | None = strawberry.field(description="90% 的吹哨在此秒数内接单")
    avg_resolution_seconds: float | None = strawberry.field(description="平均解决用时（秒）")


@strawberry.type(description="办理用时（叫号→办结）")
class HandlingTime:
    tickets: int = strawberry.field(description="已叫号并办结的号数")
    avg_minutes: float | None = strawberry.field(description="平均办理用时（分钟）")
    p50_minutes: float | None = strawberry.field(description="办理用时中位数（分钟）")


@strawberry.type(description="导办效果：预检过与未预检的号的办理用时，以及预检后一次告知（未取号）的比例")
class PreCheckEffect:
    with_pre_check: HandlingTime = strawberry.field(description="经导办预检的号")
    without_pre_check: HandlingTime = strawberry.field(description="未经导办预检的号")
    pre_checks: int = strawberry.field(description="导办预检次数")
    sent_home: int = strawberry.field(description="缺材料、一次告知后未取号的人次")
    sent_home_rate: float | None = strawberry.field(description="一次告知（未取号）占预检的比例（0–1）")
    insisted: int = strawberry.field(description="缺材料仍坚持取号的人次")


@strawberry.type(description="考勤汇总（按服务点，结束日期所在月）")
class AttendanceRow:
    service_point_code: str = strawberry.field(description="服务点编码")
    service_point_name: str = strawberry.field(description="服务点")
    people: int = strawberry.field(description="人数")
    work_days: int = strawberry.field(description="应出勤人天")
    attended_days: int = strawberry.field(description="实出勤人天")
    late_count: int = strawberry.field(description="迟到次数")
    early_count: int = strawberry.field(description="早退次数")
    absent_days: int = strawberry.field(description="缺勤人天")
    missing_clock_out: int = strawberry.field(description="未签退次数")


@strawberry.type(description="今日实时数据（直接读取业务表）")
class TodayFigures:
    day: date = strawberry.field(description="日期")
    cases: int = strawberry.field(description="今日受理办件")
    tickets: int = strawberry.field(description="今日取号")
    waiting: int = strawberry.field(description="正在等候")
    served: int = strawberry.field(description="已办结人次")
    avg_wait: float | None = strawberry.field(description="今日平均等候（分钟）")
    open_windows: int = strawberry.field(description="今日叫过号的窗口数")
    at: datetime = strawberry.field(description="数据时间")


@strawberry.type(description="某服务点某天每窗口受理量超过阈值")
class BusyDay:
    service_point_code: str = strawberry.field(description="服务点编码")
    service_point_name: str = strawberry.field(description="服务点")
    day: date = strawberry.field(description="日期")
    cases: int = strawberry.field(description="窗口受理件数")
    windows: int = strawberry.field(description="开放窗口数")
    per_window: float = strawberry.field(description="每窗口件数")


@strawberry.type(description="增设窗口建议")
class WindowAdvice:
    service_point_code: str = strawberry.field(description="服务点编码")
    service_point_name: str = strawberry.field(description="服务点")
    days: int = strawberry.field(description="统计工作日数")
    busy_days: int = strawberry.field(description="超过阈值的天数")
    daily_average: float = strawberry.field(description="日均窗口受理件数")
    windows: int = strawberry.field(description="现有综合窗口数")
    per_window: float = strawberry.field(description="每窗口日均件数")
    busy_day_cases: int = strawberry.field(description="繁忙日受理量（90 百分位）")
    suggested_windows: int = strawberry.field(description="建议窗口总数")
    extra_windows: int = strawberry.field(description="建议增设窗口数")
    text: str = strawberry.field(description="建议（中文）")


@strawberry.type(description="业务骨干前移建议：某部门在每月哪些日子应到综合窗口支援")
class ExpertAdvice:
    department_code: str = strawberry.field(description="部门编码")
    department: str = strawberry.field(description="部门")
    first_day: int = strawberry.field(description="每月高峰起始日")
    last_day: int = strawberry.field(description="每月高峰结束日")
    peak_average: float = strawberry.field(description="高峰日日均件数")
    usual_average: float = strawberry.field(description="平日日均件数")
    factor: float = strawberry.field(description="高峰倍数")
    extra_windows: int = strawberry.field(description="约需增加的窗口工作量（个）")
    next_dates: list[date] = strawberry.field(description="近期对应的工作日")
    text: str = strawberry.field(description="建议（中文）")


@strawberry.type(description="人员调配建议")
class StaffingAdvice:
    threshold: int = strawberry.field(description="阈值：每窗口每天受理件数")
    busy_days: list[BusyDay] = strawberry.field(description="超过阈值的服务点与日期（最多 30 条，最忙在前）")
    windows: list[WindowAdvice] = strawberry.field(description="建议增设窗口的服务点")
    experts: list[ExpertAdvice] = strawberry.field(description="建议骨干到前台支援的部门与日期")


def _first(n: int) -> int:
    return max(1, min(n, 200))


@strawberry.type(description="管理驾驶舱：一个范围内的全部统计，按需选择字段")
class Analytics:
    scope_: strawberry.Private[Scope]

    @strawberry.field(description="统计范围（已按权限解析）")
    async def scope(self) -> AnalyticsScope:
        s = self.scope_
        parent_code = None
        if s.region.get("parent_id"):
            parents = await figures.dialect().rows(
                "SELECT code, path FROM service_point WHERE id = ?", [s.region["parent_id"]]
            )
            if parents and s.viewer.covers(parents[0]["path"]):
                parent_code = parents[0]["code"]
        return AnalyticsScope(
            region_code=s.region["code"],
            region_name=s.region["name"],
            region_level=s.region["level"],
            parent_code=parent_code,
            service_point_code=s.point["code"] if s.point else None,
            service_point_name=s.point["name"] if s.point else None,
            department_name=s.department["short_name"] if s.department else None,
            item_name=s.item["name"] if s.item else None,
            date_from=s.first,
            date_to=s.last,
        )

    @strawberry.field(description="总览：办件量、即办率、材料一次采集成功率、按期办结率、满意度、等候时长")
    async def summary(self) -> AnalyticsSummary:
        x = await figures.summary(self.scope_)
        return AnalyticsSummary(
            cases=x.cases,
            days=x.days,
            daily_average=x.daily_average,
            instant=x.instant,
            instant_rate=x.instant_rate,
            decided=x.decided,
            first_time=x.first_time,
            first_time_rate=x.first_time_rate,
            on_time=x.on_time,
            late=x.late,
            on_time_rate=x.on_time_rate,
            open_overdue=x.open_overdue,
            ratings=x.ratings,
            rating_average=x.rating_average,
            satisfaction_rate=x.satisfaction_rate,
            unhappy=x.unhappy,
            times=TimeStats.of(x.times),
        )

    @strawberry.field(description="办件量走势（按日、周或月；周从周一开始）")
    async def cases_over_time(self, granularity: Granularity = Granularity.DAY) -> list[CountRow]:
        return _rows(await figures.cases_over_time(self.scope_, granularity.value))

    @strawberry.field(description="办件量分布：按事项、部门、服务点、渠道或状态，多的在前")
    async def cases_by(self, dimension: CaseDimension) -> list[CountRow]:
        return _rows(await figures.cases_by(self.scope_, dimension.value))

    @strawberry.field(description="下钻：区域本级与各下级的办件量、窗口负荷、时长、按期率与满意度")
    async def regions(self) -> list[RegionRow]:
        return [RegionRow.of(r) for r in await figures.region_breakdown(self.scope_)]

    @strawberry.field(description="窗口：每个窗口的叫号、办结、过号与时长，日均办结多的在前")
    async def windows(self) -> list[WindowRow]:
        return [
            WindowRow(
                window_id=strawberry.ID(str(w.window_id)),
                name=w.name,
                service_point_code=w.point_code,
                service_point_name=w.point_name,
                called=w.called,
                served=w.served,
                no_show=w.no_show,
                days=w.days,
                served_per_day=w.served_per_day,
                times=TimeStats.of(w.times),
            )
            for w in await figures.window_breakdown(self.scope_)
        ]

    @strawberry.field(description="按月内日期的高峰：各部门每个日期（1–31 日）的日均办件量，首条为合计")
    async def peaks_by_day_of_month(self) -> list[PeakSeries]:
        return _series(await figures.peaks_by_day_of_month(self.scope_))

    @strawberry.field(description="按小时的高峰：各部门各小时（0–23 时，北京时间）受理件数，首条为合计")
    async def peaks_by_hour(self) -> list[PeakSeries]:
        return _series(await figures.peaks_by_hour(self.scope_))

    @strawberry.field(
        description="等候与办理时长（按窗口、服务点或事项），平均等候长的在前；按窗口时不按事项筛选"
    )
    async def waiting_times(self, by: TimeDimension) -> list[TimeRow]:
        return [
            TimeRow(key=r.key, label=r.label, times=TimeStats.of(r.times))
            for r in await figures.waiting_times(self.scope_, by.value)
        ]

    @strawberry.field(description="超期未审结的办件（已受理或审批中，不含待补件；超期最久的在前）")
    async def overdue_cases(self, first: int = 50) -> list[OverdueCase]:
        return [
            OverdueCase(
                number=c.number,
                item_name=c.item_name,
                department=c.department,
                service_point_name=c.point_name,
                status_label=c.status,
                accepted_at=c.accepted_at,
                due_on=c.due_on,
                days_overdue=c.days_overdue,
                assignee=c.assignee,
            )
            for c in await figures.overdue_cases(self.scope_, _first(first))
        ]

    @strawberry.field(description="满意度分布（非常满意 … 非常不满意）")
    async def satisfaction(self) -> list[CountRow]:
        return _rows(await figures.satisfaction(self.scope_))

    @strawberry.field(description="差评（新的在前）")
    async def unhappy_ratings(self, first: int = 50) -> list[UnhappyRating]:
        labels = {"OPEN": "整改中", "DONE": "已整改回访", "": "无"}
        return [
            UnhappyRating(
                created_at=r.created_at,
                level=r.level,
                level_label=figures.RATING_LABELS[r.level],
                comment=r.comment,
                service_point_name=r.point_name,
                department=r.department,
                case_number=r.case_number,
                item_name=r.item_name,
                rectification=labels.get(r.rectification, r.rectification),
            )
            for r in await figures.unhappy_ratings(self.scope_, _first(first))
        ]

    @strawberry.field(description="未完成的差评整改（期限早的在前）")
    async def open_rectifications(self, first: int = 50) -> list[OpenRectification]:
        return [
            OpenRectification(
                id=strawberry.ID(str(r.id)),
                service_point_name=r.point_name,
                level_label=figures.RATING_LABELS[r.level],
                comment=r.comment,
                case_number=r.case_number,
                due_on=r.due_on,
                overdue=r.overdue,
                assignee=r.assignee,
                created_at=r.created_at,
            )
            for r in await figures.open_rectifications(self.scope_, _first(first))
        ]

    @strawberry.field(description="吹哨响应时长（按部门，首条为合计）")
    async def whistle(self) -> list[WhistleStats]:
        return [
            WhistleStats(
                key=r.key,
                label=r.label,
                calls=r.calls,
                answered=r.answered,
                escalated=r.escalated,
                avg_response_seconds=r.avg_response,
                p50_response_seconds=r.p50_response,
                p90_response_seconds=r.p90_response,
                avg_resolution_seconds=r.avg_resolution,
            )
            for r in await figures.whistle(self.scope_)
        ]

    @strawberry.field(description="导办效果：办理用时（叫号→办结）有无导办预检对比，及一次告知的比例")
    async def pre_check_effect(self) -> PreCheckEffect:
        e = await figures.pre_check_effect(self.scope_)

        def time(h: figures.HandlingStat) -> HandlingTime:
            return HandlingTime(tickets=h.tickets, avg_minutes=h.avg_minutes, p50_minutes=h.p50_minutes)

        return PreCheckEffect(
            with_pre_check=time(e.with_pre_check), without_pre_check=time(e.without_pre_check),
            pre_checks=e.pre_checks, sent_home=e.sent_home, sent_home_rate=e.sent_home_rate,
            insisted=e.insisted)

    @strawberry.field(description="考勤汇总：结束日期所在月，按服务点")
    async def attendance(self) -> list[AttendanceRow]:
        from resolvers.attendance import clocking as attendance

        s = self.scope_
        report = await attendance.month_report(
            s.viewer, f"{s.last:%Y-%m}", (s.point or s.region)["code"], None, scoping.now()
        )
        out = []
        for pt, people, t in report.points:
            out.append(
                AttendanceRow(
                    service_point_code=pt["code"],
                    service_point_name=pt["name"],
                    people=people,
                    work_days=t.work_days,
                    attended_days=t.attended_days,
                    late_count=t.late_count,
                    early_count=t.early_count,
                    absent_days=t.absent_days,
                    missing_clock_out=t.missing_clock_out,
                )
            )
        return out

    @strawberry.field(description="人员调配建议：增设窗口的服务点，及各部门骨干到前台支援的日期")
    async def staffing_advice(self, threshold: int = advice.DEFAULT_THRESHOLD) -> StaffingAdvice:
        a = await advice.advise(self.scope_, threshold)
        return StaffingAdvice(
            threshold=a.threshold,
            busy_days=[
                BusyDay(
                    service_point_code=b.point_code,
                    service_point_name=b.point_name,
                    day=b.day,
                    cases=b.cases,
                    windows=b.windows,
                    per_window=b.per_window,
                )
                for b in a.busy_days
            ],
            windows=[
                WindowAdvice(
                    service_point_code=w.point_code,
                    service_point_name=w.point_name,
                    days=w.days,
                    busy_days=w.busy_days,
                    daily_average=w.daily_average,
                    windows=w.windows,
                    per_window=w.per_window,
                    busy_day_cases=w.busy_day_cases,
                    suggested_windows=w.suggested_windows,
                    extra_windows=w.extra_windows,
                    text=w.text,
                )
                for w in a.windows
            ],
            experts=[
                ExpertAdvice(
                    department_code=e.department_code,
                    department=e.department,
                    first_day=e.first_day,
                    last_day=e.last_day,
                    peak_average=e.peak_average,
                    usual_average=e.usual_average,
                    factor=e.factor,
                    extra_windows=e.extra_windows,
                    next_dates=e.next_dates,
                    text=e.text,
                )
                for e in a.experts
            ],
        )

    @strawberry.field(description="范围内开设排队叫号的服务点编码（页面订阅其大厅事件以刷新今日数据）")
    async def live_points(self) -> list[str]:
        return await figures.live_points(self.scope_)

    @strawberry.field(description="今日实时数据（不经汇总表，随叫号与受理即时变化）")
    async def today(self) -> TodayFigures:
        t = await figures.today(self.scope_, scoping.now())
        return TodayFigures(
            day=t.day,
            cases=t.cases,
            tickets=t.tickets,
            waiting=t.waiting,
            served=t.served,
            avg_wait=t.avg_wait,
            open_windows=t.open_windows,
            at=t.at,
        )
