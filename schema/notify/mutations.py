"""GraphQL mutations of notifications."""

from __future__ import annotations

import strawberry

from hub.core.errors import HubError, NotAuthenticated
from hub.core.models import enums as m
from hub.core.ports import ports
from resolvers.notify import admin, templates
from schema.context import Info
from schema.notify.types import (
    MarkReadPayload,
    Notification,
    NotifyChannel,
    NotifyError,
    NotifySettings,
    NotifySettingsPayload,
    NotifySwitchPayload,
    NotifyTemplate,
    PreviewTemplatePayload,
    ResendPayload,
    RobotGroup,
    RobotGroupPayload,
    SaveTemplatePayload,
    TemplatePreview,
)


@strawberry.input(description="群机器人设置")
class RobotGroupInput:
    id: strawberry.ID | None = strawberry.field(default=None, description="修改时填写")
    name: str = strawberry.field(description="群名称")
    channel: NotifyChannel = strawberry.field(description="DINGTALK 钉钉 / WECOM 企业微信")
    webhook: str = strawberry.field(description="Webhook 地址")
    secret: str | None = strawberry.field(default=None,
                                          description="钉钉加签密钥（SEC 开头）；修改时不填则保留")
    department_code: str | None = strawberry.field(default=None, description="部门编码")
    point_code: str | None = strawberry.field(default=None, description="服务点编码（空为所有服务点）")
    supervisors: bool = strawberry.field(default=False, description="是否为管理者群")
    active: bool = strawberry.field(default=True, description="是否启用")


@strawberry.type
class NotifyMutation:
    @strawberry.mutation(description="把我的消息标为已读（ids 为空则全部已读；须登录）")
    async def mark_messages_read(self, info: Info, ids: list[strawberry.ID] | None = None) -> MarkReadPayload:
        citizen = await info.context.citizen()
        if citizen is None:
            raise NotAuthenticated()
        wanted = None if ids is None else [int(i) for i in ids if str(i).isdigit()]
        changed = await admin.mark_read(citizen.person_id, wanted)
        return MarkReadPayload(changed=changed, unread=await admin.unread(citizen.person_id))

    @strawberry.mutation(description="设置是否接收短信通知（须登录）")
    async def set_notify_settings(self, info: Info, sms: bool) -> NotifySettingsPayload:
        citizen = await info.context.citizen()
        if citizen is None:
            raise NotAuthenticated()
        try:
            out = await admin.set_channel(citizen.person_id, m.NotifyChannel.SMS, sms)
        except HubError as e:
            return NotifySettingsPayload(settings=None, errors=[NotifyError.of(e)])
        return NotifySettingsPayload(settings=NotifySettings(sms=m.NotifyChannel.SMS not in out), errors=[])

    @strawberry.mutation(description="预览模板：用示例数据或指定办件填充（系统管理员）")
    async def preview_notify_template(self, info: Info, event: str, channel: NotifyChannel, body: str,
                                      case_number: str | None = None) -> PreviewTemplatePayload:
        try:
            p = await admin.preview(await info.context.viewer(), event, m.NotifyChannel(channel.value),
                                    body, case_number)
        except HubError as e:
            return PreviewTemplatePayload(preview=None, errors=[NotifyError.of(e)])
        return PreviewTemplatePayload(preview=TemplatePreview(text=p.text, chars=p.chars, segments=p.segments,
                                                              case_number=p.case_number), errors=[])

    @strawberry.mutation(description="保存模板为新版本（变量须为该事件可用的变量；系统管理员）")
    async def save_notify_template(self, info: Info, event: str, channel: NotifyChannel, body: str,
                                   enabled: bool = True, note: str = "", provider_code: str = ""
                                   ) -> SaveTemplatePayload:
        try:
            row = await admin.save_template(await info.context.viewer(), event, m.NotifyChannel(
                channel.value), body, enabled, note, provider_code)
        except HubError as e:
            return SaveTemplatePayload(template=None, errors=[NotifyError.of(e)])
        ev = templates.event_or_invalid(row.event)
        wording = await templates.current(None, ev, row.channel)
        assert wording is not None
        sign = getattr(ports().sms, "sign_name", "") or ""
        return SaveTemplatePayload(template=NotifyTemplate.of(ev, row.channel, wording, sign), errors=[])

    @strawberry.mutation(description="重新发送一条发送失败的消息（系统管理员）")
    async def resend_notification(self, info: Info, id: strawberry.ID) -> ResendPayload:
        try:
            row = await admin.resend(await info.context.viewer(), int(id) if str(id).isdigit() else -1)
        except HubError as e:
            return ResendPayload(notification=None, errors=[NotifyError.of(e)])
        return ResendPayload(notification=Notification.of(row), errors=[])

    @strawberry.mutation(description="新增或修改钉钉、企业微信群机器人（系统管理员）")
    async def save_robot_group(self, info: Info, input: RobotGroupInput) -> RobotGroupPayload:
        try:
            row = await admin.save_robot(await info.context.viewer(), admin.RobotInput(
                name=input.name, channel=m.NotifyChannel(input.channel.value), webhook=input.webhook,
                secret=input.secret, department_code=input.department_code, point_code=input.point_code,
                supervisors=input.supervisors, active=input.active,
                id=int(input.id) if input.id is not None and str(input.id).isdigit() else None))
        except HubError as e:
            return RobotGroupPayload(group=None, errors=[NotifyError.of(e)])
        return RobotGroupPayload(group=RobotGroup.of(row), errors=[])

    @strawberry.mutation(description="在一个服务点及其下级开启或关闭一类通知（系统管理员）")
    async def set_notify_switch(self, info: Info, event: str, point_code: str, enabled: bool
                                ) -> NotifySwitchPayload:
        try:
            await admin.set_switch(await info.context.viewer(), event, point_code, enabled)
        except HubError as e:
            return NotifySwitchPayload(ok=False, errors=[NotifyError.of(e)])
        return NotifySwitchPayload(ok=True, errors=[])
