"""A short-lived cache of anonymous responses to the public catalogue queries.

The service guide (items, departments, life events, service points) is the same for every
citizen on every terminal, changes a few times a year, and is by far the most requested
data. Anonymous queries whose root fields are all public are answered from memory for
``ttl`` seconds; everything else — any request with credentials, any mutation, any response
carrying errors — is executed as usual. Each hub instance keeps its own cache, so after a
catalogue change every instance serves the new data within ``ttl`` seconds.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from functools import lru_cache

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse

PUBLIC_ROOT_FIELDS = frozenset({
    "items", "item", "departments", "department", "lifeEvents", "servicePoints",
    "servicePoint", "__typename",
})


@lru_cache(maxsize=1000)
def is_public_query(query: str, operation_name: str | None) -> bool:
    """Whether the operation only reads public catalogue root fields."""
    try:
        document = parse(query, max_tokens=2000)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return False
    selections = operations[0].selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value in PUBLIC_ROOT_FIELDS for s in selections)


class PublicResponseCache:
    def __init__(self, ttl_seconds: float, max_entries: int = 1000) -> None:
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, tuple[float, bytes, str]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    def get(self, key: tuple) -> tuple[bytes, str] | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, body, media_type = entry
        if expires < time.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return body, media_type

    def put(self, key: tuple, body: bytes, media_type: str) -> None:
        self._entries[key] = (time.monotonic() + self.ttl, body, media_type)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget everything: call after a catalogue change made by this instance."""
        self._entries.clear()
