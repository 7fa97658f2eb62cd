"""GraphQL mutations of the back office (后台审批)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import strawberry

from hub.core.errors import HubError, NotAuthenticated
from hub.core.models.enums import AnnotationKind as AnnotationKindModel
from hub.core.models.enums import CaseChannel, Role
from hub.core.viewer import require_role
from resolvers.cases import backoffice, sla, workqueue
from resolvers.cases.backoffice import AnnotationInput as AnnotationRule
from resolvers.cases.backoffice import Done, SupplementFiles
from schema.cases.backoffice.queries import _id
from schema.cases.backoffice.types import (
    AnnotationInput,
    CaseActionPayload,
    CaseSweepPayload,
    InfoCheck,
    InfoCheckPayload,
    MarkNoticesPayload,
    RejectKind,
    SupplementFilesInput,
)
from schema.cases.types import CaseError, case_view
from schema.context import Info


async def _act(info: Info, action: Callable[[], Awaitable[Done]]) -> CaseActionPayload:
    try:
        done = await action()
    except HubError as e:
        return CaseActionPayload(case=None, errors=[CaseError.of(e)])
    await info.context.services.bus.publish(done.events)
    return CaseActionPayload(case=await case_view(info, done.case), errors=[])


def _rules(annotations: list[AnnotationInput] | None) -> list[AnnotationRule]:
    return [AnnotationRule(material_id=_id(a.material_id), kind=AnnotationKindModel(a.kind.value),
                           text=a.text, file_id=_id(a.file_id) if a.file_id is not None else None,
                           box=a.box if isinstance(a.box, dict) else None) for a in annotations or []]


@strawberry.type
class BackofficeMutation:
    @strawberry.mutation(description="领取办件（A岗；转B岗后B岗；未设AB岗时本部门后台人员）")
    async def claim_case(self, info: Info, case_id: strawberry.ID, version: int) -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.claim(viewer, _id(case_id), version=version))

    @strawberry.mutation(description="指派办件给本部门的同事（部门负责人或A岗）")
    async def assign_case(self, info: Info, case_id: strawberry.ID, version: int,
                          to_staff_id: strawberry.ID) -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.assign(viewer, _id(case_id), _id(to_staff_id),
                                                          version=version))

    @strawberry.mutation(description="退回待办（放回待领取）")
    async def release_case(self, info: Info, case_id: strawberry.ID, version: int) -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.release(viewer, _id(case_id), version=version))

    @strawberry.mutation(description="审批通过。pendingAnnotations：屏幕上已画但未发出的补件批注；有这样的"
                         "批注时须 discardAnnotations: true 明确放弃（记入审计），"
                         "否则返回 ANNOTATIONS_PENDING")
    async def approve_case(self, info: Info, case_id: strawberry.ID, version: int, note: str = "",
                           pending_annotations: list[AnnotationInput] | None = None,
                           discard_annotations: bool = False) -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.approve(
            viewer, _id(case_id), version=version, note=note, pending=_rules(pending_annotations),
            discard=discard_annotations))

    @strawberry.mutation(description="不予受理或不予许可（须写明理由；生成决定书）。未发出的补件批注同审批通过")
    async def reject_case(self, info: Info, case_id: strawberry.ID, version: int,
                          kind: RejectKind, reason: str,
                          pending_annotations: list[AnnotationInput] | None = None,
                          discard_annotations: bool = False) -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.reject(
            viewer, _id(case_id), version=version, reason=reason, kind=RejectKind(kind),
            pending=_rules(pending_annotations), discard=discard_annotations))

    @strawberry.mutation(description="要求补件（审批中）或预审退回补正：逐项批注不合规材料，暂停计时")
    async def request_supplement(self, info: Info, case_id: strawberry.ID, version: int,
                                 annotations: list[AnnotationInput], note: str = "") -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.request_supplement(
            viewer, _id(case_id), version=version, annotations=_rules(annotations), note=note))

    @strawberry.mutation(description="网上预审通过：申请人可到任一窗口办结。未发出的补件批注同审批通过")
    async def pass_prereview(self, info: Info, case_id: strawberry.ID, version: int, note: str = "",
                             pending_annotations: list[AnnotationInput] | None = None,
                             discard_annotations: bool = False) -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.pass_prereview(
            viewer, _id(case_id), version=version, note=note, pending=_rules(pending_annotations),
            discard=discard_annotations))

    @strawberry.mutation(description="窗口受理预审通过的办件（持证上岗）：开始计时并转主管部门")
    async def accept_prereviewed(self, info: Info, case_id: strawberry.ID, version: int,
                                 id_number: str | None = None) -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.accept_prereviewed(
            viewer, _id(case_id), version=version, id_number=id_number))

    @strawberry.mutation(description="补件：申请人本人网上补交，或任一窗口代为补交（其他服务点的办件须核对申请人身份证号码）；恢复计时")
    async def supplement_case(self, info: Info, case_id: strawberry.ID, version: int,
                              files: list[SupplementFilesInput], id_number: str | None = None,
                              channel: CaseChannel = CaseChannel.PC) -> CaseActionPayload:
        given = [SupplementFiles(_id(f.material_id), [(x.file_id, x.filename) for x in f.files])
                 for f in files]
        viewer = await info.context.viewer()
        if viewer is not None:
            return await _act(info, lambda: backoffice.supplement_at_window(
                viewer, _id(case_id), version=version, files=given, id_number=id_number))
        citizen = await info.context.citizen()
        if citizen is None:
            raise NotAuthenticated()
        return await _act(info, lambda: backoffice.supplement_online(
            citizen.person_id, CaseChannel(channel.value), _id(case_id), version=version, files=given))

    @strawberry.mutation(description="发起信息校验：窗口对存疑信息拍照说明，请主管部门核实")
    async def flag_info_check(self, info: Info, case_id: strawberry.ID, field: str, value: str,
                              note: str = "") -> InfoCheckPayload:
        viewer = await info.context.viewer()
        try:
            row, events = await backoffice.flag_info_check(viewer, _id(case_id), field_name=field,
                                                           value=value, note=note)
        except HubError as e:
            return InfoCheckPayload(info_check=None, errors=[CaseError.of(e)])
        await info.context.services.bus.publish(events)
        return InfoCheckPayload(info_check=InfoCheck.of(row), errors=[])

    @strawberry.mutation(description="答复信息校验：核实无误（不填更正内容）或更正")
    async def answer_info_check(self, info: Info, check_id: strawberry.ID, corrected_value: str | None = None,
                                answer: str = "") -> InfoCheckPayload:
        viewer = await info.context.viewer()
        try:
            row, events = await backoffice.answer_info_check(viewer, _id(check_id),
                                                             corrected_value=corrected_value, answer=answer)
        except HubError as e:
            return InfoCheckPayload(info_check=None, errors=[CaseError.of(e)])
        await info.context.services.bus.publish(events)
        return InfoCheckPayload(info_check=InfoCheck.of(row), errors=[])

    @strawberry.mutation(description="立即运行时限巡检（临期提醒、超期督办；系统每分钟自动运行）：仅系统管理员")
    async def run_case_sweep(self, info: Info, at: datetime | None = None) -> CaseSweepPayload:
        require_role(await info.context.viewer(), Role.ADMIN)
        if at is not None and at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        swept = await sla.sweep(at)
        await info.context.services.bus.publish(swept.events)
        return CaseSweepPayload(reminded=swept.reminded, escalated=swept.escalated)

    @strawberry.mutation(description="把我的工作提醒标记为已读（不传 ids 则全部）")
    async def mark_notice_read(self, info: Info, ids: list[strawberry.ID] | None = None
                               ) -> MarkNoticesPayload:
        viewer = await info.context.viewer()
        updated = await workqueue.mark_read(viewer, [_id(i) for i in ids] if ids is not None else None)
        _, unread, _ = await workqueue.notices(viewer, unread_only=True, first=0)
        return MarkNoticesPayload(updated=updated, unread=unread)
