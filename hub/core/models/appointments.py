"""Appointments (网上预约): bookable time slots per queue and the bookings made for them."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import AppointmentStatus


class AppointmentSlot(Model):
    """The counter of one time slot of one queue category, created by the first booking.
    Capacity is copied from the category then, and booked only grows through a conditional
    UPDATE (booked below capacity), so concurrent bookings never overfill a slot."""

    id = fields.IntField(primary_key=True)
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="appointment_slots", on_delete=fields.CASCADE
    )
    category: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.QueueCategory", related_name="appointment_slots", on_delete=fields.CASCADE
    )
    day = fields.DateField()
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    capacity = fields.IntField()
    booked = fields.IntField(default=0)

    class Meta:
        table = "appointment_slot"
        unique_together = (("category", "starts_at"),)
        indexes = (("category_id", "day"),)


class Appointment(Model):
    """One booking by one resident. active_code and active_key are set only while the booking
    is live, so unique constraints keep the code unique among live bookings and allow one
    live booking per person, category and day, even when two bookings race."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=12, db_index=True)
    active_code = fields.CharField(max_length=12, null=True, unique=True)
    active_key = fields.CharField(max_length=64, null=True, unique=True)
    slot: fields.ForeignKeyRelation[AppointmentSlot] = fields.ForeignKeyField(
        "hub.AppointmentSlot", related_name="appointments", on_delete=fields.CASCADE
    )
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="appointments", on_delete=fields.CASCADE
    )
    category: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.QueueCategory", related_name="appointments", on_delete=fields.CASCADE
    )
    day = fields.DateField()
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    person: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Person", related_name="appointments", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=64)
    phone = fields.CharField(max_length=20)
    channel = fields.CharField(max_length=16, default="PC")
    # The item the resident planned (their checklist) when booking; the ticket carries it on.
    item_code = fields.CharField(max_length=32, null=True)
    status = fields.CharEnumField(AppointmentStatus, max_length=16,
                                 default=AppointmentStatus.BOOKED)
    created_at = fields.DatetimeField()
    closed_at = fields.DatetimeField(null=True)
    ticket: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Ticket", related_name="appointments", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "appointment"
        indexes = (("status", "starts_at"),)
