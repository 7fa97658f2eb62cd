"""Applicants and the electronic licences (电子证照) the hub holds for them."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Person(Model):
    """A natural person, registered once and reused on later visits (seed 003)."""

    id = fields.IntField(primary_key=True)
    id_number = fields.CharField(max_length=18, unique=True)
    name = fields.CharField(max_length=64)
    phone = fields.CharField(max_length=32, default="")
    address = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "person"


class ElectronicLicense(Model):
    """A licence or base record shared from its issuing department. A valid one spares the
    applicant the paper material of the same licence type."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "hub.Person", related_name="licenses", on_delete=fields.CASCADE
    )
    license_type = fields.CharField(max_length=32)
    number = fields.CharField(max_length=64)
    issuer = fields.CharField(max_length=128)
    issued_on = fields.DateField()
    valid_until = fields.DateField(null=True)  # null: no expiry
    revoked = fields.BooleanField(default=False)

    class Meta:
        table = "electronic_license"
        unique_together = (("person", "license_type", "number"),)
