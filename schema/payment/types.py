"""GraphQL output types of 统一支付."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from hub.core.errors import ErrorCode
from hub.core.qr import qr_data_url
from resolvers.catalog.fees import DUE_LABELS, yuan
from resolvers.payment import orders, reconcile, views
from schema.errors import Error, code_enum, code_field

PaymentErrorCode = code_enum("PaymentErrorCode", "缴费与对账错误代码", [
    ErrorCode.INVALID, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT, ErrorCode.NOTHING_TO_PAY,
    ErrorCode.PLATFORM_UNAVAILABLE, ErrorCode.PAYMENT_DUE,
])


@strawberry.type(description="缴费或对账操作错误")
class PaymentError(Error):
    code: ErrorCode = code_field(PaymentErrorCode)


@strawberry.type(description="办件的一项费用（受理时按事项目录版本冻结）")
class CaseFee:
    code: str = strawberry.field(description="收费项目编码")
    name: str = strawberry.field(description="收费项目名称")
    amount: int = strawberry.field(description="金额（分）")
    amount_text: str = strawberry.field(description="金额（元）")
    due_label: str = strawberry.field(description="缴费时点")
    basis: str = strawberry.field(description="收费依据")
    waived: bool = strawberry.field(description="是否减免")
    waiver: str = strawberry.field(description="减免原因")

    @classmethod
    def of(cls, r: dict[str, Any]) -> CaseFee:
        return cls(code=r["code"], name=r["name"], amount=r["amount"], amount_text=yuan(r["amount"]),
                   due_label=DUE_LABELS.get(r["due"], r["due"]), basis=r["basis"], waived=r["waived"],
                   waiver=r["waiver"])


@strawberry.type(description="订单上的一项收费")
class OrderLine:
    name: str = strawberry.field(description="收费项目")
    amount: int = strawberry.field(description="金额（分）")
    amount_text: str = strawberry.field(description="金额（元）")
    basis: str = strawberry.field(description="收费依据")


@strawberry.type(description="支付订单：金额、收费项目、缴款人、有效期与状态")
class PaymentOrder:
    id: strawberry.ID = strawberry.field(description="订单 ID")
    number: str = strawberry.field(description="订单号（支付平台的商户订单号）")
    status: str = strawberry.field(description="UNPAID 待缴费 / PAID 已缴费 / EXPIRED 已过期 / "
                                               "CANCELLED 已取消 / REFUNDING 退款中 / REFUNDED 已退款")
    status_label: str = strawberry.field(description="状态（中文）")
    amount: int = strawberry.field(description="金额（分）")
    amount_text: str = strawberry.field(description="金额（元）")
    lines: list[OrderLine] = strawberry.field(description="收费项目")
    payer_name: str = strawberry.field(description="缴款人")
    code_url: str = strawberry.field(description="付款码网址（扫码支付）")
    code_qr: str | None = strawberry.field(description="付款码二维码（SVG data URL），仅待缴费时")
    created_at: datetime = strawberry.field(description="下单时间")
    expires_at: datetime = strawberry.field(description="付款码失效时间")
    paid_at: datetime | None = strawberry.field(description="缴费时间")
    receipt_number: str | None = strawberry.field(description="电子票据号码")
    receipt_url: str | None = strawberry.field(description="电子票据（PDF，短时有效的链接）")
    refund_url: str | None = strawberry.field(description="退款凭证（PDF，已退款时）")

    @classmethod
    def of(cls, r: dict[str, Any], links: views.ReceiptLinks, base: str = "") -> PaymentOrder:
        unpaid = r["status"] == orders.UNPAID and bool(r["code_url"])
        # a platform on this hub's own address (the demo's) answers a path: phones need the host
        code_url = f"{base}{r['code_url']}" if r["code_url"].startswith("/") else r["code_url"]
        return cls(
            id=strawberry.ID(str(r["id"])), number=r["number"], status=r["status"],
            status_label=orders.STATUS_LABELS.get(r["status"], r["status"]), amount=r["amount"],
            amount_text=yuan(r["amount"]),
            lines=[OrderLine(name=x["name"], amount=x["amount"], amount_text=yuan(x["amount"]),
                             basis=x["basis"]) for x in r["lines"]],
            payer_name=r["payer_name"], code_url=code_url,
            code_qr=qr_data_url(code_url) if unpaid else None,
            created_at=r["created_at"], expires_at=r["expires_at"], paid_at=r["paid_at"],
            receipt_number=r["receipt_number"],
            receipt_url=links.url(r["number"]) if r["receipt_number"] else None,
            refund_url=links.url(r["number"], "refund") if r["status"] == orders.REFUNDED else None)


@strawberry.type(description="办件的缴费情况")
class CasePayment:
    case_id: strawberry.ID = strawberry.field(description="办件 ID")
    case_number: str = strawberry.field(description="办件编号")
    item_name: str = strawberry.field(description="事项名称")
    applicant_name: str = strawberry.field(description="申请人")
    fees: list[CaseFee] = strawberry.field(description="费用（含减免的）")
    payable: int = strawberry.field(description="应缴合计（分）")
    payable_text: str = strawberry.field(description="应缴合计（元）")
    settled: bool = strawberry.field(description="是否已缴清（无需缴费或已缴费）")
    orders: list[PaymentOrder] = strawberry.field(description="支付订单，新的在前（最多 20 个）")

    @classmethod
    def of(cls, p: views.CasePayment, links: views.ReceiptLinks, base: str = "") -> CasePayment:
        return cls(case_id=strawberry.ID(str(p.case["id"])), case_number=p.case["number"],
                   item_name=p.case["item_name"], applicant_name=p.case["applicant_name"],
                   fees=[CaseFee.of(f) for f in p.fees], payable=p.payable,
                   payable_text=yuan(p.payable), settled=p.settled,
                   orders=[PaymentOrder.of(o, links, base) for o in p.orders[:20]])


@strawberry.type(description="去缴费的结果：可扫码支付的订单")
class PayCasePayload:
    order: PaymentOrder | None = strawberry.field(description="订单（含付款码）")
    errors: list[PaymentError] = strawberry.field(description="业务错误")


@strawberry.type(description="对账差异：平台对账单与本平台记录不一致的一笔")
class StatementDiff:
    id: strawberry.ID = strawberry.field(description="差异 ID")
    day: date = strawberry.field(description="对账日期")
    kind: str = strawberry.field(description="MISSING_IN_HUB / MISSING_ON_PLATFORM / AMOUNT_MISMATCH")
    kind_label: str = strawberry.field(description="差异类型（中文）")
    entry_label: str = strawberry.field(description="支付 / 退款")
    reference: str = strawberry.field(description="订单号或退款单号")
    hub_amount: int | None = strawberry.field(description="本平台金额（分）")
    platform_amount: int | None = strawberry.field(description="支付平台金额（分）")
    found_at: datetime = strawberry.field(description="发现时间")
    resolved_at: datetime | None = strawberry.field(description="处理时间")
    resolved_by: str = strawberry.field(description="处理人")
    note: str = strawberry.field(description="处理说明")

    @classmethod
    def of(cls, r: dict[str, Any]) -> StatementDiff:
        return cls(id=strawberry.ID(str(r["id"])), day=r["day"], kind=r["kind"],
                   kind_label=reconcile.KIND_LABELS.get(r["kind"], r["kind"]),
                   entry_label=reconcile.ENTRY_LABELS.get(r["entry"], r["entry"]),
                   reference=r["reference"], hub_amount=r["hub_amount"],
                   platform_amount=r["platform_amount"], found_at=r["found_at"],
                   resolved_at=r["resolved_at"], resolved_by=r["resolved_by"], note=r["note"])


@strawberry.type(description="对账结果")
class ReconcilePayload:
    differences: list[StatementDiff] = strawberry.field(description="本次发现的差异")
    errors: list[PaymentError] = strawberry.field(description="业务错误")


@strawberry.type(description="处理对账差异的结果")
class ResolveDiffPayload:
    difference: StatementDiff | None = strawberry.field(description="已处理的差异")
    errors: list[PaymentError] = strawberry.field(description="业务错误")


@strawberry.type(description="按部门和事项的收费与退费合计")
class FeeTotal:
    department: str = strawberry.field(description="收费部门")
    item_code: str = strawberry.field(description="事项编码")
    item_name: str = strawberry.field(description="事项名称")
    paid_count: int = strawberry.field(description="缴费笔数")
    collected: int = strawberry.field(description="收费金额（分）")
    refunded_count: int = strawberry.field(description="退费笔数")
    refunded: int = strawberry.field(description="退费金额（分）")
