"""Who may see and pay a case's fees, the signed links to its e-receipt and refund note, what
those documents print, and the fee totals of the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from hub.core.errors import ErrorCode, HubError, NotAuthenticated
from hub.core.models import Case, CaseFee, Payment, PaymentOrder, Refund
from hub.core.models.enums import CaseChannel, Role
from hub.core.models.rows import CaseRow
from hub.core.pdf.payment import ReceiptDocument
from hub.core.pdf.receipt import ReceiptPayment
from hub.core.viewer import Viewer, require_role
from resolvers.cases import access
from resolvers.cases.actors import Actor
from resolvers.catalog.fees import yuan
from resolvers.payment import orders
from resolvers.payment.reconcile import utc_range

PAYING_ROLES = (Role.FRONT_DESK, Role.ISSUER)
LINK_SECONDS = 3600
RECEIPT_TITLE = "浙江省非税收入统一票据（电子）"


@dataclass(frozen=True)
class CasePayment:
    case: CaseRow
    fees: list[dict[str, Any]]
    orders: list[dict[str, Any]]

    @property
    def payable(self) -> int:
        return orders.payable(self.fees)

    @property
    def settled(self) -> bool:
        return self.payable == 0 or any(o["status"] == orders.PAID for o in self.orders)


async def _case(viewer: Viewer | None, person_id: int | None, case_id: int) -> CaseRow:
    if viewer is not None:
        return await access.case_for(viewer, case_id)
    if person_id is not None:
        return await access.case_for_applicant(person_id, case_id)
    raise NotAuthenticated()


async def case_payment(viewer: Viewer | None, person_id: int | None, case_id: int) -> CasePayment:
    """A case's fees and orders, for staff who may see it or the applicant themself."""
    case = await _case(viewer, person_id, case_id)
    return CasePayment(case, await orders.fees_of(case_id), await orders.orders_of([case_id]))


async def my_case_payments(person_id: int, limit: int = 20) -> list[CasePayment]:
    """The resident's cases that carry a fee, newest first (4 queries whatever their number)."""
    found = await CaseFee.filter(case__person_id=person_id).order_by("-case_id").limit(
        10 * limit).values_list("case_id", flat=True)
    ids = list(dict.fromkeys(int(i) for i in found))[:limit]  # type: ignore[call-overload]
    if not ids:
        return []
    cases = {r["id"]: r for r in await Case.filter(id__in=ids).values()}
    fees = await CaseFee.filter(case_id__in=ids).order_by("sort", "id").values(
        "case_id", "code", "name", "amount", "due", "basis", "waived", "waiver")
    all_orders = await orders.orders_of(ids)
    return [CasePayment(cast(CaseRow, cases[i]), [f for f in fees if f["case_id"] == i],
                        [o for o in all_orders if o["case_id"] == i]) for i in ids]


async def pay(viewer: Viewer | None, person_id: int | None, case_id: int,
              channel: CaseChannel) -> orders.Checkout:
    """去缴费 / 展示收款码: the front desk or issuance window of the case's point, or the applicant."""
    if viewer is not None:
        v = require_role(viewer, *PAYING_ROLES)
        case = await access.case_for(v, case_id)
        if v.service_point_id not in (case["service_point_id"], case["finish_point_id"]):
            raise HubError(ErrorCode.NOT_FOUND, access.CASE_NOT_FOUND, "caseId")
        actor = Actor.staff(v, CaseChannel.COUNTER)
    elif person_id is not None:
        await access.case_for_applicant(person_id, case_id)
        actor = Actor.applicant(person_id, channel)
    else:
        raise NotAuthenticated()
    return await orders.checkout(case_id, actor)


async def on_receipt(case_id: int, base_url: str, now: datetime) -> ReceiptPayment | None:
    """What the case's 受理回执 says of its fees: paid, or due with the live payment code (made at
    the window with 展示收款码), or due with where to pay; None for a case without fees."""
    fees = await orders.fees_of(case_id)
    if not fees:
        return None
    due = [f for f in fees if not f["waived"]]
    waived = "；".join(f"{f['name']}免收（{f['waiver']}）" for f in fees if f["waived"])
    if not due:
        return ReceiptPayment(f"本事项无需缴费：{waived}。")
    lines = "、".join(f"{f['name']} {yuan(f['amount'])}" for f in due)
    total = yuan(orders.payable(fees))
    live = await PaymentOrder.filter(case_id=case_id, status__in=list(orders.LIVE)).order_by(
        "-id").limit(1).values("status", "code_url", "expires_at", "receipt_number")
    if live and live[0]["status"] == orders.PAID:
        return ReceiptPayment(f"已缴费 {total}（{lines}），电子票据号码 {live[0]['receipt_number']}。")
    text = f"应缴 {total}（{lines}；依据：{'；'.join(f['basis'] for f in due)}）。"
    if live and live[0]["code_url"] and live[0]["expires_at"] > now:
        url = live[0]["code_url"]
        url = f"{base_url.rstrip('/')}{url}" if url.startswith("/") else url
        return ReceiptPayment(text + "请用手机扫描右侧付款码缴纳；缴费成功后方可领取办理结果。", url,
                              live[0]["expires_at"])
    return ReceiptPayment(text + "请在窗口扫码缴纳，或登录“我的办件”在线缴纳；缴费成功后方可领取办理结果。")


class ReceiptLinks:
    """Short-lived signed links to an order's e-receipt or refund note (``kind``)."""

    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeTimedSerializer(secret_key, salt="owh-payment-receipt")

    def url(self, number: str, kind: str = "receipt") -> str:
        return f"/payment/{kind}/{number}.pdf?t={self._s.dumps([number, kind])}"

    def check(self, number: str, kind: str, token: str) -> bool:
        try:
            return self._s.loads(token, max_age=LINK_SECONDS) == [number, kind]
        except (BadSignature, SignatureExpired):
            return False


async def receipt_data(number: str, kind: str, base_url: str) -> ReceiptDocument | None:
    """The e-receipt of a paid order (also after a refund), or the refund note of a refunded one."""
    rows = await PaymentOrder.filter(number=number).values(
        "id", "number", "payer_name", "amount", "lines", "receipt_number", "status",
        "case__number", "case__item_name", "department__name")
    if not rows or not rows[0]["receipt_number"]:
        return None
    o = rows[0]
    payment = await Payment.filter(order_id=o["id"]).values("paid_at", "transaction_id")
    if not payment:
        return None
    refund = None
    if kind == "refund":
        r = await Refund.filter(order_id=o["id"], status="SUCCESS").values(
            "number", "amount", "succeeded_at", "reason")
        if not r:
            return None
        refund = (r[0]["number"], r[0]["amount"], r[0]["succeeded_at"], r[0]["reason"])
    return ReceiptDocument(
        title=RECEIPT_TITLE if kind == "receipt" else "退款凭证", receipt_number=o["receipt_number"],
        order_number=o["number"], payer=o["payer_name"], payee=o["department__name"],
        case_number=o["case__number"], item_name=o["case__item_name"],
        lines=[(x["name"], x["basis"], x["amount"]) for x in o["lines"]], amount=o["amount"],
        paid_at=payment[0]["paid_at"], transaction_id=payment[0]["transaction_id"],
        verify_url=f"{base_url.rstrip('/')}/payment/verify/{o['receipt_number']}", refund=refund)


async def verify(receipt_number: str) -> dict[str, Any] | None:
    """票据查验 (public, by the receipt's QR code): whether the receipt is genuine, with the
    payer's name masked."""
    rows = await PaymentOrder.filter(receipt_number=receipt_number).values(
        "receipt_number", "payer_name", "amount", "status", "paid_at", "department__name",
        "case__item_name")
    if not rows:
        return None
    r = rows[0]
    name = r["payer_name"]
    return {"receiptNumber": r["receipt_number"], "payer": name[:1] + "*" * max(1, len(name) - 1),
            "amount": r["amount"], "status": orders.STATUS_LABELS.get(r["status"], r["status"]),
            "paidAt": r["paid_at"], "payee": r["department__name"], "item": r["case__item_name"]}


@dataclass(frozen=True)
class FeeTotal:
    department: str
    item_code: str
    item_name: str
    paid_count: int
    collected: int  # fen
    refunded_count: int
    refunded: int  # fen


async def fee_totals(viewer: Viewer | None, start: date, end: date) -> list[FeeTotal]:
    """Fees collected and refunded per department and item (dashboard), days in Shanghai time,
    ``end`` included, for cases within the supervisor's region."""
    v = require_role(viewer, Role.SUPERVISOR, Role.ADMIN)
    if end < start or (end - start).days > 366:
        raise HubError(ErrorCode.INVALID, "统计区间须为一年以内，且结束日期不早于开始日期", "end")
    since, until = utc_range(start, (end - start).days + 1)
    scope = {"order__case__point_path__startswith": v.service_point_path}
    pays = await Payment.filter(paid_at__gte=since, paid_at__lt=until, **scope).values(
        "amount", "order__department__name", "order__case__item_code", "order__case__item_name")
    refunds = await Refund.filter(status="SUCCESS", succeeded_at__gte=since, succeeded_at__lt=until,
                                  **scope).values(
        "amount", "order__department__name", "order__case__item_code", "order__case__item_name")
    totals: dict[tuple[str, str, str], list[int]] = {}
    for rows, offset in ((pays, 0), (refunds, 2)):
        for r in rows:
            key = (r["order__department__name"], r["order__case__item_code"], r["order__case__item_name"])
            t = totals.setdefault(key, [0, 0, 0, 0])
            t[offset] += 1
            t[offset + 1] += r["amount"]
    return [FeeTotal(k[0], k[1], k[2], *v) for k, v in sorted(totals.items())]

