"""Official holiday schedules (国务院办公厅放假安排) loaded by an administrator, per year."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class HolidaySchedule(Model):
    """One year of rest days and make-up working days. Overrides the bundled calendar."""

    year = fields.IntField(primary_key=True)
    holidays: fields.JSONField[dict[str, str]] = fields.JSONField(default=dict)
    workdays: fields.JSONField[dict[str, str]] = fields.JSONField(default=dict)
    note = fields.CharField(max_length=255, default="")
    loaded_at = fields.DatetimeField(auto_now=True)
    loaded_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="holiday_schedules", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "holiday_schedule"
