"""Where a case is finished (统一窗口出件), whatever the channel it came in by.

A case is issued at its finish point: the receiving point when that point has an issuance
window (综合出件窗口), else the nearest point above it that has one — a community's cases
(filed by a grid worker, at its window, or chosen online as the place to finish) are handed out
by its street centre, or carried home from there by a grid worker. On any channel the applicant
may instead name another point with an issuance window (nearer home or work). The point is fixed
at intake
and stored on the case, so the issuance queue, the issuer's rights and the resident's tracking
page all read one column. A point with no issuance window on its chain cannot receive a case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.core.errors import ErrorCode, HubError
from hub.core.models import Window
from hub.core.models.enums import WindowKind


def _issuing(**where: Any) -> Any:
    return Window.filter(kind=WindowKind.ISSUANCE, active=True, **where).values(
        id="service_point_id", code="service_point__code", name="service_point__name",
        path="service_point__path")


async def chosen_finish_point(code: str) -> dict[str, Any]:
    """The point the applicant chose to finish at; it must have an issuance window."""
    rows = await _issuing(service_point__code=code)
    if not rows:
        raise HubError(ErrorCode.NOT_ACCEPTED_HERE,
                       f"服务点 {code[:32]} 不设综合出件窗口，请选择区或街道（镇）服务中心作为出件地点",
                       "finishPointCode")
    return dict(rows[0])


async def finish_point(receiving: Mapping[str, Any]) -> dict[str, Any]:
    """The finish point (id, code, name, path) of a case received at ``receiving`` (a row with
    ``path``); NOT_ACCEPTED_HERE when no point on its chain has an issuance window."""
    codes = [c for c in str(receiving["path"]).split("/") if c]
    rows = await _issuing(service_point__code__in=codes)
    issuing = {r["code"]: r for r in rows}
    for code in reversed(codes):  # nearest first
        if code in issuing:
            return dict(issuing[code])
    raise HubError(ErrorCode.NOT_ACCEPTED_HERE,
                   "该服务点及其上级均未设综合出件窗口，无法办结，请选择区、街道或社区服务点",
                   "servicePointCode")
