"""GraphQL types of notifications."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from hub.core.errors import ErrorCode
from hub.core.models import enums as m
from resolvers.notify.events import Event
from resolvers.notify.templates import Wording, sms_size
from schema.errors import Error, code_enum, code_field


@strawberry.enum(description="通知渠道")
class NotifyChannel(Enum):
    SMS = "SMS"
    INAPP = "INAPP"
    DINGTALK = "DINGTALK"
    WECOM = "WECOM"


@strawberry.enum(description="通知状态")
class NotifyStatus(Enum):
    QUEUED = "QUEUED"
    SENT = "SENT"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    SUPPRESSED = "SUPPRESSED"


@strawberry.type(description="一条通知（站内消息、短信或群机器人消息）")
class Notification:
    id: strawberry.ID = strawberry.field(description="标识")
    event: str = strawberry.field(description="事件代码，如 CASE_ACCEPTED")
    title: str = strawberry.field(description="标题（事件名称）")
    body: str = strawberry.field(description="内容")
    link: str = strawberry.field(description="站内链接（如“我的办件”），可为空")
    channel: NotifyChannel = strawberry.field(description="渠道")
    channel_label: str = strawberry.field(description="渠道（中文）")
    status: NotifyStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    reason: str = strawberry.field(description="未发送、延后或失败的原因")
    recipient: str = strawberry.field(description="接收人（脱敏手机号、脱敏姓名或群名称）")
    case_number: str | None = strawberry.field(description="相关办件编号")
    template_version: int = strawberry.field(description="所用模板版本（0 为内置默认）")
    attempts: int = strawberry.field(description="发送尝试次数")
    created_at: datetime = strawberry.field(description="产生时间（与事件同一事务写入）")
    sent_at: datetime | None = strawberry.field(description="发出时间")
    delivered_at: datetime | None = strawberry.field(description="送达时间")
    read_at: datetime | None = strawberry.field(description="阅读时间（站内消息）")

    @classmethod
    def of(cls, r: dict[str, Any]) -> Notification:
        channel, status = m.NotifyChannel(r["channel"]), m.NotifyStatus(r["status"])
        return cls(id=strawberry.ID(str(r["id"])), event=r["event"], title=r["title"], body=r["body"],
                   link=r["link"], channel=NotifyChannel(channel.value),
                   channel_label=m.NOTIFY_CHANNEL_LABELS[channel], status=NotifyStatus(status.value),
                   status_label=m.NOTIFY_STATUS_LABELS[status], reason=r["reason"],
                   recipient=r["masked"] or r.get("group__name") or "", case_number=r["case__number"],
                   template_version=r["template_version"], attempts=r["attempts"],
                   created_at=r["created_at"], sent_at=r["sent_at"], delivered_at=r["delivered_at"],
                   read_at=r["read_at"])


@strawberry.type(description="我的消息：一页站内消息和未读条数")
class Inbox:
    messages: list[Notification] = strawberry.field(description="消息，最新的在前")
    unread: int = strawberry.field(description="未读条数")


@strawberry.type(description="居民的通知设置")
class NotifySettings:
    sms: bool = strawberry.field(description="是否接收短信通知（站内消息始终保留）")


@strawberry.type(description="模板可用的变量")
class TemplateVariable:
    name: str = strawberry.field(description="变量名，模板中写作 ${变量名}")
    description: str = strawberry.field(description="含义")
    sample: str = strawberry.field(description="示例值（预览用）")


@strawberry.type(description="一个事件在一个渠道上的现行模板")
class NotifyTemplate:
    event: str = strawberry.field(description="事件代码")
    event_label: str = strawberry.field(description="事件名称")
    audience: str = strawberry.field(description="对象：RESIDENT 居民 / STAFF 工作人员")
    channel: NotifyChannel = strawberry.field(description="渠道（群机器人模板钉钉、企业微信共用）")
    body: str = strawberry.field(description="模板内容")
    version: int = strawberry.field(description="版本（0 为内置默认）")
    enabled: bool = strawberry.field(description="是否启用")
    provider_code: str = strawberry.field(description="短信服务商的模板编号（空则用 OWH_事件代码）")
    variables: list[TemplateVariable] = strawberry.field(description="可用变量")
    sms_chars: int = strawberry.field(description="按示例填充后的短信字数（含签名）")
    sms_segments: int = strawberry.field(description="按示例填充后的短信条数（70 字一条，超出按 67 字一条）")

    @classmethod
    def of(cls, event: Event, channel: m.NotifyChannel, w: Wording, sign_name: str) -> NotifyTemplate:
        from resolvers.notify.templates import render, sample

        size = sms_size(render(w.body, sample(event)), sign_name)
        sms = channel == m.NotifyChannel.SMS
        return cls(event=event.code, event_label=event.label, audience=event.audience,
                   channel=NotifyChannel(channel.value), body=w.body, version=w.version, enabled=w.enabled,
                   provider_code=w.provider_code,
                   variables=[TemplateVariable(name=k, description=d, sample=s)
                              for k, (d, s) in event.variables.items()],
                   sms_chars=size.chars if sms else 0, sms_segments=size.segments if sms else 0)


@strawberry.type(description="模板的一个历史版本")
class TemplateVersion:
    version: int = strawberry.field(description="版本号")
    body: str = strawberry.field(description="内容")
    enabled: bool = strawberry.field(description="是否启用")
    note: str = strawberry.field(description="修改说明")
    created_by: str = strawberry.field(description="修改人")
    created_at: datetime = strawberry.field(description="修改时间")


@strawberry.type(description="模板预览")
class TemplatePreview:
    text: str = strawberry.field(description="填充后的内容")
    chars: int = strawberry.field(description="字数（短信含签名）")
    segments: int = strawberry.field(description="短信条数（非短信为 0）")
    case_number: str = strawberry.field(description="用于填充的办件编号（空为示例数据）")


@strawberry.type(description="钉钉或企业微信群机器人")
class RobotGroup:
    id: strawberry.ID = strawberry.field(description="标识")
    name: str = strawberry.field(description="群名称")
    channel: NotifyChannel = strawberry.field(description="DINGTALK 钉钉 / WECOM 企业微信")
    department_code: str | None = strawberry.field(description="部门编码")
    department_name: str | None = strawberry.field(description="部门名称")
    point_code: str | None = strawberry.field(description="服务点编码（空为所有服务点）")
    point_name: str | None = strawberry.field(description="服务点名称")
    supervisors: bool = strawberry.field(description="是否为管理者群")
    webhook_hint: str = strawberry.field(description="Webhook 地址（令牌只显示末四位）")
    has_secret: bool = strawberry.field(description="是否已设置加签密钥（密钥不再显示）")
    active: bool = strawberry.field(description="是否启用")

    @classmethod
    def of(cls, r: dict[str, Any]) -> RobotGroup:
        hook = r["webhook"]
        head, _, token = hook.rpartition("=")
        hint = f"{head}=…{token[-4:]}" if head else hook[:40]
        return cls(id=strawberry.ID(str(r["id"])), name=r["name"], channel=NotifyChannel(r["channel"]),
                   department_code=r["department__code"], department_name=r["department__name"],
                   point_code=r["point__code"], point_name=r["point__name"], supervisors=r["supervisors"],
                   webhook_hint=hint, has_secret=bool(r["secret"]), active=r["active"])


NotifyErrorCode = code_enum("NotifyErrorCode", "通知操作错误代码", [
    ErrorCode.INVALID, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.INVALID_PAGE_SIZE,
])


@strawberry.type(description="通知操作错误")
class NotifyError(Error):
    code: ErrorCode = code_field(NotifyErrorCode)


@strawberry.type(description="保存模板结果")
class SaveTemplatePayload:
    template: NotifyTemplate | None = strawberry.field(description="保存后的现行模板")
    errors: list[NotifyError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="预览结果")
class PreviewTemplatePayload:
    preview: TemplatePreview | None = strawberry.field(description="预览")
    errors: list[NotifyError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="重新发送结果")
class ResendPayload:
    notification: Notification | None = strawberry.field(description="重新排队的消息")
    errors: list[NotifyError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="保存群机器人结果")
class RobotGroupPayload:
    group: RobotGroup | None = strawberry.field(description="保存后的群机器人")
    errors: list[NotifyError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="标记已读结果")
class MarkReadPayload:
    changed: int = strawberry.field(description="标记的条数")
    unread: int = strawberry.field(description="剩余未读条数")


@strawberry.type(description="通知设置结果")
class NotifySettingsPayload:
    settings: NotifySettings | None = strawberry.field(description="保存后的设置")
    errors: list[NotifyError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="事件开关结果")
class NotifySwitchPayload:
    ok: bool = strawberry.field(description="是否成功")
    errors: list[NotifyError] = strawberry.field(description="错误（为空表示成功）")
