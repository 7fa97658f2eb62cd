"""Hand-off to department business systems: where each department's system listens, the
outbox of deliveries written with the case, and the callbacks already seen (replay guard)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import OutboxStatus


class DepartmentEndpoint(Model):
    """The business system of one department: where cases routed there are delivered and the
    shared secret both sides sign with (HMAC-SHA256)."""

    id = fields.IntField(primary_key=True)
    department: fields.OneToOneRelation = fields.OneToOneField(
        "hub.Department", related_name="endpoint", on_delete=fields.RESTRICT
    )
    url = fields.CharField(max_length=500)
    secret = fields.CharField(max_length=200)
    active = fields.BooleanField(default=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "department_endpoint"


class OutboxMessage(Model):
    """One delivery to a department system, written in the transaction that changed the case.
    The idempotency key (case number and event) is unique: a case is handed over once per event."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Case", related_name="outbox", on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Department", related_name="outbox", on_delete=fields.RESTRICT
    )
    event = fields.CharField(max_length=32)
    idempotency_key = fields.CharField(max_length=80, unique=True)
    body: fields.JSONField[dict] = fields.JSONField(default=dict)
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    # set by the dispatcher that claimed the row, until its lease (next_attempt_at) runs out
    lease = fields.CharField(max_length=32, default="")
    last_error = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_message"
        indexes = (("status", "next_attempt_at"),)


class CallbackReceipt(Model):
    """A department callback the hub accepted, by its idempotency key: the same key again is a
    replay and is refused."""

    id = fields.IntField(primary_key=True)
    department: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Department", related_name="callbacks", on_delete=fields.RESTRICT
    )
    key = fields.CharField(max_length=80)
    case_number = fields.CharField(max_length=32)
    decision = fields.CharField(max_length=16)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "callback_receipt"
        unique_together = (("department", "key"),)
