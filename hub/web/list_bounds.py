"""Every list the cost model weighs by a declared bound is kept to that bound when it runs.

``bound_lists`` wraps, once at start-up, the resolver of each growing list
(``hub.web.cost.GROWING``; the tree's ``children`` bound themselves) so that a result longer than the bound is
cut to it, and logged: the estimate the cost limit refuses documents by then holds for the
answer too, however much a case's log or a call's chat has grown. The bounds sit far above real
use, so the cut is a safety net, not a page (pages are ``first``/``after`` connections).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from graphql import GraphQLSchema, default_field_resolver

from hub.web.cost import GROWING

log = logging.getLogger(__name__)


def _cut(value: Any, bound: int, key: str) -> Any:
    if isinstance(value, list | tuple) and len(value) > bound:
        log.warning("list %s: %d items, cut to its bound %d", key, len(value), bound)
        return value[:bound]
    return value


def _bounded(resolve: Callable[..., Any], bound: int, key: str) -> Callable[..., Any]:
    async def awaited(result: Any) -> Any:
        return _cut(await result, bound, key)

    def resolver(root: Any, info: Any, **kwargs: Any) -> Any:
        result = resolve(root, info, **kwargs)
        return awaited(result) if inspect.isawaitable(result) else _cut(result, bound, key)

    resolver.list_bound = bound  # type: ignore[attr-defined]  # for tests and introspection
    return resolver


def bound_lists(schema: GraphQLSchema, bounds: dict[str, int] | None = None) -> None:
    """Wrap the resolvers of ``bounds`` ("Type.field" → most items; ``GROWING`` by default)."""
    for key, bound in (GROWING if bounds is None else bounds).items():
        type_name, field_name = key.split(".")
        owner = schema.get_type(type_name)
        field = getattr(owner, "fields", {}).get(field_name)
        if field is None:
            raise ValueError(f"list bound for an unknown field: {key}")
        if getattr(field.resolve, "list_bound", None) is None:
            field.resolve = _bounded(field.resolve or default_field_resolver, bound, key)
