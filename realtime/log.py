"""The event log: every event is appended in the business transaction, then published.

``seq`` is dense per channel and allocated by bumping the channel row, which the database
locks until commit: events of one channel therefore commit in sequence order, and a subscriber
that receives seq n+2 after n knows n+1 exists and can read it from the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F

from hub.models import Event, EventChannel


@dataclass(frozen=True)
class LoggedEvent:
    channel: str
    seq: int
    kind: str
    payload: dict[str, Any]
    at: datetime

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


async def append(
    conn: BaseDBAsyncClient, channel: str, kind: str, payload: dict[str, Any]
) -> LoggedEvent:
    """Append inside the caller's transaction; publish the result after it commits."""
    await EventChannel.bulk_create([EventChannel(channel=channel)], ignore_conflicts=True,
                                   using_db=conn)
    await EventChannel.filter(channel=channel).using_db(conn).update(last_seq=F("last_seq") + 1)
    seqs = await EventChannel.filter(channel=channel).using_db(conn).values_list(
        "last_seq", flat=True)
    seq = int(seqs[0])  # type: ignore[call-overload]
    now = datetime.now(UTC)
    await Event.create(channel=channel, seq=seq, kind=kind, payload=payload, created_at=now,
                       using_db=conn)
    return LoggedEvent(channel, int(seq), kind, payload, now)


async def state(channel: str) -> ChannelState:
    row = await EventChannel.filter(channel=channel).values("last_seq", "pruned_through")
    if not row:
        return ChannelState(0, 0)
    return ChannelState(int(row[0]["last_seq"]), int(row[0]["pruned_through"]))


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
