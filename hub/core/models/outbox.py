"""The transactional outbox (hub/core/outbox.py): messages to outside systems, written in the
transaction of the change they announce and delivered afterwards by a per-topic handler."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import OutboxStatus


class OutboxMessage(Model):
    """One message to an outside system, written in the transaction of the change it announces.
    Its idempotency key is unique per topic: the same fact is enqueued once."""

    id = fields.IntField(primary_key=True)
    topic = fields.CharField(max_length=64)  # e.g. department.handoff
    idempotency_key = fields.CharField(max_length=80)
    payload: fields.JSONField[dict] = fields.JSONField(default=dict)
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    # the dispatcher that claimed the message and until when: another one may take it after that
    lease = fields.CharField(max_length=32, default="")
    lease_until = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_message"
        unique_together = (("topic", "idempotency_key"),)
        indexes = (("status", "next_attempt_at"),)
