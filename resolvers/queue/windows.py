"""Signing in to a window (only with a certificate covering it, 持证上岗) and signing out.

An account signed in at one window is not silently moved by a sign-in at another: the sign-in is
refused with SIGNED_IN_ELSEWHERE naming the window, and goes through only when repeated with
``move=True``. The unique open-session columns decide races: of two sign-ins of one account at
once, one wins and the other hears where the account now is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core.clock import local_date, utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import Certificate, QueueCategory, Staff, Ticket, Window, WindowSession
from hub.core.models.enums import Role, TicketStatus, WindowKind
from hub.core.viewer import Viewer, require_role
from training.certificates import CERT_FIELDS
from training.gate import admit, require_certificate

WINDOW_ROLES = {WindowKind.INTAKE: Role.FRONT_DESK, WindowKind.ISSUANCE: Role.ISSUER}
SESSION_FIELDS = ("id", "window_id", "staff_id", "category_ids", "started_at")


async def require_cover(staff_id: int, kind: str, department_codes: list[str]) -> None:
    """The 持证上岗 gate for a window kind and every department its queues serve: one query
    when admitted; the refusal names the window first, then the department not covered."""
    rows = await Certificate.filter(staff_id=staff_id).values(*CERT_FIELDS)
    today = local_date(utcnow())
    checks: list[str | None] = [None, *sorted(set(department_codes))]
    for department in checks:
        if admit(rows, department=department, category=kind, today=today)[0] is None:
            await require_certificate(staff_id, category=kind, department=department, today=today)


async def sign_in(viewer: Viewer | None, window_id: int, prefixes: list[str], *, move: bool = False
                  ) -> dict[str, Any]:
    v = require_role(viewer, Role.FRONT_DESK, Role.ISSUER)
    window = await Window.get_or_none(id=window_id).values(
        "id", "number", "name", "kind", "active", "service_point_id")
    if window is None or not window["active"]:
        raise HubError(ErrorCode.NOT_FOUND, "窗口不存在或已停用", "windowId")
    if window["service_point_id"] != v.service_point_id:
        raise HubError(ErrorCode.NOT_ALLOWED, "只能签入本服务点的窗口", "windowId")
    if not v.has_role(WINDOW_ROLES[window["kind"]]):
        raise HubError(ErrorCode.NOT_ALLOWED, f"{window['name']}需由相应岗位人员签入", "windowId")
    wanted = sorted({p.strip().upper() for p in prefixes if p.strip()})
    if not wanted:
        raise HubError(ErrorCode.INVALID, "请选择本窗口服务的取号类别", "prefixes")
    categories = await QueueCategory.filter(
        service_point_id=window["service_point_id"], prefix__in=wanted, active=True
    ).values("id", "prefix", "department_codes")
    unknown = set(wanted) - {c["prefix"] for c in categories}
    if unknown:
        raise HubError(ErrorCode.NOT_FOUND, f"本服务点没有取号类别：{'、'.join(sorted(unknown))}", "prefixes")
    departments = [d for c in categories for d in c["department_codes"]]
    await require_cover(v.staff_id, window["kind"], departments)

    now = utcnow()
    try:
        async with in_transaction() as conn:
            # The session read here is the one decided on and closed (locked on PostgreSQL): one
            # opened meanwhile by a racing sign-in makes the insert below fail, never closed unasked.
            current = await WindowSession.filter(open_staff_id=v.staff_id).using_db(conn) \
                .select_for_update().first().values("id", "window_id")
            if current is not None and current["window_id"] != window_id and not move:
                raise _signed_in_elsewhere(await _window(conn, current["window_id"]))
            if current is not None:
                await _close(conn, current, now)
            session = await WindowSession.create(
                window_id=window_id, staff_id=v.staff_id,
                category_ids=sorted(c["id"] for c in categories), started_at=now,
                open_window_id=window_id, open_staff_id=v.staff_id, using_db=conn,
            )
    except IntegrityError:
        # A racing sign-in of this account won (the account is now elsewhere), or someone else
        # took the window.
        elsewhere = await _open_window(None, v.staff_id)
        if elsewhere is not None and elsewhere["id"] != window_id:
            raise _signed_in_elsewhere(elsewhere) from None
        holder = await WindowSession.filter(open_window_id=window_id).values_list(
            "staff_id", flat=True)
        name = await Staff.filter(id__in=holder).values_list("name", flat=True)
        who = f"{name[0]} " if name else "其他人员"
        raise HubError(ErrorCode.WINDOW_TAKEN, f"{window['name']}已由{who}签入，请选择其他窗口",
                       "windowId") from None
    return {"id": session.id, "window_id": window_id, "staff_id": v.staff_id,
            "category_ids": session.category_ids, "started_at": now}


async def _open_window(conn: Any, staff_id: int) -> dict[str, Any] | None:
    """The window the staff member is signed in to now, if any."""
    rows = await WindowSession.filter(open_staff_id=staff_id).using_db(conn).values("window_id")
    return await _window(conn, rows[0]["window_id"]) if rows else None


async def _window(conn: Any, window_id: int) -> dict[str, Any]:
    return (await Window.filter(id=window_id).using_db(conn).values("id", "number", "name"))[0]


def _signed_in_elsewhere(window: dict[str, Any]) -> HubError:
    return HubError(ErrorCode.SIGNED_IN_ELSEWHERE,
                    f"您已在 {window['number']} 号窗口签到 — 是否转到此窗口？", "windowId")


async def sign_out(viewer: Viewer | None) -> bool:
    v = require_role(viewer, Role.FRONT_DESK, Role.ISSUER)
    async with in_transaction() as conn:
        return await _close_open(conn, v.staff_id, utcnow())


async def _close_open(conn: Any, staff_id: int, now: datetime) -> bool:
    """Close the staff member's open session; tickets called but not started go back to waiting."""
    open_session = await WindowSession.filter(open_staff_id=staff_id).using_db(conn).first() \
        .values("id", "window_id")
    if open_session is None:
        return False
    await _close(conn, open_session, now)
    return True


async def _close(conn: Any, open_session: dict[str, Any], now: datetime) -> None:
    await Ticket.filter(window_id=open_session["window_id"], status=TicketStatus.CALLED) \
        .using_db(conn).update(status=TicketStatus.WAITING, window_id=None, staff_id=None,
                               called_at=None, recalls=0)
    await WindowSession.filter(id=open_session["id"]).using_db(conn).update(
        ended_at=now, open_window_id=None, open_staff_id=None)


async def current_session(staff_id: int) -> dict[str, Any] | None:
    return await WindowSession.filter(open_staff_id=staff_id).first().values(*SESSION_FIELDS)


async def require_session(viewer: Viewer | None) -> tuple[Viewer, dict[str, Any], dict[str, Any]]:
    v = require_role(viewer, Role.FRONT_DESK, Role.ISSUER)
    session = await current_session(v.staff_id)
    if session is None:
        raise HubError(ErrorCode.NOT_SIGNED_IN, "请先签入窗口")
    window = await Window.get(id=session["window_id"]).values(
        "id", "number", "name", "kind", "service_point_id")
    return v, session, window
