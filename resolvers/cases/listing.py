"""Lists of cases: a staff member's visible cases with filters, a resident's own cases, and
tracking by case number plus ID number. Newest first, keyset-paginated by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from tortoise.expressions import Q

from hub.core.errors import ErrorCode, HubError
from hub.core.idcard import parse_id_number
from hub.core.models import Case
from hub.core.models.enums import CaseStatus
from hub.core.models.rows import CaseRow
from hub.core.pagination import Page, check_page_size, decode_cursor, encode_cursor
from hub.core.viewer import Viewer, require_viewer
from resolvers.cases.access import CASE_NOT_FOUND, visible_filter

MAX_PAGE = 100


@dataclass(frozen=True)
class CaseFilter:
    statuses: Sequence[CaseStatus] = ()
    item_code: str | None = None
    keyword: str | None = None  # a case number (or its tail) or an applicant name
    assigned_to_me: bool = False


def _query(viewer: Viewer, f: CaseFilter) -> Any:
    q = Case.filter(visible_filter(viewer))
    if f.statuses:
        q = q.filter(status__in=[s.value for s in f.statuses])
    if f.item_code:
        q = q.filter(item_code=f.item_code)
    if f.keyword and f.keyword.strip():
        k = f.keyword.strip()
        q = q.filter(Q(number__endswith=k) | Q(applicant_name__contains=k))
    if f.assigned_to_me:
        q = q.filter(assignee_id=viewer.staff_id)
    return q


async def staff_cases(viewer: Viewer | None, f: CaseFilter, first: int, after: str | None) -> Page[CaseRow]:
    v = require_viewer(viewer)
    check_page_size(first, MAX_PAGE)
    q = _query(v, f)
    if after:
        key = decode_cursor(after)
        q = q.filter(id__lt=int(key[0]))
    rows = cast(list[CaseRow], await q.order_by("-id").limit(first + 1).values())
    return Page(rows[:first], len(rows) > first, [encode_cursor([r["id"]]) for r in rows[:first]])


async def count_staff_cases(viewer: Viewer, f: CaseFilter) -> int:
    return int(await _query(viewer, f).count())


async def own_cases(person_id: int, first: int = 50) -> list[CaseRow]:
    check_page_size(first, MAX_PAGE)
    rows = await Case.filter(person_id=person_id).order_by("-id").limit(first).values()
    return cast(list[CaseRow], list(rows))


async def track(number: str, id_number: str) -> CaseRow:
    """The case with this number whose applicant holds this ID number (no login needed); any
    mismatch is the same "not found", so neither half can be probed."""
    parsed = parse_id_number(id_number)
    # One statement: the case joined to its applicant (the person's ID number is unique).
    rows = cast(list[CaseRow], await Case.filter(
        number=number.strip(), person__id_number=parsed.value).values())
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, CASE_NOT_FOUND, "number")
    return rows[0]
