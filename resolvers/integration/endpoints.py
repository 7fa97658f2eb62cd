"""Administrators connect department systems and watch the hand-offs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import Department, DepartmentEndpoint, DepartmentHandoff, OutboxMessage
from hub.core.models.enums import OutboxStatus, Role
from hub.core.viewer import Viewer, require_role
from resolvers.integration.handoff import TOPIC

MIN_SECRET = 32


async def configure(viewer: Viewer | None, department_code: str, url: str, secret: str | None,
                    active: bool) -> dict[str, Any]:
    """Create or change a department's endpoint; ``secret`` None keeps the current one."""
    require_role(viewer, Role.ADMIN)
    dept = await Department.get_or_none(code=department_code.strip()).values("id")
    if dept is None:
        raise HubError(ErrorCode.NOT_FOUND, f"部门 {department_code} 不存在", "departmentCode")
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HubError(ErrorCode.INVALID, "地址须为 http:// 或 https:// 开头的完整网址", "url")
    if len(url) > 500:
        raise HubError(ErrorCode.INVALID, "地址不得超过 500 个字符", "url")
    current = await DepartmentEndpoint.get_or_none(department_id=dept["id"])
    if secret is not None:
        secret = secret.strip()
        if len(secret) < MIN_SECRET or len(secret) > 200:
            raise HubError(ErrorCode.INVALID, f"签名密钥须为 {MIN_SECRET}–200 个字符的随机串", "secret")
    elif current is None:
        raise HubError(ErrorCode.INVALID, "首次接入须设置签名密钥", "secret")
    if current is None:
        await DepartmentEndpoint.create(department_id=dept["id"], url=url, secret=secret, active=active)
    else:
        changes: dict[str, Any] = {"url": url, "active": active}
        if secret is not None:
            changes["secret"] = secret
        await DepartmentEndpoint.filter(id=current.id).update(**changes, updated_at=utcnow())
    return (await endpoints(viewer, department_code.strip()))[0]


async def endpoints(viewer: Viewer | None, department_code: str | None = None) -> list[dict[str, Any]]:
    """Every configured endpoint with its department and delivery counts (never the secret)."""
    require_role(viewer, Role.ADMIN)
    q = DepartmentEndpoint.all()
    if department_code:
        q = q.filter(department__code=department_code)
    rows = await q.order_by("department__sort", "department__code").values(
        "id", "department_id", "url", "active", "updated_at", "secret")
    out = []
    for r in rows:
        counts = {s: await DepartmentHandoff.filter(department_id=r["department_id"],
                                                    message__status=s).count()
                  for s in OutboxStatus}
        out.append({**{k: v for k, v in r.items() if k != "secret"},
                    "secret_hint": "…" + r["secret"][-4:], "counts": counts})
    return out


# a hand-off as the 部门系统对接 page shows it: the outbox message and what it concerns
FIELDS = ("message_id", "case__number", "department_id", "event", "message__idempotency_key",
          "message__status", "message__attempts", "message__next_attempt_at", "message__last_error",
          "message__created_at", "message__delivered_at")


def _row(r: dict[str, Any]) -> dict[str, Any]:
    return {k.removeprefix("message__"): v for k, v in r.items() if k != "message_id"} | {
        "id": r["message_id"]}


async def messages(viewer: Viewer | None, status: OutboxStatus | None, department_code: str | None,
                   first: int) -> list[dict[str, Any]]:
    """Recent hand-offs, newest first (DEAD ones are what an administrator acts on)."""
    require_role(viewer, Role.ADMIN)
    q = DepartmentHandoff.all()
    if status is not None:
        q = q.filter(message__status=status)
    if department_code:
        q = q.filter(department__code=department_code)
    rows = await q.order_by("-message_id").limit(max(1, min(first, 200))).values(*FIELDS)
    return [_row(r) for r in rows]


async def retry(viewer: Viewer | None, message_id: int) -> dict[str, Any]:
    """Send a DEAD hand-off again, with a fresh count of attempts."""
    require_role(viewer, Role.ADMIN)
    changed = await OutboxMessage.filter(id=message_id, topic=TOPIC, status=OutboxStatus.DEAD).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utcnow(), lease="",
        lease_until=None)
    if not changed:
        raise HubError(ErrorCode.NOT_FOUND, "没有这条投递失败的记录（可能已在重试或已送达）", "id")
    return _row((await DepartmentHandoff.filter(message_id=message_id).values(*FIELDS))[0])
