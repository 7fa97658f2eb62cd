"""GraphQL mutations of issuance (出件), ratings (好差评) and rectification."""

from __future__ import annotations

import strawberry

from hub.core.errors import ErrorCode, HubError, NotAuthenticated
from hub.core.models.enums import CaseChannel, IssueMethod
from hub.core.viewer import require_viewer
from resolvers.cases import issuance, ratings
from resolvers.queue.tokens import tokens_for
from schema.cases.issuance.inputs import (
    EvaluateCaseInput,
    IssueCaseInput,
    RateTicketInput,
    RectificationInput,
)
from schema.cases.issuance.queries import _id
from schema.cases.issuance.types import (
    EvaluatePayload,
    Evaluation,
    IssuePayload,
    Rectification,
    RectificationPayload,
)
from schema.cases.types import CaseError, case_view
from schema.context import Info
from schema.guard import Guessable


def _rated(done: ratings.Rated) -> EvaluatePayload:
    rect = done.rectification
    return EvaluatePayload(
        evaluation=Evaluation.of(done.evaluation, rect["status"] if rect else None),
        rectification_due_on=rect["due_on"].isoformat() if rect else None, errors=[])


def _rect_update(input: RectificationInput) -> ratings.RectificationUpdate:
    return ratings.RectificationUpdate(
        measures=input.measures, callback_at=input.callback_at, callback_note=input.callback_note,
        callback_result=ratings.CallbackResult(input.callback_result.value)
        if input.callback_result else None)


@strawberry.type
class IssuanceMutation:
    @strawberry.mutation(description="出件：窗口领取（核验身份证，代领凭委托书）、快递送达（登记运单号）或交网格员送达")
    async def issue_case(self, info: Info, input: IssueCaseInput) -> IssuePayload:
        req = issuance.IssueRequest(
            case_id=_id(input.case_id) or -1, method=IssueMethod(input.method.value),
            version=input.version, collector_id_number=input.collector_id_number,
            agent=input.agent, agent_name=input.agent_name, mandate=input.mandate,
            address=input.address, grid_worker_id=_id(input.grid_worker_id))
        try:
            done = await issuance.issue_case(await info.context.viewer(), req)
        except HubError as e:
            return IssuePayload(case=None, errors=[CaseError.of(e)])
        await info.context.services.bus.publish(done.events)
        return IssuePayload(case=await case_view(info, done.case), errors=[])

    @strawberry.mutation(description="确认送达：网格员登记居民签收（签名姓名与时间）；快递签收由出件窗口登记")
    async def confirm_delivery(self, info: Info, case_id: strawberry.ID,
                               signed_name: str = "") -> IssuePayload:
        try:
            done = await issuance.confirm_delivery(await info.context.viewer(),
                                                   _id(case_id) or -1, signed_name)
        except HubError as e:
            return IssuePayload(case=None, errors=[CaseError.of(e)])
        await info.context.services.bus.publish(done.events)
        return IssuePayload(case=await case_view(info, done.case), errors=[])

    @strawberry.mutation(description="评价办件（好差评）：申请人本人，或凭办件编号和身份证号码；每个办件只能评价一次",
                         extensions=[Guessable(within="input")])
    async def evaluate_case(self, info: Info, input: EvaluateCaseInput) -> EvaluatePayload:
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        by_number = bool(input.number and input.id_number)
        if not by_number and viewer is None and citizen is None:
            raise NotAuthenticated("请先登录，或填写办件编号和身份证号码")
        try:
            case, actor = await ratings.case_for_rater(
                viewer, citizen, case_id=_id(input.case_id), number=input.number,
                id_number=input.id_number, channel=CaseChannel(input.channel.value))
            done = await ratings.evaluate_case(
                case, actor, ratings.RatingInput(input.level, input.comment))
        except HubError as e:
            return EvaluatePayload(evaluation=None, rectification_due_on=None, errors=[CaseError.of(e)])
        await info.context.services.bus.publish(done.events)
        return _rated(done)

    @strawberry.mutation(description="评价窗口服务：办理结束后在窗口评价器、自助终端或扫描小票评价；每个号只能评价一次")
    async def rate_ticket(self, info: Info, input: RateTicketInput) -> EvaluatePayload:
        claims = None
        if input.ticket_token:
            claims = tokens_for(info.context.services.settings.secret_key).loads(
                input.ticket_token.strip())
            if claims is None:
                return EvaluatePayload(evaluation=None, rectification_due_on=None, errors=[CaseError.of(
                    HubError(ErrorCode.NOT_FOUND, "无法识别该取号小票", "ticketToken"))])
        viewer = await info.context.viewer()
        if claims is None and viewer is None:
            raise NotAuthenticated()
        try:
            ticket, channel = await ratings.ticket_for_rater(viewer, _id(input.ticket_id), claims)
            done = await ratings.rate_ticket(ticket, channel,
                                             ratings.RatingInput(input.level, input.comment))
        except HubError as e:
            return EvaluatePayload(evaluation=None, rectification_due_on=None, errors=[CaseError.of(e)])
        return _rated(done)

    @strawberry.mutation(description="登记整改措施和回访（管理者）")
    async def update_rectification(self, info: Info, input: RectificationInput) -> RectificationPayload:
        return await _change(info, input, close=False)

    @strawberry.mutation(description="整改办结：须已登记整改措施和回访（时间、记录、结果）")
    async def close_rectification(self, info: Info, input: RectificationInput) -> RectificationPayload:
        return await _change(info, input, close=True)


async def _change(info: Info, input: RectificationInput, *, close: bool) -> RectificationPayload:
    viewer = require_viewer(await info.context.viewer())
    try:
        row, events = await ratings.update_rectification(
            viewer, _id(input.id) or -1, _rect_update(input), close=close)
    except HubError as e:
        return RectificationPayload(rectification=None, errors=[CaseError.of(e)])
    await info.context.services.bus.publish(events)
    return RectificationPayload(rectification=Rectification.of(row), errors=[])
