"""Payment orders (支付订单): fees frozen on a case, the order that collects them, the payment
the platform reports and the refund of a refused case — exactly once each.

Invariants (every one a database constraint or a compare-and-set, not a check outside the
transaction):

- a case has at most one *live* order (UNPAID or PAID): ``PaymentOrder.slot`` holds the case id
  while the order is live and is unique; it is cleared when the order expires, is cancelled or
  is refunded, so a new order can be made;
- an order is paid at most once: ``Payment.order`` is unique (and the platform's transaction id
  too); a duplicate notification finds the row and changes nothing;
- the order status moves only by ``_move`` (compare-and-set on status and version), each move
  with an audit row (``PaymentLog``) and, for the case, a row in its trail and an event on its
  channel (the counter's customer screen and the resident's case page follow it);
- a payment reported for an order that is no longer payable (expired, cancelled: the case was
  refused) is recorded and refunded automatically;
- outgoing calls that must not be lost (refunds, closing a cancelled order on the platform) go
  through the transactional outbox, topics ``payment.refund`` and ``payment.close``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core import outbox
from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import Case, CaseFee, Payment, PaymentLog, PaymentOrder, Refund
from hub.core.models.enums import CaseStatus
from hub.core.ports import ports
from realtime.log import LoggedEvent
from resolvers.cases import transitions
from resolvers.cases.actors import Actor
from resolvers.cases.intake import CaseFiled
from resolvers.cases.transitions import CaseMoved
from resolvers.catalog.fees import yuan
from resolvers.payment.platform import (
    Notification,
    OrderRequest,
    PaymentPlatform,
    PlatformError,
    TradeState,
)

ORDER_MINUTES = 30  # how long a payment code may be paid
UNPAID, PAID, EXPIRED, CANCELLED, REFUNDING, REFUNDED = (
    "UNPAID", "PAID", "EXPIRED", "CANCELLED", "REFUNDING", "REFUNDED")
LIVE = (UNPAID, PAID)
STATUS_LABELS = {UNPAID: "待缴费", PAID: "已缴费", EXPIRED: "已过期", CANCELLED: "已取消",
                 REFUNDING: "退款中", REFUNDED: "已退款"}
REFUND_TOPIC, CLOSE_TOPIC = "payment.refund", "payment.close"
ORDER_FIELDS = ("id", "number", "case_id", "department_id", "payer_name", "amount", "lines", "due",
                "status", "version", "code_url", "created_at", "expires_at", "paid_at",
                "closed_at", "receipt_number")
SYSTEM = Actor(staff_id=None, name="统一支付平台", channel="PAYMENT", service_point_id=None)


def _platform() -> PaymentPlatform:
    return ports().payment


def _number(prefix: str, now: datetime) -> str:
    """A 24-character order or refund number: prefix, local date-time, random digits."""
    return f"{prefix}{now.strftime('%Y%m%d%H%M%S')}{secrets.randbelow(10**8):08d}"


async def log(conn: BaseDBAsyncClient | None, order_id: int | None, action: str, actor: str,
              detail: dict[str, Any], at: datetime) -> None:
    await PaymentLog.create(order_id=order_id, action=action, actor=actor[:64], detail=detail, at=at,
                            using_db=conn)


# --- fees frozen at filing --------------------------------------------------------------------


async def freeze_fees(conn: BaseDBAsyncClient, filed: CaseFiled) -> None:
    """The intake listener: the case's fees, frozen with the catalogue version it was filed under."""
    if not filed.fees:
        return
    await CaseFee.bulk_create([
        CaseFee(case_id=filed.case_id, item_version=filed.item_version, code=f.code, name=f.name,
                amount=f.amount, due=f.due, basis=f.basis, waived=f.waived,
                waiver=f.reason if f.waived else "", sort=i)
        for i, f in enumerate(filed.fees)], using_db=conn)


async def fees_of(case_id: int) -> list[dict[str, Any]]:
    return list(await CaseFee.filter(case_id=case_id).order_by("sort", "id").values(
        "code", "name", "amount", "due", "basis", "waived", "waiver"))


def payable(fees: Iterable[dict[str, Any]]) -> int:
    return sum(0 if f["waived"] else f["amount"] for f in fees)


async def orders_of(case_ids: Sequence[int]) -> list[dict[str, Any]]:
    return list(await PaymentOrder.filter(case_id__in=list(case_ids)).order_by("case_id", "-id")
                .limit(20 * max(1, len(case_ids))).values(*ORDER_FIELDS))


async def order_by_number(number: str) -> dict[str, Any] | None:
    rows = await PaymentOrder.filter(number=number).values(*ORDER_FIELDS)
    return rows[0] if rows else None


async def is_settled(case_id: int) -> bool:
    """Whether the case owes nothing: no payable fee, or a paid order."""
    fees = await fees_of(case_id)
    return payable(fees) == 0 or await PaymentOrder.exists(case_id=case_id, status=PAID)


async def require_paid(case_id: int, conn: BaseDBAsyncClient | None = None) -> None:
    """The issuance check: 待缴费 while a payable fee has no paid order (read in ``conn``'s
    transaction when given)."""
    fees_q = CaseFee.filter(case_id=case_id).order_by("sort", "id")
    paid_q = PaymentOrder.filter(case_id=case_id, status=PAID)
    if conn is not None:
        fees_q, paid_q = fees_q.using_db(conn), paid_q.using_db(conn)
    fees = list(await fees_q.values("name", "amount", "waived"))
    if payable(fees) == 0 or await paid_q.exists():
        return
    names = "、".join(f"{f['name']} {yuan(f['amount'])}" for f in fees if not f["waived"])
    raise HubError(ErrorCode.PAYMENT_DUE, f"待缴费：请先缴纳{names}（共 {yuan(payable(fees))}），"
                   "缴费成功后方可出件", "caseId")


# --- status transitions --------------------------------------------------------------------------


async def _move(conn: BaseDBAsyncClient, order: dict[str, Any], expect: Sequence[str], to: str,
                action: str, actor: str, detail: dict[str, Any], at: datetime,
                **updates: Any) -> bool:
    """Compare-and-set the order's status; False (nothing written) when it moved meanwhile."""
    if to not in LIVE:
        updates["slot"] = None
    if not await _cas(conn, order["id"], expect, to, updates):
        return False
    await log(conn, order["id"], action, actor, {"from": order["status"], "to": to, **detail}, at)
    return True


async def _cas(conn: BaseDBAsyncClient, order_id: int, expect: Sequence[str], to: str,
               updates: dict[str, Any]) -> bool:
    rows = await PaymentOrder.filter(id=order_id).using_db(conn).values("status", "version")
    if not rows or rows[0]["status"] not in expect:
        return False
    changed = await PaymentOrder.filter(id=order_id, status=rows[0]["status"],
                                        version=rows[0]["version"]).using_db(conn).update(
        status=to, version=rows[0]["version"] + 1, **updates)
    return changed == 1


async def _case_note(conn: BaseDBAsyncClient, case_id: int, action: str, detail: dict[str, Any],
                     at: datetime, actor: Actor | None = None) -> LoggedEvent:
    return await transitions.record(conn, case_id, actor or SYSTEM, action, detail, at=at)


async def _reload(conn: BaseDBAsyncClient | None, order_id: int) -> dict[str, Any]:
    q = PaymentOrder.filter(id=order_id)
    return (await (q.using_db(conn) if conn else q).values(*ORDER_FIELDS))[0]


# --- making an order and showing its code ------------------------------------------------------


@dataclass(frozen=True)
class Checkout:
    order: dict[str, Any]
    events: list[LoggedEvent]


async def checkout(case_id: int, actor: Actor, now: datetime | None = None) -> Checkout:
    """The case's payable order with its code URL: the live one, or a new one when there is none
    (the last one expired). The caller has checked that ``actor`` may see the case."""
    now = now or utcnow()
    case = await Case.filter(id=case_id).values("id", "status", "department_id", "applicant_name",
                                                 "item_name", "number")
    if not case:
        raise HubError(ErrorCode.NOT_FOUND, "办件不存在", "caseId")
    c = case[0]
    if c["status"] in (CaseStatus.REJECTED, CaseStatus.ISSUED):
        raise HubError(ErrorCode.NOTHING_TO_PAY, "该办件已办结或不予受理，无需缴费", "caseId")
    fees = await fees_of(case_id)
    amount = payable(fees)
    if amount == 0:
        raise HubError(ErrorCode.NOTHING_TO_PAY, "该办件无需缴费", "caseId")
    events: list[LoggedEvent] = []
    live = await PaymentOrder.filter(case_id=case_id, status__in=list(LIVE)).values(*ORDER_FIELDS)
    order = live[0] if live else None
    if order is not None and order["status"] == PAID:
        raise HubError(ErrorCode.NOTHING_TO_PAY, "该办件已缴费", "caseId")
    if order is not None and order["expires_at"] <= now:
        await retire(order, now)
        order = await _reload(None, order["id"])
        if order["status"] == PAID:  # it was paid at the last moment
            raise HubError(ErrorCode.NOTHING_TO_PAY, "该办件已缴费", "caseId")
        order = None
    if order is None:
        lines = [{"code": f["code"], "name": f["name"], "amount": f["amount"], "basis": f["basis"]}
                 for f in fees if not f["waived"]]
        due = "ACCEPTANCE" if any(f["due"] == "ACCEPTANCE" for f in fees if not f["waived"]) else "ISSUANCE"
        try:
            async with in_transaction() as conn:
                created = await PaymentOrder.create(
                    number=_number("P", now), case_id=case_id, department_id=c["department_id"],
                    payer_name=c["applicant_name"], amount=amount, lines=lines, due=due,
                    slot=case_id, created_at=now, expires_at=now + timedelta(minutes=ORDER_MINUTES),
                    using_db=conn)
                await log(conn, created.id, "CREATE", actor.name, {"amount": amount, "lines": lines}, now)
                events.append(await _case_note(conn, case_id, "PAYMENT_ORDER", {
                    "order": created.number, "amount": amount, "amountText": yuan(amount)}, now, actor))
        except IntegrityError:  # another window or the resident made it at the same moment
            live = await PaymentOrder.filter(case_id=case_id, status__in=list(LIVE)).values(*ORDER_FIELDS)
            if not live:
                raise HubError(ErrorCode.CONFLICT, "缴费订单正在变化，请稍后重试", "caseId") from None
            if live[0]["status"] == PAID:
                raise HubError(ErrorCode.NOTHING_TO_PAY, "该办件已缴费", "caseId") from None
            order = live[0]
        else:
            order = await _reload(None, created.id)
    if not order["code_url"]:
        # placed on the platform outside any transaction; placing it twice answers the same URL
        try:
            url = await _platform().create_order(OrderRequest(
                order["number"], order["amount"], f"{c['item_name']}（办件 {c['number']}）",
                order["expires_at"], order["payer_name"]))
        except PlatformError as e:
            raise HubError(ErrorCode.PLATFORM_UNAVAILABLE, f"支付平台下单失败：{e.message}", "caseId") from e
        await PaymentOrder.filter(id=order["id"], code_url="").update(code_url=url[:255])
        order = await _reload(None, order["id"])
    return Checkout(order, events)


async def retire(order: dict[str, Any], now: datetime) -> str:
    """An unpaid order past its expiry: closed on the platform first (so it can no longer be
    paid), then EXPIRED; if the platform says it was paid meanwhile, the payment is recorded.
    The status the order is left in."""
    if order["code_url"]:
        try:
            await _platform().close(order["number"])
        except PlatformError as e:
            if e.code != "ORDER_PAID":
                raise
            await apply_trade(await _platform().query(order["number"]), "QUERY", now)
            return (await _reload(None, order["id"]))["status"]
    async with in_transaction() as conn:
        if await _move(conn, order, [UNPAID], EXPIRED, "EXPIRE", "系统", {}, now, closed_at=now):
            await _case_note(conn, order["case_id"], "PAYMENT_EXPIRED", {"order": order["number"]}, now)
    return (await _reload(None, order["id"]))["status"]


# --- what the platform reports ---------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    """What a report changed: ``outcome`` is PAID, DUPLICATE, REFUNDING (paid after it was
    closed: refunded automatically), REFUNDED, or IGNORED."""

    outcome: str
    order_id: int | None
    events: list[LoggedEvent]


async def apply_notification(note: Notification, now: datetime | None = None) -> Applied:
    """A verified notification: a payment or a refund."""
    now = now or utcnow()
    if note.event == "TRANSACTION.SUCCESS":
        return await apply_payment(note.out_trade_no, note.transaction_id, note.amount,
                                   note.success_time or now, "NOTIFY", now)
    if note.event == "REFUND.SUCCESS":
        return await apply_refund(note.out_refund_no, note.refund_id, note.amount, now)
    return Applied("IGNORED", None, [])


async def apply_trade(state: TradeState, source: str, now: datetime) -> Applied:
    """An order query's answer: a SUCCESS (or REFUND: paid, then refunded) is a payment."""
    if state.state in ("SUCCESS", "REFUND") and state.transaction_id:
        return await apply_payment(state.out_trade_no, state.transaction_id, state.amount,
                                   state.success_time or now, source, now)
    return Applied("IGNORED", None, [])


class Refused(Exception):
    """A report the hub cannot accept (unknown order, wrong amount): the platform is told FAIL."""


async def apply_payment(number: str, transaction_id: str, amount: int, paid_at: datetime,
                        source: str, now: datetime) -> Applied:
    """Record the payment of order ``number`` — once, whatever the number and order of reports."""
    order = await order_by_number(number)
    if order is None:
        await log(None, None, "UNKNOWN_ORDER", source, {"order": number, "amount": amount}, now)
        raise Refused(f"订单 {number} 不存在")
    if amount != order["amount"]:
        await log(None, order["id"], "AMOUNT_MISMATCH", source,
                  {"reported": amount, "expected": order["amount"], "transaction": transaction_id}, now)
        raise Refused(f"订单 {number} 金额不符：平台 {amount} 分，应收 {order['amount']} 分")
    events: list[LoggedEvent] = []
    try:
        async with in_transaction() as conn:
            await Payment.create(order_id=order["id"], transaction_id=transaction_id[:64], amount=amount,
                                 paid_at=paid_at, source=source, recorded_at=now, using_db=conn)
            order = await _reload(conn, order["id"])
            detail = {"transaction": transaction_id, "amount": amount, "source": source}
            if await _move(conn, order, [UNPAID], PAID, "PAID", source, detail, now, paid_at=paid_at,
                           receipt_number=_number("E", now)):
                events.append(await _case_note(conn, order["case_id"], "PAID", {
                    "order": number, "amount": amount, "amountText": yuan(amount)}, now))
                outcome = PAID
            else:  # expired or cancelled before the money came: give it back
                await _move(conn, order, [EXPIRED, CANCELLED], REFUNDING, "PAID_AFTER_CLOSE", source,
                            detail, now, paid_at=paid_at)
                await _ask_refund(conn, order, "订单已关闭后到账，自动退款", now)
                events.append(await _case_note(conn, order["case_id"], "PAYMENT_RETURNED", {
                    "order": number, "amount": amount, "amountText": yuan(amount),
                    "reason": "订单已关闭后到账，自动退款"}, now))
                outcome = REFUNDING
    except IntegrityError:  # reported before: the first report recorded it
        await log(None, order["id"], "DUPLICATE", source, {"transaction": transaction_id}, now)
        return Applied("DUPLICATE", order["id"], [])
    return Applied(outcome, order["id"], events)


async def _ask_refund(conn: BaseDBAsyncClient, order: dict[str, Any], reason: str, now: datetime) -> None:
    refund = await Refund.create(number=_number("R", now), order_id=order["id"], amount=order["amount"],
                                 reason=reason[:128], created_at=now, using_db=conn)
    await log(conn, order["id"], "REFUND_ASKED", "系统", {"refund": refund.number, "reason": reason}, now)
    await outbox.enqueue(conn, REFUND_TOPIC, refund.number, {
        "order": order["number"], "refund": refund.number, "amount": order["amount"]}, now)


async def apply_refund(refund_number: str, refund_id: str, amount: int, now: datetime) -> Applied:
    refunds = await Refund.filter(number=refund_number).values("id", "order_id", "amount", "status")
    if not refunds:
        await log(None, None, "UNKNOWN_REFUND", "NOTIFY", {"refund": refund_number}, now)
        raise Refused(f"退款单 {refund_number} 不存在")
    r = refunds[0]
    if amount != r["amount"]:
        await log(None, r["order_id"], "AMOUNT_MISMATCH", "NOTIFY",
                  {"refund": refund_number, "reported": amount, "expected": r["amount"]}, now)
        raise Refused(f"退款单 {refund_number} 金额不符")
    events: list[LoggedEvent] = []
    async with in_transaction() as conn:
        changed = await Refund.filter(id=r["id"], status="PENDING").using_db(conn).update(
            status="SUCCESS", refund_id=refund_id[:64], succeeded_at=now)
        if not changed:
            await log(conn, r["order_id"], "DUPLICATE", "NOTIFY", {"refund": refund_number}, now)
            return Applied("DUPLICATE", r["order_id"], [])
        order = await _reload(conn, r["order_id"])
        await _move(conn, order, [REFUNDING], REFUNDED, "REFUNDED", "NOTIFY",
                    {"refund": refund_number, "amount": amount}, now, closed_at=now)
        events.append(await _case_note(conn, order["case_id"], "REFUNDED", {
            "order": order["number"], "refund": refund_number, "amount": amount,
            "amountText": yuan(amount)}, now))
    return Applied(REFUNDED, r["order_id"], events)


# --- a refused case --------------------------------------------------------------------------


async def on_case_moved(conn: BaseDBAsyncClient, moved: CaseMoved) -> None:
    """The listener of case transitions: a refused case (不予受理 / 不予许可) gets its money back
    and its unpaid order cancelled (closed on the platform through the outbox); the issuance
    itself is refused while a fee is unpaid (a second line behind the check before it)."""
    if moved.new == CaseStatus.ISSUED:
        await require_paid(moved.case_id, conn)
        return
    if moved.new != CaseStatus.REJECTED:
        return
    orders = await PaymentOrder.filter(case_id=moved.case_id, status__in=list(LIVE)).using_db(
        conn).values(*ORDER_FIELDS)
    for order in orders:
        if order["status"] == PAID:
            await _move(conn, order, [PAID], REFUNDING, "REFUND", moved.actor.name,
                        {"reason": "办件不予受理/不予许可"}, moved.at)
            await _ask_refund(conn, order, "办件不予受理/不予许可，退还已缴费用", moved.at)
            await _case_note(conn, moved.case_id, "REFUND_ASKED", {
                "order": order["number"], "amount": order["amount"], "amountText": yuan(order["amount"])},
                moved.at, moved.actor)
        elif await _move(conn, order, [UNPAID], CANCELLED, "CANCEL", moved.actor.name,
                         {"reason": "办件不予受理/不予许可"}, moved.at, closed_at=moved.at):
            # closed on the platform even when no code was shown yet (one may be placed at
            # this moment); a payment that still gets through is refunded when reported
            await outbox.enqueue(conn, CLOSE_TOPIC, order["number"], {"order": order["number"]},
                                 moved.at)


# --- the outbox handlers ------------------------------------------------------------------------


async def deliver_refund(message: outbox.Message) -> outbox.Outcome:
    p = message.payload
    try:
        await _platform().refund(p["order"], p["refund"], int(p["amount"]))
    except PlatformError as e:
        return outbox.Outcome.failed(e.message)
    return outbox.Outcome.ok()


async def deliver_close(message: outbox.Message) -> outbox.Outcome:
    number = message.payload["order"]
    try:
        await _platform().close(number)
    except PlatformError as e:
        if e.code != "ORDER_PAID":
            return outbox.Outcome.failed(e.message)
        # paid before the close reached the platform: record it, which refunds it
        await apply_trade(await _platform().query(number), "QUERY", utcnow())
    return outbox.Outcome.ok()


outbox.register(REFUND_TOPIC, deliver_refund)
outbox.register(CLOSE_TOPIC, deliver_close)


# --- the job for notifications that never come ------------------------------------------------


async def sweep(now: datetime, batch: int = 100) -> dict[str, int]:
    """The periodic job: ask the platform about unpaid orders placed a minute ago or more (their
    notification may never come), retire the expired ones, and confirm refunds left pending."""
    counts = {"paid": 0, "expired": 0, "refunded": 0}
    rows = await PaymentOrder.filter(status=UNPAID, created_at__lte=now - timedelta(minutes=1)) \
        .order_by("id").limit(batch).values(*ORDER_FIELDS)
    for order in rows:
        if order["code_url"]:
            applied = await apply_trade(await _platform().query(order["number"]), "QUERY", now)
            if applied.outcome == PAID:
                counts["paid"] += 1
                continue
        if order["expires_at"] <= now and await retire(order, now) == EXPIRED:
            counts["expired"] += 1
    pending = await Refund.filter(status="PENDING", created_at__lte=now - timedelta(minutes=5)) \
        .order_by("id").limit(batch).values("number", "amount")
    for r in pending:
        if await _platform().query_refund(r["number"]) == "SUCCESS":
            try:
                if (await apply_refund(r["number"], "", r["amount"], now)).outcome == REFUNDED:
                    counts["refunded"] += 1
            except Refused:
                continue
    return counts

