"""Request-scoped batch loaders for the catalog."""

from __future__ import annotations

from typing import cast

from strawberry.dataloader import DataLoader
from tortoise.functions import Count

from hub.core.keyed import KeyedSelect
from hub.core.models import Item, LifeEvent, Material, Question, ServicePoint
from hub.core.models.rows import (
    LIFE_EVENT_FIELDS,
    MATERIAL_FIELDS,
    POINT_FIELDS,
    ItemRow,
    PointRow,
    Row,
    by_key,
    grouped,
)
from resolvers.catalog.actions import DEPARTMENT_JOIN, ITEM_FIELDS
from resolvers.catalog.checklists import QUESTION_FIELDS

_ITEMS_BY_CODE = KeyedSelect(Item, ITEM_FIELDS, "code", where={"active": True}, aliases=DEPARTMENT_JOIN)
_MATERIALS = KeyedSelect(Material, MATERIAL_FIELDS, "item_id", order_by=("sort", "id"))
_QUESTIONS = KeyedSelect(Question, QUESTION_FIELDS, "item_id", order_by=("sort", "id"))
# Through the many-to-many tables, in the models' own order (Meta.ordering), as
# ``.values(item_id="items__id")`` read them.
_LIFE_EVENTS = KeyedSelect(LifeEvent, LIFE_EVENT_FIELDS, "items", link_as="item_id",
                           order_by=("sort", "code"))
_ACCEPTING_POINTS = KeyedSelect(ServicePoint, POINT_FIELDS, "accepted_items", link_as="item_id",
                                order_by=("sort", "code"))


async def _items_by_code(codes: list[str]) -> list[ItemRow | None]:
    rows = cast(list[ItemRow], await _ITEMS_BY_CODE.rows(codes))
    return by_key(rows, codes, "code")


async def _materials_by_item(ids: list[int]) -> list[list[Row]]:
    rows = await _MATERIALS.rows(ids)
    return grouped(rows, ids, "item_id")


async def _questions_by_item(ids: list[int]) -> list[list[Row]]:
    rows = await _QUESTIONS.rows(ids)
    return grouped(rows, ids, "item_id")


async def _life_events_by_item(ids: list[int]) -> list[list[Row]]:
    rows = await _LIFE_EVENTS.rows(ids)
    return grouped(rows, ids, "item_id")


class AcceptingPointRow(PointRow):
    """A service point that accepts an item, with that item's id."""

    item_id: int


async def _accepting_points_by_item(ids: list[int]) -> list[list[AcceptingPointRow]]:
    rows = cast(list[AcceptingPointRow], await _ACCEPTING_POINTS.rows(ids))
    return grouped(rows, ids, "item_id")


async def _item_count_by_department(ids: list[int]) -> list[int]:
    rows = (
        await Item.filter(department_id__in=ids, active=True)
        .annotate(n=Count("id"))
        .group_by("department_id")
        .values("department_id", "n")
    )
    counts = {r["department_id"]: r["n"] for r in rows}
    return [counts.get(i, 0) for i in ids]


async def _item_count_by_life_event(ids: list[int]) -> list[int]:
    rows = (
        await Item.filter(life_events__id__in=ids, active=True)
        .annotate(n=Count("id"))
        .group_by("life_events__id")
        .values("n", event_id="life_events__id")
    )
    counts = {r["event_id"]: r["n"] for r in rows}
    return [counts.get(i, 0) for i in ids]


class CatalogLoaders:
    def __init__(self) -> None:
        self.item_by_code = DataLoader(_items_by_code)
        self.materials_by_item = DataLoader(_materials_by_item)
        self.life_events_by_item = DataLoader(_life_events_by_item)
        self.questions_by_item = DataLoader(_questions_by_item)
        self.accepting_points_by_item = DataLoader(_accepting_points_by_item)
        self.item_count_by_department = DataLoader(_item_count_by_department)
        self.item_count_by_life_event = DataLoader(_item_count_by_life_event)
