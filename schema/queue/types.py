"""GraphQL output types of the queue: tickets, windows, calls and the hall's live events."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import Private

from hub.core.errors import ErrorCode
from hub.core.idcard import parse_id_number
from hub.core.models import enums as m
from hub.core.models.rows import TicketRow
from resolvers.queue.tickets import TicketStanding
from schema.context import Info
from schema.enums import PriorityClass, TicketStatus
from schema.errors import Error, code_enum, code_field
from schema.org.types import Window

if TYPE_CHECKING:
    from schema.queue.greeter import PreCheck


@strawberry.type(description="取号结果")
class TicketPayload:
    ticket: Ticket | None = strawberry.field(description="处理后的号；叫号时无人等候则为空")
    errors: list[QueueError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="窗口签入结果")
class WindowPayload:
    session: WindowSession | None = strawberry.field(description="签入后的窗口状态")
    errors: list[QueueError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="服务点的一个取号类别（如 A 社保医保）")
class QueueCategory:
    id: strawberry.ID = strawberry.field(description="类别标识")
    prefix: str = strawberry.field(description="号码前缀字母")
    name: str = strawberry.field(description="类别名称")
    department_codes: list[str] = strawberry.field(description="办理的部门")
    daily_cap: int = strawberry.field(description="每日号源上限")

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> QueueCategory:
        return cls(id=strawberry.ID(str(r["id"])), prefix=r["prefix"], name=r["name"],
                   department_codes=r["department_codes"], daily_cap=r["daily_cap"])


@strawberry.type(description="持号人（仅窗口人员可见）")
class TicketHolder:
    name: str = strawberry.field(description="姓名（未登记时为空）")
    id_number: str = strawberry.field(description="身份证号码")
    masked_id_number: str = strawberry.field(description="脱敏的身份证号码")


@strawberry.type(description="一张排队号")
class Ticket:
    row: Private[TicketRow]
    id: strawberry.ID = strawberry.field(description="号的标识")
    number: str = strawberry.field(description="号码，如 A012")
    category_prefix: str = strawberry.field(description="取号类别前缀")
    category_name: str = strawberry.field(description="取号类别")
    status: TicketStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    priority: PriorityClass = strawberry.field(description="优先类别")
    priority_label: str = strawberry.field(description="优先类别（中文）")
    taken_at: datetime = strawberry.field(description="取号时间")
    called_at: datetime | None = strawberry.field(description="叫号时间")
    recalls: int = strawberry.field(description="已重呼次数")
    ahead: int = strawberry.field(description="前面等候人数")
    estimated_wait_minutes: int | None = strawberry.field(
        description="预计等候分钟数；此刻没有窗口办理该类别时为空（无从估计）")
    window_numbers: list[int] = strawberry.field(description="此刻办理该类别的窗口号（小票上列出）")
    token: str | None = strawberry.field(
        description="小票上二维码的不透明令牌（取号时返回，窗口扫码据此调出持号人）")

    @classmethod
    def of(cls, standing: TicketStanding, token: str | None = None, category_prefix: str = "") -> Ticket:
        t = standing.ticket
        return cls(
            row=t, id=strawberry.ID(str(t["id"])), number=t["number"],
            category_prefix=standing.category["prefix"], category_name=standing.category["name"],
            status=m.TicketStatus(t["status"]), status_label=m.TICKET_STATUS_LABELS[t["status"]],
            priority=m.PriorityClass(t["priority"]), priority_label=m.PRIORITY_LABELS[t["priority"]],
            taken_at=t["taken_at"], called_at=t["called_at"], recalls=t["recalls"],
            ahead=standing.ahead, estimated_wait_minutes=standing.estimated_wait_minutes,
            window_numbers=list(standing.window_numbers), token=token,
        )

    @strawberry.field(description="小票二维码（SVG data URL，编码 token；仅取号时返回）")
    def slip_qr_data_url(self) -> str | None:
        from hub.core.qr import qr_data_url

        return qr_data_url(self.token) if self.token else None

    @strawberry.field(description="办完后评价的地址（手机扫小票上的评价二维码打开；仅取号时返回）")
    def rate_url(self, info: Info) -> str | None:
        return f"{info.context.public_base()}/m/rate/{self.token}" if self.token else None

    @strawberry.field(description="评价二维码（SVG data URL，编码 rateUrl；仅取号时返回）")
    def rate_qr_data_url(self, info: Info) -> str | None:
        from hub.core.qr import qr_data_url

        url = self.rate_url(info)
        return qr_data_url(url) if url else None

    @strawberry.field(description="持号人来办的事项编码（凭按事项预约签到时）")
    def item_code(self) -> str | None:
        return self.row.get("item_code")

    @strawberry.field(description="持号人来办的事项（凭按事项预约签到时）")
    async def item_name(self, info: Info) -> str | None:
        code = self.row.get("item_code")
        item = await info.context.catalog.item_by_code.load(code) if code else None
        return item["name"] if item else None

    @strawberry.field(description=(
        "导办员在门口做的预检（事项、情形答案、已核对材料）；窗口据此预填受理页。"
        "仅导办员、综合窗口人员和管理者可见"))
    async def pre_check(self, info: Info) -> Annotated[
            PreCheck, strawberry.lazy("schema.queue.greeter")] | None:
        from schema.queue.greeter import ticket_pre_check

        return await ticket_pre_check(info, self.row["id"])

    @strawberry.field(description="叫到的窗口号")
    async def window_number(self, info: Info) -> int | None:
        if self.row["window_id"] is None:
            return None
        window = await info.context.org.window_by_id.load(self.row["window_id"])
        return window["number"] if window else None

    @strawberry.field(description="持号人（仅窗口人员可见）")
    async def holder(self, info: Info) -> TicketHolder | None:
        from resolvers.queue.scan import holder_of

        viewer = await info.context.viewer()
        found = await holder_of(viewer, self.row)
        if found is None:
            return None
        parsed = parse_id_number(found["id_number"])
        return TicketHolder(name=found["name"], id_number=parsed.value,
                            masked_id_number=parsed.masked)


@strawberry.type(description="窗口签入状态")
class WindowSession:
    window: Window = strawberry.field(description="签入的窗口")
    categories: list[QueueCategory] = strawberry.field(description="服务的取号类别")
    started_at: datetime = strawberry.field(description="签入时间")
    current: Ticket | None = strawberry.field(description="当前叫到或办理中的号")


@strawberry.type(description="一个取号类别的等候人数")
class QueueWaiting:
    prefix: str = strawberry.field(description="号码前缀字母")
    name: str = strawberry.field(description="类别名称")
    waiting: int = strawberry.field(description="等候人数")


@strawberry.type(description="一次叫号（不含任何个人信息）")
class HallCall:
    number: str = strawberry.field(description="号码")
    window_number: int = strawberry.field(description="窗口号")
    window_name: str | None = strawberry.field(description="窗口名称")
    category: str | None = strawberry.field(description="取号类别")
    text: str | None = strawberry.field(description="播报文字")
    recall: bool = strawberry.field(description="是否重呼")

    @classmethod
    def of(cls, c: dict[str, Any]) -> HallCall:
        return cls(number=c["number"], window_number=c["windowNumber"],
                   window_name=c.get("windowName"), category=c.get("category"),
                   text=c.get("text"), recall=bool(c.get("recall")))


@strawberry.enum(description="大厅事件类型")
class HallEventKind(Enum):
    TAKEN = "TAKEN"
    CALLED = "CALLED"
    RECALLED = "RECALLED"
    NO_SHOW = "NO_SHOW"
    TRANSFERRED = "TRANSFERRED"
    RESET = "RESET"


@strawberry.type(description="叫号屏事件：叫号与各类别等候人数。cursor 用于断线后续传")
class HallEvent:
    cursor: int = strawberry.field(description="本频道事件序号，断线后以 after 续订")
    kind: HallEventKind = strawberry.field(description="事件类型")
    at: datetime | None = strawberry.field(description="发生时间（RESET 时为空）")
    call: HallCall | None = strawberry.field(description="叫号、重呼、过号或转移的号")
    queues: list[QueueWaiting] = strawberry.field(description="各类别等候人数")

    # Its fields depend on the event only, never on the viewer: the execution result of one
    # subscription document is shared by every board (hub.web.graphql_exec, shared_results).
    shared_results: Private[dict[Any, Any] | None] = None

    @classmethod
    def of(cls, e: Any) -> HallEvent:
        """One object per logged event, whichever subscriber asks."""
        view = e.shared.get(cls)
        if view is None:
            p = e.payload
            view = e.shared[cls] = cls(
                cursor=e.seq, kind=HallEventKind(e.kind), at=e.at,
                call=HallCall.of(p["call"]) if p.get("call") else None,
                queues=[QueueWaiting(**q) for q in p.get("queues", [])], shared_results={})
        return view


@strawberry.type(description="大厅营业状态（自助终端据此显示取号按钮或下次开放时间）")
class HallOpening:
    open_now: bool = strawberry.field(description="此刻是否在营业时间内")
    kiosk_issues: bool = strawberry.field(
        description="自助终端此刻可否取号（营业时间内，或本系统未限制自助终端按营业时间取号）")
    closes_at: datetime | None = strawberry.field(description="营业中：本时段结束时间")
    next_opening: datetime | None = strawberry.field(description="未营业：下次开放时间（30 天内无则为空）")
    next_opening_text: str | None = strawberry.field(description="下次开放时间（中文，如“明天 09:00”）")
    hours_text: str = strawberry.field(description="营业时间（中文）")
    today_text: str = strawberry.field(description="今日营业时段，或“今日休息”")


@strawberry.type(description="叫号屏上的一个窗口及其当前号码（不含个人信息）")
class BoardWindow:
    number: int = strawberry.field(description="窗口号")
    name: str = strawberry.field(description="窗口名称")
    current_number: str | None = strawberry.field(
        description="该窗口今天最后叫到的号（过号或转移后为空）")


@strawberry.type(description="大厅现状：叫号屏打开时先取此快照，再以 cursor 订阅")
class HallSnapshot:
    cursor: int = strawberry.field(description="当前最新事件序号：以此作为 hallEvents 的 after")
    queues: list[QueueWaiting] = strawberry.field(description="各类别等候人数")
    recent_calls: list[HallCall] = strawberry.field(description="最近的叫号，新的在前")
    windows: list[BoardWindow] = strawberry.field(description="每个窗口的当前号码，按窗口号排列")
    no_shows: list[str] = strawberry.field(description="今天的过号号码，最近的在前（最多 12 个）")


QueueErrorCode = code_enum("QueueErrorCode", "排队叫号错误代码", [
    ErrorCode.INVALID, ErrorCode.INVALID_ID_NUMBER, ErrorCode.NOT_FOUND, ErrorCode.NOT_ALLOWED,
    ErrorCode.NOT_CERTIFIED, ErrorCode.NOT_SIGNED_IN, ErrorCode.WINDOW_TAKEN,
    ErrorCode.SIGNED_IN_ELSEWHERE, ErrorCode.ALREADY_HOLDING,
    ErrorCode.SOLD_OUT, ErrorCode.PRIORITY_NOT_ALLOWED, ErrorCode.BUSY, ErrorCode.NO_TICKET,
    ErrorCode.TOO_EARLY, ErrorCode.CONFLICT, ErrorCode.CLOSED,
])


@strawberry.type(description="排队叫号错误")
class QueueError(Error):
    code: ErrorCode = code_field(QueueErrorCode)
