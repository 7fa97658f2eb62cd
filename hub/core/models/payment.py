"""统一支付: the fees frozen on a case, the payment orders that collect them, and what the
payment platform reported (payments, refunds, notifications, statement differences).

Every row here is append-only except two status columns, changed only by compare-and-set
transitions (resolvers/payment/orders.py): an order's ``status`` and a refund's ``status``.
Amounts are integers in fen (分). Nothing that points at a case may be deleted.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class CaseFee(Model):
    """One fee of a case, frozen at filing from the item version the case was filed under
    (``item_version``): what is due and why, or why it is waived (减免)."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Case", related_name="fees", on_delete=fields.RESTRICT)
    item_version = fields.IntField()
    code = fields.CharField(max_length=32)  # the fee's code within the item
    name = fields.CharField(max_length=64)
    amount = fields.IntField()  # fen, as the catalogue states it
    due = fields.CharField(max_length=16)  # ACCEPTANCE | ISSUANCE
    basis = fields.CharField(max_length=255)
    waived = fields.BooleanField(default=False)
    waiver = fields.CharField(max_length=128, default="")  # why (the situation answer)
    sort = fields.IntField(default=0)

    class Meta:
        table = "case_fee"
        unique_together = (("case_id", "code"),)


class PaymentOrder(Model):
    """支付订单: what a payer owes for one case, as sent to the payment platform
    (``number`` is the platform's out_trade_no). One order per attempt: an expired or cancelled
    order stays; a new one is made for the next attempt."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    case: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Case", related_name="payment_orders", on_delete=fields.RESTRICT)
    department: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Department", related_name="payment_orders", on_delete=fields.RESTRICT)
    payer_name = fields.CharField(max_length=128)
    amount = fields.IntField()  # fen
    lines: fields.JSONField[list] = fields.JSONField(default=list)  # [{code, name, amount, basis}]
    due = fields.CharField(max_length=16)  # the earliest due point of its lines
    status = fields.CharField(max_length=16, default="UNPAID")
    # the case id while the order is live (UNPAID or PAID), else null: unique, so a case never
    # has two live orders (two windows asking for a code at once get the same order)
    slot = fields.IntField(null=True, unique=True)
    version = fields.IntField(default=1)  # bumped by every status transition
    code_url = fields.CharField(max_length=255, default="")  # set once the platform has the order
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    paid_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    receipt_number = fields.CharField(max_length=32, null=True, unique=True)  # 电子票据号码

    class Meta:
        table = "payment_order"
        indexes = (("status", "expires_at"), ("case_id", "id"))


class Payment(Model):
    """A payment the platform reported (notification or query): at most one per order."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[PaymentOrder] = fields.OneToOneField(
        "hub.PaymentOrder", related_name="payment", on_delete=fields.RESTRICT)
    transaction_id = fields.CharField(max_length=64, unique=True)
    amount = fields.IntField()
    paid_at = fields.DatetimeField()  # the platform's success time
    source = fields.CharField(max_length=16)  # NOTIFY | QUERY
    recorded_at = fields.DatetimeField()

    class Meta:
        table = "payment"


class Refund(Model):
    """A refund of a payment (退款): asked of the platform through the outbox, confirmed by its
    refund notification or a query. One per order."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)  # out_refund_no
    order: fields.ForeignKeyRelation[PaymentOrder] = fields.OneToOneField(
        "hub.PaymentOrder", related_name="refund", on_delete=fields.RESTRICT)
    amount = fields.IntField()
    reason = fields.CharField(max_length=128)
    status = fields.CharField(max_length=16, default="PENDING")  # PENDING → SUCCESS
    refund_id = fields.CharField(max_length=64, null=True)  # the platform's
    created_at = fields.DatetimeField()
    succeeded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "payment_refund"


class PaymentLog(Model):
    """The audit trail of orders: every change and every notification received (also forged,
    duplicate and refused ones), append-only."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyNullableRelation[PaymentOrder] = fields.ForeignKeyField(
        "hub.PaymentOrder", related_name="log", null=True, on_delete=fields.RESTRICT)
    at = fields.DatetimeField()
    action = fields.CharField(max_length=32)
    actor = fields.CharField(max_length=64, default="")
    detail: fields.JSONField[dict] = fields.JSONField(default=dict)

    class Meta:
        table = "payment_log"
        indexes = (("order_id", "id"),)


class StatementDiff(Model):
    """对账差异: one difference between the platform's daily statement and the hub's records,
    with the administrator's resolution note."""

    id = fields.IntField(primary_key=True)
    day = fields.DateField()
    kind = fields.CharField(max_length=24)  # MISSING_IN_HUB | MISSING_ON_PLATFORM | AMOUNT_MISMATCH
    entry = fields.CharField(max_length=8)  # PAY | REFUND
    reference = fields.CharField(max_length=64)  # out_trade_no or out_refund_no
    hub_amount = fields.IntField(null=True)
    platform_amount = fields.IntField(null=True)
    found_at = fields.DatetimeField()
    resolved_at = fields.DatetimeField(null=True)
    resolved_by = fields.CharField(max_length=64, default="")
    note = fields.CharField(max_length=255, default="")

    class Meta:
        table = "statement_diff"
        unique_together = (("day", "entry", "reference", "kind"),)
