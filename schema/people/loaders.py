"""Request-scoped batch loaders for the person registry (one SQL query per batch)."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from hub.core.keyed import KeyedSelect
from hub.core.models import Person
from hub.core.models.rows import Row, by_key

PERSON_FIELDS = ("id", "id_number", "name")
_BY_ID = KeyedSelect(Person, PERSON_FIELDS, "id")
_BY_ID_NUMBER = KeyedSelect(Person, PERSON_FIELDS, "id_number")


async def _people_by_id(ids: list[int]) -> list[Row | None]:
    rows = await _BY_ID.rows(ids)
    return by_key(rows, ids, "id")


async def _people_by_id_number(numbers: list[str]) -> list[Row | None]:
    rows = await _BY_ID_NUMBER.rows(numbers)
    return by_key(rows, numbers, "id_number")


class PeopleLoaders:
    def __init__(self) -> None:
        self.person_by_id = DataLoader(_people_by_id)
        self.person_by_id_number = DataLoader(_people_by_id_number)
