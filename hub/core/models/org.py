"""Organisation: the four-level tree of service points, departments, windows and staff."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import RegionLevel, WindowKind


class ServicePoint(Model):
    """A node of the 市 / 区县 / 街道 / 社区 tree together with its service centre.

    ``path`` is the materialised chain of codes ("330100/330106/330106003/") so that a
    subtree is one indexed ``LIKE 'prefix%'`` query.
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=64)
    centre_name = fields.CharField(max_length=128, default="")
    level = fields.CharEnumField(RegionLevel, max_length=16)
    parent: fields.ForeignKeyNullableRelation[ServicePoint] = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    path = fields.CharField(max_length=255, db_index=True)
    address = fields.CharField(max_length=255, default="")
    phone = fields.CharField(max_length=32, default="")
    hours = fields.CharField(max_length=128, default="")
    sort = fields.IntField(default=0)

    class Meta:
        table = "service_point"
        ordering = ["sort", "code"]


class Department(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=16, unique=True)
    name = fields.CharField(max_length=128)
    short_name = fields.CharField(max_length=16)
    sort = fields.IntField(default=0)

    class Meta:
        table = "department"
        ordering = ["sort", "code"]


class DepartmentOffice(Model):
    """The office through which a department decides at one service point, where its name is
    not the department's own: a district hub's 人社 (杭州市西湖区人力资源和社会保障局) decides
    city-level items through 杭州市人力资源和社会保障局 at 杭州市. A case decided there is
    labelled with this office."""

    id = fields.IntField(primary_key=True)
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "hub.Department", related_name="offices", on_delete=fields.RESTRICT
    )
    point: fields.ForeignKeyRelation[ServicePoint] = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="department_offices", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=128)
    short_name = fields.CharField(max_length=16)

    class Meta:
        table = "department_office"
        unique_together = (("department", "point"),)


class Window(Model):
    id = fields.IntField(primary_key=True)
    service_point: fields.ForeignKeyRelation[ServicePoint] = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="windows", on_delete=fields.RESTRICT
    )
    number = fields.IntField()
    name = fields.CharField(max_length=64)
    kind = fields.CharEnumField(WindowKind, max_length=16, default=WindowKind.INTAKE)
    active = fields.BooleanField(default=True)

    class Meta:
        table = "window"
        unique_together = (("service_point", "number"),)
        ordering = ["number"]


class Staff(Model):
    """A person or device account. Devices (kiosk, board) carry only a device role."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=64)
    password_hash = fields.CharField(max_length=255)
    roles: fields.JSONField[list[str]] = fields.JSONField(default=list)
    service_point: fields.ForeignKeyRelation[ServicePoint] = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="staff", on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "hub.Department", related_name="staff", null=True, on_delete=fields.RESTRICT
    )
    phone = fields.CharField(max_length=32, default="")
    active = fields.BooleanField(default=True)
    # Bumped on password change: every token issued before it stops working.
    token_version = fields.IntField(default=1)
    failed_logins = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff"
        ordering = ["id"]
