"""The insurance records and the rules read from them (no GraphQL here).

The records are an in-memory fixture (fixture.json, demo data); a real 医保 system would read
its own database. People are found by ID number, which the subgraph receives only through
the hub (``@requires(fields: "idNumber")``): the hub hands the full number only to staff who
may see it, so a masked number means the caller may not read insurance data either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).with_name("fixture.json")

STATUS_LABELS = {
    "ACTIVE": "参保缴费",
    "SUSPENDED": "暂停缴费",
    "TERMINATED": "终止参保",
    "NOT_ENROLLED": "未参保",
}
TYPE_LABELS = {"RESIDENT": "城乡居民基本医疗保险", "EMPLOYEE": "职工基本医疗保险"}
MAX_CONTRIBUTIONS = 60


class NotAllowed(Exception):
    """The hub did not give the whole ID number: the caller may not read insurance data."""

    def __init__(self) -> None:
        super().__init__("无权查看参保信息：仅可查看完整身份证号码的窗口、审批、出件人员和管理者可查询")


@dataclass(frozen=True)
class Contribution:
    period: str  # 费款所属期: "2026-11" (monthly, employees) or "2026" (yearly, residents)
    months: int
    base: Decimal | None
    personal: Decimal
    employer: Decimal
    payer: str
    paid_on: date


@dataclass(frozen=True)
class Insurance:
    id_number: str
    status: str
    type: str | None
    region: str | None
    enrolled_on: date | None
    status_since: date | None
    employer: str | None
    contributions: tuple[Contribution, ...]  # newest first

    @property
    def paid_months(self) -> list[str]:
        """Every month covered by a contribution, "YYYY-MM", newest first."""
        months: list[str] = []
        for c in self.contributions:
            if c.months == 12:
                months += [f"{c.period}-{m:02d}" for m in range(12, 0, -1)]
            else:
                months.append(c.period)
        return sorted(set(months), reverse=True)

    @property
    def total_months(self) -> int:
        return len(self.paid_months)

    @property
    def continuous_months(self) -> int:
        """Months paid without a gap, counted back from the latest paid month."""
        months = self.paid_months
        count = 0
        expected = months[0] if months else None
        for month in months:
            if month != expected:
                break
            count += 1
            expected = _previous(month)
        return count

    @property
    def last_paid_period(self) -> str | None:
        return self.contributions[0].period if self.contributions else None


@dataclass(frozen=True)
class Check:
    """医保参保核验: whether the applicant is insured and paying, with a sentence for the window."""

    passed: bool
    insurance: Insurance
    conclusion: str


def _previous(month: str) -> str:
    year, m = int(month[:4]), int(month[5:])
    return f"{year - 1}-12" if m == 1 else f"{year}-{m - 1:02d}"


def _contribution(raw: dict[str, Any]) -> Contribution:
    return Contribution(
        period=raw["period"], months=raw["months"],
        base=Decimal(raw["base"]) if raw["base"] is not None else None,
        personal=Decimal(raw["personal"]), employer=Decimal(raw["employer"]), payer=raw["payer"],
        paid_on=date.fromisoformat(raw["paid_on"]),
    )


class Records:
    def __init__(self, data: dict[str, Any]) -> None:
        self.region: str = data["region"]
        self.plans: list[dict[str, str]] = data["plans"]
        self._people: dict[str, Insurance] = {}
        for p in data["people"]:
            self._people[p["id_number"]] = Insurance(
                id_number=p["id_number"], status=p["status"], type=p["type"], region=self.region,
                enrolled_on=date.fromisoformat(p["enrolled_on"]),
                status_since=date.fromisoformat(p["status_since"]), employer=p["employer"],
                contributions=tuple(sorted((_contribution(c) for c in p["contributions"]),
                                           key=lambda c: c.period, reverse=True)),
            )

    def insurance(self, id_number: str | None) -> Insurance:
        """The record of an ID number the hub handed over; NOT_ENROLLED when there is none."""
        if not id_number or "*" in id_number:
            raise NotAllowed()
        found = self._people.get(id_number.strip().upper())
        if found is not None:
            return found
        return Insurance(id_number=id_number, status="NOT_ENROLLED", type=None, region=None,
                         enrolled_on=None, status_since=None, employer=None, contributions=())

    def check(self, id_number: str | None, today: date | None = None) -> Check:
        ins = self.insurance(id_number)
        today = today or date.today()
        if ins.status == "ACTIVE":
            kind = TYPE_LABELS[ins.type or ""]
            return Check(True, ins, f"参保缴费正常：{kind}，连续缴费 {ins.continuous_months} 个月")
        if ins.status == "SUSPENDED":
            since = ins.status_since.strftime("%Y-%m") if ins.status_since else "近期"
            return Check(False, ins, f"自 {since} 起暂停缴费，请先续缴，或以灵活就业人员身份参保")
        if ins.status == "TERMINATED":
            return Check(False, ins, "已终止参保，请先办理参保登记")
        born = _birth_date(ins.id_number)
        if born is not None and (today - born).days <= 90:
            return Check(False, ins, f"未参保：新生儿可在出生后 3 个月内在{self.region}"
                                     "办理城乡居民医保参保登记，自出生之日起享受待遇")
        return Check(False, ins, f"未在{self.region}参加基本医疗保险，请先办理参保登记")


def _birth_date(id_number: str) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


@lru_cache(maxsize=1)
def records() -> Records:
    return Records(json.loads(FIXTURE.read_text(encoding="utf-8")))
