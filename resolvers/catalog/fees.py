"""Fees as data (收费项目): what an item charges, when, on what legal basis, and who is exempt.

An item document may carry ``fees``, each

    {"code": "gbf", "name": "居民身份证工本费", "amount": 2000, "due": "ACCEPTANCE",
     "basis": "发改价格〔2003〕2322号", "condition": {"q": "apply_type", "in": ["lost", "renew"]},
     "waive_if": {"q": "dibao", "is": true}, "waiver": "城乡低保对象免收"}

``amount`` is in fen (分), a positive integer; ``due`` is ACCEPTANCE (受理时缴纳) or ISSUANCE
(出件前缴纳); ``condition`` (when the fee applies) and ``waive_if`` (减免) are situation
conditions over the item's questions, in the language of resolvers/catalog/situations.py.
Pure Python: the checks return problems in Chinese, the evaluation says why each fee is there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from resolvers.catalog import situations

DUE_LABELS = {"ACCEPTANCE": "受理时缴纳", "ISSUANCE": "出件前缴纳"}
FEE_DEFAULTS: dict[str, Any] = {"due": "ISSUANCE", "condition": None, "waive_if": None, "waiver": ""}
FEE_KEYS = ("code", "name", "amount", "basis", *FEE_DEFAULTS)
MAX_FEES = 10
MAX_AMOUNT = 10_000_000  # 10 万元 a line: beyond it is a typing error, not a fee


@dataclass(frozen=True)
class FeeLine:
    """One fee of a tailored checklist: due (amount > 0) or waived, and why."""

    code: str
    name: str
    amount: int  # fen, as the catalogue states it
    due: str
    basis: str
    waived: bool
    reason: str  # why it applies (and, when waived, why not charged)

    @property
    def payable(self) -> int:
        return 0 if self.waived else self.amount


def normalize(fees: Any) -> list[dict[str, Any]]:
    rows = fees if isinstance(fees, list) else []
    return [{k: row.get(k, FEE_DEFAULTS.get(k)) if row.get(k) is not None else FEE_DEFAULTS.get(k)
             for k in FEE_KEYS} for row in rows if isinstance(row, dict)]


def problems(fees: Any, questions: Mapping[str, situations.Question]) -> list[str]:
    """Every problem of an item's fee list (empty when it is good)."""
    if fees in (None, []):
        return []
    if not isinstance(fees, list) or not all(isinstance(f, dict) for f in fees):
        return ["收费项目须为列表，每项形如 {\"code\", \"name\", \"amount\", \"basis\", …}"]
    out: list[str] = []
    if len(fees) > MAX_FEES:
        out.append(f"收费项目最多 {MAX_FEES} 项")
    codes = Counter(f.get("code") for f in fees)
    for f in fees:
        at = f"收费项目「{f.get('name') or f.get('code')}」"
        code = f.get("code")
        if not isinstance(code, str) or not code.strip() or len(code) > 32:
            out.append(f"{at}：编码必填，最长 32 个字符")
        elif codes[code] > 1:
            out.append(f"{at}：编码 {code} 重复")
        if not isinstance(f.get("name"), str) or not f["name"].strip() or len(f["name"]) > 64:
            out.append(f"{at}：名称必填，最长 64 个字")
        amount = f.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_AMOUNT:
            out.append(f"{at}：金额须为以“分”计的正整数（最多 {MAX_AMOUNT // 100} 元）")
        if not isinstance(f.get("basis"), str) or not f["basis"].strip() or len(f["basis"]) > 255:
            out.append(f"{at}：须写明收费依据（文件名称及文号），最长 255 个字")
        if f.get("due", "ISSUANCE") not in DUE_LABELS:
            out.append(f"{at}：缴费时点 {f.get('due')} 无效（可选 {'、'.join(DUE_LABELS)}）")
        for key, label in (("condition", "收费条件"), ("waive_if", "减免条件")):
            out += [f"{at}：{p}" for p in situations.condition_problems(f.get(key), questions, label)]
        if f.get("waive_if") is not None and not str(f.get("waiver") or "").strip():
            out.append(f"{at}：有减免条件时须写明减免说明（如“城乡低保对象免收”）")
    return out


def tailor_fees(fees: Sequence[Mapping[str, Any]] | None, questions: Sequence[situations.Question],
                answers: Mapping[str, situations.Answer]) -> list[FeeLine]:
    """The fees that apply to these (parsed) answers, each with its reason."""
    by_code = {q.code: q for q in questions}
    lines = []
    for f in normalize(fees or []):
        if not situations.holds(f["condition"], answers):
            continue
        reason = ("办理本事项须缴纳" if f["condition"] is None
                  else situations.explain(f["condition"], by_code) + "，须缴纳")
        waived = f["waive_if"] is not None and situations.holds(f["waive_if"], answers)
        if waived:
            reason = f"{f['waiver']}（{situations.explain(f['waive_if'], by_code).removeprefix('因为')}）"
        lines.append(FeeLine(f["code"], f["name"], f["amount"], f["due"], f["basis"], waived, reason))
    return lines


def yuan(fen: int) -> str:
    """2000 → "20.00 元"."""
    return f"{fen // 100}.{fen % 100:02d} 元"
