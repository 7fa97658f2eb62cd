"""统一支付 as business rules: fees frozen at filing (with waivers), one order per case, the
platform's notifications applied once whatever their number and order, issuance refused while
unpaid, a refusal refunded, a payment after cancellation refunded automatically."""

import asyncio

import pytest

from bench.cases import ZHANG
from hub.core.errors import HubError
from hub.core.models import CaseFee, Payment, PaymentOrder, Refund
from hub.core.models.enums import IssueMethod
from resolvers.cases import issuance
from resolvers.cases.issuance import IssueRequest
from tests.cases.issuance_support import approve, viewer_of
from tests.payment.support import FIRST, actions, checkout, deliver, fee_case, order_row, platform, refuse

pytestmark = pytest.mark.both_databases


async def test_fees_are_frozen_at_filing_with_their_basis_and_waivers(database):
    case = await fee_case()
    fees = await CaseFee.filter(case_id=case["id"]).values("code", "amount", "waived", "basis", "due")
    assert fees == [{"code": "gbf", "amount": 2000, "waived": False, "due": "ACCEPTANCE",
                     "basis": "发改价格〔2003〕2322号：首次申领、换领每证20元"}]
    lost = await fee_case({"apply_type": "lost", "birth_date": "1980-05-06"})
    assert await CaseFee.filter(case_id=lost["id"]).values_list("amount", flat=True) == [4000]
    poor = await fee_case({**FIRST, "dibao": True})
    waived = await CaseFee.get(case_id=poor["id"])
    assert waived.waived and "低保" in waived.waiver
    with pytest.raises(HubError) as nothing:
        await checkout(poor["id"])
    assert nothing.value.code == "NOTHING_TO_PAY"


async def test_pay_at_the_window_then_issue(database):
    case = await fee_case()
    await approve(case["id"])
    issuer = await viewer_of("chujian")
    with pytest.raises(HubError) as due:
        await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.PICKUP,
                                                       collector_id_number=ZHANG))
    assert due.value.code == "PAYMENT_DUE"
    assert "待缴费" in due.value.message and "20.00 元" in due.value.message

    order = await checkout(case["id"])
    assert order["amount"] == 2000 and order["status"] == "UNPAID"
    assert order["code_url"].endswith(f"/fakepay/cashier/{order['number']}")
    assert (await checkout(case["id"]))["id"] == order["id"]  # the same live order again
    platform().pay(order["number"])
    reply = await deliver(platform().sent[-1])
    assert reply.status == 200 and reply.outcome == "PAID"
    paid = await order_row(order["id"])
    assert paid["status"] == "PAID" and paid["receipt_number"] and paid["slot"] == case["id"]

    done = await issuance.issue_case(issuer, IssueRequest(case["id"], IssueMethod.PICKUP,
                                                          collector_id_number=ZHANG))
    assert done.case["status"] == "ISSUED"


async def test_duplicate_and_concurrent_notifications_record_one_payment(database):
    case = await fee_case()
    order = await checkout(case["id"])
    platform().pay(order["number"])
    note = platform().sent[-1]
    replies = await asyncio.gather(deliver(note), deliver(note), deliver(note))
    assert sorted(r.outcome for r in replies) == ["DUPLICATE", "DUPLICATE", "PAID"]
    assert all(r.status == 200 for r in replies)
    assert await Payment.filter(order_id=order["id"]).count() == 1
    assert (await deliver(note)).outcome == "DUPLICATE"
    assert (await actions(order["id"])).count("PAID") == 1


async def test_forged_and_wrong_amount_notifications_change_nothing(database):
    case = await fee_case()
    order = await checkout(case["id"])
    platform().pay(order["number"])
    note = platform().sent[-1]
    forged = await deliver(type(note)(note.headers, note.body.replace(b"2000", b"1")))
    assert forged.status == 401
    bad_sig = dict(note.headers, **{"Pay-Signature": "0" * 64})
    assert (await deliver(type(note)(bad_sig, note.body))).status == 401
    # signed by the platform but for another amount: refused, logged
    wrong = platform().signed({"event": "TRANSACTION.SUCCESS", "out_trade_no": order["number"],
                               "transaction_id": "T9", "amount": 1})
    assert (await deliver(wrong)).status == 400
    stale = platform().signed({"event": "TRANSACTION.SUCCESS", "out_trade_no": order["number"],
                               "transaction_id": "T9", "amount": 2000}, timestamp=1_600_000_000)
    assert (await deliver(stale)).status == 401
    assert await Payment.filter(order_id=order["id"]).count() == 0
    assert (await order_row(order["id"]))["status"] == "UNPAID"
    assert "AMOUNT_MISMATCH" in await actions(order["id"])


async def test_a_missing_notification_is_found_by_the_query_job(database):
    from datetime import timedelta

    from hub.core.clock import utcnow
    from resolvers.payment import orders

    case = await fee_case()
    order = await checkout(case["id"])
    platform().pay(order["number"])  # the notification is lost
    counts = await orders.sweep(utcnow() + timedelta(minutes=2))
    assert counts["paid"] == 1
    assert (await order_row(order["id"]))["status"] == "PAID"
    late = await deliver(platform().sent[-1])  # it comes after all, late
    assert late.status == 200 and late.outcome == "DUPLICATE"


async def test_refusal_refunds_a_paid_order_and_out_of_order_notifications_are_harmless(database):
    from hub.core import outbox
    from hub.core.outbox import Policy

    case = await fee_case()
    order = await checkout(case["id"])
    platform().pay(order["number"])
    pay_note = platform().sent[-1]
    assert (await deliver(pay_note)).outcome == "PAID"
    await refuse(case["id"])
    assert (await order_row(order["id"]))["status"] == "REFUNDING"
    refund = await Refund.get(order_id=order["id"])
    assert refund.amount == 2000 and refund.status == "PENDING"
    assert await outbox.dispatch_once(Policy()) >= 1  # the refund reaches the platform
    refund_note = platform().sent[-1]
    assert b"REFUND.SUCCESS" in refund_note.body
    # the payment notification again, after the refund: nothing moves back
    assert (await deliver(pay_note)).outcome == "DUPLICATE"
    assert (await deliver(refund_note)).outcome == "REFUNDED"
    assert (await deliver(refund_note)).outcome == "DUPLICATE"
    final = await order_row(order["id"])
    assert final["status"] == "REFUNDED" and final["slot"] is None
    assert (await Refund.get(order_id=order["id"])).status == "SUCCESS"
    # the refund note (退款凭证) prints the refund beside the receipt's items
    from hub.core.pdf.payment import render_receipt
    from resolvers.payment import views

    note = await views.receipt_data(order["number"], "refund", "http://hub.test")
    assert note is not None and note.title == "退款凭证" and note.refund and note.refund[1] == 2000
    assert render_receipt(note).startswith(b"%PDF")


async def test_refusal_cancels_an_unpaid_order_and_a_late_payment_is_refunded(database):
    case = await fee_case()
    order = await checkout(case["id"])
    # the resident pays at the very moment the case is refused: the notification comes after
    platform().pay(order["number"])
    await refuse(case["id"])
    assert (await order_row(order["id"]))["status"] == "CANCELLED"
    reply = await deliver(platform().sent[-1])
    assert reply.status == 200 and reply.outcome == "REFUNDING"
    assert (await Refund.get(order_id=order["id"])).reason.startswith("订单已关闭后到账")
    assert await Payment.filter(order_id=order["id"]).count() == 1


async def test_an_expired_order_cannot_be_paid_and_a_new_one_is_made(database):
    from datetime import timedelta

    from hub.core.clock import utcnow
    from hub.core.models.enums import CaseChannel
    from resolvers.cases.actors import Actor
    from resolvers.payment import orders
    from resolvers.payment.platform import PlatformError

    case = await fee_case()
    first = await checkout(case["id"])
    later = utcnow() + timedelta(minutes=orders.ORDER_MINUTES + 1)
    platform().clock = lambda: later
    with pytest.raises(PlatformError) as closed:
        platform().pay(first["number"])
    assert closed.value.code == "ORDER_CLOSED"
    desk = await viewer_of("qiantai")
    second = (await orders.checkout(case["id"], Actor.staff(desk, CaseChannel.COUNTER), now=later)).order
    assert second["id"] != first["id"] and second["status"] == "UNPAID"
    assert (await order_row(first["id"]))["status"] == "EXPIRED"
    assert await PaymentOrder.filter(case_id=case["id"], slot=case["id"]).count() == 1


async def test_two_windows_asking_at_once_get_one_order(database):
    case = await fee_case()
    a, b = await asyncio.gather(checkout(case["id"]), checkout(case["id"]), return_exceptions=True)
    numbers = {x["number"] for x in (a, b) if isinstance(x, dict)}
    assert len(numbers) == 1
    assert await PaymentOrder.filter(case_id=case["id"]).count() == 1


async def test_the_transition_itself_refuses_issuance_while_unpaid(database):
    """The second line behind issue_case's check: any move to ISSUED (another path, a race)."""
    from tortoise.transactions import in_transaction

    from hub.core.models import Case
    from hub.core.models.enums import CaseStatus
    from resolvers.cases import transitions
    from resolvers.cases.actors import Actor

    case = await fee_case()
    await approve(case["id"])
    with pytest.raises(HubError) as due:
        async with in_transaction() as conn:
            await transitions.move(conn, case["id"], expect=[CaseStatus.APPROVED], to=CaseStatus.ISSUED,
                                   actor=Actor.system(), action="ISSUE")
    assert due.value.code == "PAYMENT_DUE"
    assert (await Case.get(id=case["id"])).status == "APPROVED"


async def test_the_receipt_carries_the_fee_and_the_live_payment_code(database):
    from dataclasses import replace

    from hub.core.clock import utcnow
    from hub.core.pdf.receipt import render_receipt
    from resolvers.cases.receipt import receipt_data
    from resolvers.payment import views

    case = await fee_case()
    before = await views.on_receipt(case["id"], "http://hub.test", utcnow())
    assert before is not None and before.code_url is None
    assert before.text.startswith("应缴 20.00 元（居民身份证工本费 20.00 元") and "我的办件" in before.text
    order = await checkout(case["id"])
    live = await views.on_receipt(case["id"], "http://hub.test", utcnow())
    assert live is not None and live.code_url is not None and live.code_url.endswith(order["number"])
    data = await receipt_data(case["id"], "http://hub.test", utcnow())
    assert data is not None and render_receipt(replace(data, payment=live)).startswith(b"%PDF")
    platform().pay(order["number"])
    await deliver(platform().sent[-1])
    paid = await views.on_receipt(case["id"], "http://hub.test", utcnow())
    assert paid is not None and paid.code_url is None and paid.text.startswith("已缴费 20.00 元")
    poor = await fee_case({**FIRST, "dibao": True})
    waived = await views.on_receipt(poor["id"], "http://hub.test", utcnow())
    assert waived is not None and waived.text.startswith("本事项无需缴费：居民身份证工本费免收")
