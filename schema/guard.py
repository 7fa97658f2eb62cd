"""One guard for guessable public lookups: a code or number plus an ID number.

Declared next to each such field as ``extensions=[Guessable(...)]``. Every executed field counts
(thirty aliases are thirty guesses; a subscription counts when it starts), once under the
client's address and once under the looked-up number or code, each in its own sliding window
(``LookupGuard``, shared across instances through Redis when ``REDIS_URL`` is set). Over either
limit the field is refused with a top-level error coded RATE_LIMITED before anything is read.
A field called without the pair (a logged-in user's ``caseEvents(caseId:)``) is not counted.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError
from strawberry.extensions.field_extension import FieldExtension

from hub.core.errors import ErrorCode
from hub.core.throttle import Throttle

RATE_LIMITED_MESSAGE = "查询过于频繁，请一分钟后再试"


@dataclass
class LookupGuard:
    """The two counters: per client address and per looked-up number or code."""

    per_client: Throttle
    per_target: Throttle

    async def admit(self, client: str, target: str) -> bool:
        """Count one guess; False when the client or the target is over its limit."""
        if not await self.per_client.hit(f"lookup:client:{client}"):
            return False
        return await self.per_target.hit(f"lookup:target:{target.strip().upper()}")

    async def close(self) -> None:
        await self.per_client.close()
        await self.per_target.close()


class Guessable(FieldExtension):
    """Counts each execution of a lookup field taking ``target`` plus ``id_number``.

    ``within`` names an input argument holding both (``evaluateCase(input:)``); otherwise they
    are arguments of the field itself (Python names).
    """

    def __init__(self, target: str = "number", id_number: str = "id_number",
                 within: str | None = None) -> None:
        self.target = target
        self.id_number = id_number
        self.within = within

    def _pair(self, kwargs: dict[str, Any]) -> str | None:
        holder: Any = kwargs.get(self.within) if self.within else kwargs
        if holder is None:
            return None
        get: Callable[[str], Any] = (holder.get if isinstance(holder, dict)
                                     else lambda name: getattr(holder, name, None))
        target, id_number = get(self.target), get(self.id_number)
        return str(target) if target and id_number else None

    async def resolve_async(self, next_: Callable[..., Awaitable[Any]], source: Any, info: Any,
                            **kwargs: Any) -> Any:
        target = self._pair(kwargs)
        if target is not None:
            guard: LookupGuard = info.context.services.lookup_guard
            if not await guard.admit(info.context.client_ip, target):
                raise GraphQLError(RATE_LIMITED_MESSAGE,
                                   extensions={"code": ErrorCode.RATE_LIMITED.value})
        result = next_(source, info, **kwargs)
        if inspect.isasyncgen(result):  # a subscription: the guard ran when it started
            return result
        return await result
