"""统一支付 over GraphQL and HTTP: the checklist states the fees, the window shows a code, the
resident pays on the fake cashier from the case page and gets an e-receipt whose QR verifies it,
the platform's notification endpoint refuses forgeries, and the administrator reconciles a
statement with differences injected and resolves them."""

from datetime import timedelta

import pytest

from hub.core.clock import local_date, utcnow
from resolvers.payment import reconcile
from tests.payment.support import FIRST, ID_CARD, fee_case, platform

pytestmark = pytest.mark.both_databases

CHECKLIST = """query($a: [AnswerInput!]){ checklist(itemCode: "330106-GA-004", answers: $a){
  checklist{ complete feeTotal fees{ name amount amountText dueLabel basis waived reason } } } }"""


def answers(raw: dict) -> list[dict]:
    return [{"question": k, "value": str(v).lower() if isinstance(v, bool) else v} for k, v in raw.items()]
PAYMENT = """query($id: ID!){ casePayment(caseId: $id){ caseNumber payable payableText settled
  fees{ name amountText waived } orders{ number status statusLabel amount codeUrl codeQr
  receiptNumber receiptUrl refundUrl } } }"""
PAY = """mutation($id: ID!, $c: String!){ payCase(caseId: $id, channel: $c){
  order{ number status amount codeUrl codeQr } errors{ code message } } }"""


async def test_the_checklist_and_the_notice_state_the_fees(gql):
    body = await gql(CHECKLIST, {"a": answers(FIRST)})
    c = body["data"]["checklist"]["checklist"]
    assert c["feeTotal"] == 2000
    assert c["fees"] == [{"name": "居民身份证工本费", "amount": 2000, "amountText": "20.00 元",
                          "dueLabel": "受理时缴纳", "basis": "发改价格〔2003〕2322号：首次申领、换领每证20元",
                          "waived": False,
                          "reason": "因为「申领情形」选择了「首次申领」或「有效期满换领」，须缴纳"}]
    poor = (await gql(CHECKLIST, {"a": answers({**FIRST, "dibao": True})}))["data"]["checklist"]["checklist"]
    assert poor["feeTotal"] == 0 and poor["fees"][0]["waived"] and "低保" in poor["fees"][0]["reason"]
    import json

    from hub.web.endpoints.notice import fee_text
    from resolvers.catalog.checklists import tailor_for

    text = fee_text((await tailor_for(ID_CARD, FIRST)).fees)
    assert "居民身份证工本费 20.00 元，受理时缴纳" in text and "合计应缴 20.00 元" in text
    r = await gql.http.get(f"/notice/{ID_CARD}.pdf", params={"answers": json.dumps(FIRST)})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


async def test_the_window_shows_a_code_and_the_resident_pays_online_with_a_receipt(gql):
    case = await fee_case()
    await gql.login("qiantai", "demo1234")
    shown = (await gql(PAY, {"id": case["id"], "c": "COUNTER"}))["data"]["payCase"]
    assert shown["errors"] == [] and shown["order"]["status"] == "UNPAID"
    assert shown["order"]["codeQr"].startswith("data:image/svg+xml;base64,")
    # the resident, logged in on the phone, gets the same order
    reg = await gql("""mutation{ registerCitizen(input:{idNumber:"330106195803120245", name:"张桂英",
        password:"zhang2026"}){ token errors{ code } } }""")
    gql.token = reg["data"]["registerCitizen"]["token"]
    mine = (await gql(PAY, {"id": case["id"], "c": "MOBILE"}))["data"]["payCase"]
    assert mine["order"]["number"] == shown["order"]["number"]
    cashier = mine["order"]["codeUrl"].split("://", 1)[-1].split("/", 1)[1]
    page = await gql.http.get(f"/{cashier}")
    assert page.status_code == 200 and "¥ 20.00" in page.text
    paid = await gql.http.post(f"/{cashier}?return=/m/cases/{case['id']}", follow_redirects=False)
    assert paid.status_code == 303 and paid.headers["location"] == f"/m/cases/{case['id']}"
    evil = await gql.http.post(f"/{cashier}?return=//evil.example", follow_redirects=False)
    assert evil.status_code == 409  # paid already; and never a redirect elsewhere
    # no deliver hook in this client: the notification is delivered as the platform would POST it
    note = platform().sent[-1]
    r = await gql.http.post("/payment/notify", content=note.body, headers=note.headers)
    assert r.status_code == 200 and r.json()["code"] == "SUCCESS"
    again = await gql.http.post("/payment/notify", content=note.body, headers=note.headers)
    assert again.status_code == 200
    forged = await gql.http.post("/payment/notify", content=note.body.replace(b"2000", b"2"),
                                 headers=note.headers)
    assert forged.status_code == 401

    view = (await gql(PAYMENT, {"id": case["id"]}))["data"]["casePayment"]
    assert view["settled"] and view["orders"][0]["status"] == "PAID"
    assert view["orders"][0]["codeQr"] is None and view["orders"][0]["refundUrl"] is None
    pdf = await gql.http.get(view["orders"][0]["receiptUrl"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (await gql.http.get(view["orders"][0]["receiptUrl"].replace("t=", "t=x"))).status_code == 403
    verify = await gql.http.get(f"/payment/verify/{view['orders'][0]['receiptNumber']}")
    assert verify.status_code == 200 and "真实有效" in verify.text and "张**" in verify.text
    assert (await gql.http.get("/payment/verify/E0000")).status_code == 404
    # someone else's case: nothing
    other = (await gql(PAY, {"id": case["id"] + 999, "c": "MOBILE"}))["data"]["payCase"]
    assert other["errors"][0]["code"] == "NOT_FOUND"


async def test_paying_needs_a_login_and_a_waived_case_has_nothing_to_pay(gql):
    case = await fee_case({**FIRST, "dibao": True})
    anonymous = await gql(PAY, {"id": case["id"], "c": "MOBILE"})
    assert anonymous["errors"][0]["message"] == "请先登录"
    await gql.login("qiantai", "demo1234")
    none = (await gql(PAY, {"id": case["id"], "c": "COUNTER"}))["data"]["payCase"]
    assert none["errors"] == [{"code": "NOTHING_TO_PAY", "message": "该办件无需缴费"}]
    view = (await gql(PAYMENT, {"id": case["id"]}))["data"]["casePayment"]
    assert view["settled"] and view["payable"] == 0 and view["fees"][0]["waived"]


DIFFS = "{ statementDiffs{ id kind kindLabel entryLabel reference hubAmount platformAmount note } }"


async def test_reconciliation_lists_every_injected_difference_and_they_are_resolved(gql):
    from resolvers.payment.orders import apply_payment

    cases = [await fee_case() for _ in range(3)]
    await gql.login("qiantai", "demo1234")
    numbers = []
    for case in cases:
        body = await gql(PAY, {"id": case["id"], "c": "COUNTER"})
        numbers.append(body["data"]["payCase"]["order"]["number"])
    for number in numbers[:2]:
        platform().pay(number)
    for note in platform().sent:  # both notifications reach the hub
        await gql.http.post("/payment/notify", content=note.body, headers=note.headers)
    today = local_date(utcnow())
    clean = await platform().statement(today)
    assert reconcile.parse_statement(clean) and await reconcile.reconcile(today, clean) == []

    # inject: the first payment's amount changed on the platform, the second missing from it,
    # a third payment the hub never heard of, and a payment the hub has but the platform lacks
    lines = clean.splitlines()
    header, first, second = lines[0], lines[1], lines[2]
    tampered = "\n".join([header, first.replace(",2000,", ",1000,"),
                          f"PAY,P99999999999999999999,T1,,,500,{utcnow().isoformat()}"]) + "\n"
    await apply_payment(numbers[2], "TX-ONLY-HUB", 2000, utcnow(), "QUERY", utcnow())
    found = await reconcile.reconcile(today, tampered)
    kinds = sorted((d["kind"], d["reference"]) for d in found)
    first_no, second_no = first.split(",")[1], second.split(",")[1]
    assert {first_no, second_no} == set(numbers[:2])
    assert kinds == sorted([("AMOUNT_MISMATCH", first_no), ("MISSING_ON_PLATFORM", second_no),
                            ("MISSING_ON_PLATFORM", numbers[2]),
                            ("MISSING_IN_HUB", "P99999999999999999999")])
    assert len(await reconcile.reconcile(today, tampered)) == 4  # again: the same four, no more rows

    assert "errors" in await gql(DIFFS)  # front desk: not an administrator
    await gql.login("admin", "admin123")
    listed = (await gql(DIFFS))["data"]["statementDiffs"]
    assert len(listed) == 4
    mismatch = next(d for d in listed if d["kind"] == "AMOUNT_MISMATCH")
    assert mismatch["hubAmount"] == 2000 and mismatch["platformAmount"] == 1000
    resolve = """mutation($id: ID!, $n: String!){ resolveStatementDiff(id: $id, note: $n){
      difference{ note resolvedBy } errors{ code message } } }"""
    empty = (await gql(resolve, {"id": mismatch["id"], "n": " "}))["data"]["resolveStatementDiff"]
    assert empty["errors"][0]["code"] == "INVALID"
    done = (await gql(resolve, {"id": mismatch["id"], "n": "平台次日更正，已核实"})
            )["data"]["resolveStatementDiff"]
    assert done["difference"] == {"note": "平台次日更正，已核实", "resolvedBy": "系统管理员"}
    twice = (await gql(resolve, {"id": mismatch["id"], "n": "再次"}))["data"]["resolveStatementDiff"]
    assert twice["errors"][0]["code"] == "CONFLICT"
    assert len((await gql(DIFFS))["data"]["statementDiffs"]) == 3
    run = await gql("""mutation($d: Date!){ reconcileStatement(day: $d){
        differences{ kind } errors{ code } } }""", {"d": today.isoformat()})
    assert run["data"]["reconcileStatement"]["errors"] == []

    await gql.login("zhuren", "demo1234")
    totals = await gql("""query($s: Date!, $e: Date!){ feeTotals(start: $s, end: $e){ department itemName
        paidCount collected refundedCount refunded } }""",
                       {"s": (today - timedelta(days=1)).isoformat(), "e": today.isoformat()})
    assert totals["data"]["feeTotals"] == [{
        "department": "杭州市公安局西湖区分局", "itemName": "居民身份证申领", "paidCount": 3,
        "collected": 6000, "refundedCount": 0, "refunded": 0}]


def test_amounts_in_capitals():
    from hub.core.pdf.payment import capitals

    assert capitals(2000) == "贰拾元整"
    assert capitals(4050) == "肆拾元伍角整"
    assert capitals(55000) == "伍佰伍拾元整"
    assert capitals(1000001) == "壹万元零壹分"
    assert capitals(1000100) == "壹万零壹元整"
    assert capitals(10010000) == "壹拾万零壹佰元整"
    assert capitals(8) == "捌分"
