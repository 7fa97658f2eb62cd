"""Certificates (上岗证): issue on a passed exam, revoke, public verification, expiry reminders.

Status is computed at read time from ``today``, so expiry and revocation take effect at once.

One valid certificate per person and scope: nobody is examined again for a scope a valid
certificate already covers, except for renewal (换证) in its last ``RENEWAL_DAYS`` days; issuing
locks the person, issues nothing when such a certificate exists meanwhile, and on a renewal ends
the certificates the new one replaces the day before it starts.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from tortoise.expressions import Q

from hub.core.clock import one_year_later
from hub.core.errors import ErrorCode, HubError
from hub.core.models import Certificate, Department, Exam, Staff
from hub.core.models.enums import CertificateStatus, Role
from hub.core.pagination import Page, check_page_size, decode_cursor, encode_cursor
from hub.core.viewer import Viewer, require_role, require_scope
from training.access import require_staff_access
from training.exams import scope_label

CERT_FIELDS = (
    "id", "code", "staff_id", "exam_id", "attempt_id", "holder_name", "exam_title", "scope_categories",
    "scope_departments", "issued_on", "valid_until", "revoked", "revoked_reason", "revoked_at",
)
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread
RENEWAL_DAYS = 30  # a retake is a renewal from 30 days before expiry, when the reminders start


def new_code() -> str:
    """"K7Q2-M9XD-4TRB": 60 random bits, so the public verification cannot be enumerated."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def status_of(row: dict[str, Any], today: date) -> CertificateStatus:
    if row["revoked"]:
        return CertificateStatus.REVOKED
    if not row["issued_on"] <= today <= row["valid_until"]:
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID


def mask_name(name: str) -> str:
    """李晓敏 → 李*敏, 李敏 → 李*, 欧阳晓敏 → 欧**敏: enough to recognise, not to identify."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def covers_scope(row: dict[str, Any], categories: list[str], departments: list[str]) -> bool:
    """Whether certificate ``row`` lets its holder serve everything of the given scope."""
    return set(categories) <= set(row["scope_categories"]) and set(departments) <= set(
        row["scope_departments"])


def renewable(row: dict[str, Any], today: date) -> bool:
    return row["valid_until"] <= today + timedelta(days=RENEWAL_DAYS)


async def _valid(staff_id: int, today: date) -> list[dict[str, Any]]:
    return await Certificate.filter(staff_id=staff_id, revoked=False, issued_on__lte=today,
                                    valid_until__gte=today).order_by("id").values(*CERT_FIELDS)


async def require_not_certified(staff_id: int, exam: dict[str, Any], today: date) -> None:
    """Refuse an exam whose scope a valid certificate of the person already covers and that is
    not yet in its renewal period."""
    for row in await _valid(staff_id, today):
        if covers_scope(row, exam["scope_categories"], exam["scope_departments"]) and not renewable(
                row, today):
            renew_from = row["valid_until"] - timedelta(days=RENEWAL_DAYS)
            raise HubError(
                ErrorCode.ALREADY_CERTIFIED,
                f"{row['holder_name']} 已持有效的上岗证 {row['code']}（{row['exam_title']}，有效期至 "
                f"{row['valid_until']}），已覆盖本考试的范围，无需重复考试；"
                f"可于 {renew_from} 起参加换证考试", "staffId")


async def issue(staff_id: int, exam_id: int, attempt_id: int | None, issued_on: date
                ) -> dict[str, Any] | None:
    """A one-year certificate with the scope the exam grants (call inside the grading
    transaction), or None when a valid one that is not yet renewable covers that scope already
    (two passes graded at once). The certificates it renews end the day before it starts."""
    exam = await Exam.get(id=exam_id)
    # The person's row is the lock that puts concurrent issues one after the other (PostgreSQL;
    # SQLite runs one transaction at a time).
    staff = await Staff.filter(id=staff_id).select_for_update().get()
    replaced = []
    for row in await _valid(staff_id, issued_on):
        if covers_scope(row, exam.scope_categories, exam.scope_departments):
            if not renewable(row, issued_on):
                return None
            replaced.append(row["id"])
        elif covers_scope({"scope_categories": exam.scope_categories,
                           "scope_departments": exam.scope_departments},
                          row["scope_categories"], row["scope_departments"]):
            replaced.append(row["id"])  # narrower: the new one covers it entirely
    if replaced:
        await Certificate.filter(id__in=replaced).update(valid_until=issued_on - timedelta(days=1))
    cert = await Certificate.create(
        code=new_code(), staff_id=staff_id, exam_id=exam_id, attempt_id=attempt_id,
        holder_name=staff.name, exam_title=exam.title, scope_categories=exam.scope_categories,
        scope_departments=exam.scope_departments, issued_on=issued_on,
        valid_until=one_year_later(issued_on),
    )
    return (await Certificate.filter(id=cert.id).values(*CERT_FIELDS))[0]


async def by_code(code: str) -> dict[str, Any] | None:
    rows = await Certificate.filter(code=code.strip().upper()).values(*CERT_FIELDS)
    return rows[0] if rows else None


async def of_attempt(attempt_id: int) -> dict[str, Any] | None:
    rows = await Certificate.filter(attempt_id=attempt_id).values(*CERT_FIELDS)
    return rows[0] if rows else None


async def revoke(viewer: Viewer | None, code: str, reason: str, now: datetime) -> dict[str, Any]:
    """Takes effect at once: the gate reads the flag on every call."""
    v = require_role(viewer, Role.SUPERVISOR, Role.ADMIN)
    rows = await Certificate.filter(code=code.strip().upper()).values(
        "id", path="staff__service_point__path"
    )
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, f"上岗证 {code} 不存在", "code")
    require_scope(v, rows[0]["path"])
    reason = reason.strip()
    if not reason or len(reason) > 255:
        raise HubError(ErrorCode.INVALID, "请填写撤销原因（不超过 255 字）", "reason")
    changed = await Certificate.filter(id=rows[0]["id"], revoked=False).update(
        revoked=True, revoked_reason=reason, revoked_at=now, revoked_by_id=v.staff_id
    )
    if not changed:
        raise HubError(ErrorCode.ALREADY_REVOKED, "该上岗证已被撤销", "code")
    return (await Certificate.filter(id=rows[0]["id"]).values(*CERT_FIELDS))[0]


async def of_staff(viewer: Viewer | None, staff_id: int) -> list[dict[str, Any]]:
    await require_staff_access(viewer, staff_id, "只能查看本人或管辖范围内人员的上岗证")
    return await Certificate.filter(staff_id=staff_id).order_by("-issued_on", "-id").values(*CERT_FIELDS)


async def expiring(
    viewer: Viewer | None, days: int, today: date, first: int, after: str | None, max_page: int
) -> Page:
    """Valid certificates of the viewer's subtree ending within ``days`` (reminders at 30 and 7),
    soonest first."""
    v = require_role(viewer, Role.SUPERVISOR, Role.ADMIN)
    check_page_size(first, max_page)
    if not 1 <= days <= 366:
        raise HubError(ErrorCode.INVALID, "天数须在 1 到 366 之间", "days")
    qs = Certificate.filter(
        revoked=False, valid_until__gte=today, valid_until__lte=today + timedelta(days=days),
        issued_on__lte=today, staff__service_point__path__startswith=v.service_point_path,
    )
    if after:
        key = decode_cursor(after)
        until = date.fromisoformat(key[0])
        qs = qs.filter(Q(valid_until__gt=until) | Q(valid_until=until, id__gt=int(key[1])))
    rows = await qs.order_by("valid_until", "id").limit(first + 1).values(*CERT_FIELDS)
    page = rows[:first]
    return Page(rows=page, has_next=len(rows) > first,
                cursors=[encode_cursor([r["valid_until"].isoformat(), r["id"]]) for r in page])


async def department_names() -> dict[str, str]:
    return dict(await Department.all().values_list("code", "short_name"))


def public_view(row: dict[str, Any], today: date, names: dict[str, str]) -> dict[str, Any]:
    """What anyone holding the code may learn: no full name, no staff id, no revocation reason."""
    status = status_of(row, today)
    return {
        "code": row["code"], "masked_name": mask_name(row["holder_name"]), "exam_title": row["exam_title"],
        "scope_categories": row["scope_categories"], "scope_departments": row["scope_departments"],
        "scope_label": scope_label(row["scope_categories"], row["scope_departments"], names),
        "issued_on": row["issued_on"], "valid_until": row["valid_until"], "status": status,
    }


async def verify(code: str, today: date) -> dict[str, Any] | None:
    row = await by_code(code) if code.strip() else None
    return public_view(row, today, await department_names()) if row else None
