"""The PostgreSQL backend: Tortoise's asyncpg client without a reset query per released connection.

asyncpg's pool resets a connection each time it is released: one more round trip
(``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL;``) after every statement
Tortoise runs outside a transaction, which was 8 % of a back-office queue request. The hub never
leaves session state on a pooled connection — no session-level ``SET``, no ``LISTEN`` (the
backplane is Redis), no advisory locks, no open cursors (leases and claims are compare-and-set
rows) — so the reset query has nothing to undo. What can be left behind, an open transaction
of a cancelled request, is still rolled back by asyncpg before the connection is reused (its
``_reset`` runs whatever the reset query is). A test pins both: no reset statement is sent, and
a transaction left open is rolled back.

Selected by ``hub.core.db.tortoise_config`` for ``postgres://`` URLs (``engine: hub.core.pg``).
"""

from __future__ import annotations

import asyncpg
from tortoise.backends.asyncpg import client_class as _asyncpg_client


class HubPgConnection(asyncpg.connection.Connection):  # type: ignore[misc]
    def get_reset_query(self) -> str:
        return ""


class HubAsyncpgClient(_asyncpg_client):  # type: ignore[misc,valid-type]
    connection_class = HubPgConnection


client_class = HubAsyncpgClient
