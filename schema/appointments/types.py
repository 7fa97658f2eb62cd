"""GraphQL output types of appointments (网上预约)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from hub.core.errors import ErrorCode
from hub.core.idcard import parse_id_number
from hub.core.models import enums as m
from resolvers.queue import appointment_rules as rules
from schema.enums import AppointmentStatus
from schema.errors import Error, code_enum, code_field
from schema.queue.types import Ticket


@strawberry.type(description="可预约的办理类别")
class AppointmentCategory:
    prefix: str = strawberry.field(description="取号类别前缀")
    name: str = strawberry.field(description="类别名称")
    slot_capacity: int = strawberry.field(description="每个时段（30 分钟）可预约人数")
    department_codes: list[str] = strawberry.field(description="办理的部门（按事项预约时据此选类别）")


@strawberry.type(description="可预约的服务点")
class AppointmentServicePoint:
    code: str = strawberry.field(description="服务点编码")
    name: str = strawberry.field(description="服务点名称")
    centre_name: str = strawberry.field(description="服务中心名称")
    address: str = strawberry.field(description="地址")
    hours: str = strawberry.field(description="办公时间")
    categories: list[AppointmentCategory] = strawberry.field(description="可预约的类别")

    @classmethod
    def of(cls, p: dict[str, Any]) -> AppointmentServicePoint:
        return cls(code=p["code"], name=p["name"], centre_name=p["centre_name"],
                   address=p["address"], hours=p["hours"],
                   categories=[AppointmentCategory(prefix=c["prefix"], name=c["name"],
                                                   slot_capacity=c["slot_capacity"],
                                                   department_codes=c["department_codes"] or [])
                               for c in p["categories"]])


@strawberry.type(description="可预约的一天")
class AppointmentDay:
    day: date = strawberry.field(description="日期")
    label: str = strawberry.field(description="显示文字，如 12月2日 周三")
    open: bool = strawberry.field(description="是否办公")
    note: str | None = strawberry.field(description="说明：不办公的原因，或今日已结束")
    remaining: int = strawberry.field(description="尚未开始的时段的剩余名额合计")


@strawberry.type(description="一个预约时段及剩余名额")
class AppointmentSlot:
    starts_at: datetime = strawberry.field(description="开始时间")
    ends_at: datetime = strawberry.field(description="结束时间")
    label: str = strawberry.field(description="时段（北京时间），如 09:00–09:30")
    capacity: int = strawberry.field(description="名额")
    remaining: int = strawberry.field(description="剩余名额")
    bookable: bool = strawberry.field(description="现在能否预约（未开始且有名额）")


@strawberry.type(description="一条预约")
class Appointment:
    code: str = strawberry.field(description="预约码（8 位数字，签到时输入或扫码）")
    status: AppointmentStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    service_point_code: str = strawberry.field(description="办理地点编码")
    service_point_name: str = strawberry.field(description="办理地点")
    address: str = strawberry.field(description="地址")
    category_prefix: str = strawberry.field(description="取号类别前缀")
    category_name: str = strawberry.field(description="办理类别")
    day: date = strawberry.field(description="预约日期")
    day_label: str = strawberry.field(description="预约日期（中文）")
    starts_at: datetime = strawberry.field(description="时段开始")
    ends_at: datetime = strawberry.field(description="时段结束")
    slot_label: str = strawberry.field(description="时段（北京时间）")
    check_in_from: datetime = strawberry.field(description="最早签到时间（时段开始前 30 分钟）")
    check_in_until: datetime = strawberry.field(description="最晚签到时间（逾期预约失效）")
    name: str = strawberry.field(description="预约人姓名")
    masked_id_number: str = strawberry.field(description="脱敏的身份证号码")
    masked_phone: str = strawberry.field(description="脱敏的手机号码")
    ticket_number: str | None = strawberry.field(description="签到取得的号码")
    item_code: str | None = strawberry.field(description="预约办理的事项编码（从事项清单预约时）")
    item_name: str | None = strawberry.field(description="预约办理的事项")
    what_to_bring: list[str] = strawberry.field(description="请携带")

    @classmethod
    def of(cls, a: dict[str, Any], grace_minutes: int) -> Appointment:
        opens, closes = rules.check_in_window(a["starts_at"], grace_minutes)
        point = a["point"]
        return cls(
            code=a["code"], status=m.AppointmentStatus(a["status"]),
            status_label=m.APPOINTMENT_STATUS_LABELS[a["status"]],
            service_point_code=point["code"],
            service_point_name=point["centre_name"] or point["name"], address=point["address"],
            category_prefix=a["category"]["prefix"], category_name=a["category"]["name"],
            day=a["day"], day_label=rules.day_label(a["day"]), starts_at=a["starts_at"],
            ends_at=a["ends_at"], slot_label=rules.time_label(a["starts_at"]),
            check_in_from=opens, check_in_until=closes, name=a["name"],
            masked_id_number=parse_id_number(a["id_number"]).masked,
            masked_phone=rules.masked_phone(a["phone"]), ticket_number=a["ticket_number"],
            item_code=a["item_code"], item_name=a["item_name"],
            what_to_bring=list(rules.WHAT_TO_BRING),
        )

    @strawberry.field(description="预约码二维码（SVG data URL）：在自助终端扫码签到")
    def qr_data_url(self) -> str:
        from hub.core.qr import qr_data_url

        return qr_data_url(self.code)


AppointmentErrorCode = code_enum("AppointmentErrorCode", "预约错误代码", [
    ErrorCode.INVALID, ErrorCode.INVALID_ID_NUMBER, ErrorCode.NOT_FOUND, ErrorCode.NOT_BOOKABLE,
    ErrorCode.CLOSED, ErrorCode.PAST, ErrorCode.TOO_FAR, ErrorCode.FULL, ErrorCode.DUPLICATE,
    ErrorCode.CANCELLED, ErrorCode.USED, ErrorCode.MISSED, ErrorCode.TOO_EARLY, ErrorCode.NOT_ALLOWED,
    ErrorCode.ALREADY_HOLDING, ErrorCode.SOLD_OUT, ErrorCode.CONFLICT,
])


@strawberry.type(description="预约错误")
class AppointmentError(Error):
    code: ErrorCode = code_field(AppointmentErrorCode)


@strawberry.type(description="预约、查询或取消的结果")
class AppointmentPayload:
    appointment: Appointment | None = strawberry.field(description="预约（出错时为空）")
    errors: list[AppointmentError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="预约签到结果：预约优先号")
class CheckInPayload:
    ticket: Ticket | None = strawberry.field(description="取得的预约优先号")
    appointment: Appointment | None = strawberry.field(description="签到后的预约")
    errors: list[AppointmentError] = strawberry.field(description="错误（为空表示成功）")
