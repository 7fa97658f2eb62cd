"""Queue tickets (取号), the categories they are taken for and window sign-ins (叫号)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import PreCheckOutcome, PriorityClass, TicketStatus


class QueueCategory(Model):
    """A queue of a service point (A 社保医保, B 民政残联 ...): its prefix letter numbers the tickets."""

    id = fields.IntField(primary_key=True)
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="queue_categories", on_delete=fields.CASCADE
    )
    prefix = fields.CharField(max_length=2)
    name = fields.CharField(max_length=64)
    department_codes: fields.JSONField[list[str]] = fields.JSONField(default=list)
    daily_cap = fields.IntField(default=300)
    service_minutes = fields.IntField(default=8)  # the estimate before today has any history
    # 网上预约: places per 30-minute slot (0: this queue takes no appointments)
    slot_capacity = fields.IntField(default=4)
    sort = fields.IntField(default=0)
    active = fields.BooleanField(default=True)

    class Meta:
        table = "queue_category"
        unique_together = (("service_point", "prefix"),)


class Ticket(Model):
    """One queue number for one day. rank_at orders the queue: taken_at minus the priority
    head start, fixed when the ticket is taken, so nobody waits behind an endless stream."""

    id = fields.IntField(primary_key=True)
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="tickets", on_delete=fields.CASCADE
    )
    # category numbers the ticket (A001) and never changes; queue is where it waits now
    # (a transfer to another category moves the queue and keeps the number).
    category: fields.ForeignKeyRelation[QueueCategory] = fields.ForeignKeyField(
        "hub.QueueCategory", related_name="tickets", on_delete=fields.CASCADE
    )
    queue: fields.ForeignKeyRelation[QueueCategory] = fields.ForeignKeyField(
        "hub.QueueCategory", related_name="queued_tickets", on_delete=fields.CASCADE
    )
    day = fields.DateField()
    seq = fields.IntField()
    number = fields.CharField(max_length=8)
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Person", related_name="tickets", null=True, on_delete=fields.SET_NULL
    )
    priority = fields.CharEnumField(PriorityClass, max_length=16, default=PriorityClass.NORMAL)
    status = fields.CharEnumField(TicketStatus, max_length=16, default=TicketStatus.WAITING)
    rank_at = fields.DatetimeField()
    taken_at = fields.DatetimeField()
    channel = fields.CharField(max_length=16, default="KIOSK")
    # The item the holder comes for, when known (a booking made from the item's checklist).
    item_code = fields.CharField(max_length=32, null=True)
    # 叫号提醒: the phone its holder gave to be texted when three people are ahead (opt-in)
    near_phone = fields.CharField(max_length=20, null=True)
    window: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Window", related_name="tickets", null=True, on_delete=fields.SET_NULL
    )
    staff: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="tickets", null=True, on_delete=fields.SET_NULL
    )
    called_at = fields.DatetimeField(null=True)
    recalls = fields.IntField(default=0)
    serving_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    transfers = fields.IntField(default=0)
    target_window: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Window", related_name="transferred_tickets", null=True, on_delete=fields.SET_NULL
    )
    nonce = fields.CharField(max_length=16)

    class Meta:
        # Also (migration 0017, raw SQL: Tortoise has no partial index) a unique index on
        # window_id WHERE status IN ('CALLED', 'SERVING'): one window, one call at a time.
        table = "ticket"
        unique_together = (("category", "day", "seq"),)
        indexes = (("service_point_id", "day", "status", "rank_at"),
                   ("queue_id", "day", "status", "rank_at"))


class WindowSession(Model):
    """A staff member signed in to a window, serving some categories, until signed out."""

    id = fields.IntField(primary_key=True)
    window: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Window", related_name="sessions", on_delete=fields.CASCADE
    )
    staff: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="window_sessions", on_delete=fields.CASCADE
    )
    category_ids: fields.JSONField[list[int]] = fields.JSONField(default=list)
    started_at = fields.DatetimeField(auto_now_add=True)
    ended_at = fields.DatetimeField(null=True)
    # Set while open, cleared on sign-out: the unique constraints allow one open session per
    # window and per staff member even when two sign-ins race.
    open_window_id = fields.IntField(null=True, unique=True)
    open_staff_id = fields.IntField(null=True, unique=True)

    class Meta:
        table = "window_session"


class PreCheck(Model):
    """A greeter's pre-check (导办) at the hall door: the item the resident came for, the answers
    to its situation questions and the materials they carry against the tailored checklist. It
    ends in a ticket (the window's intake opens pre-filled from it) or, with required materials
    missing, in the one-time list of what to bring (一次告知) and no ticket."""

    id = fields.IntField(primary_key=True)
    greeter: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="pre_checks", on_delete=fields.CASCADE
    )
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="pre_checks", on_delete=fields.CASCADE
    )
    item_code = fields.CharField(max_length=32)
    item_name = fields.CharField(max_length=128)
    answers: fields.JSONField[dict] = fields.JSONField(default=dict)  # as the checklist parsed them
    carried: fields.JSONField[list[int]] = fields.JSONField(default=list)  # material ids ticked
    # required materials not carried nor covered by a licence: [{"id": 12, "name": "居民户口簿"}]
    missing: fields.JSONField[list[dict]] = fields.JSONField(default=list)
    outcome = fields.CharEnumField(PreCheckOutcome, max_length=16)
    insisted = fields.BooleanField(default=False)  # a ticket issued although materials are missing
    ticket: fields.ForeignKeyNullableRelation[Ticket] = fields.ForeignKeyField(
        "hub.Ticket", related_name="pre_checks", null=True, unique=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "pre_check"
        indexes = (("service_point_id", "created_at"), ("greeter_id", "created_at"))
