"""Templates: Chinese wording with ``${variable}`` placeholders, validated against the event's
variables, versioned (the newest version of an event × channel is used; none saved: the
built-in default of resolvers/notify/events.py), previewed with a sample case, measured as SMS."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import NotifyTemplate
from hub.core.models.enums import NotifyChannel
from resolvers.notify.events import EVENTS, Event

PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
MAX_BODY = 500
ID_NUMBER = re.compile(r"\d{15}|\d{17}[\dXx]")
SINGLE_SEGMENT = 70  # one SMS of Chinese text: 70 characters; longer ones go in parts of 67
PART = 67


@dataclass(frozen=True)
class Wording:
    event: str
    channel: NotifyChannel
    body: str
    version: int  # 0: the built-in default
    enabled: bool = True
    provider_code: str = ""


def variables_in(body: str) -> list[str]:
    return PLACEHOLDER.findall(body)


def check(event: Event, body: str) -> str:
    """The body if every placeholder is one of the event's variables; INVALID in Chinese else."""
    body = body.strip()
    if not body:
        raise HubError(ErrorCode.INVALID, "模板内容不能为空", "body")
    if len(body) > MAX_BODY:
        raise HubError(ErrorCode.INVALID, f"模板内容不能超过 {MAX_BODY} 个字", "body")
    unknown = [v for v in variables_in(body) if v not in event.variables]
    if unknown:
        allowed = "、".join(f"${{{v}}}" for v in event.variables)
        raise HubError(ErrorCode.INVALID, f"模板中有未知变量 {'、'.join('${' + v + '}' for v in unknown)}"
                       f"，“{event.label}”可用的变量：{allowed}", "body")
    if "${" in PLACEHOLDER.sub("", body):
        raise HubError(ErrorCode.INVALID, "模板中有未闭合的变量（应写作 ${变量名}）", "body")
    if ID_NUMBER.search(body):
        raise HubError(ErrorCode.INVALID, "模板中不得出现身份证号码", "body")
    return body


def render(body: str, params: Mapping[str, Any]) -> str:
    return PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), "")), body)


@dataclass(frozen=True)
class SmsSize:
    chars: int
    segments: int


def sms_size(text: str, sign_name: str) -> SmsSize:
    """Characters (with the 【签名】) and segments: 70 in one, else parts of 67."""
    n = len(text) + len(sign_name) + 2
    return SmsSize(n, 1 if n <= SINGLE_SEGMENT else math.ceil(n / PART))


def default(event: Event, channel: NotifyChannel) -> Wording | None:
    body = event.defaults.get(channel)
    if body is None and channel == NotifyChannel.WECOM:  # robots share one wording
        body = event.defaults.get(NotifyChannel.DINGTALK)
    return Wording(event.code, channel, body, 0) if body is not None else None


async def current(conn: BaseDBAsyncClient | None, event: Event, channel: NotifyChannel) -> Wording | None:
    """The wording in force: the newest saved version, or the built-in default."""
    robot = channel in (NotifyChannel.DINGTALK, NotifyChannel.WECOM)
    stored = NotifyTemplate.filter(event=event.code,
                                   channel=NotifyChannel.DINGTALK if robot else channel)
    if conn is not None:
        stored = stored.using_db(conn)
    rows = await stored.order_by("-version").limit(1).values()
    if rows:
        r = rows[0]
        return Wording(event.code, channel, r["body"], r["version"], r["enabled"], r["provider_code"])
    return default(event, channel)


async def current_all(conn: BaseDBAsyncClient, event: Event, channels: tuple[NotifyChannel, ...]
                      ) -> dict[NotifyChannel, Wording]:
    """The wording in force of ``event`` on each of ``channels`` that has one (one query)."""
    rows = await NotifyTemplate.filter(event=event.code, channel__in=list(channels)).using_db(conn) \
        .order_by("-version").values()
    out: dict[NotifyChannel, Wording] = {}
    for channel in channels:
        r = next((r for r in rows if r["channel"] == channel), None)
        w = Wording(event.code, channel, r["body"], r["version"], r["enabled"], r["provider_code"]) \
            if r is not None else default(event, channel)
        if w is not None:
            out[channel] = w
    return out


def event_or_invalid(code: str) -> Event:
    event = EVENTS.get(code)
    if event is None:
        raise HubError(ErrorCode.INVALID, f"没有事件 {code}", "event")
    return event


def channel_of_event(event: Event, channel: NotifyChannel) -> NotifyChannel:
    if channel == NotifyChannel.WECOM:
        channel = NotifyChannel.DINGTALK
    if channel not in event.defaults:
        raise HubError(ErrorCode.INVALID, f"“{event.label}”不通过该渠道发送", "channel")
    return channel


async def save(event_code: str, channel: NotifyChannel, body: str, enabled: bool, note: str,
               by: str, provider_code: str = "", now: datetime | None = None) -> NotifyTemplate:
    """A new version (the next number; two administrators saving at once: one gets CONFLICT)."""
    event = event_or_invalid(event_code)
    channel = channel_of_event(event, channel)
    body = check(event, body)
    if len(note) > 255 or len(provider_code) > 32:
        raise HubError(ErrorCode.INVALID, "修改说明或短信模板编号过长", "note")
    last = await NotifyTemplate.filter(event=event.code, channel=channel).order_by("-version").first()
    if last is not None and (last.body, last.enabled, last.provider_code) == (
            body, enabled, provider_code.strip()):
        return last  # the same wording saved again (a retried save): no new version
    version = last.version + 1 if last is not None else 1
    try:
        return await NotifyTemplate.create(
            event=event.code, channel=channel, version=version, body=body, enabled=enabled,
            note=note.strip(), created_by=by, provider_code=provider_code.strip(),
            created_at=now or utcnow())
    except IntegrityError:
        raise HubError(ErrorCode.CONFLICT, "模板刚被他人修改，请刷新后重试", "event") from None


def sample(event: Event) -> dict[str, str]:
    return {name: example for name, (_, example) in event.variables.items()}
