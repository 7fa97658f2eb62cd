"""Catalog rules: which items a filter selects, in which order, page by page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from tortoise import connections

from hub.core.keyed import Projection, param, placeholders
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


# --- the catalogue order: SQL texts built once per kind of filter and dialect ----------------
# The page and the filter's count are one statement (a window count over the filtered items,
# taken before the cursor and the limit): the ORM built two statements per request, and
# building them cost more than the database spent answering. Portable SQL (SQLite 3.25+).
_COLUMNS = Projection(Item, ITEM_FIELDS, DEPARTMENT_JOIN)
_TEXTS: dict[tuple[Any, ...], str] = {}


def _where(f: ItemFilter) -> tuple[str, list[Any]]:
    """The filter's conditions (``?`` marks) and their values; the item table is "item", its
    department "_department" (as the projection joins it)."""
    meta = Item._meta
    column = meta.fields_db_projection
    conditions = [f'"item"."{column["active"]}" = ?']
    values: list[Any] = [True]
    if f.department_code:
        conditions.append('"_department"."code" = ?')
        values.append(f.department_code)
    if f.life_event_code:
        link = meta.fields_map["life_events"]
        # backward_key: the link's column of the item; forward_key: of the life event
        through, near, far = link.through, link.backward_key, link.forward_key  # type: ignore[attr-defined]
        conditions.append(f'EXISTS (SELECT 1 FROM "{through}" AS "_link" JOIN "life_event" AS "_event" '
                          f'ON "_event"."id" = "_link"."{far}" WHERE "_link"."{near}" = "item"."id" '
                          f'AND "_event"."code" = ?)')
        values.append(f.life_event_code)
    if f.terminal is Terminal.COUNTER:
        conditions.append(f'"item"."{column["counter"]}" = ?')
        values.append(True)
    elif f.terminal is not None:
        conditions.append(f'NOT "item"."{column[f.terminal.value.lower()]}" = ?')
        values.append(ChannelMode.NONE.value)
    return " AND ".join(conditions), values


def _text(key: tuple[Any, ...], build: Callable[[], str], pg: bool) -> str:
    sql = _TEXTS.get((pg, *key))
    if sql is None:
        sql = _TEXTS[(pg, *key)] = placeholders(build(), pg)
    return sql


def _filter_key(f: ItemFilter) -> tuple[Any, ...]:
    return bool(f.department_code), bool(f.life_event_code), f.terminal


async def _page(f: ItemFilter, cursor: tuple[Any, ...] | None, limit: int
                ) -> tuple[list[ItemRow], int | None]:
    """Up to ``limit`` rows after the cursor (sort, code), and how many the filter selects
    (None when the page is empty past a cursor: nothing carried the count)."""
    conn = connections.get("default")
    pg = conn.capabilities.dialect == "postgres"
    select, joins, _ = _COLUMNS.compiled(pg)
    where, values = _where(f)

    def build() -> str:
        after = ' WHERE "_page"."sort" > ? OR ("_page"."sort" = ? AND "_page"."code" > ?)' \
            if cursor is not None else ""
        return (f'SELECT * FROM (SELECT {select}, COUNT(*) OVER () AS "_total" FROM "item" {joins} '
                f'WHERE {where}) AS "_page"{after} ORDER BY "_page"."sort", "_page"."code" LIMIT ?')

    sql = _text(("page", *_filter_key(f), cursor is not None), build, pg)
    if cursor is not None:
        sort, code = cursor  # a cursor of another shape fails here, as the ORM's unpacking did
        fields = Item._meta.fields_map  # the values converted as the ORM's filters convert them
        sort, code = fields["sort"].to_db_value(sort, Item), fields["code"].to_db_value(code, Item)
        values += [sort, sort, code]
    rows = await conn.execute_query_dict(sql, [param(v, pg) for v in [*values, limit]])
    total = int(rows[0]["_total"]) if rows else (0 if cursor is None else None)
    for row in rows:
        del row["_total"]
    return cast(list[ItemRow], _COLUMNS.convert(rows, pg)), total


async def _count(f: ItemFilter) -> int:
    conn = connections.get("default")
    pg = conn.capabilities.dialect == "postgres"
    _select, joins, _ = _COLUMNS.compiled(pg)
    where, values = _where(f)
    sql = _text(("count", *_filter_key(f)), lambda: f'SELECT COUNT(*) AS "n" FROM "item" {joins} '
                                                    f'WHERE {where}', pg)
    rows = await conn.execute_query_dict(sql, [param(v, pg) for v in values])
    return int(rows[0]["n"])


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
    cursor = tuple(decode_cursor(after)[:2]) if after else None
    rows, total = await _page(f, cursor, first + 1)
    page = rows[:first]
    return Page(
        rows=page,
        has_next=len(rows) > first,
        cursors=[encode_cursor([r["sort"], r["code"]]) for r in page],
        total=total,
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
    return await _count(f)


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
