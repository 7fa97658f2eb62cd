"""GraphQL entry points of issuance (统一窗口出件), ratings (好差评) and rectification (整改)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.errors import HubError, NotAuthenticated
from hub.models.enums import CaseChannel, IssueMethod
from hub.viewer import require_role, require_viewer
from resolvers.cases import issuance, ratings
from resolvers.queue.tokens import tokens_for
from schema.context import Info
from schema.enums import IssueMethod as IssueMethodEnum
from schema.types.cases import Case, CaseError, case_view
from schema.types.issuance import DeliveryTask, Evaluation, GridWorker, Rectification


def _id(raw: strawberry.ID | None) -> int | None:
    return int(raw) if raw is not None and str(raw).isdigit() else (None if raw is None else -1)


@strawberry.input(description="出件")
class IssueCaseInput:
    case_id: strawberry.ID = strawberry.field(description="办件标识")
    method: IssueMethodEnum = strawberry.field(description="出件方式：窗口领取、快递送达或网格员送达")
    version: int | None = strawberry.field(default=None, description="办件版本号（防止并发覆盖）")
    collector_id_number: str = strawberry.field(
        default="", description="窗口领取：领取人的身份证号码（读卡器读取）")
    agent: bool = strawberry.field(default=False, description="窗口领取：由代领人凭授权委托书领取")
    agent_name: str = strawberry.field(default="", description="代领人姓名")
    mandate: str = strawberry.field(default="", description="授权委托书编号或说明")
    address: str = strawberry.field(default="", description="快递或网格员送达地址（默认申报时填写的地址）")
    grid_worker_id: strawberry.ID | None = strawberry.field(default=None, description="送达的网格员")


@strawberry.type(description="出件结果")
class IssuePayload:
    case: Case | None = strawberry.field(description="办件（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.input(description="办件评价：已登录的申请人传 caseId；未登录时传办件编号和身份证号码")
class EvaluateCaseInput:
    case_id: strawberry.ID | None = strawberry.field(default=None, description="办件标识")
    number: str | None = strawberry.field(default=None, description="办件编号")
    id_number: str | None = strawberry.field(default=None, description="申请人身份证号码")
    level: int = strawberry.field(description="5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意")
    comment: str = strawberry.field(default="", description="评价内容（不超过 500 字）")
    channel: CaseChannel = strawberry.field(
        default=CaseChannel.PC, description="评价终端：PC 或 MOBILE（自助终端、窗口评价器按账号确定）")


@strawberry.input(description="窗口服务评价：窗口评价器、自助终端传 ticketId；手机扫描小票传 ticketToken")
class RateTicketInput:
    ticket_id: strawberry.ID | None = strawberry.field(default=None, description="排队号标识")
    ticket_token: str | None = strawberry.field(default=None, description="取号小票上的令牌")
    level: int = strawberry.field(description="5 非常满意 … 1 非常不满意")
    comment: str = strawberry.field(default="", description="评价内容（不超过 500 字）")


@strawberry.type(description="评价结果")
class EvaluatePayload:
    evaluation: Evaluation | None = strawberry.field(description="评价（失败时为空）")
    rectification_due_on: str | None = strawberry.field(description="差评时：整改期限（YYYY-MM-DD）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.input(description="整改进展：整改措施与回访记录（只传要改的项）")
class RectificationInput:
    id: strawberry.ID = strawberry.field(description="整改任务标识")
    measures: str | None = strawberry.field(default=None, description="整改措施")
    callback_at: datetime | None = strawberry.field(default=None, description="回访时间")
    callback_note: str | None = strawberry.field(default=None, description="回访记录（沟通内容）")
    callback_result: ratings.CallbackResult | None = strawberry.field(
        default=None, description="回访结果")


@strawberry.type(description="整改任务操作结果")
class RectificationPayload:
    rectification: Rectification | None = strawberry.field(description="整改任务（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


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
class IssuanceQuery:
    @strawberry.field(description="待出件：本服务点审批通过的办件（出件窗口）；读取身份证后只列该申请人的")
    async def issuance_queue(self, info: Info, id_number: str | None = None,
                             keyword: str | None = None, first: int = 50) -> list[Case]:
        viewer = await info.context.viewer()
        rows = await issuance.issuance_queue(viewer, id_number, keyword, first)
        return [await case_view(info, r) for r in rows]

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

    @strawberry.mutation(description="评价办件（好差评）：申请人本人，或凭办件编号和身份证号码；每个办件只能评价一次")
    async def evaluate_case(self, info: Info, input: EvaluateCaseInput) -> EvaluatePayload:
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        by_number = bool(input.number and input.id_number)
        if by_number and not info.context.services.login_limiter.hit(
                f"track:{info.context.client_ip}"):
            raise HubError("RATE_LIMITED", "查询过于频繁，请一分钟后再试")
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
                    HubError("NOT_FOUND", "无法识别该取号小票", "ticketToken"))])
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
