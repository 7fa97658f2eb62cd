"""GraphQL query fields of cases (办件): intake, listing, applicants, instant cases, case events."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.core.clock import local_date, utcnow
from hub.core.errors import HubError, NotAuthenticated
from hub.core.viewer import require_viewer
from resolvers.cases import access, applicants, listing
from schema.cases.inputs import CaseFilterInput
from schema.cases.types import (
    ApplicantRecord,
    Case,
    CaseConnection,
    CaseEdge,
    CompanyRecord,
    case_view,
    case_views,
)
from schema.catalog.types import PageInfo
from schema.context import Info
from schema.guard import Guessable


@strawberry.type
class CaseQuery:
    @strawberry.field(description="一个办件：工作人员按权限范围，申请人只能看本人的；无权查看与不存在同样返回空")
    async def case(self, info: Info, id: strawberry.ID) -> Case | None:
        case_id = int(id) if str(id).isdigit() else -1
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        if viewer is None and citizen is None:
            raise NotAuthenticated()
        try:
            if viewer is not None:
                row = await access.case_for(viewer, case_id)
            else:
                assert citizen is not None
                row = await access.case_for_applicant(citizen.person_id, case_id)
        except HubError:
            return None
        return await case_view(info, row)

    @strawberry.field(description="按办件编号查看（工作人员，按权限范围）")
    async def case_by_number(self, info: Info, number: str) -> Case | None:
        viewer = require_viewer(await info.context.viewer())
        row = await info.context.cases.case_by_number.load(number.strip())
        if row is None or not access.can_see(viewer, row):
            return None
        return await case_view(info, row)

    @strawberry.field(description="本人权限范围内的办件（窗口：本服务点；后台：本部门本辖区；管理者：辖区）")
    async def cases(self, info: Info, filter: CaseFilterInput | None = None, first: int = 20,
                    after: str | None = None) -> CaseConnection:
        viewer = await info.context.viewer()
        f = filter or CaseFilterInput()
        rules = listing.CaseFilter(statuses=[s for s in f.statuses], item_code=f.item_code,
                                   keyword=f.keyword, assigned_to_me=f.assigned_to_me)
        page = await listing.staff_cases(viewer, rules, first, after)
        assert viewer is not None
        views = await case_views(info, page.rows)
        edges = [CaseEdge(cursor=c, node=v) for v, c in zip(views, page.cursors, strict=True)]
        return CaseConnection(edges=edges, page_info=PageInfo.of(page),
                              total_count=await listing.count_staff_cases(viewer, rules))

    @strawberry.field(description="申请人本人的办件（须登录）")
    async def my_cases(self, info: Info, first: int = 50) -> list[Case]:
        citizen = await info.context.citizen()
        if citizen is None:
            raise NotAuthenticated()
        return await case_views(info, await listing.own_cases(citizen.person_id, first))

    @strawberry.field(description="办件查询：办件编号加申请人身份证号码（无需登录）；不匹配时返回空",
                      extensions=[Guessable()])
    async def track_case(self, info: Info, number: str, id_number: str) -> Case | None:
        try:
            tracked = await listing.track_with_context(number, id_number)
        except HubError:
            return None
        row = tracked.case  # its applicant, point and office were read with it
        info.context.people.person_by_id.prime(row["person_id"], tracked.applicant)
        info.context.org.point_by_id.prime(row["service_point_id"], tracked.point)
        info.context.org.office_by_key.prime((row["department_id"], row["decide_point_id"]),
                                             tracked.office)
        return await case_view(info, row)


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
