"""Pure appointment rules (网上预约): opening hours, slots, how far ahead, the check-in window,
booking codes and the checks on what a resident types. Times are UTC; hours are Shanghai time.

Open days follow the working-day calendar (resolvers.calendar: the official holidays and the
make-up working weekends, 调休); callers pass the calendar loaded with the administrator's
schedules, and pure calls fall back to the bundled one.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, date, datetime, time, timedelta

from hub.core.clock import SHANGHAI, local_date
from hub.core.errors import ErrorCode, HubError
from resolvers.calendar.workdays import WorkCalendar

SLOT_MINUTES = 30
OPENING_HOURS = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 0)))
DAYS_AHEAD = 7  # today and the next seven days
CHECK_IN_EARLY_MINUTES = 30
CODE_LENGTH = 8
WEEKDAYS = "一二三四五六日"
PHONE = re.compile(r"^1[3-9]\d{9}$")


def is_open_day(day: date, calendar: WorkCalendar | None = None) -> bool:
    return (calendar or WorkCalendar()).is_workday(day)[0]


def closed_note(day: date, calendar: WorkCalendar | None = None) -> str | None:
    """Why the centre is closed that day, or None when it is open."""
    calendar = calendar or WorkCalendar()
    if calendar.is_workday(day)[0]:
        return None
    schedule = calendar.schedule(day.year)
    holiday = schedule.holidays.get(day) if schedule else None
    return f"{holiday}放假" if holiday else "周六、周日休息"


def day_label(day: date) -> str:
    return f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"


def slot_starts(day: date, calendar: WorkCalendar | None = None) -> list[datetime]:
    """The starts of the day's 30-minute slots (09:00 … 11:30, 13:30 … 16:30), as UTC."""
    if not is_open_day(day, calendar):
        return []
    starts: list[datetime] = []
    for opens, closes in OPENING_HOURS:
        moment = datetime.combine(day, opens, SHANGHAI)
        end = datetime.combine(day, closes, SHANGHAI)
        while moment + timedelta(minutes=SLOT_MINUTES) <= end:
            starts.append(moment.astimezone(UTC))
            moment += timedelta(minutes=SLOT_MINUTES)
    return starts


def as_utc(moment: datetime) -> datetime:
    """A slot start as UTC; a time without an offset is read as Shanghai time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(UTC)


def slot_end(starts_at: datetime) -> datetime:
    return starts_at + timedelta(minutes=SLOT_MINUTES)


def time_label(starts_at: datetime) -> str:
    start = starts_at.astimezone(SHANGHAI)
    end = slot_end(starts_at).astimezone(SHANGHAI)
    return f"{start:%H:%M}–{end:%H:%M}"


def bookable_days(today: date) -> list[date]:
    return [today + timedelta(days=i) for i in range(DAYS_AHEAD + 1)]


def check_slot(starts_at: datetime, now: datetime, calendar: WorkCalendar | None = None) -> date:
    """The local day of a slot a resident may book now, or the Chinese reason why not."""
    day = local_date(starts_at)
    why = closed_note(day, calendar)
    if why is not None:
        raise HubError(ErrorCode.CLOSED, f"{day_label(day)}不办公（{why}），请选择工作日", "startsAt")
    if starts_at not in slot_starts(day, calendar):
        raise HubError(ErrorCode.INVALID, "没有这个预约时段，请从列表中选择", "startsAt")
    if starts_at <= now:
        raise HubError(ErrorCode.PAST, "该时段已开始或已过，请选择之后的时段", "startsAt")
    if day > local_date(now) + timedelta(days=DAYS_AHEAD):
        raise HubError(ErrorCode.TOO_FAR, f"最多可预约 {DAYS_AHEAD} 天内的时段", "startsAt")
    return day


def check_in_window(starts_at: datetime, grace_minutes: int) -> tuple[datetime, datetime]:
    """From 30 minutes before the slot until the grace period after its start."""
    return (starts_at - timedelta(minutes=CHECK_IN_EARLY_MINUTES),
            starts_at + timedelta(minutes=grace_minutes))


def missed_before(now: datetime, grace_minutes: int) -> datetime:
    """Bookings of slots starting before this moment can no longer be checked in."""
    return now - timedelta(minutes=grace_minutes)


def new_code() -> str:
    """Eight digits: keyed in on the kiosk's number pad, read by its scanner from the QR."""
    return f"{secrets.randbelow(9 * 10 ** (CODE_LENGTH - 1)) + 10 ** (CODE_LENGTH - 1)}"


def clean_code(raw: str) -> str:
    code = re.sub(r"[\s-]", "", raw or "")
    if not re.fullmatch(rf"\d{{{CODE_LENGTH}}}", code):
        raise HubError(ErrorCode.INVALID, f"预约码为 {CODE_LENGTH} 位数字，请核对", "code")
    return code


def clean_name(raw: str) -> str:
    name = (raw or "").strip()
    if not name:
        raise HubError(ErrorCode.INVALID, "请填写姓名", "name")
    if len(name) > 30:
        raise HubError(ErrorCode.INVALID, "姓名过长（最多 30 个字）", "name")
    return name


def clean_phone(raw: str) -> str:
    phone = re.sub(r"[\s-]", "", raw or "")
    if not PHONE.match(phone):
        raise HubError(ErrorCode.INVALID, "请填写 11 位手机号码", "phone")
    return phone


def masked_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[7:]


def active_key(person_id: int, category_id: int, day: date) -> str:
    """One live booking per person, queue category and day."""
    return f"{person_id}:{category_id}:{day.isoformat()}"


WHAT_TO_BRING = (
    "本人居民身份证原件（签到和办理时核验）",
    "预约码或本页二维码（在自助终端“预约签到”输入或扫码）",
    "所办事项的申请材料：请先在“办事指南”查看定制办事清单",
)
