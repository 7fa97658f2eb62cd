"""Catalog: life events, items (事项) with their six elements, and materials."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import (
    AcceptScope,
    CatalogStandard,
    ChannelMode,
    ItemKind,
    MaterialForm,
    MaterialRequirement,
    QuestionKind,
    RegionLevel,
)


class LifeEvent(Model):
    """A theme citizens browse by (出生, 就业创业, 退休养老 ...)."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=32)
    description = fields.CharField(max_length=255, default="")
    sort = fields.IntField(default=0)

    class Meta:
        table = "life_event"
        ordering = ["sort", "code"]


class Item(Model):
    """One catalogue entry: 同一事项、同一标准、同一编码."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=128, db_index=True)
    summary = fields.CharField(max_length=255, default="")
    keywords: fields.JSONField[list[str]] = fields.JSONField(default=list)
    department: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Department", related_name="items", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(ItemKind, max_length=16)
    decision_level = fields.CharEnumField(RegionLevel, max_length=16)
    # The six elements (六要素).
    scope = fields.TextField(default="")
    accepting_agency = fields.CharField(max_length=255, default="")
    deciding_agency = fields.CharField(max_length=255, default="")
    legal_time_limit_days = fields.IntField(default=0)
    promised_time_limit_days = fields.IntField(default=0)
    fee = fields.CharField(max_length=255, default="不收费")
    fee_basis = fields.CharField(max_length=255, null=True)
    # the fees as data (resolvers/catalog/fees.py): [{code, name, amount (fen), due, basis,
    # condition, waive_if, waiver}], compiled from the item's effective document; null on rows
    # compiled before fees were data (read as none)
    fees: fields.JSONField[list] = fields.JSONField(null=True)
    # Availability per terminal; the hall counter can always accept.
    counter = fields.BooleanField(default=True)
    pc = fields.CharEnumField(ChannelMode, max_length=16, default=ChannelMode.NONE)
    mobile = fields.CharEnumField(ChannelMode, max_length=16, default=ChannelMode.NONE)
    kiosk = fields.CharEnumField(ChannelMode, max_length=16, default=ChannelMode.NONE)
    accept_scope = fields.CharEnumField(
        AcceptScope, max_length=16, default=AcceptScope.DISTRICT_WIDE
    )
    accepting_points: fields.ManyToManyRelation = fields.ManyToManyField(
        "hub.ServicePoint", related_name="accepted_items", through="item_accepting_point"
    )
    standard = fields.CharEnumField(CatalogStandard, max_length=20, default=CatalogStandard.CITY)
    # A district variant names the city-standard item it adjusts.
    base_code = fields.CharField(max_length=32, null=True)
    life_events: fields.ManyToManyRelation = fields.ManyToManyField(
        "hub.LifeEvent", related_name="items", through="item_life_event"
    )
    # The item_version this row was compiled from; cases freeze it.
    version = fields.IntField(default=1)
    active = fields.BooleanField(default=True)
    sort = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "item"
        ordering = ["sort", "code"]


class Question(Model):
    """A situation question (情形) of an item, asked only when its show_if condition holds.

    Conditions are data, evaluated by resolvers/catalog/situations.py.
    """

    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[Item] = fields.ForeignKeyField(
        "hub.Item", related_name="questions", on_delete=fields.CASCADE
    )
    code = fields.CharField(max_length=32)
    text = fields.CharField(max_length=128)
    help = fields.CharField(max_length=255, default="")
    kind = fields.CharEnumField(QuestionKind, max_length=16)
    options: fields.JSONField[list[dict]] = fields.JSONField(default=list)
    required = fields.BooleanField(default=True)
    show_if: fields.JSONField[dict | None] = fields.JSONField(null=True)
    sort = fields.IntField(default=0)

    class Meta:
        table = "question"
        unique_together = (("item", "code"),)
        ordering = ["sort", "id"]


class Material(Model):
    """A material of an item's 申请材料目录.

    condition selects the applicants who need it (null: everyone); deferrable_if makes it
    容缺 for some of them; license_type names the electronic licence that replaces it.
    """

    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[Item] = fields.ForeignKeyField(
        "hub.Item", related_name="materials", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=128)
    form = fields.CharEnumField(MaterialForm, max_length=20, default=MaterialForm.ORIGINAL)
    count = fields.IntField(default=1)
    requirement = fields.CharEnumField(
        MaterialRequirement, max_length=16, default=MaterialRequirement.REQUIRED
    )
    note = fields.CharField(max_length=255, null=True)
    condition: fields.JSONField[dict | None] = fields.JSONField(null=True)
    deferrable_if: fields.JSONField[dict | None] = fields.JSONField(null=True)
    license_type = fields.CharField(max_length=32, null=True)
    sort = fields.IntField(default=0)

    class Meta:
        table = "material"
        ordering = ["sort", "id"]


class CatalogRevision(Model):
    """One catalogue change (an edit, an import, a seed run) that made new item versions."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=16)  # EDIT, IMPORT, SEED
    author = fields.CharField(max_length=64)
    note = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "catalog_revision"


class ItemVersion(Model):
    """An immutable published version of one item: the authored document and, compiled from it,
    the effective document the district serves (a variant merged onto its city item).
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32)
    version = fields.IntField()
    revision: fields.ForeignKeyRelation[CatalogRevision] = fields.ForeignKeyField(
        "hub.CatalogRevision", related_name="versions", on_delete=fields.RESTRICT
    )
    standard = fields.CharEnumField(CatalogStandard, max_length=20)
    document: fields.JSONField[dict] = fields.JSONField()
    effective: fields.JSONField[dict] = fields.JSONField()

    class Meta:
        table = "item_version"
        unique_together = (("code", "version"),)

    async def save(self, *args, **kwargs) -> None:  # type: ignore[override]
        if self._saved_in_db:
            raise PermissionError("published catalogue versions are immutable")
        await super().save(*args, **kwargs)


class CatalogHead(Model):
    """The current version of each item code (mutable pointers over immutable versions)."""

    code = fields.CharField(max_length=32, primary_key=True)
    version: fields.ForeignKeyRelation[ItemVersion] = fields.ForeignKeyField(
        "hub.ItemVersion", related_name="heads", on_delete=fields.RESTRICT
    )

    class Meta:
        table = "catalog_head"


class ChecklistLink(Model):
    """A short link to one tailored checklist (item code plus answers), printed on the one-time
    notice: ``/c/<slug>`` instead of the checklist page's long, percent-encoded address. The
    slug is derived from the content, so the same checklist always gets the same link."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=16, unique=True)
    item_code = fields.CharField(max_length=32)
    answers: fields.JSONField[dict] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField()

    class Meta:
        table = "checklist_link"
