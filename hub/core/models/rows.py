"""The columns each plain row (``.values()`` dict) carries, and helpers to batch rows by key.

Read paths fetch dicts instead of model instances: the GraphQL layer turns them into its
types directly, which is markedly cheaper than instantiating models.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

Row = dict[str, Any]

POINT_FIELDS = (
    "id", "code", "name", "centre_name", "level", "parent_id", "path", "address", "phone", "hours",
)
DEPARTMENT_FIELDS = ("id", "code", "name", "short_name")
WINDOW_FIELDS = ("id", "number", "name", "kind", "service_point_id")
STAFF_FIELDS = ("id", "username", "name", "roles", "service_point_id", "department_id", "phone")
MATERIAL_FIELDS = ("id", "item_id", "name", "form", "count", "requirement", "note")
LIFE_EVENT_FIELDS = ("id", "code", "name", "description")


def by_key(rows: list[Row], keys: list[Any], field: str) -> list[Row | None]:
    index = {row[field]: row for row in rows}
    return [index.get(k) for k in keys]


def grouped(rows: list[Row], keys: list[Any], field: str) -> list[list[Row]]:
    groups: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[field]].append(row)
    return [groups.get(k, []) for k in keys]
