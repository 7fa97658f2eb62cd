"""Whistle calls (窗口吹哨、科室报到): a front desk calls a back-office expert to help live."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import HelpCallStatus


class HelpCall(Model):
    """One help call from a front desk to the experts of a department.

    point_path is the caller point path, routed_path the service point whose subtree of experts
    the call is routed to (an empty string once escalated: every expert of the chain).
    """

    id = fields.IntField(primary_key=True)
    caller: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="help_calls", on_delete=fields.RESTRICT
    )
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="help_calls", on_delete=fields.RESTRICT
    )
    point_path = fields.CharField(max_length=255)
    routed_path = fields.CharField(max_length=255, default="")
    department: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Department", related_name="help_calls", on_delete=fields.RESTRICT
    )
    item_code = fields.CharField(max_length=32, null=True)
    item_name = fields.CharField(max_length=128, default="")
    topic = fields.CharField(max_length=128, default="")
    question = fields.TextField()
    case_ref = fields.CharField(max_length=64, null=True)
    status = fields.CharEnumField(HelpCallStatus, max_length=16, default=HelpCallStatus.OPEN)
    expert: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="accepted_help_calls", null=True, on_delete=fields.SET_NULL
    )
    raised_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    escalated_at = fields.DatetimeField(null=True)
    escalation_reason = fields.CharField(max_length=64, default="")
    answer = fields.TextField(null=True)
    resolved_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="resolved_help_calls", null=True, on_delete=fields.SET_NULL
    )
    response_seconds = fields.IntField(null=True)
    resolution_seconds = fields.IntField(null=True)

    class Meta:
        table = "help_call"
        indexes = (("department_id", "status", "raised_at"), ("status", "escalated_at", "raised_at"),
                   ("item_code", "status", "resolved_at"), ("caller_id", "raised_at"))


class HelpMessage(Model):
    """One chat line on a help call, kept for the record (the event log carries it live)."""

    id = fields.IntField(primary_key=True)
    call: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.HelpCall", related_name="messages", on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="help_messages", on_delete=fields.RESTRICT
    )
    text = fields.TextField()
    sent_at = fields.DatetimeField()

    class Meta:
        table = "help_message"
        indexes = (("call_id", "id"),)


class ExpertPresence(Model):
    """When an expert was last seen: at login and every minute while the expert console is open."""

    id = fields.IntField(primary_key=True)
    staff: fields.OneToOneRelation = fields.OneToOneField(
        "hub.Staff", related_name="presence", on_delete=fields.CASCADE
    )
    seen_at = fields.DatetimeField()
    console_open = fields.BooleanField(default=False)

    class Meta:
        table = "expert_presence"
