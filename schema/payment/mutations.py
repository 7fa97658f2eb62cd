"""GraphQL mutations of 统一支付."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.core.errors import ErrorCode, HubError, NotAuthenticated
from hub.core.models.enums import CaseChannel, Role
from hub.core.ports import ports
from hub.core.viewer import require_role
from resolvers.payment import reconcile, views
from schema.context import Info
from schema.payment.queries import _id, links
from schema.payment.types import (
    PayCasePayload,
    PaymentError,
    PaymentOrder,
    ReconcilePayload,
    ResolveDiffPayload,
    StatementDiff,
)

RESIDENT_CHANNELS = {"PC": CaseChannel.PC, "MOBILE": CaseChannel.MOBILE, "KIOSK": CaseChannel.KIOSK}


@strawberry.type
class PaymentMutation:
    @strawberry.mutation(description="去缴费 / 展示收款码：给出办件可扫码支付的订单（已有有效订单时原样返回，"
                                     "过期的另开新单）；窗口人员或申请人本人")
    async def pay_case(self, info: Info, case_id: strawberry.ID,
                       channel: str = "MOBILE") -> PayCasePayload:
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        if viewer is None and citizen is None:
            raise NotAuthenticated()
        try:
            if viewer is None and channel not in RESIDENT_CHANNELS:
                raise HubError(ErrorCode.INVALID, "缴费渠道须为 PC、MOBILE 或 KIOSK", "channel")
            done = await views.pay(viewer, citizen.person_id if citizen else None, _id(case_id),
                                   RESIDENT_CHANNELS.get(channel, CaseChannel.MOBILE))
        except HubError as e:
            return PayCasePayload(order=None, errors=[PaymentError.of(e)])
        await info.context.services.bus.publish(done.events)
        return PayCasePayload(order=PaymentOrder.of(done.order, links(info), info.context.public_base()),
                              errors=[])

    @strawberry.mutation(description="对账：取支付平台某日（北京时间）的对账单与本平台记录逐笔核对（系统管理员）")
    async def reconcile_statement(self, info: Info, day: date) -> ReconcilePayload:
        require_role(await info.context.viewer(), Role.ADMIN)
        try:
            found = await reconcile.reconcile(day, await ports().payment.statement(day))
        except HubError as e:
            return ReconcilePayload(differences=[], errors=[PaymentError.of(e)])
        return ReconcilePayload(differences=[StatementDiff.of(r) for r in found], errors=[])

    @strawberry.mutation(description="处理对账差异：登记处理说明（系统管理员）")
    async def resolve_statement_diff(self, info: Info, id: strawberry.ID, note: str) -> ResolveDiffPayload:
        viewer = require_role(await info.context.viewer(), Role.ADMIN)
        try:
            row = await reconcile.resolve(_id(id), note, viewer.name)
        except HubError as e:
            return ResolveDiffPayload(difference=None, errors=[PaymentError.of(e)])
        return ResolveDiffPayload(difference=StatementDiff.of(row), errors=[])
