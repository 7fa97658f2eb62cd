"""Staff attendance (人员考勤): clock in and out at one's service point, daily and monthly reports,
and ``on_duty`` — who is clocked in right now.

Clocking in is allowed by the phone, which posts the hall's rotating QR token (``clockcodes``),
or at the workbench (no token: the staff member is logged in at a counter of their point). One
row per staff member and local day keeps the first clock-in and the last clock-out, so a second
clock-in changes nothing. Reports judge each day with ``hours.evaluate`` against the opening hours
of the staff member's service point (its own, else the nearest ancestor's, else the default
周一至周五 09:00–12:00、13:30–17:00). The hub has no official holiday calendar yet: weekends are
rest days by the weekly hours, and holidays and make-up days are entered per service point as
``closed_dates`` / ``open_dates``.

Routing (queue, whistle) asks ``on_duty(staff_ids, at)``: the subset of ``staff_ids`` who clocked
in on ``at``'s local day at or before ``at`` and have not clocked out by then. One query.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from hub.core.clock import local_date
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.models import Attendance, OpeningHours, ServicePoint, Staff
from hub.core.models.enums import DEVICE_ROLES, AttendanceMark, ClockMethod, Role
from hub.core.viewer import Viewer, require_role, require_scope, require_viewer
from resolvers.attendance.clockcodes import ClockCode, ClockCodeSigner
from resolvers.attendance.hours import DayVerdict, Schedule, default_schedule, evaluate, parse_schedule

MANAGERS = (Role.ADMIN, Role.SUPERVISOR)
RECORD_FIELDS = (
    "id",
    "staff_id",
    "service_point_id",
    "day",
    "clock_in_at",
    "clock_in_method",
    "clock_out_at",
    "clock_out_method",
)


# --- who is on duty ------------------------------------------------------------------------------


async def on_duty(staff_ids: Iterable[int], at: datetime) -> set[int]:
    """The staff among ``staff_ids`` clocked in at ``at`` (and not yet clocked out). One query.

    For routing queue tickets and whistle calls to people actually in the hall.
    """
    ids = list(staff_ids)
    if not ids:
        return set()
    rows = await Attendance.filter(
        Q(clock_out_at__isnull=True) | Q(clock_out_at__gt=at),
        staff_id__in=ids,
        day=local_date(at),
        clock_in_at__lte=at,
    ).values_list("staff_id", flat=True)
    return {int(r) for r in rows}  # type: ignore[call-overload]


# --- opening hours -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointHours:
    schedule: Schedule
    point_id: int | None  # the point whose hours apply (itself or an ancestor); None: default


def _ancestors(path: str) -> list[str]:
    """Codes of the point and its ancestors, nearest first ("a/b/c/" → c, b, a)."""
    return list(reversed([c for c in path.split("/") if c]))


def _schedule_of(row: dict[str, Any]) -> Schedule:
    return parse_schedule(row["weekly"], row["closed_dates"], row["open_dates"], row["grace_minutes"])


async def hours_for_paths(paths: Iterable[str]) -> dict[str, PointHours]:
    """The hours that apply to each service-point path, in two queries."""
    paths = set(paths)
    codes = {c for p in paths for c in _ancestors(p)}
    points = await ServicePoint.filter(code__in=codes).values("id", "code")
    id_of = {p["code"]: p["id"] for p in points}
    rows = await OpeningHours.filter(service_point_id__in=list(id_of.values())).values(
        "service_point_id", "weekly", "closed_dates", "open_dates", "grace_minutes"
    )
    by_point = {r["service_point_id"]: r for r in rows}
    out: dict[str, PointHours] = {}
    for path in paths:
        found = next((id_of[c] for c in _ancestors(path) if id_of.get(c) in by_point), None)
        out[path] = (
            PointHours(_schedule_of(by_point[found]), found)
            if found is not None
            else PointHours(default_schedule(), None)
        )
    return out


async def point_row(code: str) -> dict[str, Any]:
    rows = await ServicePoint.filter(code=code).values("id", "code", "name", "path", "centre_name")
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, f"服务点 {code} 不存在", "servicePointCode")
    return rows[0]


async def opening_hours(code: str) -> tuple[dict[str, Any], PointHours]:
    point = await point_row(code)
    return point, (await hours_for_paths([point["path"]]))[point["path"]]


async def set_opening_hours(
    viewer: Viewer | None,
    code: str,
    weekly: dict,
    closed_dates: list[str],
    open_dates: dict,
    grace_minutes: int,
) -> tuple[dict[str, Any], PointHours]:
    v = require_role(viewer, Role.ADMIN)
    point = await point_row(code)
    require_scope(v, point["path"])
    parse_schedule(weekly, closed_dates, open_dates, grace_minutes)  # raises listing every problem
    await OpeningHours.update_or_create(
        {
            "weekly": weekly,
            "closed_dates": sorted(set(closed_dates)),
            "open_dates": open_dates,
            "grace_minutes": grace_minutes,
        },
        service_point_id=point["id"],
    )
    return await opening_hours(code)


# --- clock in and out ----------------------------------------------------------------------------


async def _clocking_staff(viewer: Viewer | None) -> dict[str, Any]:
    v = require_viewer(viewer)
    if v.roles & DEVICE_ROLES:
        raise HubError(ErrorCode.INVALID, "设备账号不参加考勤", None)
    rows = await Staff.filter(id=v.staff_id).values(
        "id", "name", "service_point_id", point_name="service_point__name", path="service_point__path"
    )
    return rows[0]


async def _check_code(
    staff: dict[str, Any], token: str | None, signer: ClockCodeSigner, now: datetime
) -> ClockMethod:
    if token is None:
        return ClockMethod.WORKBENCH
    point_id = signer.read(token, now)
    if point_id != staff["service_point_id"]:
        other = await ServicePoint.filter(id=point_id).values_list("name", flat=True)
        where = other[0] if other else "其他服务点"
        raise HubError(
            ErrorCode.WRONG_POINT,
            f"该考勤二维码属于{where}，您的考勤服务点是{staff['point_name']}，请在本服务点扫码",
            "token",
        )
    return ClockMethod.QR


@dataclass(frozen=True)
class ClockResult:
    record: dict[str, Any]
    already: bool  # clocked in before today: nothing changed


async def clock_in(
    viewer: Viewer | None, token: str | None, *, signer: ClockCodeSigner, now: datetime
) -> ClockResult:
    staff = await _clocking_staff(viewer)
    method = await _check_code(staff, token, signer, now)
    day = local_date(now)
    existing = await Attendance.filter(staff_id=staff["id"], day=day).values(*RECORD_FIELDS)
    if existing:
        return ClockResult(existing[0], already=True)
    raced = False
    try:
        await Attendance.create(
            staff_id=staff["id"],
            service_point_id=staff["service_point_id"],
            day=day,
            clock_in_at=now,
            clock_in_method=method,
        )
    except IntegrityError:  # the same person clocked in from two devices at once
        raced = True
    row = await Attendance.filter(staff_id=staff["id"], day=day).values(*RECORD_FIELDS)
    return ClockResult(row[0], already=raced)


async def clock_out(
    viewer: Viewer | None, token: str | None, *, signer: ClockCodeSigner, now: datetime
) -> ClockResult:
    """The last clock-out of the day counts (leaving again later moves it)."""
    staff = await _clocking_staff(viewer)
    method = await _check_code(staff, token, signer, now)
    day = local_date(now)
    updated = await Attendance.filter(staff_id=staff["id"], day=day).update(
        clock_out_at=now, clock_out_method=method
    )
    if not updated:
        raise HubError(ErrorCode.NOT_CLOCKED_IN, "今天尚未签到，不能签退", None)
    row = await Attendance.filter(staff_id=staff["id"], day=day).values(*RECORD_FIELDS)
    return ClockResult(row[0], already=False)


async def issue_code(
    viewer: Viewer | None, code: str, *, signer: ClockCodeSigner, now: datetime
) -> tuple[dict[str, Any], ClockCode]:
    """A fresh hall code: for a display device of that point, or a manager covering it."""
    v = require_viewer(viewer)
    point = await point_row(code)
    if v.has_role(*MANAGERS):
        require_scope(v, point["path"])
    elif not (v.roles & DEVICE_ROLES and v.service_point_id == point["id"]):
        raise PermissionDenied("只有本服务点的大厅屏幕或管辖该服务点的管理者可以显示考勤二维码")
    return point, signer.issue(point["id"], now)


async def code_point(token: str, *, signer: ClockCodeSigner, now: datetime) -> dict[str, Any]:
    """The service point a scanned code belongs to (the phone shows it before clocking in)."""
    point_id = signer.read(token, now)
    rows = await ServicePoint.filter(id=point_id).values("id", "code", "name", "path", "centre_name")
    if not rows:
        raise HubError(ErrorCode.CODE_INVALID, "考勤二维码无效，请扫描服务大厅屏幕上的考勤二维码", "token")
    return rows[0]


# --- reports -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayLine:
    staff: dict[str, Any]  # id, name, service_point_id, point_name, point_code, path
    day: date
    record: dict[str, Any] | None
    verdict: DayVerdict
    periods: list[tuple[datetime, datetime]]


@dataclass(frozen=True)
class Scope:
    staff: list[dict[str, Any]]
    hours: dict[str, PointHours]


async def _scope(viewer: Viewer | None, point_code: str | None, staff_id: int | None) -> Scope:
    """The staff a report covers: oneself, or for managers a subtree (and optionally one person)."""
    v = require_viewer(viewer)
    q = Staff.filter(active=True)
    if not v.has_role(*MANAGERS):
        if staff_id is not None and staff_id != v.staff_id:
            raise PermissionDenied("只能查看本人的考勤")
        if point_code is not None:
            raise PermissionDenied("只有管理者可以按服务点查看考勤")
        q = q.filter(id=v.staff_id)
    else:
        path = v.service_point_path
        if point_code is not None:
            point = await point_row(point_code)
            require_scope(v, point["path"])
            path = point["path"]
        q = q.filter(service_point__path__startswith=path)
        if staff_id is not None:
            q = q.filter(id=staff_id)
    rows = await q.order_by("service_point__sort", "service_point__code", "id").values(
        "id",
        "name",
        "roles",
        "created_at",
        "service_point_id",
        point_name="service_point__name",
        point_code="service_point__code",
        path="service_point__path",
    )
    devices = {r.value for r in DEVICE_ROLES}
    people = [r for r in rows if not set(r["roles"]) & devices]
    if staff_id is not None and not people:
        raise HubError(ErrorCode.NOT_FOUND, f"人员 {staff_id} 不存在或不在管辖范围内", "staffId")
    return Scope(people, await hours_for_paths({p["path"] for p in people}))


async def _lines(scope: Scope, days: list[date], now: datetime) -> list[DayLine]:
    ids = [p["id"] for p in scope.staff]
    records = (
        await Attendance.filter(staff_id__in=ids, day__gte=days[0], day__lte=days[-1]).values(*RECORD_FIELDS)
        if ids
        else []
    )
    index = {(r["staff_id"], r["day"]): r for r in records}
    out = []
    for person in scope.staff:
        hours = scope.hours[person["path"]]
        joined = local_date(person["created_at"])
        for day in days:
            record = index.get((person["id"], day))
            if day < joined and record is None:  # nobody is absent before their account existed
                out.append(DayLine(person, day, None, DayVerdict((AttendanceMark.NOT_STARTED,), 0), []))
                continue
            windows = hours.schedule.windows(day)
            verdict = evaluate(
                windows,
                record["clock_in_at"] if record else None,
                record["clock_out_at"] if record else None,
                now,
                hours.schedule.grace_minutes,
            )
            out.append(DayLine(person, day, record, verdict, windows))
    return out


async def day_report(
    viewer: Viewer | None, day: date, point_code: str | None, staff_id: int | None, now: datetime
) -> list[DayLine]:
    if day > local_date(now):
        raise HubError(ErrorCode.INVALID, "不能查看未来日期的考勤", "day")
    return await _lines(await _scope(viewer, point_code, staff_id), [day], now)


def month_days(month: str, today: date) -> list[date]:
    """The days of "2026-11" up to today (a future month is refused)."""
    try:
        first = date.fromisoformat(month + "-01")
    except ValueError as e:
        raise HubError(ErrorCode.INVALID, f"月份 {month} 须为 YYYY-MM", "month") from e
    if first > today:
        raise HubError(ErrorCode.INVALID, "不能查看未来月份的考勤", "month")
    last = min(date(first.year, first.month, calendar.monthrange(first.year, first.month)[1]), today)
    return [date.fromordinal(d) for d in range(first.toordinal(), last.toordinal() + 1)]


@dataclass
class Totals:
    work_days: int = 0
    attended_days: int = 0
    normal_days: int = 0
    late_count: int = 0
    late_minutes: int = 0
    early_count: int = 0
    early_minutes: int = 0
    absent_days: int = 0
    absent_minutes: int = 0
    missing_clock_out: int = 0
    worked_minutes: int = 0

    def add(self, v: DayVerdict, clocked: bool) -> None:
        if v.working_day:
            self.work_days += 1
        if clocked and v.working_day:
            self.attended_days += 1
        marks = set(v.marks)
        self.normal_days += AttendanceMark.NORMAL in marks
        self.late_count += AttendanceMark.LATE in marks
        self.late_minutes += v.late
        self.early_count += AttendanceMark.EARLY_LEAVE in marks
        self.early_minutes += v.early_leave
        self.absent_days += AttendanceMark.ABSENT in marks
        self.absent_minutes += v.absent
        self.missing_clock_out += AttendanceMark.MISSING_CLOCK_OUT in marks
        self.worked_minutes += v.worked

    def merge(self, other: Totals) -> None:
        for k, val in vars(other).items():
            setattr(self, k, getattr(self, k) + val)


@dataclass(frozen=True)
class MonthReport:
    month: str
    days: list[date]
    people: list[tuple[dict[str, Any], Totals]]
    points: list[tuple[dict[str, Any], int, Totals]]  # point (id, code, name), staff count, totals
    lines: list[DayLine]


async def month_report(
    viewer: Viewer | None, month: str, point_code: str | None, staff_id: int | None, now: datetime
) -> MonthReport:
    days = month_days(month, local_date(now))
    scope = await _scope(viewer, point_code, staff_id)
    lines = await _lines(scope, days, now)
    per_person: dict[int, Totals] = defaultdict(Totals)
    for line in lines:
        per_person[line.staff["id"]].add(line.verdict, line.record is not None)
    people = [(p, per_person[p["id"]]) for p in scope.staff]
    points: dict[int, tuple[dict[str, Any], list[int], Totals]] = {}
    for p, t in people:
        key = p["service_point_id"]
        if key not in points:
            points[key] = ({"id": key, "code": p["point_code"], "name": p["point_name"]}, [], Totals())
        points[key][1].append(p["id"])
        points[key][2].merge(t)
    return MonthReport(month, days, people, [(pt, len(ids), t) for pt, ids, t in points.values()], lines)
