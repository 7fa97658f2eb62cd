"""Loading a year's State Council schedule and building the calendar the hub counts with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hub.core.errors import ErrorCode, HubError
from hub.core.models.calendar import HolidaySchedule
from hub.core.models.enums import Role
from hub.core.viewer import Viewer, require_role
from resolvers.calendar.workdays import DateOutOfRange, Due, WorkCalendar, YearSchedule


@dataclass(frozen=True)
class NamedDay:
    day: str  # ISO date as typed
    name: str


class ScheduleInvalid(HubError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(ErrorCode.INVALID, "；".join(m for _, m in problems), problems[0][0])
        self.problems = problems

    def per_problem(self) -> list[tuple[str | None, str]]:
        return list(self.problems)


async def load_calendar() -> WorkCalendar:
    """The bundled calendar with every administrator-loaded year on top (one query)."""
    rows = await HolidaySchedule.all().values("year", "holidays", "workdays")
    return WorkCalendar({r["year"]: YearSchedule(
        holidays={date.fromisoformat(d): n for d, n in r["holidays"].items()},
        workdays={date.fromisoformat(d): n for d, n in r["workdays"].items()},
        source="LOADED") for r in rows})


async def due_after(start: date, days: int) -> Due:
    """The ``days``-th working day after ``start``; a count past 9999-12-31 is refused, not a crash."""
    if not 0 <= days <= 3650:
        raise HubError(ErrorCode.INVALID, "工作日数须在 0 到 3650 之间", "days")
    try:
        return (await load_calendar()).add_workdays(start, days)
    except DateOutOfRange:
        raise HubError(ErrorCode.INVALID, "所求日期超出可计算的范围（9999-12-31 之前）", "start") from None


def check_schedule(year: int, holidays: list[NamedDay], workdays: list[NamedDay]
                   ) -> tuple[dict[str, str], dict[str, str]]:
    """Every problem at once, in Chinese, or the two date → name maps."""
    problems: list[tuple[str, str]] = []
    if not 2000 <= year <= 2100:
        problems.append(("year", f"年份 {year} 不在 2000–2100 之间"))

    def parse(entries: list[NamedDay], field: str, label: str) -> dict[str, str]:
        days: dict[str, str] = {}
        for i, e in enumerate(entries, 1):
            try:
                d = date.fromisoformat(e.day.strip())
            except ValueError:
                problems.append((field, f"{label}第 {i} 项的日期“{e.day}”无效，应为 YYYY-MM-DD"))
                continue
            if d.year != year:
                problems.append((field, f"{label}第 {i} 项 {d} 不在 {year} 年内"))
            elif not e.name.strip():
                problems.append((field, f"{label}第 {i} 项 {d} 缺少名称（如 国庆节）"))
            elif d.isoformat() in days:
                problems.append((field, f"{label}中 {d} 重复"))
            else:
                days[d.isoformat()] = e.name.strip()
        return days

    rest = parse(holidays, "holidays", "放假日期")
    work = parse(workdays, "workdays", "调休上班日期")
    for d in sorted(set(rest) & set(work)):
        problems.append(("workdays", f"{d} 既是放假日又是调休上班日"))
    for d in sorted(work):
        if date.fromisoformat(d).weekday() < 5:
            problems.append(("workdays", f"调休上班日 {d} 是工作日（周一至周五），无需列出"))
    if not holidays:  # entries that were all refused above are reported one by one, not as "empty"
        problems.append(("holidays", f"{year} 年的放假日期为空"))
    if problems:
        raise ScheduleInvalid(problems)
    return rest, work


async def save_schedule(viewer: Viewer | None, year: int, holidays: list[NamedDay],
                        workdays: list[NamedDay], note: str = "") -> HolidaySchedule:
    """An administrator loads (or replaces) a year's official schedule."""
    v = require_role(viewer, Role.ADMIN)
    rest, work = check_schedule(year, holidays, workdays)
    row, _ = await HolidaySchedule.update_or_create(
        year=year, defaults={"holidays": rest, "workdays": work, "note": note.strip()[:255],
                             "loaded_by_id": v.staff_id})
    return row
