"""The event log behind every subscription: append first, publish after commit."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class EventChannel(Model):
    """One row per channel (hall of a service point, whistle desk of a department ...).
    Bumping last_seq locks the row until commit, so sequence order equals commit order."""

    channel = fields.CharField(max_length=96, primary_key=True)
    last_seq = fields.BigIntField(default=0)
    pruned_through = fields.BigIntField(default=0)

    class Meta:
        table = "event_channel"


class Event(Model):
    """A published event. seq is dense per channel: a subscriber that sees a gap fetches it."""

    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=96)
    seq = fields.BigIntField()
    kind = fields.CharField(max_length=32)
    payload: fields.JSONField[dict] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event"
        unique_together = (("channel", "seq"),)
