"""GraphQL entry points of joint applications (一件事联办): bundles, the combined checklist, one
application (staff within reach, its applicant, or number plus ID number), a resident's own,
and filing one (openApplication)."""

from __future__ import annotations

from typing import Any

import strawberry

from hub.errors import HubError, NotAuthenticated, PermissionDenied
from hub.models.enums import CaseChannel, Role
from resolvers.cases import joint
from resolvers.cases.api import CollectedMaterialInput
from resolvers.cases.intake import MaterialInput
from resolvers.people import licences
from resolvers.people.idcard import parse_id_number
from schema.context import Info
from schema.types.cases import CaseError
from schema.types.joint import (
    Application,
    ApplicationPayload,
    Bundle,
    BundleChecklist,
    BundleItemChecklist,
    CombinedMaterial,
    ItemAnswersInput,
    SharedValueInput,
)
from schema.types.situations import AnswerInput, Checklist, ChecklistError


@strawberry.input(description="联办中的一个事项：情形回答与材料（共用材料在每个事项中引用同一 fileId）")
class ApplicationItemInput:
    item_code: str = strawberry.field(description="事项编码")
    answers: list[AnswerInput] = strawberry.field(default_factory=list, description="情形问题的答案")
    materials: list[CollectedMaterialInput] = strawberry.field(
        default_factory=list, description="材料收取情况（按该事项的清单）")



@strawberry.input(description="联办申请（一件事）")
class OpenApplicationInput:
    bundle_code: str = strawberry.field(description="一件事代码")
    applicant_id_number: str = strawberry.field(description="申请人（签名人）身份证号码")
    applicant_name: str = strawberry.field(description="申请人姓名")
    phone: str = strawberry.field(default="", description="联系电话")
    address: str = strawberry.field(default="", description="联系地址")
    shared: list[SharedValueInput] = strawberry.field(description="共享字段（一次填写）")
    items: list[ApplicationItemInput] = strawberry.field(description="联办的事项（至少两项）")
    signed_name: str = strawberry.field(description="申请人确认联办申请表后签名（本人姓名）")
    channel: CaseChannel = strawberry.field(
        default=CaseChannel.PC, description="申请人本人申报时：PC 或 MOBILE；窗口按账号确定")
    service_point_code: str | None = strawberry.field(
        default=None, description="申请人本人申报时：选择到哪个服务点办结；窗口按本人服务点")
    ticket_id: strawberry.ID | None = strawberry.field(default=None, description="窗口正在办理的排队号")




def _answers(answers: list[AnswerInput]) -> dict[str, Any]:
    return {a.question: a.values if a.values is not None else a.value for a in answers}


def _request(input: OpenApplicationInput) -> joint.ApplicationRequest:
    return joint.ApplicationRequest(
        bundle_code=input.bundle_code, service_point_code=input.service_point_code or "",
        channel=CaseChannel(input.channel),
        id_number=input.applicant_id_number, name=input.applicant_name,
        shared={s.code: s.value for s in input.shared},
        items=[joint.ItemRequest(i.item_code, _answers(i.answers), [
            MaterialInput(m.material_id, [(f.file_id, f.filename) for f in m.files], m.deferred,
                          m.original_seen) for m in i.materials]) for i in input.items],
        signed_name=input.signed_name, phone=input.phone, address=input.address,
        ticket_id=int(input.ticket_id) if input.ticket_id and str(input.ticket_id).isdigit() else None)


@strawberry.type
class JointQuery:
    @strawberry.field(description="一件事（联办事项组合）列表；管理员可含已停用的")
    async def bundles(self, info: Info, include_inactive: bool = False) -> list[Bundle]:
        if include_inactive:
            viewer = await info.context.viewer()
            if viewer is None or not viewer.has_role(Role.ADMIN):
                raise PermissionDenied("只有管理员可以查看已停用的一件事")
        return [Bundle.of(b) for b in await joint.list_bundles(include_inactive)]

    @strawberry.field(description="按代码查看一件事")
    async def bundle(self, code: str) -> Bundle | None:
        b = await joint.bundle_by_code(code)
        return Bundle.of(b) if b and b.active else None

    @strawberry.field(description="联办清单：各事项的情形问题与清单（共享字段已回答的问题不再问），"
                      "答案齐全时给出合并材料清单（共用材料只收一次）")
    async def bundle_checklist(
        self, info: Info, bundle_code: str, shared: list[SharedValueInput] | None = None,
        items: list[ItemAnswersInput] | None = None, applicant_id_number: str | None = None,
    ) -> BundleChecklist:
        b = await joint.bundle_by_code(bundle_code)
        if b is None or not b.active:
            raise HubError("NOT_FOUND", f"一件事 {bundle_code} 不存在", "bundleCode")
        held = None
        if applicant_id_number:
            licences.require_identifier(await info.context.viewer())
            parsed = parse_id_number(applicant_id_number, "applicantIdNumber")
            held = (await licences.identify(parsed)).licences
        answers = {i.item_code: _answers(i.answers) for i in items or []}
        chosen = [i.item_code for i in items] if items else None
        per_item, combined = await joint.bundle_checklist(
            b, {s.code: s.value for s in shared or []}, answers, held, chosen)
        return BundleChecklist(
            items=[BundleItemChecklist(
                item_code=c.item_code,
                checklist=Checklist.of(c.tailored) if c.tailored else None,
                errors=[ChecklistError.of(c.error)] if c.error else [],
                answered_by_shared=list(c.from_shared)) for c in per_item],
            complete=all(c.tailored is not None and c.tailored.checklist.complete for c in per_item),
            materials=[CombinedMaterial.of(s) for s in combined])

    @strawberry.field(description="一个联办申请（按标识或申请编号）：可查看其任一办件的工作人员，或申请人本人；"
                      "无权查看与不存在同样返回空")
    async def application(self, info: Info, id: strawberry.ID | None = None,
                          number: str | None = None) -> Application | None:
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        if viewer is None and citizen is None:
            raise NotAuthenticated()
        if id is not None:
            row = await joint.application_row(id=int(id)) if str(id).isdigit() else None
        else:
            row = await joint.application_row(number=number or "")
        seen = await joint.seen_by(viewer, citizen, row)
        return Application.of(seen) if seen else None

    @strawberry.field(description="联办查询：申请编号加申请人身份证号码（无需登录）；不匹配时返回空")
    async def track_application(self, info: Info, number: str, id_number: str) -> Application | None:
        if not info.context.services.login_limiter.hit(f"track:{info.context.client_ip}"):
            raise HubError("RATE_LIMITED", "查询过于频繁，请一分钟后再试")
        try:
            seen = await joint.track_application(number, id_number)
        except HubError:
            return None
        return Application.of(seen) if seen else None

    @strawberry.field(description="申请人本人的联办申请（须登录）")
    async def my_applications(self, info: Info, first: int = 50) -> list[Application]:
        citizen = await info.context.citizen()
        if citizen is None:
            raise NotAuthenticated()
        out = []
        for row in await joint.own_applications(citizen.person_id, first):
            seen = await joint.seen_by(None, citizen, row)
            if seen:
                out.append(Application.of(seen))
        return out


@strawberry.type
class JointMutation:
    @strawberry.mutation(description="联办申请：窗口一次受理多个事项（须持证），或申请人本人网上申报"
                         "（各事项均支持网上申报时）；全部办件一起建立，任一事项不合格则都不建立")
    async def open_application(self, info: Info, input: OpenApplicationInput) -> ApplicationPayload:
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        try:
            opened = await joint.file_application(viewer, citizen, _request(input))
        except HubError as e:
            return ApplicationPayload(application=None, errors=[CaseError.of(e)])
        await info.context.services.bus.publish(opened.events)
        seen = joint.Seen(opened.application, opened.cases, frozenset(c["id"] for c in opened.cases))
        return ApplicationPayload(application=Application.of(seen), errors=[])
