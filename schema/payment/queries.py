"""GraphQL query fields of 统一支付."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.core.errors import HubError, NotAuthenticated
from hub.core.models.enums import Role
from hub.core.viewer import require_role
from resolvers.payment import reconcile, views
from schema.context import Info
from schema.payment.types import CasePayment, FeeTotal, StatementDiff


def _id(raw: strawberry.ID) -> int:
    return int(raw) if str(raw).isdigit() else -1


def links(info: Info) -> views.ReceiptLinks:
    return views.ReceiptLinks(info.context.services.settings.secret_key)


@strawberry.type
class PaymentQuery:
    @strawberry.field(description="办件的费用与支付订单：工作人员按权限范围，申请人只能看本人的；无权查看与不存在同样返回空")
    async def case_payment(self, info: Info, case_id: strawberry.ID) -> CasePayment | None:
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        if viewer is None and citizen is None:
            raise NotAuthenticated()
        try:
            p = await views.case_payment(viewer, citizen.person_id if citizen else None, _id(case_id))
        except HubError:
            return None
        return CasePayment.of(p, links(info), info.context.public_base())

    @strawberry.field(description="申请人本人须缴费的办件（须登录），新的在前，最多 20 个")
    async def my_case_payments(self, info: Info) -> list[CasePayment]:
        citizen = await info.context.citizen()
        if citizen is None:
            raise NotAuthenticated()
        base = info.context.public_base()
        return [CasePayment.of(p, links(info), base) for p in await views.my_case_payments(citizen.person_id)]

    @strawberry.field(description="对账差异（系统管理员），新的在前；默认只列未处理的")
    async def statement_diffs(self, info: Info, unresolved_only: bool = True,
                              first: int = 100) -> list[StatementDiff]:
        require_role(await info.context.viewer(), Role.ADMIN)
        return [StatementDiff.of(r) for r in await reconcile.differences(unresolved_only, first)]

    @strawberry.field(description="收费与退费合计（管理者：辖区内，按部门和事项；日期按北京时间，含首尾）")
    async def fee_totals(self, info: Info, start: date, end: date) -> list[FeeTotal]:
        rows = await views.fee_totals(await info.context.viewer(), start, end)
        return [FeeTotal(department=r.department, item_code=r.item_code, item_name=r.item_name,
                         paid_count=r.paid_count, collected=r.collected,
                         refunded_count=r.refunded_count, refunded=r.refunded) for r in rows]
