"""What people do with notifications: a resident reads 我的消息 and chooses the channels they
want; an administrator lists messages with filters, sends a failed one again, edits templates
(versions, preview with a sample case or a real one, SMS length) and configures robot groups."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import (
    Case,
    Department,
    Notification,
    NotifyOptOut,
    NotifySwitch,
    NotifyTemplate,
    Person,
    RobotGroup,
    ServicePoint,
)
from hub.core.models.enums import NotifyChannel, NotifyStatus, Role
from hub.core.ports import ports
from hub.core.viewer import Viewer, require_role
from resolvers.notify import delivery, templates
from resolvers.notify.engine import link, mask_name
from resolvers.notify.events import EVENTS, Event

MAX_PAGE = 100
MESSAGE_FIELDS = ("id", "event", "channel", "status", "reason", "masked", "title", "body", "link",
                  "template_version", "case__number", "created_at", "sent_at", "delivered_at",
                  "read_at", "attempts", "group__name")


def _first(first: int) -> int:
    if not 0 <= first <= MAX_PAGE:
        raise HubError(ErrorCode.INVALID_PAGE_SIZE, f"每页条数须在 0 到 {MAX_PAGE} 之间", "first")
    return first


# --- 我的消息 -----------------------------------------------------------------------------------


async def inbox(person_id: int, first: int = 20, before: int | None = None, unread_only: bool = False
                ) -> list[dict[str, Any]]:
    q = Notification.filter(person_id=person_id, channel=NotifyChannel.INAPP)
    if before is not None:
        q = q.filter(id__lt=before)
    if unread_only:
        q = q.filter(read_at__isnull=True)
    return list(await q.order_by("-id").limit(_first(first)).values(*MESSAGE_FIELDS))


async def unread(person_id: int) -> int:
    return await Notification.filter(person_id=person_id, channel=NotifyChannel.INAPP,
                                     read_at__isnull=True).count()


async def mark_read(person_id: int, ids: list[int] | None, now: datetime | None = None) -> int:
    """Mark the resident's own messages read (all when ``ids`` is None); how many changed."""
    q = Notification.filter(person_id=person_id, channel=NotifyChannel.INAPP, read_at__isnull=True)
    if ids is not None:
        if len(ids) > MAX_PAGE:
            raise HubError(ErrorCode.INVALID, f"一次最多标记 {MAX_PAGE} 条", "ids")
        q = q.filter(id__in=ids)
    return await q.update(read_at=now or utcnow())


OPTIONAL_CHANNELS = (NotifyChannel.SMS,)  # the inbox is always kept


async def opted_out(person_id: int) -> list[NotifyChannel]:
    rows = await NotifyOptOut.filter(person_id=person_id).values("channel")
    return [NotifyChannel(r["channel"]) for r in rows]


async def set_channel(person_id: int, channel: NotifyChannel, wanted: bool) -> list[NotifyChannel]:
    if channel not in OPTIONAL_CHANNELS:
        raise HubError(ErrorCode.INVALID, "站内消息不能退订，可退订短信通知", "channel")
    if wanted:
        await NotifyOptOut.filter(person_id=person_id, channel=channel).delete()
    else:
        with contextlib.suppress(IntegrityError):  # already out (two taps at once)
            await NotifyOptOut.create(person_id=person_id, channel=channel, created_at=utcnow())
    return await opted_out(person_id)


# --- 消息记录 (administrators) ----------------------------------------------------------------


@dataclass(frozen=True)
class MessageFilter:
    channel: NotifyChannel | None = None
    status: NotifyStatus | None = None
    event: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    recipient: str | None = None  # a full phone number, or a group's name
    case_number: str | None = None


def _admin(viewer: Viewer | None) -> Viewer:
    return require_role(viewer, Role.ADMIN)


async def messages(viewer: Viewer | None, f: MessageFilter, first: int = 50, before: int | None = None
                   ) -> list[dict[str, Any]]:
    _admin(viewer)
    q = Notification.all()
    if f.channel is not None:
        q = q.filter(channel=f.channel)
    if f.status is not None:
        q = q.filter(status=f.status)
    if f.event:
        q = q.filter(event=f.event)
    if f.since is not None:
        q = q.filter(created_at__gte=f.since)
    if f.until is not None:
        q = q.filter(created_at__lt=f.until)
    if f.recipient:
        who = f.recipient.strip()
        q = q.filter(Q(address=who) | Q(group__name=who)) if re.fullmatch(r"1\d{10}", who) is None \
            else q.filter(address=who)
    if f.case_number:
        q = q.filter(case__number=f.case_number.strip())
    if before is not None:
        q = q.filter(id__lt=before)
    return list(await q.order_by("-id").limit(_first(first)).values(*MESSAGE_FIELDS))


async def resend(viewer: Viewer | None, notification_id: int) -> dict[str, Any]:
    _admin(viewer)
    if not await delivery.resend(notification_id):
        raise HubError(ErrorCode.CONFLICT, "只有发送失败的消息可以重新发送（可能已在重试或已发出）", "id")
    return (await Notification.filter(id=notification_id).values(*MESSAGE_FIELDS))[0]


# --- 模板 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    text: str
    chars: int
    segments: int
    case_number: str  # the case it was filled from ("" for the sample)


async def _case_params(event: Event, number: str) -> dict[str, str]:
    rows = await Case.filter(number=number.strip()).values("id", "number", "item_name", "person_id",
                                                           "applicant_name", "decision_note")
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, f"没有办件 {number}", "caseNumber")
    c = rows[0]
    person = [r["name"] for r in await Person.filter(id=c["person_id"]).values("name")]
    params = templates.sample(event)
    params |= {"name": mask_name(person[0] if person else c["applicant_name"]), "item": c["item_name"],
               "number": c["number"], "link": link("/m/my/cases")}
    if "reason" in params and c["decision_note"]:
        params["reason"] = c["decision_note"]
    return params


async def preview(viewer: Viewer | None, event_code: str, channel: NotifyChannel, body: str,
                  case_number: str | None = None) -> Preview:
    _admin(viewer)
    event = templates.event_or_invalid(event_code)
    templates.channel_of_event(event, channel)
    body = templates.check(event, body)
    params = await _case_params(event, case_number) if case_number and case_number.strip() \
        else templates.sample(event)
    text = templates.render(body, params)
    sign = getattr(ports().sms, "sign_name", "") or ""
    size = templates.sms_size(text, sign) if channel == NotifyChannel.SMS else templates.SmsSize(len(text), 0)
    return Preview(text, size.chars, size.segments, (case_number or "").strip())


async def template_list(viewer: Viewer | None) -> list[dict[str, Any]]:
    """Every event × channel with the wording in force."""
    _admin(viewer)
    out = []
    for event in EVENTS.values():
        for channel in event.defaults:
            w = await templates.current(None, event, channel)
            assert w is not None
            out.append({"event": event, "channel": channel, "wording": w})
    return out


async def versions(viewer: Viewer | None, event_code: str, channel: NotifyChannel) -> list[dict[str, Any]]:
    _admin(viewer)
    event = templates.event_or_invalid(event_code)
    channel = templates.channel_of_event(event, channel)
    return list(await NotifyTemplate.filter(event=event.code, channel=channel).order_by("-version")
                .limit(MAX_PAGE).values())


async def save_template(viewer: Viewer | None, event_code: str, channel: NotifyChannel, body: str,
                        enabled: bool, note: str = "", provider_code: str = "") -> NotifyTemplate:
    v = _admin(viewer)
    return await templates.save(event_code, channel, body, enabled, note, v.name, provider_code)


async def set_switch(viewer: Viewer | None, event_code: str, point_code: str, enabled: bool) -> None:
    _admin(viewer)
    event = templates.event_or_invalid(event_code)
    point = await ServicePoint.get_or_none(code=point_code.strip())
    if point is None:
        raise HubError(ErrorCode.NOT_FOUND, f"服务点 {point_code} 不存在", "pointCode")
    now = utcnow()
    mine = NotifySwitch.filter(event=event.code, point_id=point.id)
    if not await mine.update(enabled=enabled, updated_at=now):
        try:
            await NotifySwitch.create(event=event.code, point_id=point.id, enabled=enabled, updated_at=now)
        except IntegrityError:  # created meanwhile: the last word wins
            await mine.update(enabled=enabled, updated_at=now)


# --- 群机器人 ----------------------------------------------------------------------------------

ROBOT_FIELDS = ("id", "name", "channel", "department__name", "department__code", "point__name",
                "point__code", "supervisors", "webhook", "secret", "active", "created_at")


@dataclass(frozen=True)
class RobotInput:
    name: str
    channel: NotifyChannel
    webhook: str
    secret: str | None = None  # None: keep the stored one
    department_code: str | None = None
    point_code: str | None = None
    supervisors: bool = False
    active: bool = True
    id: int | None = None


async def robot_groups(viewer: Viewer | None, first: int = 100) -> list[dict[str, Any]]:
    _admin(viewer)
    return list(await RobotGroup.all().order_by("id").limit(_first(first)).values(*ROBOT_FIELDS))


async def save_robot(viewer: Viewer | None, r: RobotInput) -> dict[str, Any]:
    _admin(viewer)
    name = r.name.strip()
    if not name or len(name) > 64:
        raise HubError(ErrorCode.INVALID, "请填写群名称（64 字以内）", "name")
    if r.channel not in (NotifyChannel.DINGTALK, NotifyChannel.WECOM):
        raise HubError(ErrorCode.INVALID, "群机器人只能是钉钉或企业微信", "channel")
    hook = r.webhook.strip()
    if not re.fullmatch(r"https?://[^\s]{4,490}", hook):
        raise HubError(ErrorCode.INVALID, "请填写机器人的 Webhook 地址（http:// 或 https:// 开头）",
                       "webhook")
    if r.channel == NotifyChannel.DINGTALK and "access_token=" not in hook:
        raise HubError(ErrorCode.INVALID, "钉钉机器人的地址应含 access_token=", "webhook")
    if r.channel == NotifyChannel.WECOM and "key=" not in hook:
        raise HubError(ErrorCode.INVALID, "企业微信机器人的地址应含 key=", "webhook")
    secret = None if r.secret is None else r.secret.strip()
    if r.channel == NotifyChannel.DINGTALK and secret is not None and not secret.startswith("SEC"):
        raise HubError(ErrorCode.INVALID, "钉钉加签密钥以 SEC 开头", "secret")
    dept_id = point_id = None
    if r.department_code:
        dept = await Department.get_or_none(code=r.department_code.strip())
        if dept is None:
            raise HubError(ErrorCode.NOT_FOUND, f"部门 {r.department_code} 不存在", "departmentCode")
        dept_id = dept.id
    if r.point_code:
        point = await ServicePoint.get_or_none(code=r.point_code.strip())
        if point is None:
            raise HubError(ErrorCode.NOT_FOUND, f"服务点 {r.point_code} 不存在", "pointCode")
        point_id = point.id
    if dept_id is None and not r.supervisors:
        raise HubError(ErrorCode.INVALID, "请选择部门，或设为管理者群", "departmentCode")
    values: dict[str, Any] = dict(name=name, channel=r.channel, webhook=hook, department_id=dept_id,
                                  point_id=point_id, supervisors=r.supervisors, active=r.active)
    if secret is not None:
        values["secret"] = secret
    if r.id is None:
        if r.channel == NotifyChannel.DINGTALK and not secret:
            raise HubError(ErrorCode.INVALID, "请填写钉钉机器人的加签密钥", "secret")
        row = await RobotGroup.create(**values, created_at=utcnow())
        group_id = row.id
    else:
        if not await RobotGroup.filter(id=r.id).update(**values):
            raise HubError(ErrorCode.NOT_FOUND, "群机器人不存在", "id")
        group_id = r.id
    return (await RobotGroup.filter(id=group_id).values(*ROBOT_FIELDS))[0]
