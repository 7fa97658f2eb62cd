"""Hand-off to department business systems: where each department's system listens, what each
hand-off in the outbox concerns, and the callbacks already seen (replay guard)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


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


class DepartmentHandoff(Model):
    """What a ``department.handoff`` outbox message concerns: the case, the department whose
    system receives it, and the event (RECEIVED). One row per message, written with it."""

    id = fields.IntField(primary_key=True)
    message: fields.OneToOneRelation = fields.OneToOneField(
        "hub.OutboxMessage", related_name="handoff", on_delete=fields.RESTRICT
    )
    case: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Case", related_name="handoffs", on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Department", related_name="handoffs", on_delete=fields.RESTRICT
    )
    event = fields.CharField(max_length=32)

    class Meta:
        table = "department_handoff"
        indexes = (("case_id",), ("department_id",))


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
