"""The 持证上岗 gate: only staff holding a valid certificate of the right scope may serve.

Callers (window sign-in, calling a ticket, accepting a case) do::

    from training.gate import require_certificate

    await require_certificate(viewer.staff_id, category="INTAKE", department="YB")

It returns the admitting certificate row, or raises ``HubError("NOT_CERTIFIED", message)`` whose
Chinese message names what is required and why the staff member falls short (no certificate,
one that does not cover the scope, expired, revoked). Validity is decided at call time from
``today`` (Shanghai date by default), so an expiry or a revocation takes effect on the next call,
with nothing cached. One SQL query when admitted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hub.core.clock import local_date, utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import Certificate, Department
from hub.core.models.enums import CertificateStatus
from training.certificates import CERT_FIELDS, status_of
from training.exams import QUEUE_CATEGORY_LABELS


async def require_certificate(
    staff_id: int, *, department: str | None = None, category: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The valid certificate letting ``staff_id`` serve ``category`` (a queue category such as
    INTAKE) and ``department`` (a department code); either may be omitted. Raises NOT_CERTIFIED."""
    today = today or local_date(utcnow())
    rows = await Certificate.filter(staff_id=staff_id).values(*CERT_FIELDS)
    admitted, why = admit(rows, department=department, category=category, today=today)
    if admitted is not None:
        return admitted
    name = None
    if department:
        found = await Department.filter(code=department).values_list("short_name", flat=True)
        name = str(found[0]) if found else department
    raise HubError(ErrorCode.NOT_CERTIFIED, f"{_what(category, name)}需持有效的上岗证（持证上岗）：{why}")


def covers(row: dict[str, Any], department: str | None, category: str | None) -> bool:
    return (department is None or department in row["scope_departments"]) and (
        category is None or category in row["scope_categories"]
    )


def admit(
    rows: list[dict[str, Any]], *, department: str | None, category: str | None, today: date
) -> tuple[dict[str, Any] | None, str]:
    """Pure: the certificate that admits, or None and the reason in Chinese."""
    fitting = [r for r in rows if covers(r, department, category)]
    for row in fitting:
        if status_of(row, today) == CertificateStatus.VALID:
            return row, ""
    if not rows:
        return None, "您尚未取得上岗证，请先参加培训并通过上岗考试"
    if not fitting:
        return None, "您持有的上岗证不含此范围，请参加相应的上岗考试"
    latest = max(fitting, key=lambda r: (r["valid_until"], r["id"]))
    if latest["revoked"]:
        return None, f"您的上岗证 {latest['code']} 已被撤销（{latest['revoked_reason']}）"
    if latest["issued_on"] > today:
        return None, f"您的上岗证 {latest['code']} 自 {latest['issued_on']:%Y-%m-%d} 起生效"
    return None, f"您的上岗证 {latest['code']} 已于 {latest['valid_until']:%Y-%m-%d} 到期，请重新参加上岗考试"


def _what(category: str | None, department_name: str | None) -> str:
    parts = []
    if category:
        parts.append(f"在{QUEUE_CATEGORY_LABELS.get(category, category)}窗口服务")
    if department_name:
        parts.append(f"办理{department_name}业务")
    return "、".join(parts) or "上岗服务"
