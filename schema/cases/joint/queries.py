"""GraphQL query fields of joint applications (一件事联办)."""

from __future__ import annotations

from typing import Any

import strawberry

from hub.core.errors import ErrorCode, HubError, NotAuthenticated, PermissionDenied
from hub.core.idcard import parse_id_number
from hub.core.models.enums import Role
from resolvers.cases.joint import bundles as joint_bundles
from resolvers.cases.joint import tracking
from resolvers.people import licences
from schema.cases.joint.types import (
    Application,
    Bundle,
    BundleChecklist,
    BundleItemChecklist,
    CombinedMaterial,
    ItemAnswersInput,
    SharedValueInput,
)
from schema.catalog.types import AnswerInput, Checklist, ChecklistError
from schema.context import Info
from schema.guard import Guessable


def _answers(answers: list[AnswerInput]) -> dict[str, Any]:
    return {a.question: a.values if a.values is not None else a.value for a in answers}


@strawberry.type
class JointQuery:
    @strawberry.field(description="一件事（联办事项组合）列表；管理员可含已停用的")
    async def bundles(self, info: Info, include_inactive: bool = False) -> list[Bundle]:
        if include_inactive:
            viewer = await info.context.viewer()
            if viewer is None or not viewer.has_role(Role.ADMIN):
                raise PermissionDenied("只有管理员可以查看已停用的一件事")
        return [Bundle.of(b) for b in await joint_bundles.list_bundles(include_inactive)]

    @strawberry.field(description="按代码查看一件事")
    async def bundle(self, code: str) -> Bundle | None:
        b = await joint_bundles.bundle_by_code(code)
        return Bundle.of(b) if b and b.active else None

    @strawberry.field(description="联办清单：各事项的情形问题与清单（共享字段已回答的问题不再问），"
                      "答案齐全时给出合并材料清单（共用材料只收一次）")
    async def bundle_checklist(
        self, info: Info, bundle_code: str, shared: list[SharedValueInput] | None = None,
        items: list[ItemAnswersInput] | None = None, applicant_id_number: str | None = None,
    ) -> BundleChecklist:
        b = await joint_bundles.bundle_by_code(bundle_code)
        if b is None or not b.active:
            raise HubError(ErrorCode.NOT_FOUND, f"一件事 {bundle_code} 不存在", "bundleCode")
        held = None
        if applicant_id_number:
            licences.require_identifier(await info.context.viewer())
            parsed = parse_id_number(applicant_id_number, "applicantIdNumber")
            held = (await licences.identify(parsed)).licences
        answers = {i.item_code: _answers(i.answers) for i in items or []}
        chosen = [i.item_code for i in items] if items else None
        per_item, combined = await joint_bundles.bundle_checklist(
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
            row = await tracking.application_row(id=int(id)) if str(id).isdigit() else None
        else:
            row = await tracking.application_row(number=number or "")
        seen = await tracking.seen_by(viewer, citizen, row)
        return Application.of(seen) if seen else None

    @strawberry.field(description="联办查询：申请编号加申请人身份证号码（无需登录）；不匹配时返回空",
                      extensions=[Guessable()])
    async def track_application(self, info: Info, number: str, id_number: str) -> Application | None:
        try:
            seen = await tracking.track_application(number, id_number)
        except HubError:
            return None
        return Application.of(seen) if seen else None

    @strawberry.field(description="申请人本人的联办申请（须登录）")
    async def my_applications(self, info: Info, first: int = 50) -> list[Application]:
        citizen = await info.context.citizen()
        if citizen is None:
            raise NotAuthenticated()
        out = []
        for row in await tracking.own_applications(citizen.person_id, first):
            seen = await tracking.seen_by(None, citizen, row)
            if seen:
                out.append(Application.of(seen))
        return out
