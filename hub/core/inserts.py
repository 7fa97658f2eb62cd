"""Several rows of one model in ONE ``INSERT … RETURNING`` statement, their ids set on them.

``bulk_create`` writes rows in one statement but gives no ids back (SQLite's and asyncpg's
executemany return none), so a writer that needs them (a case's checklist lines for their files,
an SMS notification for its outbox message) read them in a second statement or created the rows
one by one. PostgreSQL and SQLite (3.35+) both return the inserted rows; RETURNING's order is
not promised, so each row comes back with a column that tells it apart (``by``: a key unique
among the rows). Values are converted exactly as Tortoise converts them for its own insert
(``to_db_value`` of each field, the same columns), and the SQL text is built once per model,
dialect and number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from tortoise import Model
from tortoise.backends.base.client import BaseDBAsyncClient

M = TypeVar("M", bound=Model)

_texts: dict[tuple[type[Model], bool, int, str], tuple[str, list[str]]] = {}


def _text(model: type[Model], postgres: bool, rows: int, by: str) -> tuple[str, list[str]]:
    key = (model, postgres, rows, by)
    if key not in _texts:
        meta = model._meta
        fields = [f for f in meta.fields_db_projection if not meta.fields_map[f].generated]
        columns = ", ".join(f'"{meta.fields_db_projection[f]}"' for f in fields)
        width = len(fields)
        marks = ", ".join(
            "(" + ", ".join(f"${r * width + i + 1}" if postgres else "?" for i in range(width)) + ")"
            for r in range(rows))
        pk, returned = meta.db_pk_column, meta.fields_db_projection[by]
        _texts[key] = (f'INSERT INTO "{meta.db_table}" ({columns}) VALUES {marks} '
                       f'RETURNING "{pk}" AS "pk", "{returned}" AS "by"', fields)
    return _texts[key]


async def insert_returning(conn: BaseDBAsyncClient, rows: Sequence[M], by: str) -> list[M]:
    """Insert ``rows`` (unsaved instances of one model) in one statement; each gets its id.
    ``by`` names a field whose value differs between the rows (matches ids to rows)."""
    if not rows:
        return []
    model = type(rows[0])
    postgres = conn.capabilities.dialect == "postgres"
    sql, fields = _text(model, postgres, len(rows), by)
    fields_map = model._meta.fields_map
    values = [fields_map[f].to_db_value(getattr(row, f), row) for row in rows for f in fields]
    by_field = fields_map[by]
    index = {by_field.to_db_value(getattr(row, by), row): row for row in rows}
    assert len(index) == len(rows), f"{by} must tell the rows apart"
    for r in await conn.execute_query_dict(sql, values):
        row = index[r["by"]]
        setattr(row, model._meta.pk_attr, r["pk"])
        row._saved_in_db = True
    return list(rows)
