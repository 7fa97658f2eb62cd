"""Notifications (resolvers/notify): what the hub told residents and staff outside its own
pages, by SMS, in the resident's inbox (我的消息) and through DingTalk / WeCom group robots."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import NotifyChannel, NotifyStatus


class NotifyTemplate(Model):
    """One version of the wording of one event on one channel. The newest version is used:
    older ones are kept so that every message names the version it was written from."""

    id = fields.IntField(primary_key=True)
    event = fields.CharField(max_length=32)  # e.g. CASE_ACCEPTED (resolvers/notify/events.py)
    channel = fields.CharEnumField(NotifyChannel, max_length=16)
    version = fields.IntField()
    body = fields.TextField()  # Chinese text with ${variable} placeholders
    provider_code = fields.CharField(max_length=32, default="")  # the SMS provider's TemplateCode
    enabled = fields.BooleanField(default=True)
    note = fields.CharField(max_length=255, default="")  # what changed
    created_by = fields.CharField(max_length=64, default="")
    created_at = fields.DatetimeField()

    class Meta:
        table = "notify_template"
        unique_together = (("event", "channel", "version"),)


class NotifySwitch(Model):
    """An event switched on or off for a service point and everything below it (a district)."""

    id = fields.IntField(primary_key=True)
    event = fields.CharField(max_length=32)
    point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="notify_switches", on_delete=fields.RESTRICT)
    enabled = fields.BooleanField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "notify_switch"
        unique_together = (("event", "point_id"),)


class RobotGroup(Model):
    """A DingTalk or WeCom group robot of a department (at a service point) or of the
    supervisors of a service point: where staff events are posted."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    channel = fields.CharEnumField(NotifyChannel, max_length=16)  # DINGTALK | WECOM
    department: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Department", related_name="robot_groups", null=True, on_delete=fields.RESTRICT)
    point: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="robot_groups", null=True, on_delete=fields.RESTRICT)
    supervisors = fields.BooleanField(default=False)  # the supervisors' group of the point
    webhook = fields.CharField(max_length=500)
    secret = fields.CharField(max_length=128, default="")  # DingTalk 加签 secret
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "robot_group"


class NotifyOptOut(Model):
    """A resident who does not want messages of a channel (SMS): kept in the inbox only."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Person", related_name="notify_opt_outs", on_delete=fields.RESTRICT)
    channel = fields.CharEnumField(NotifyChannel, max_length=16)
    created_at = fields.DatetimeField()

    class Meta:
        table = "notify_opt_out"
        unique_together = (("person_id", "channel"),)


class NotifyQuota(Model):
    """How many messages one recipient got in one window (an hour, a day): the rate limit is a
    compare-and-set on ``used``."""

    id = fields.IntField(primary_key=True)
    recipient = fields.CharField(max_length=64)
    window = fields.CharField(max_length=16)  # h2026120720 | d20261207 (Shanghai time)
    used = fields.IntField(default=0)

    class Meta:
        table = "notify_quota"
        unique_together = (("recipient", "window"),)


class Notification(Model):
    """One message to one recipient on one channel, written in the transaction of its event."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=120, unique=True)  # event key + channel: written once
    event = fields.CharField(max_length=32)
    channel = fields.CharEnumField(NotifyChannel, max_length=16)
    status = fields.CharEnumField(NotifyStatus, max_length=16, default=NotifyStatus.QUEUED)
    reason = fields.CharField(max_length=255, default="")  # why suppressed / deferred / failed
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Person", related_name="notifications", null=True, on_delete=fields.RESTRICT)
    staff: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="notifications", null=True, on_delete=fields.RESTRICT)
    group: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.RobotGroup", related_name="notifications", null=True, on_delete=fields.RESTRICT)
    person_id: int | None
    staff_id: int | None
    group_id: int | None
    case_id: int | None
    address = fields.CharField(max_length=500, default="")  # the phone number (SMS)
    masked = fields.CharField(max_length=64, default="")  # the recipient as lists show it
    case: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Case", related_name="notifications", null=True, on_delete=fields.RESTRICT)
    point_path = fields.CharField(max_length=255, default="")  # for scoping and filters
    template_version = fields.IntField(default=0)
    title = fields.CharField(max_length=64, default="")
    body = fields.TextField()
    link = fields.CharField(max_length=255, default="")
    params: fields.JSONField[dict] = fields.JSONField(default=dict)
    urgent = fields.BooleanField(default=False)  # sent in quiet hours too
    provider_ref = fields.CharField(max_length=64, null=True)  # the SMS provider's BizId
    attempts = fields.IntField(default=0)
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"
        indexes = (("person_id", "channel", "id"), ("status", "created_at"), ("provider_ref",),
                   ("created_at",))
