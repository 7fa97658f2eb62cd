"""A short per-process cache of viewers by bearer token, dropped when an account's tokens are
revoked.

Loading the viewer (one query per request, the staff row and its service point) was a sixth of
an authenticated read. A token is ``{staff id, token version}`` signed with an expiry, and the
database decides whether that version is still the account's: the cache keeps that decision
for at most ``ttl`` seconds (``HUB_VIEWER_CACHE_SECONDS``, 5 by default; 0 turns it off), so
the token version is still honoured, only read less often.

A change that revokes tokens (a password change bumps the version) appends a ``REVOKED`` event
to the ``staff-accounts`` channel of the event log in its own transaction; every process follows
that channel through the backplane (Redis across instances and ``serve --workers``) and forgets
the account's entries at once (``forget_staff``), and the bus's catch-up sweep replays a lost
message from the log. The process that made the change forgets before it answers. A change
made outside the hub (an administrator editing the table) is seen within ``ttl``.

Bounded: at most ``max_entries`` tokens; past that, expired entries are dropped, and if that is
not enough the whole cache (it refills in one query per token).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from hub.core.viewer import Viewer

# The event log channel of account changes that revoke tokens, and its event kind.
ACCOUNTS_CHANNEL = "staff-accounts"
REVOKED = "REVOKED"


class ViewerCache:
    def __init__(self, ttl: float, max_entries: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: dict[str, tuple[float, Viewer]] = {}

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    def get(self, token: str) -> Viewer | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        if entry[0] <= self._clock():
            self._entries.pop(token, None)
            return None
        return entry[1]

    def put(self, token: str, viewer: Viewer) -> None:
        if not self.enabled:
            return
        now = self._clock()
        if len(self._entries) >= self.max_entries:
            self._entries = {k: e for k, e in self._entries.items() if e[0] > now}
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
        self._entries[token] = (now + self.ttl, viewer)

    def forget_staff(self, staff_id: int) -> int:
        """Drop every cached token of one account; how many were dropped."""
        gone = [k for k, (_, v) in self._entries.items() if v.staff_id == staff_id]
        for k in gone:
            del self._entries[k]
        return len(gone)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
