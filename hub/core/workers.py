"""Small bounded thread pools for CPU-heavy work, so the event loop keeps answering.

A request that would hold the CPU for tens of milliseconds or more — an argon2 check, a PDF
(receipt, one-time notice, decision, joint form), an export file — runs in a ``WorkerPool``
instead of on the event loop. The pools are small on purpose: the work holds the GIL, and the
more threads compete for it, the longer the loop's thread waits for its turn (so ``/healthz``
and every other request slow down). Work beyond the pool's size queues, and the queue is
answered in order. Sizes are settings (``HUB_PASSWORD_HASH_THREADS``, ``HUB_RENDER_THREADS``),
applied at start-up by the composition root.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class WorkerPool:
    """A thread pool of ``threads`` workers, created when first used."""

    def __init__(self, name: str, threads: int, setting: str) -> None:
        self.name = name
        self.setting = setting  # the environment variable that sizes it, for messages
        self._threads = threads
        self._executor: ThreadPoolExecutor | None = None

    @property
    def threads(self) -> int:
        return self._threads

    def configure(self, threads: int) -> None:
        """Resize (at start-up). A pool of another size is replaced; the work it is running
        finishes."""
        if threads < 1:
            raise ValueError(f"{self.setting} must be at least 1")
        if threads == self._threads:
            return
        old, self._executor, self._threads = self._executor, None, threads
        if old is not None:
            old.shutdown(wait=False)

    def executor(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self._threads, thread_name_prefix=self.name)
        return self._executor

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args, **kwargs)`` in this pool, awaited from the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor(), lambda: fn(*args, **kwargs))


# argon2: ~50 ms and 64 MiB a check, so few at once also bounds memory.
passwords = WorkerPool("argon2", 2, "HUB_PASSWORD_HASH_THREADS")
# PDFs (up to ~1 s of CPU for a one-time notice) and export files.
rendering = WorkerPool("render", 2, "HUB_RENDER_THREADS")


def configure(*, password_threads: int, render_threads: int) -> None:
    passwords.configure(password_threads)
    rendering.configure(render_threads)
