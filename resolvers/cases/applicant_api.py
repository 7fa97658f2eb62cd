"""GraphQL entry points of the applicant lookup at the counter: a registered person by ID
number (name, phone, address, valid electronic licences) and a company by credit code."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from resolvers.cases import applicants
from schema.context import Info
from training.clock import local_date, utcnow


@strawberry.type(description="申请人持有的一项有效电子证照（可免交对应的纸质材料）")
class ApplicantLicence:
    license_type: str = strawberry.field(description="证照类型代码")
    label: str = strawberry.field(description="证照名称")
    number: str = strawberry.field(description="证照编号")
    issuer: str = strawberry.field(description="发证机关")
    valid_until: date | None = strawberry.field(description="有效期至（为空表示长期有效）")


@strawberry.type(description="按身份证号码查到的申请人登记信息（再次办事无需重复填写）")
class ApplicantRecord:
    registered: bool = strawberry.field(description="是否已在本系统登记（未登记时其余信息为空）")
    id_number: str = strawberry.field(
        description="身份证号码：窗口、出件人员与管理者为完整号码，网格员为脱敏号码")
    masked_id_number: str = strawberry.field(description="脱敏的身份证号码")
    name: str = strawberry.field(description="登记的姓名")
    phone: str = strawberry.field(description="登记的联系电话")
    address: str = strawberry.field(description="登记的联系地址")
    licences: list[ApplicantLicence] = strawberry.field(description="今天有效的电子证照")

    @classmethod
    def of(cls, r: applicants.ApplicantRecord) -> ApplicantRecord:
        return cls(registered=r.registered, id_number=r.shown_id_number,
                   masked_id_number=r.id_number.masked, name=r.name, phone=r.phone, address=r.address,
                   licences=[ApplicantLicence(license_type=x.license_type, label=x.label,
                                              number=x.number, issuer=x.issuer,
                                              valid_until=x.valid_until) for x in r.licences])


@strawberry.type(description="在本系统登记的单位")
class CompanyRecord:
    credit_code: str = strawberry.field(description="统一社会信用代码")
    name: str = strawberry.field(description="单位名称")
    legal_representative: str = strawberry.field(description="法定代表人")
    phone: str = strawberry.field(description="联系电话")
    address: str = strawberry.field(description="地址")


@strawberry.type
class ApplicantQuery:
    @strawberry.field(description="收件时按身份证号码带出申请人登记信息与有效电子证照（窗口、出件、网格员、管理者）；"
                      "号码校验不通过时报错")
    async def applicant_by_id_number(
        self, info: Info,
        id_number: Annotated[str, strawberry.argument(description="身份证号码（GB 11643 校验）")],
    ) -> ApplicantRecord:
        record = await applicants.applicant_by_id_number(
            await info.context.viewer(), id_number, local_date(utcnow()))
        return ApplicantRecord.of(record)

    @strawberry.field(description="按统一社会信用代码查找已登记的单位（未登记为空；代码校验不通过时报错）")
    async def company_by_credit_code(
        self, info: Info,
        credit_code: Annotated[str, strawberry.argument(description="统一社会信用代码（GB 32100 校验）")],
    ) -> CompanyRecord | None:
        row = await applicants.company_by_credit_code(await info.context.viewer(), credit_code)
        return CompanyRecord(**row) if row else None
