"""GraphQL of the greeter's pre-check (导办): submitPreCheck, myPreChecksToday, preCheck, and the
pre-check a ticket carries to the window (``Ticket.preCheck``)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import quote

import strawberry
from strawberry import Private

from hub.core.errors import ErrorCode, HubError
from hub.core.idempotency import Replay, once
from hub.core.models import enums as m
from resolvers.queue import greeter, tickets
from resolvers.queue.tokens import tokens_for
from schema.catalog.types import AnswerInput
from schema.context import Info
from schema.enums import PreCheckOutcome, PriorityClass
from schema.errors import Error, code_enum, code_field
from schema.idempotency import key_field, keyed
from schema.queue.types import Ticket

# Those who see what a greeter checked: the greeters, the window that serves the ticket, the
# hall's supervisors (not the kiosk or the board, which also read tickets).
PRE_CHECK_READERS = (m.Role.GREETER, m.Role.FRONT_DESK, m.Role.SUPERVISOR)
MAX_ANSWERS = 100  # an item asks a handful of questions



@strawberry.type(description="导办时给出的一个情形答案（多选题为 values）")
class PreCheckAnswer:
    question: str = strawberry.field(description="问题编码")
    value: str | None = strawberry.field(description="答案（单选、是否、日期、数字）")
    values: list[str] | None = strawberry.field(description="多选题的答案")


@strawberry.type(description="导办核对时缺少的一份必需材料")
class MissingMaterial:
    material_id: strawberry.ID = strawberry.field(description="材料标识")
    name: str = strawberry.field(description="材料名称")


@strawberry.type(description="导办员在大厅门口的一次预检（导办）：事项、情形答案、已核对的材料和结果")
class PreCheck:
    row: Private[dict[str, Any]]
    id: strawberry.ID = strawberry.field(description="导办记录标识")
    item_code: str = strawberry.field(description="事项编码")
    item_name: str = strawberry.field(description="事项名称")
    answers: list[PreCheckAnswer] = strawberry.field(description="情形答案")
    carried_material_ids: list[strawberry.ID] = strawberry.field(
        description="导办员核对过、申请人已携带的材料（窗口标为“已核验（导办）”，仍须收件确认）")
    missing: list[MissingMaterial] = strawberry.field(description="缺少的必需材料（一次告知的内容）")
    outcome: PreCheckOutcome = strawberry.field(description="结果")
    outcome_label: str = strawberry.field(description="结果（中文）")
    insisted: bool = strawberry.field(description="缺材料但申请人坚持取号（导办员确认后仍发号）")
    created_at: datetime = strawberry.field(description="导办时间")
    ticket_number: str | None = strawberry.field(description="发出的排队号码（一次告知时为空）")

    @classmethod
    def of(cls, r: dict[str, Any]) -> PreCheck:
        answers = [PreCheckAnswer(question=k, value=None, values=list(v)) if isinstance(v, list)
                   else PreCheckAnswer(question=k, value=str(v), values=None)
                   for k, v in (r["answers"] or {}).items()]
        return cls(
            row=r, id=strawberry.ID(str(r["id"])), item_code=r["item_code"], item_name=r["item_name"],
            answers=answers,
            carried_material_ids=[strawberry.ID(str(i)) for i in r["carried"] or []],
            missing=[MissingMaterial(material_id=strawberry.ID(str(x["id"])), name=x["name"])
                     for x in r["missing"] or []],
            outcome=m.PreCheckOutcome(r["outcome"]),
            outcome_label=m.PRE_CHECK_OUTCOME_LABELS[m.PreCheckOutcome(r["outcome"])],
            insisted=r["insisted"], created_at=r["created_at"], ticket_number=r.get("ticket_number"),
        )

    @strawberry.field(description="一次性告知书 PDF 的地址（缺少的材料在清单上标出），打印交给申请人")
    def notice_url(self) -> str:
        answers = json.dumps(self.row["answers"] or {}, ensure_ascii=False, separators=(",", ":"))
        missing = ",".join(str(x["id"]) for x in self.row["missing"] or [])
        url = f"/notice/{quote(self.row['item_code'])}.pdf?answers={quote(answers)}"
        return f"{url}&missing={missing}" if missing else url


@strawberry.input(description="导办预检：事项、情形答案、申请人携带的材料；缺必需材料时不发号，给出一次告知清单")
class SubmitPreCheckInput:
    item_code: str = strawberry.field(description="事项编码")
    answers: list[AnswerInput] = strawberry.field(description="情形答案")
    carried_material_ids: list[strawberry.ID] = strawberry.field(
        description="申请人已携带、导办员已核对的材料（清单上的材料标识）")
    id_number: str | None = strawberry.field(
        default=None, description="身份证号码（读卡；窗口据此带出申请人，电子证照可免带的材料不算缺）")
    name: str | None = strawberry.field(default=None, description="姓名（读卡器提供时）")
    priority: PriorityClass | None = strawberry.field(
        default=None, description="优先类别：老年人按身份证自动；残疾人、军人由导办员核验证件后选择")
    service_point_code: str | None = strawberry.field(
        default=None, description="服务点编码（默认导办员所在服务点）")
    prefix: str | None = strawberry.field(
        default=None, description="取号类别前缀（默认办理该事项所属部门的类别）")
    insist: bool = strawberry.field(
        default=False, description="缺少必需材料时仍然取号（申请人坚持到窗口咨询；记录在案）")
    idempotency_key: str | None = key_field()


@strawberry.type(description="导办预检的结果")
class SubmitPreCheckPayload:
    pre_check: PreCheck | None = strawberry.field(description="导办记录；outcome 为一次告知时 ticket 为空")
    ticket: Ticket | None = strawberry.field(description="发出的排队号（含小票令牌与二维码）")
    errors: list[PreCheckError] = strawberry.field(description="错误（为空表示成功）")


PreCheckErrorCode = code_enum("PreCheckErrorCode", "导办错误代码", [
    ErrorCode.INVALID, ErrorCode.NOT_FOUND, ErrorCode.INVALID_ANSWER, ErrorCode.UNKNOWN_QUESTION,
    ErrorCode.INCOMPLETE, ErrorCode.UNKNOWN_MATERIAL, ErrorCode.INVALID_ID_NUMBER,
    ErrorCode.ALREADY_HOLDING, ErrorCode.SOLD_OUT, ErrorCode.PRIORITY_NOT_ALLOWED,
    ErrorCode.CLOSED, ErrorCode.CONFLICT,
])


@strawberry.type(description="导办错误")
class PreCheckError(Error):
    code: ErrorCode = code_field(PreCheckErrorCode)
    fallback = ErrorCode.INVALID


def _request(input: SubmitPreCheckInput, check_hours: bool) -> greeter.PreCheckRequest:
    if len(input.answers) > MAX_ANSWERS or len(input.carried_material_ids) > greeter.MAX_CARRIED:
        raise HubError(ErrorCode.INVALID, "答案或材料过多，请刷新页面后重新导办", "answers")
    try:
        carried = tuple(int(i) for i in input.carried_material_ids)
    except ValueError as e:
        raise HubError(ErrorCode.UNKNOWN_MATERIAL, "材料标识无效", "carriedMaterialIds") from e
    return greeter.PreCheckRequest(
        item_code=input.item_code.strip(),
        answers={a.question: a.values if a.values is not None else a.value for a in input.answers},
        carried=carried, service_point_code=input.service_point_code, id_number=input.id_number,
        name=input.name, priority=input.priority, prefix=input.prefix, insist=input.insist,
        check_hours=check_hours)


@strawberry.type
class PreCheckMutation:
    @strawberry.mutation(description=(
        "导办预检（导办员）：按清单核对申请人携带的材料；齐全（或容缺、电子证照可免）则按自助终端的取号规则"
        "发号并附上预检，窗口叫到该号时受理页自动带出事项、答案和已核对材料；缺必需材料则不发号，"
        "记录为一次告知并返回缺少的材料（insist: true 时仍发号）"))
    async def submit_pre_check(self, info: Info, input: SubmitPreCheckInput) -> SubmitPreCheckPayload:
        viewer = await info.context.viewer()
        settings = info.context.services.settings
        try:
            request = _request(input, settings.kiosk_opening_hours)
            key = keyed("submitPreCheck", input, viewer)
            done = await once(key, lambda: greeter.submit(viewer, request))
            if isinstance(done, Replay):  # a retry: the pre-check (and ticket) of the first time
                done = greeter.PreCheckResult(await greeter.by_id(viewer, done.result_id))
        except HubError as e:
            return SubmitPreCheckPayload(pre_check=None, ticket=None, errors=[PreCheckError.of(e)])
        await info.context.services.bus.publish(done.events)
        row = done.pre_check
        ticket = None
        if row["ticket_id"] is not None:
            found = await tickets.standing(row["ticket_id"])
            token = tokens_for(settings.secret_key).dumps(found.ticket["id"], found.ticket["nonce"])
            ticket = Ticket.of(found, token=token)
        return SubmitPreCheckPayload(pre_check=PreCheck.of(row), ticket=ticket, errors=[])


@strawberry.type
class PreCheckQuery:
    @strawberry.field(description=f"本导办员今天的导办记录，新的在前（最多 {greeter.RECENT_MAX} 条）")
    async def my_pre_checks_today(self, info: Info) -> list[PreCheck]:
        return [PreCheck.of(r) for r in await greeter.mine_today(await info.context.viewer())]


async def ticket_pre_check(info: Info, ticket_id: int) -> PreCheck | None:
    """The pre-check of a ticket for those who may read it (``Ticket.preCheck``)."""
    viewer = await info.context.viewer()
    if viewer is None or not viewer.has_role(*PRE_CHECK_READERS):
        return None
    row = await info.context.pre_checks.load(ticket_id)
    return PreCheck.of(row) if row else None
