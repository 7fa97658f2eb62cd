"""Rows by a list of keys in one SQL text built once: the hot loaders' statements.

A DataLoader's batch was ``Model.filter(key__in=keys).values(*fields)``: Tortoise and pypika
rebuild that SQL on every call (a quarter of a request's samples under load, DECISIONS §51),
and the text changes with the number of keys, so asyncpg prepares it again for each size. Here
the text is made once per dialect and takes the keys as ONE parameter —
``"col" = ANY($1)`` on PostgreSQL (an array), ``"col" IN (SELECT value FROM json_each(?))`` on
SQLite (a JSON list) — so it is prepared once per connection whatever the batch. Values are
converted as Tortoise's ``.values()`` converts them (enums to members, JSON decoded, SQLite's
text dates and 0/1 booleans), so a loader switched to this hands its callers the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tortoise import Model, connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields.data import CharEnumFieldInstance

Converter = Callable[[Any], Any] | None


class Projection:
    """A model's columns, and columns of its foreign keys' rows, as ``.values()`` names and
    converts them: the select list and its joins, made once per dialect."""

    def __init__(self, model: type[Model], fields: Sequence[str] | None,
                 aliases: dict[str, str] | None = None) -> None:
        self.model = model
        # (name in the row, path): a path "rel__col" reads a column of a foreign key's row
        # (LEFT JOIN, as Tortoise's .values("rel__col") does); ``aliases`` name such paths.
        # ``fields=None``: every column, as ``.values()`` gives them (known once Tortoise is
        # initialised: foreign keys' ``…_id`` columns are added then).
        self.columns = None if fields is None else tuple(fields)
        self.aliases = dict(aliases or {})
        self._compiled: dict[bool, tuple[str, str, list[tuple[str, Converter]]]] = {}

    def compiled(self, pg: bool) -> tuple[str, str, list[tuple[str, Converter]]]:
        """(select list, joins, converters of the columns the driver does not hand ready)."""
        found = self._compiled.get(pg)
        if found is None:
            found = self._compiled[pg] = self._compile()
        return found

    def _compile(self) -> tuple[str, str, list[tuple[str, Converter]]]:
        meta = self.model._meta
        table = meta.db_table
        column = meta.fields_db_projection
        fields = tuple(column) if self.columns is None else self.columns
        wanted = tuple((f, f) for f in fields) + tuple(self.aliases.items())
        joins: dict[str, str] = {}
        select: list[str] = []
        converters: list[tuple[str, Converter]] = []
        for name, path in wanted:
            relation, _, attr = path.rpartition("__")
            if relation:  # one level of foreign key
                fk = meta.fields_map[relation]
                target = fk.related_model._meta  # type: ignore[attr-defined]
                source = column[str(fk.source_field)]  # type: ignore[attr-defined]
                joins[relation] = (f'LEFT JOIN "{target.db_table}" AS "_{relation}" ON '
                                   f'"_{relation}"."{target.db_pk_column}" = "{table}"."{source}"')
                select.append(f'"_{relation}"."{target.fields_db_projection[attr]}" AS "{name}"')
                converters.append((name, _converter(target, attr)))
            else:
                select.append(f'"{table}"."{column[path]}" AS "{name}"')
                converters.append((name, _converter(meta, path)))
        return (", ".join(select), " ".join(joins.values()),
                [(name, fn) for name, fn in converters if fn is not None])

    def convert(self, rows: list[dict[str, Any]], pg: bool) -> list[dict[str, Any]]:
        """The driver's rows as ``.values()`` hands them (in place)."""
        convert(rows, self.compiled(pg)[2])
        return rows


class KeyedSelect:
    """``SELECT fields FROM model WHERE key IN keys [AND flag = value …] [ORDER BY …]``.

    ``key`` may name a many-to-many relation of the model (``LifeEvent`` by ``"items"``): the
    rows linked to those keys through its table, each with the linking key as ``link_as``
    (a row per link, as ``.values(link_as="items__id")`` gives them)."""

    def __init__(self, model: type[Model], fields: Sequence[str] | None, key: str, *,
                 where: dict[str, Any] | None = None, order_by: Sequence[str] = (),
                 aliases: dict[str, str] | None = None, link_as: str | None = None) -> None:
        self.model = model
        self.projection = Projection(model, fields, aliases)
        self.key = key
        self.link_as = link_as
        self.where = dict(where or {})
        self.order_by = tuple(order_by)
        self._compiled: dict[str, str] = {}

    def _compile(self, pg: bool) -> str:
        meta = self.model._meta
        table = meta.db_table
        column = meta.fields_db_projection
        select, joins, _ = self.projection.compiled(pg)
        link = meta.fields_map.get(self.key)
        if link is not None and hasattr(link, "through"):  # many-to-many: through its table
            assert self.link_as, "a key through a many-to-many relation needs link_as"
            through, near, far = link.through, link.backward_key, link.forward_key  # type: ignore[attr-defined]
            select += f', "_link"."{far}" AS "{self.link_as}"'
            source = (f'"{through}" AS "_link" JOIN "{table}" ON '
                      f'"{table}"."{meta.db_pk_column}" = "_link"."{near}"')
            conditions = [in_keys(f'"_link"."{far}"', 1, pg)]
        else:
            source = f'"{table}"'
            conditions = [in_keys(f'"{table}"."{column[self.key]}"', 1, pg)]
        for i, name in enumerate(self.where, start=2):
            conditions.append(f'"{table}"."{column[name]}" = {"$" + str(i) if pg else "?"}')
        sql = f'SELECT {select} FROM {source} {joins} WHERE {" AND ".join(conditions)}'
        if self.order_by:
            sql += " ORDER BY " + ", ".join(
                f'"{table}"."{column[o.lstrip("-")]}"{" DESC" if o.startswith("-") else ""}'
                for o in self.order_by)
        return sql

    async def rows(self, keys: Iterable[Any], conn: BaseDBAsyncClient | None = None
                   ) -> list[dict[str, Any]]:
        wanted = list(keys)
        if not wanted:
            return []
        conn = conn or connections.get(self.model._meta.default_connection or "default")
        pg = conn.capabilities.dialect == "postgres"
        dialect = "pg" if pg else "sqlite"
        sql = self._compiled.get(dialect)
        if sql is None:
            sql = self._compiled[dialect] = self._compile(pg)
        params: list[Any] = [key_list(wanted, pg)]
        params += [param(v, pg) for v in self.where.values()]
        return self.projection.convert(await conn.execute_query_dict(sql, params), pg)


def param(value: Any, pg: bool) -> Any:
    """A parameter as the driver takes it (SQLite stores booleans as 0/1)."""
    if isinstance(value, bool) and not pg:
        return int(value)
    return value


def columns(model: type[Model], table_alias: str, fields: Sequence[str] | None = None,
            prefix: str = "") -> tuple[str, list[tuple[str, Converter]]]:
    """A select list of ``model``'s columns (all when ``fields`` is None) from ``table_alias``,
    each named ``prefix + field``, and their converters (for ``convert``): to compose a
    statement that joins several tables and reads each as ``.values()`` would. Call it once
    Tortoise is initialised (foreign keys' columns and native types are known then)."""
    meta = model._meta
    projection = meta.fields_db_projection
    names = tuple(projection) if fields is None else tuple(fields)
    select = ", ".join(f'{table_alias}."{projection[f]}" AS "{prefix}{f}"' for f in names)
    return select, [(prefix + f, _converter(meta, f)) for f in names]


def placeholders(sql: str, pg: bool) -> str:
    """``?`` parameters as PostgreSQL's ``$1, $2 …`` (SQLite keeps ``?``); for texts with no
    ``?`` inside literals."""
    if not pg:
        return sql
    parts = sql.split("?")
    return "".join(f"{part}${i}" if i < len(parts) else part for i, part in enumerate(parts, start=1))


def in_keys(column: str, n: int, pg: bool) -> str:
    """``column`` in the list of keys passed as parameter ``n`` (1-based) — see ``key_list``."""
    return f"{column} = ANY(${n})" if pg else f"{column} IN (SELECT value FROM json_each(?))"


def key_list(keys: Iterable[Any], pg: bool) -> Any:
    """Keys as the one parameter ``in_keys`` takes: an array, or a JSON list for SQLite."""
    wanted = list(dict.fromkeys(keys))
    return wanted if pg else json.dumps(wanted)


def convert(rows: list[dict[str, Any]], converters: Sequence[tuple[str, Converter]]) -> None:
    """Convert in place the named columns as ``.values()`` would (None stays None)."""
    active = [(name, fn) for name, fn in converters if fn is not None]
    for row in rows:
        for name, fn in active:
            value = row[name]
            if value is not None:
                row[name] = fn(value)


def converter(model: type[Model], field: str) -> Converter:
    """How ``.values()`` turns the driver's value of ``model.field`` into Python's (None: as is)."""
    return _converter(model._meta, field)


def _converter(meta: Any, field: str) -> Converter:
    """None where the driver already hands the Python value (Tortoise's "native" fields of
    this dialect: a BooleanField is native on PostgreSQL only, SQLite answers 0/1)."""
    if any(name == field for _, name, _ in meta.db_native_fields):
        return None
    field_object = meta.fields_map[field]
    if isinstance(field_object, CharEnumFieldInstance):
        # what ``enum_type(value)`` answers, by one lookup (a row of the guide has several)
        members = field_object.enum_type._value2member_map_
        slow = field_object.to_python_value

        def member(value: Any) -> Any:
            found = members.get(value)
            return found if found is not None else slow(value)

        return member
    return field_object.to_python_value
