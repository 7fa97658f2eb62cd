"""Staff attendance (人员考勤): opening hours per service point and daily clock records."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import ClockMethod


class OpeningHours(Model):
    """Structured opening hours of a service point, inherited by the points below it.

    weekly maps the ISO weekday (1 is Monday) to a list of start and end times, for example
    {"1": [["09:00", "12:00"], ["13:30", "17:00"]]}. closed_dates lists ISO dates without
    service (holidays), open_dates maps a date to its periods (make-up working days).
    """

    id = fields.IntField(primary_key=True)
    service_point: fields.OneToOneRelation = fields.OneToOneField(
        "hub.ServicePoint", related_name="opening_hours", on_delete=fields.CASCADE
    )
    service_point_id: int
    weekly: fields.JSONField[dict] = fields.JSONField(default=dict)
    closed_dates: fields.JSONField[list[str]] = fields.JSONField(default=list)
    open_dates: fields.JSONField[dict] = fields.JSONField(default=dict)
    grace_minutes = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "opening_hours"


class Attendance(Model):
    """One staff member on one local day: the first clock-in and the last clock-out."""

    id = fields.IntField(primary_key=True)
    staff: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="attendance", on_delete=fields.CASCADE
    )
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="attendance", on_delete=fields.RESTRICT
    )
    staff_id: int
    service_point_id: int
    day = fields.DateField()
    clock_in_at = fields.DatetimeField()
    clock_in_method = fields.CharEnumField(ClockMethod, max_length=16)
    clock_out_at = fields.DatetimeField(null=True)
    clock_out_method = fields.CharEnumField(ClockMethod, max_length=16, null=True)

    class Meta:
        table = "attendance"
        unique_together = (("staff", "day"),)
        indexes = (("day", "service_point_id"),)
        ordering = ["day", "staff_id"]
