"""Listeners: how a lower domain tells the domains built on it that something happened,
without importing them.

A rule that publishes an event owns a ``Listeners`` and offers ``on_…(listener)``; the
composition root (``hub.web.hooks.install``) registers the listeners of the domains above.
Listeners run one after the other, in registration order, awaited by the publisher (so inside
its transaction when it has one); an exception from a listener propagates to the publisher.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Listeners(Generic[P]):
    """The listeners of one event, each an async callable taking the event's arguments."""

    def __init__(self, event: str) -> None:
        self.event = event
        self._listeners: list[Callable[P, Awaitable[None]]] = []

    def add(self, listener: Callable[P, Awaitable[None]]) -> Callable[P, Awaitable[None]]:
        """Register ``listener`` (once: registering it again changes nothing)."""
        if listener not in self._listeners:
            self._listeners.append(listener)
        return listener

    def remove(self, listener: Callable[P, Awaitable[None]]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextmanager
    def added(self, listener: Callable[P, Awaitable[None]]) -> Iterator[None]:
        """``listener`` registered for the duration of a ``with`` block (tests)."""
        self.add(listener)
        try:
            yield
        finally:
            self.remove(listener)

    def __len__(self) -> int:
        return len(self._listeners)

    def __contains__(self, listener: object) -> bool:
        return listener in self._listeners

    async def notify(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Await every listener in registration order."""
        for listener in list(self._listeners):
            await listener(*args, **kwargs)
