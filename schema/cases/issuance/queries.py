"""GraphQL query fields of issuance (出件), ratings (好差评) and rectification."""

from __future__ import annotations

import strawberry

from hub.core.viewer import require_role
from resolvers.cases import issuance, ratings
from schema.cases.issuance.types import DeliveryTask, GridWorker, Rectification
from schema.cases.types import Case, case_views
from schema.context import Info


def _id(raw: strawberry.ID | None) -> int | None:
    return int(raw) if raw is not None and str(raw).isdigit() else (None if raw is None else -1)


@strawberry.type
class IssuanceQuery:
    @strawberry.field(description="待出件：本服务点审批通过的办件（出件窗口）；读取身份证后只列该申请人的")
    async def issuance_queue(self, info: Info, id_number: str | None = None,
                             keyword: str | None = None, first: int = 50) -> list[Case]:
        viewer = await info.context.viewer()
        found = await issuance.issuance_queue_with_applicants(viewer, id_number, keyword, first)
        for case, applicant in found:  # read with the cases
            info.context.people.person_by_id.prime(case["person_id"], applicant)
        return await case_views(info, [case for case, _ in found])

    @strawberry.field(description="可为该办件送达的网格员（办件受理服务点所在区县）")
    async def grid_workers(self, info: Info, case_id: strawberry.ID) -> list[GridWorker]:
        viewer = require_role(await info.context.viewer(), *issuance.ISSUING_ROLES)
        from resolvers.cases import access

        case = await access.case_for(viewer, _id(case_id) or -1)
        return [GridWorker(id=strawberry.ID(str(w["id"])), name=w["name"],
                           service_point_name=w["service_point__name"])
                for w in await issuance.grid_workers_for(case["service_point_id"])]

    @strawberry.field(description="网格员的送达任务（默认只列未签收的）")
    async def my_deliveries(self, info: Info, pending_only: bool = True) -> list[DeliveryTask]:
        rows = await issuance.my_deliveries(await info.context.viewer(), pending_only)
        return [DeliveryTask.of(r) for r in rows]

    @strawberry.field(description="差评整改任务（管理者：辖区内），整改中和临期的在前")
    async def rectifications(self, info: Info, open_only: bool = False,
                             overdue_only: bool = False) -> list[Rectification]:
        rows = await ratings.rectifications(await info.context.viewer(), open_only=open_only,
                                            overdue_only=overdue_only)
        return [Rectification.of(r) for r in rows]
