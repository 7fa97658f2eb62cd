"""Related items (办好一件事，主动办好一串事): which items usually follow an item, and the offers
made to applicants after a case ("顺便办").

A relation is scoped like the catalogue (以上带下): ``scope`` "" is the city's and applies in every
district; a district's code scopes a district's own relation, or (status HIDDEN) hides the city's
relation of the same pair in that district.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import RelationSource, RelationStatus


class ItemRelation(Model):
    """Item from_code → item to_code with the reason the applicant reads."""

    id = fields.IntField(primary_key=True)
    from_code = fields.CharField(max_length=32)
    to_code = fields.CharField(max_length=32)
    reason = fields.CharField(max_length=255, default="")
    source = fields.CharEnumField(RelationSource, max_length=16)
    status = fields.CharEnumField(RelationStatus, max_length=16)
    scope = fields.CharField(max_length=32, default="")  # "" the city; else a district's code
    # mined: applicants who filed to_code within the window after from_code, and that share of
    # the applicants of from_code (at the last mining run)
    support = fields.IntField(default=0)
    confidence = fields.FloatField(default=0)
    mined_at = fields.DatetimeField(null=True)
    created_by = fields.CharField(max_length=64, default="")
    decided_by = fields.CharField(max_length=64, default="")
    decided_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=1)  # bumped by every decision (compare-and-set)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "item_relation"
        unique_together = (("from_code", "to_code", "scope"),)
        indexes = (("status", "confidence"),)


class RelatedOffer(Model):
    """One related item offered after one case, and the case filed from it."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Case", related_name="related_offers", on_delete=fields.RESTRICT
    )
    relation: fields.ForeignKeyRelation[ItemRelation] = fields.ForeignKeyField(
        "hub.ItemRelation", related_name="offers", on_delete=fields.RESTRICT
    )
    item_code = fields.CharField(max_length=32)  # the offered item as served when offered
    reason = fields.CharField(max_length=255, default="")
    offered_at = fields.DatetimeField()
    taken_case: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Case", related_name="taken_offers", null=True, on_delete=fields.RESTRICT
    )
    taken_at = fields.DatetimeField(null=True)

    class Meta:
        table = "related_offer"
        unique_together = (("case", "item_code"),)
        indexes = (("offered_at",),)
