"""对账: the platform's daily statement against the hub's payments and refunds.

Once a day (the payment job, after midnight Shanghai time) the statement of the day before is
fetched and matched line by line: a payment or refund on one side only, or with another amount,
becomes a ``StatementDiff`` (unique per day, entry, reference and kind, so running it again adds
nothing). An administrator resolves each with a note on the 对账 page; a difference is never
deleted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from hub.core.clock import SHANGHAI, local_date, utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import JobLease, Payment, Refund, StatementDiff
from hub.core.ports import ports
from resolvers.payment.platform import STATEMENT_HEADER

KIND_LABELS = {"MISSING_IN_HUB": "平台有、本平台无", "MISSING_ON_PLATFORM": "本平台有、平台无",
               "AMOUNT_MISMATCH": "金额不一致"}
ENTRY_LABELS = {"PAY": "支付", "REFUND": "退款"}
DIFF_FIELDS = ("id", "day", "kind", "entry", "reference", "hub_amount", "platform_amount",
               "found_at", "resolved_at", "resolved_by", "note")
MAX_LINES = 200_000


@dataclass(frozen=True)
class Line:
    entry: str  # PAY | REFUND
    reference: str  # out_trade_no | out_refund_no
    amount: int


def parse_statement(text: str) -> list[Line]:
    """The statement's lines; HubError naming the line when it cannot be read."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != STATEMENT_HEADER:
        raise HubError(ErrorCode.INVALID, "对账单表头不符", "statement")
    lines = []
    for n, row in enumerate(rows[1:MAX_LINES + 1], start=2):
        if not row:
            continue
        record = dict(zip(STATEMENT_HEADER, row, strict=False))
        try:
            entry, amount = record["type"], int(record["amount"])
        except (KeyError, ValueError) as e:
            raise HubError(ErrorCode.INVALID, f"对账单第 {n} 行无法读取", "statement") from e
        if entry not in ENTRY_LABELS:
            raise HubError(ErrorCode.INVALID, f"对账单第 {n} 行类型 {entry} 无效", "statement")
        lines.append(Line(entry, record["out_trade_no"] if entry == "PAY" else record["out_refund_no"],
                          amount))
    return lines


def utc_range(start_day: date, days: int = 1) -> tuple[datetime, datetime]:
    """The UTC bounds of Shanghai days (UTC: SQLite compares stored times as text)."""
    start = datetime.combine(start_day, time(0), SHANGHAI).astimezone(UTC)
    return start, start + timedelta(days=days)


async def hub_lines(day: date) -> list[Line]:
    start, end = utc_range(day)
    pays = await Payment.filter(paid_at__gte=start, paid_at__lt=end).values("order__number", "amount")
    refunds = await Refund.filter(status="SUCCESS", succeeded_at__gte=start, succeeded_at__lt=end) \
        .values("number", "amount")
    return ([Line("PAY", p["order__number"], p["amount"]) for p in pays]
            + [Line("REFUND", r["number"], r["amount"]) for r in refunds])


async def reconcile(day: date, statement: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """Match one day's statement; the differences found, as stored (new ones are added; one
    found by an earlier run keeps its resolution)."""
    now = now or utcnow()
    theirs = {(x.entry, x.reference): x.amount for x in parse_statement(statement)}
    ours = {(x.entry, x.reference): x.amount for x in await hub_lines(day)}
    found: list[dict[str, Any]] = []
    for key in sorted(set(theirs) | set(ours)):
        hub_amount, platform_amount = ours.get(key), theirs.get(key)
        if hub_amount == platform_amount:
            continue
        kind = ("MISSING_IN_HUB" if hub_amount is None else
                "MISSING_ON_PLATFORM" if platform_amount is None else "AMOUNT_MISMATCH")
        found.append({"day": day, "kind": kind, "entry": key[0], "reference": key[1],
                      "hub_amount": hub_amount, "platform_amount": platform_amount})
    for diff in found:
        try:
            await StatementDiff.create(found_at=now, **diff)
        except IntegrityError:
            continue  # found by an earlier run
    keys = {(d["entry"], d["reference"], d["kind"]) for d in found}
    stored = await StatementDiff.filter(day=day).order_by("id").limit(1000).values(*DIFF_FIELDS)
    return [r for r in stored if (r["entry"], r["reference"], r["kind"]) in keys]


async def reconcile_yesterday(now: datetime) -> int:
    """The daily part of the payment job: yesterday's statement, once (a lease per day)."""
    day = local_date(now) - timedelta(days=1)
    name = f"payment-reconcile-{day.isoformat()}"
    try:
        await JobLease.create(name=name, holder="reconcile", last_run_at=now)
    except IntegrityError:
        return 0  # reconciled already (here or by another instance)
    return len(await reconcile(day, await ports().payment.statement(day), now))


async def differences(unresolved_only: bool, limit: int = 100) -> list[dict[str, Any]]:
    q = StatementDiff.all()
    if unresolved_only:
        q = q.filter(resolved_at=None)
    return list(await q.order_by("-day", "id").limit(min(max(limit, 1), 200)).values(*DIFF_FIELDS))


async def resolve(diff_id: int, note: str, by: str, now: datetime | None = None) -> dict[str, Any]:
    """Close a difference with the administrator's note (compare-and-set: once)."""
    text = note.strip()
    if not text:
        raise HubError(ErrorCode.INVALID, "请填写处理说明", "note")
    if len(text) > 255:
        raise HubError(ErrorCode.INVALID, "处理说明最长 255 个字", "note")
    if not await StatementDiff.exists(id=diff_id):
        raise HubError(ErrorCode.NOT_FOUND, "对账差异不存在", "id")
    changed = await StatementDiff.filter(id=diff_id, resolved_at=None).update(
        resolved_at=now or utcnow(), resolved_by=by[:64], note=text)
    if not changed:
        raise HubError(ErrorCode.CONFLICT, "该差异已处理", "id")
    return (await StatementDiff.filter(id=diff_id).values(*DIFF_FIELDS))[0]
