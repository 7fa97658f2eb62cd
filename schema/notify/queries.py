"""GraphQL query fields of notifications."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.core.errors import NotAuthenticated
from hub.core.models import enums as m
from hub.core.ports import ports
from resolvers.notify import admin
from schema.context import Info
from schema.notify.types import (
    Inbox,
    Notification,
    NotifyChannel,
    NotifySettings,
    NotifyStatus,
    NotifyTemplate,
    RobotGroup,
    TemplateVersion,
)


def _cursor(before: strawberry.ID | None) -> int | None:
    return int(before) if before is not None and str(before).isdigit() else None


@strawberry.type
class NotifyQuery:
    @strawberry.field(description="我的消息：申请人本人的站内消息，最新的在前"
                      "（须登录；before 为上一页最后一条的 id）")
    async def my_messages(self, info: Info, first: int = 20, before: strawberry.ID | None = None,
                          unread_only: bool = False) -> Inbox:
        citizen = await info.context.citizen()
        if citizen is None:
            raise NotAuthenticated()
        rows = await admin.inbox(citizen.person_id, first, _cursor(before), unread_only)
        return Inbox(messages=[Notification.of(r) for r in rows],
                     unread=await admin.unread(citizen.person_id))

    @strawberry.field(description="我的通知设置（须登录）")
    async def my_notify_settings(self, info: Info) -> NotifySettings:
        citizen = await info.context.citizen()
        if citizen is None:
            raise NotAuthenticated()
        return NotifySettings(sms=m.NotifyChannel.SMS not in await admin.opted_out(citizen.person_id))

    @strawberry.field(description="消息记录：所有通知，最新的在前，可按渠道、状态、事件、时间、"
                      "接收人（完整手机号或群名称）、办件编号筛选（系统管理员）")
    async def notifications(self, info: Info, channel: NotifyChannel | None = None,
                            status: NotifyStatus | None = None, event: str | None = None,
                            since: datetime | None = None, until: datetime | None = None,
                            recipient: str | None = None, case_number: str | None = None,
                            first: int = 50, before: strawberry.ID | None = None) -> list[Notification]:
        f = admin.MessageFilter(m.NotifyChannel(channel.value) if channel else None,
                                m.NotifyStatus(status.value) if status else None, event, since, until,
                                recipient, case_number)
        rows = await admin.messages(await info.context.viewer(), f, first, _cursor(before))
        return [Notification.of(r) for r in rows]

    @strawberry.field(description="通知模板：每个事件每个渠道的现行模板（系统管理员）")
    async def notify_templates(self, info: Info) -> list[NotifyTemplate]:
        rows = await admin.template_list(await info.context.viewer())
        sign = getattr(ports().sms, "sign_name", "") or ""
        return [NotifyTemplate.of(r["event"], r["channel"], r["wording"], sign) for r in rows]

    @strawberry.field(description="一个模板的历史版本，最新的在前（系统管理员）")
    async def notify_template_versions(self, info: Info, event: str, channel: NotifyChannel
                                       ) -> list[TemplateVersion]:
        rows = await admin.versions(await info.context.viewer(), event, m.NotifyChannel(channel.value))
        return [TemplateVersion(version=r["version"], body=r["body"], enabled=r["enabled"], note=r["note"],
                                created_by=r["created_by"], created_at=r["created_at"]) for r in rows]

    @strawberry.field(description="钉钉、企业微信群机器人（系统管理员）")
    async def robot_groups(self, info: Info, first: int = 100) -> list[RobotGroup]:
        return [RobotGroup.of(r) for r in await admin.robot_groups(await info.context.viewer(), first)]
