"""The event log: every event is appended in the business transaction, then published.

``seq`` is dense per channel and allocated by bumping the channel row, which the database
locks until commit: events of one channel therefore commit in sequence order, and a subscriber
that receives seq n+2 after n knows n+1 exists and can read it from the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from hub.core import metrics
from hub.core.clock import utcnow
from hub.core.models import Event, EventChannel


@dataclass(frozen=True, eq=False)
class LoggedEvent:
    channel: str
    seq: int
    kind: str
    payload: dict[str, Any]
    at: datetime
    # What subscribers derive from this event, computed once and shared by all of them (one
    # LoggedEvent object is delivered to every local subscriber of its channel).
    shared: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_wire(self) -> dict[str, Any]:
        return {"c": self.channel, "s": self.seq, "k": self.kind, "p": self.payload,
                "t": self.at.isoformat()}

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> LoggedEvent:
        return cls(data["c"], int(data["s"]), data["k"], data["p"], datetime.fromisoformat(data["t"]))


@dataclass(frozen=True)
class ChannelState:
    last_seq: int
    pruned_through: int


# Channels known to exist in this process (rows are never deleted): skips one statement.
_known_channels: set[str] = set()


async def append(
    conn: BaseDBAsyncClient, channel: str, kind: str, payload: dict[str, Any]
) -> LoggedEvent:
    """Append inside the caller's transaction; publish the result after it commits.

    The caller computes the payload first: from the sequence bump to the commit the channel
    row is locked, so that window holds just two statements."""
    seq = await _bump(conn, channel) if channel in _known_channels else None
    if seq is None:
        await EventChannel.bulk_create([EventChannel(channel=channel)], ignore_conflicts=True,
                                       using_db=conn)
        seq = await _bump(conn, channel)
        assert seq is not None
        _known_channels.add(channel)
    now = utcnow()
    await Event.create(channel=channel, seq=seq, kind=kind, payload=payload, created_at=now,
                       using_db=conn)
    metrics.EVENTS_APPENDED.labels(metrics.channel_family(channel)).inc()
    return LoggedEvent(channel, seq, kind, payload, now)


async def append_many(conn: BaseDBAsyncClient, channel: str, events: list[tuple[str, dict[str, Any]]]
                      ) -> list[LoggedEvent]:
    """Several events (``(kind, payload)``, in order) on one channel: one bump of the channel by
    their number and one insert (plus the channel row when it is new to this process), instead
    of ``append``'s two or three statements each. Same transaction rules as ``append``."""
    if not events:
        return []
    seq = await _bump(conn, channel, len(events)) if channel in _known_channels else None
    if seq is None:
        await EventChannel.bulk_create([EventChannel(channel=channel)], ignore_conflicts=True,
                                       using_db=conn)
        seq = await _bump(conn, channel, len(events))
        assert seq is not None
        _known_channels.add(channel)
    first, now = seq - len(events) + 1, utcnow()
    logged = [LoggedEvent(channel, first + n, kind, payload, now) for n, (kind, payload) in enumerate(events)]
    await Event.bulk_create([Event(channel=channel, seq=e.seq, kind=e.kind, payload=e.payload, created_at=now)
                             for e in logged], using_db=conn)
    metrics.EVENTS_APPENDED.labels(metrics.channel_family(channel)).inc(len(events))
    return logged


async def append_each(conn: BaseDBAsyncClient, kind: str, payloads: dict[str, dict[str, Any]]
                      ) -> list[LoggedEvent]:
    """One event on each of several channels (``{channel: payload}``) in three statements
    whatever their number and whether the channels exist: create the missing channel rows, bump
    them all (one UPDATE … RETURNING), insert the events. Same transaction rules as ``append``."""
    if not payloads:
        return []
    channels = sorted(payloads)  # one lock order for every writer
    await EventChannel.bulk_create([EventChannel(channel=c) for c in channels], ignore_conflicts=True,
                                   using_db=conn)
    postgres = conn.capabilities.dialect == "postgres"
    marks = ", ".join(f"${i + 1}" if postgres else "?" for i in range(len(channels)))
    rows = await conn.execute_query_dict(
        f"UPDATE event_channel SET last_seq = last_seq + 1 WHERE channel IN ({marks}) "
        "RETURNING channel, last_seq", channels)
    seqs = {str(r["channel"]): int(r["last_seq"]) for r in rows}
    now = utcnow()
    await Event.bulk_create([Event(channel=c, seq=seqs[c], kind=kind, payload=payloads[c], created_at=now)
                             for c in channels], using_db=conn)
    for c in channels:
        metrics.EVENTS_APPENDED.labels(metrics.channel_family(c)).inc()
    return [LoggedEvent(c, seqs[c], kind, payloads[c], now) for c in channels]


async def _bump(conn: BaseDBAsyncClient, channel: str, by: int = 1) -> int | None:
    """The channel's last seq after taking ``by`` more, or None if its row does not exist (one
    statement)."""
    postgres = conn.capabilities.dialect == "postgres"
    if by == 1:
        sql = _BUMP_ONE.format(mark="$1" if postgres else "?")
        args: list[Any] = [channel]
    else:
        sql = _BUMP_BY.format(by="$1" if postgres else "?", mark="$2" if postgres else "?")
        args = [by, channel]
    rows = await conn.execute_query_dict(sql, args)  # (execute_query drops RETURNING rows on asyncpg)
    return int(rows[0]["last_seq"]) if rows else None


_BUMP_ONE = "UPDATE event_channel SET last_seq = last_seq + 1 WHERE channel = {mark} RETURNING last_seq"
_BUMP_BY = "UPDATE event_channel SET last_seq = last_seq + {by} WHERE channel = {mark} RETURNING last_seq"
_STATE_SQL = "SELECT last_seq, pruned_through FROM event_channel WHERE channel = {mark}"


async def state(channel: str) -> ChannelState:
    """A channel's last seq and how far it was pruned (one prepared SQL text: every case view's
    ``eventCursor`` and every subscription's start read it)."""
    conn = connections.get("default")
    mark = "$1" if conn.capabilities.dialect == "postgres" else "?"
    row = await conn.execute_query_dict(_STATE_SQL.format(mark=mark), [channel])
    if not row:
        return ChannelState(0, 0)
    return ChannelState(int(row[0]["last_seq"]), int(row[0]["pruned_through"]))


async def last_seqs(channels: list[str]) -> dict[str, int]:
    rows = await EventChannel.filter(channel__in=channels).values_list("channel", "last_seq")
    return {str(c): int(seq) for c, seq in rows}  # type: ignore[call-overload]


async def read(channel: str, after: int, upto: int | None = None, limit: int = 500) -> list[LoggedEvent]:
    """Events of ``channel`` with after < seq (<= upto), oldest first."""
    q = Event.filter(channel=channel, seq__gt=after)
    if upto is not None:
        q = q.filter(seq__lte=upto)
    rows = await q.order_by("seq").limit(limit).values("seq", "kind", "payload", "created_at")
    return [LoggedEvent(channel, int(r["seq"]), r["kind"], r["payload"], r["created_at"])
            for r in rows]


async def prune(channel: str, keep_after_seq: int) -> int:
    """Drop events with seq <= keep_after_seq; later subscribers behind that are told to reload."""
    deleted = await Event.filter(channel=channel, seq__lte=keep_after_seq).delete()
    await EventChannel.filter(channel=channel, pruned_through__lt=keep_after_seq).update(
        pruned_through=keep_after_seq)
    return deleted
