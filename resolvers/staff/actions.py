"""Staff rules: login with lockout, password change, account creation within scope.

A successful login notifies the listeners registered with ``on_logged_in`` (the whistle counts
an expert who logs in as on duty); the composition root registers them (``hub.web.hooks``).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from hub.core import metrics
from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.listeners import Listeners
from hub.core.models import Department, ServicePoint, Staff
from hub.core.models.enums import DEVICE_ROLES, Role
from hub.core.models.rows import STAFF_FIELDS, StaffRow
from hub.core.pagination import Page, check_page_size, decode_cursor, encode_cursor
from hub.core.security import (
    TokenClaims,
    TokenSigner,
    hash_password_async,
    verify_password_async,
)
from hub.core.throttle import Throttle
from hub.core.viewer import Viewer, require_role, require_scope, require_viewer
from realtime import log
from realtime.log import LoggedEvent
from resolvers.staff import lockout
from resolvers.staff.viewer_cache import ACCOUNTS_CHANNEL, REVOKED

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")

LoginListener = Callable[[int, frozenset[Role]], Awaitable[None]]
logged_in: Listeners[[int, frozenset[Role]]] = Listeners("staff logged in")


def on_logged_in(listener: LoginListener) -> LoginListener:
    """Run ``listener(staff_id, roles)`` after every successful login, in registration order."""
    return logged_in.add(listener)


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    lock_seconds: int = 300


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_at: datetime
    staff: Staff


async def login(
    username: str,
    password: str,
    *,
    client_ip: str,
    signer: TokenSigner,
    limiter: Throttle,
    policy: LoginPolicy,
) -> LoginResult:
    """A token for the right password. Every guess at an account first claims one of the allowed
    attempts (resolvers/staff/lockout.py), so parallel guesses cannot outrun the lock."""
    if not await limiter.hit(f"login:{client_ip}"):
        metrics.LOGIN_FAILURES.labels("rate_limited").inc()
        raise HubError(ErrorCode.RATE_LIMITED, "登录尝试过于频繁，请一分钟后再试")
    username = username.strip()
    if not username or not password:
        raise HubError(ErrorCode.INVALID_CREDENTIALS, "请输入用户名和密码")
    staff = await Staff.get_or_none(username=username)
    now = utcnow()
    if staff is not None and not await lockout.claim_attempt(
            Staff, staff.id, policy.max_failures, policy.lock_seconds, now):
        metrics.LOGIN_FAILURES.labels("locked").inc()
        until = await lockout.locked_until(Staff, staff.id)
        seconds = (until - now).total_seconds() if until else policy.lock_seconds
        minutes = max(1, int(seconds // 60) + 1)
        raise HubError(ErrorCode.LOCKED, f"密码错误次数过多，账号已临时锁定，请 {minutes} 分钟后再试")
    # An unknown username costs one argon2 check too (against a dummy hash).
    if not await verify_password_async(staff.password_hash if staff else None, password) \
            or staff is None:
        metrics.LOGIN_FAILURES.labels("invalid_credentials").inc()
        raise HubError(ErrorCode.INVALID_CREDENTIALS, "用户名或密码错误")
    if not staff.active:
        raise HubError(ErrorCode.INACTIVE, "该账号已停用，请联系管理员")
    await lockout.clear(Staff, staff.id)
    token, expires_at = signer.issue(staff.id, staff.token_version)
    await logged_in.notify(staff.id, frozenset(Role(r) for r in staff.roles))
    return LoginResult(token=token, expires_at=expires_at, staff=staff)


async def load_viewer(claims: TokenClaims) -> Viewer | None:
    """The viewer behind a verified token, or None when the account changed since."""
    rows = await Staff.filter(id=claims.staff_id, active=True).values(
        "id", "name", "roles", "token_version", "service_point_id", "department_id",
        "service_point__path",
    )
    if not rows or rows[0]["token_version"] != claims.token_version:
        return None
    row = rows[0]
    return Viewer(
        staff_id=row["id"],
        name=row["name"],
        roles=frozenset(Role(r) for r in row["roles"]),
        service_point_id=row["service_point_id"],
        service_point_path=row["service_point__path"],
        department_id=row["department_id"],
    )


def check_password_strength(password: str, field: str) -> None:
    if len(password) < 8 or not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
        raise HubError(ErrorCode.WEAK_PASSWORD, "密码至少 8 位，且须同时包含字母和数字", field)


async def change_password(viewer: Viewer | None, old_password: str,
                          new_password: str) -> list[LoggedEvent]:
    """Change the viewer's own password; every token issued before stops working. Returns the
    ``REVOKED`` event (to publish after the commit: caches of viewers forget the account)."""
    v = require_viewer(viewer)
    staff = await Staff.get(id=v.staff_id)
    if not await verify_password_async(staff.password_hash, old_password):
        raise HubError(ErrorCode.INVALID_CREDENTIALS, "原密码不正确", "oldPassword")
    check_password_strength(new_password, "newPassword")
    if old_password == new_password:
        raise HubError(ErrorCode.WEAK_PASSWORD, "新密码不能与原密码相同", "newPassword")
    password_hash = await hash_password_async(new_password)
    async with in_transaction() as conn:
        await Staff.filter(id=staff.id).using_db(conn).update(
            password_hash=password_hash, token_version=F("token_version") + 1)
        return [await log.append(conn, ACCOUNTS_CHANNEL, REVOKED, {"staffId": staff.id})]


@dataclass(frozen=True)
class NewStaff:
    username: str
    name: str
    password: str
    roles: list[Role]
    service_point_code: str
    department_code: str | None = None
    phone: str = ""


async def create_staff(viewer: Viewer | None, data: NewStaff) -> Staff:
    """An admin creates any account in their subtree; a supervisor creates non-admin ones."""
    v = require_role(viewer, Role.ADMIN, Role.SUPERVISOR)
    if Role.ADMIN in data.roles and not v.has_role(Role.ADMIN):
        raise PermissionDenied("只有系统管理员可以创建管理员账号")
    point = await validate_new_staff(data)
    require_scope(v, point.path)
    department = None
    if data.department_code:
        department = await Department.get_or_none(code=data.department_code)
        if department is None:
            raise HubError(ErrorCode.NOT_FOUND, f"部门 {data.department_code} 不存在", "departmentCode")
    password_hash = await hash_password_async(data.password)  # outside the transaction: it is slow
    async with in_transaction():
        if await Staff.filter(username=data.username).exists():
            raise HubError(ErrorCode.DUPLICATE, f"用户名 {data.username} 已被使用", "username")
        return await Staff.create(
            username=data.username,
            name=data.name.strip(),
            password_hash=password_hash,
            roles=[r.value for r in data.roles],
            service_point=point,
            department=department,
            phone=data.phone.strip(),
        )


async def validate_new_staff(data: NewStaff) -> ServicePoint:
    if not USERNAME_RE.match(data.username):
        raise HubError(
            ErrorCode.INVALID, "用户名须为 3–64 位字母、数字、下划线、点或连字符", "username"
        )
    if not data.name.strip():
        raise HubError(ErrorCode.INVALID, "请填写姓名", "name")
    if not data.roles:
        raise HubError(ErrorCode.INVALID, "请至少选择一个角色", "roles")
    roles = set(data.roles)
    if roles & DEVICE_ROLES and roles - DEVICE_ROLES:
        raise HubError(ErrorCode.INVALID, "设备账号（自助终端、叫号屏）不能兼任人员角色", "roles")
    check_password_strength(data.password, "password")
    point = await ServicePoint.get_or_none(code=data.service_point_code)
    if point is None:
        raise HubError(ErrorCode.NOT_FOUND, f"服务点 {data.service_point_code} 不存在", "servicePointCode")
    return point


async def list_staff(
    viewer: Viewer | None, point_code: str | None, first: int, after: str | None, max_page: int
) -> Page[StaffRow]:
    """Staff of the viewer's subtree (or of one point inside it), by id."""
    v = require_role(viewer, Role.ADMIN, Role.SUPERVISOR)
    check_page_size(first, max_page)
    path = v.service_point_path
    if point_code:
        point = await ServicePoint.get_or_none(code=point_code)
        if point is None:
            raise HubError(ErrorCode.NOT_FOUND, f"服务点 {point_code} 不存在", "servicePointCode")
        require_scope(v, point.path)
        path = point.path
    qs = Staff.filter(service_point__path__startswith=path)
    if after:
        qs = qs.filter(id__gt=int(decode_cursor(after)[0]))
    rows = cast(list[StaffRow], await qs.order_by("id").limit(first + 1).values(*STAFF_FIELDS))
    page = rows[:first]
    return Page(rows=page, has_next=len(rows) > first, cursors=[encode_cursor([r["id"]]) for r in page])
