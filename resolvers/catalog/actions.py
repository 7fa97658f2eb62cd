"""Catalog rules: which items a filter selects, in which order, page by page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from hub.core.models import Item
from hub.core.models.enums import ChannelMode, ItemKind, Terminal
from hub.core.models.rows import DepartmentRow, ItemRow
from hub.core.pagination import Page, check_page_size, decode_cursor, encode_cursor

# Item columns plus its department (joined: the guide always shows it).
ITEM_FIELDS = (
    "id", "code", "name", "summary", "keywords", "kind", "decision_level", "scope",
    "accepting_agency", "deciding_agency", "legal_time_limit_days", "promised_time_limit_days",
    "fee", "fee_basis", "fees", "counter", "pc", "mobile", "kiosk", "accept_scope", "standard",
    "base_code", "version", "sort", "department_id",
)
DEPARTMENT_JOIN = {
    "dept_code": "department__code",
    "dept_name": "department__name",
    "dept_short_name": "department__short_name",
}


@dataclass(frozen=True)
class ItemFilter:
    department_code: str | None = None
    life_event_code: str | None = None
    terminal: Terminal | None = None
    keyword: str | None = None


def _filtered(f: ItemFilter) -> QuerySet[Item]:
    qs = Item.filter(active=True)
    if f.department_code:
        qs = qs.filter(department__code=f.department_code)
    if f.life_event_code:
        qs = qs.filter(life_events__code=f.life_event_code)
    if f.terminal is Terminal.COUNTER:
        qs = qs.filter(counter=True)
    elif f.terminal is not None:
        qs = qs.exclude(**{f.terminal.value.lower(): ChannelMode.NONE})
    return qs


async def _ranked_codes(f: ItemFilter) -> list[str]:
    """Codes matching the keyword (name, keywords, pinyin, initials, one typo), best first."""
    from resolvers.catalog.search_index import current_index

    index = await current_index()
    hits = index.search(
        f.keyword or "", department=f.department_code, life_event=f.life_event_code,
        terminal=f.terminal.value if f.terminal else None, limit=len(index),
    )
    return [h.code for h in hits]


async def list_items(f: ItemFilter, first: int, after: str | None, max_page: int) -> Page[ItemRow]:
    """Items in catalogue order (sort, code), or by relevance for a keyword; paginated."""
    check_page_size(first, max_page)
    if (f.keyword or "").strip():
        return await _list_ranked(f, first, after)
    qs = _filtered(f)
    if after:
        sort, code = decode_cursor(after)[:2]
        qs = qs.filter(Q(sort__gt=sort) | Q(sort=sort, code__gt=code))
    rows = cast(list[ItemRow], await qs.order_by("sort", "code").limit(first + 1).values(
        *ITEM_FIELDS, **DEPARTMENT_JOIN))
    page = rows[:first]
    return Page(
        rows=page,
        has_next=len(rows) > first,
        cursors=[encode_cursor([r["sort"], r["code"]]) for r in page],
    )


async def _list_ranked(f: ItemFilter, first: int, after: str | None) -> Page[ItemRow]:
    codes = await _ranked_codes(f)
    start = int(decode_cursor(after)[0]) + 1 if after else 0
    page_codes = codes[start:start + first]
    rows = cast(list[ItemRow], await Item.filter(code__in=page_codes).values(*ITEM_FIELDS, **DEPARTMENT_JOIN))
    by_code = {r["code"]: r for r in rows}
    page = [by_code[c] for c in page_codes if c in by_code]
    return Page(
        rows=page, has_next=start + first < len(codes),
        cursors=[encode_cursor([start + i]) for i in range(len(page))], total=len(codes),
    )


async def count_items(f: ItemFilter) -> int:
    if (f.keyword or "").strip():
        return len(await _ranked_codes(f))
    return await _filtered(f).count()


def department_row(item_row: ItemRow) -> DepartmentRow:
    """The department part of a joined item row, shaped like a department loader row."""
    return {
        "id": item_row["department_id"],
        "code": item_row["dept_code"],
        "name": item_row["dept_name"],
        "short_name": item_row["dept_short_name"],
    }


def time_limit_label(kind: ItemKind, promised_days: int) -> str:
    """How the guide states the promised time limit: 即办 or N个工作日."""
    if kind is ItemKind.INSTANT or promised_days == 0:
        return "即办"
    return f"{promised_days}个工作日"
