"""The 医保 subgraph: its own types, and the fields it adds to the hub's entities.

``Person`` (hub key: the opaque ``id``) gains ``medicalInsurance``; the subgraph asks the
gateway for the person's ``idNumber`` from the hub (``@requires``), so the hub's permission
and masking rules decide who reads insurance data. ``Case`` (hub key: ``number``) gains
``insuranceCheck`` the same way through ``applicant { idNumber }``: the hub resolves a case's
applicant for staff only, so for anyone else there is no number and no check.
``with_case=False`` leaves ``Case`` out, for a hub older than its cases (composition fails on
an @external field no other subgraph defines).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Final

import strawberry
from strawberry import Private

from departments.yibao.records import (
    MAX_CONTRIBUTIONS,
    STATUS_LABELS,
    TYPE_LABELS,
    Check,
    Contribution,
    Insurance,
    records,
)

FEDERATION_VERSION: Final = "2.9"  # as the hub's: the newest the gateway's composition knows
CASE_REQUIRES = "applicant { idNumber }"


@strawberry.enum(description="参保状态")
class InsuranceStatus(Enum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    TERMINATED = "TERMINATED"
    NOT_ENROLLED = "NOT_ENROLLED"


@strawberry.enum(description="参保险种：城乡居民医保或职工医保")
class InsuranceType(Enum):
    RESIDENT = "RESIDENT"
    EMPLOYEE = "EMPLOYEE"


@strawberry.type(description="一笔医保缴费记录")
class MedicalContribution:
    period: str = strawberry.field(
        description="费款所属期：职工医保为年月（2026-11），城乡居民医保为年度（2026）")
    months: int = strawberry.field(description="该笔覆盖的月数")
    base: Decimal | None = strawberry.field(description="缴费基数（元，职工医保）")
    personal_amount: Decimal = strawberry.field(description="个人缴纳金额（元）")
    employer_amount: Decimal = strawberry.field(description="单位缴纳金额（元；城乡居民医保为 0）")
    payer: str = strawberry.field(description="缴费单位或缴费方式")
    paid_on: date = strawberry.field(description="到账日期")

    @classmethod
    def of(cls, c: Contribution) -> MedicalContribution:
        return cls(period=c.period, months=c.months, base=c.base, personal_amount=c.personal,
                   employer_amount=c.employer, payer=c.payer, paid_on=c.paid_on)


@strawberry.type(description="基本医疗保险参保信息（医保业务系统）")
class MedicalInsurance:
    record: Private[Insurance]
    status: InsuranceStatus = strawberry.field(description="参保状态")
    status_label: str = strawberry.field(description="参保状态（中文）")
    type: InsuranceType | None = strawberry.field(description="参保险种（未参保时为空）")
    type_label: str | None = strawberry.field(description="参保险种（中文）")
    region: str | None = strawberry.field(description="参保地（统筹区）")
    enrolled_on: date | None = strawberry.field(description="首次参保日期")
    status_since: date | None = strawberry.field(description="当前状态的起始日期")
    employer: str | None = strawberry.field(description="参保单位（职工医保；暂停缴费时为原单位）")
    continuous_months: int = strawberry.field(description="连续缴费月数（自最近缴费月往前、无中断）")
    total_months: int = strawberry.field(description="累计缴费月数（本系统记录内）")
    last_paid_period: str | None = strawberry.field(description="最近一笔缴费的费款所属期")

    @classmethod
    def of(cls, r: Insurance) -> MedicalInsurance:
        return cls(
            record=r, status=InsuranceStatus(r.status), status_label=STATUS_LABELS[r.status],
            type=InsuranceType(r.type) if r.type else None,
            type_label=TYPE_LABELS[r.type] if r.type else None, region=r.region,
            enrolled_on=r.enrolled_on, status_since=r.status_since, employer=r.employer,
            continuous_months=r.continuous_months, total_months=r.total_months,
            last_paid_period=r.last_paid_period,
        )

    @strawberry.field(description=f"缴费记录，最近的在前（first 默认 12，最多 {MAX_CONTRIBUTIONS}）")
    def contributions(
        self, first: Annotated[int, strawberry.argument(description="返回条数")] = 12,
    ) -> list[MedicalContribution]:
        count = max(0, min(first, MAX_CONTRIBUTIONS))
        return [MedicalContribution.of(c) for c in self.record.contributions[:count]]


@strawberry.type(description="医保参保核验结果（办件受理时核验申请人）")
class InsuranceCheck:
    passed: bool = strawberry.field(description="是否参保缴费正常")
    conclusion: str = strawberry.field(description="核验结论（中文，供窗口告知申请人）")
    insurance: MedicalInsurance = strawberry.field(description="核验依据的参保信息")
    checked_at: datetime = strawberry.field(description="核验时间（UTC）")

    @classmethod
    def of(cls, c: Check) -> InsuranceCheck:
        return cls(passed=c.passed, conclusion=c.conclusion, insurance=MedicalInsurance.of(c.insurance),
                   checked_at=datetime.now(UTC).replace(microsecond=0))


@strawberry.federation.type(
    keys=["id"], description="在一窗受理平台登记的自然人（由平台提供；医保系统补充参保信息）")
class Person:
    id: strawberry.ID = strawberry.field(description="平台的不透明人员标识")
    id_number: str = strawberry.federation.field(
        external=True, description="身份证号码（由平台提供；无权查看完整号码的角色为脱敏号码）")

    @strawberry.federation.field(requires=["idNumber"], description="基本医疗保险参保信息与缴费记录")
    def medical_insurance(self) -> MedicalInsurance | None:
        return MedicalInsurance.of(records().insurance(self.id_number))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, idNumber: str = "",
                          **_fields: Any) -> Person:
        return cls(id=id, id_number=idNumber)


@strawberry.federation.type(keys=["number"], description="办件（由平台提供；医保系统补充参保核验结果）")
class Case:
    number: str = strawberry.field(description="办件编号")
    applicant: Person | None = strawberry.federation.field(
        external=True, description="申请人（由平台提供；仅工作人员可见）")

    @strawberry.federation.field(requires=[CASE_REQUIRES],
                                 description="申请人的医保参保核验结果（平台未提供申请人时为空）")
    def insurance_check(self) -> InsuranceCheck | None:
        if self.applicant is None:
            return None
        return InsuranceCheck.of(records().check(self.applicant.id_number))

    @classmethod
    def resolve_reference(cls, number: str, applicant: dict[str, Any] | None = None,
                          **_fields: Any) -> Case:
        if not applicant:  # the hub gave no applicant to this caller
            return cls(number=number, applicant=None)
        return cls(number=number, applicant=Person(id=strawberry.ID(applicant.get("id") or ""),
                                                   id_number=applicant.get("idNumber") or ""))


@strawberry.type(description="医保业务系统的参保险种说明")
class MedicalInsurancePlan:
    type: InsuranceType = strawberry.field(description="险种")
    name: str = strawberry.field(description="险种名称")
    who: str = strawberry.field(description="参保对象")
    contribution: str = strawberry.field(description="缴费方式")


@strawberry.type(description="医保业务系统查询入口")
class Query:
    @strawberry.field(description="本统筹区的基本医疗保险险种（公开信息）")
    def medical_insurance_plans(self) -> list[MedicalInsurancePlan]:
        return [MedicalInsurancePlan(type=InsuranceType(p["type"]), name=p["name"], who=p["who"],
                                     contribution=p["contribution"]) for p in records().plans]


def build_schema(with_case: bool = True) -> strawberry.federation.Schema:
    types: list[type] = [Person, Case] if with_case else [Person]
    return strawberry.federation.Schema(query=Query, types=types, federation_version=FEDERATION_VERSION)


def sdl(with_case: bool = True) -> str:
    return build_schema(with_case).as_str() + "\n"
