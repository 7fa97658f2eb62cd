"""GraphQL entry points of the back office (后台分类审批) and of the window's part in it:
the department queue, claiming and assigning, approve / reject / request a supplement,
pre-review, accepting a pre-reviewed case at a window, the applicant's supplement (online or at
any window), information checks, staff notices and the SLA sweep.

Every mutation that changes a case takes the ``version`` the caller looked at: a case that
moved on meanwhile is a CONFLICT, never a lost update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import strawberry

from hub.errors import HubError, NotAuthenticated
from hub.models.enums import AnnotationKind as AnnotationKindModel
from hub.models.enums import CaseChannel, Role
from hub.viewer import require_role
from resolvers.cases import backoffice, sla, workqueue
from resolvers.cases.backoffice import AnnotationInput as AnnotationRule
from resolvers.cases.backoffice import Done, SupplementFiles
from schema.context import Info
from schema.types.backoffice import (
    AnnotationInput,
    BackofficeQueue,
    CaseActionPayload,
    CaseSweepPayload,
    Colleague,
    InfoCheck,
    InfoCheckPayload,
    MarkNoticesPayload,
    NoticeList,
    QueueCounts,
    QueueEntry,
    QueueTab,
    RejectKind,
    StaffNotice,
    SupplementFilesInput,
    today,
)
from schema.types.cases import Case, CaseError, case_view


def _id(value: strawberry.ID | str | None) -> int:
    return int(value) if value is not None and str(value).isdigit() else -1


async def _act(info: Info, action: Callable[[], Awaitable[Done]]) -> CaseActionPayload:
    try:
        done = await action()
    except HubError as e:
        return CaseActionPayload(case=None, errors=[CaseError.of(e)])
    await info.context.services.bus.publish(done.events)
    return CaseActionPayload(case=await case_view(info, done.case), errors=[])


@strawberry.type
class BackofficeQuery:
    @strawberry.field(description="后台审批队列：本部门本辖区的办件，按页签"
                      "（待领取 / 我的 / 待补件 / 预审），临期的在前")
    async def backoffice_queue(self, info: Info, tab: QueueTab = QueueTab.UNCLAIMED,
                               first: int = 50, after: str | None = None) -> BackofficeQueue:
        page = await workqueue.queue(await info.context.viewer(), QueueTab(tab), first, after)
        day = today()
        entries = [QueueEntry.of(e.case, offered_to_me=e.offered_to_me, can_claim=e.can_claim, day=day)
                   for e in page.entries]
        c = page.counts
        return BackofficeQueue(entries=entries, has_next_page=page.has_next, end_cursor=page.end_cursor,
                               counts=QueueCounts(unclaimed=c[workqueue.Tab.UNCLAIMED],
                                                  mine=c[workqueue.Tab.MINE],
                                                  supplement=c[workqueue.Tab.SUPPLEMENT],
                                                  prereview=c[workqueue.Tab.PREREVIEW]))

    @strawberry.field(description="我的工作提醒（新的在前）")
    async def my_notices(self, info: Info, unread_only: bool = False, first: int = 20) -> NoticeList:
        rows, unread = await workqueue.notices(await info.context.viewer(), unread_only=unread_only,
                                               first=first)
        return NoticeList(unread=unread, notices=[StaffNotice.of(r) for r in rows])

    @strawberry.field(description="可把办件指派给的同事（本部门本辖区的后台审批人员）")
    async def case_colleagues(self, info: Info, case_id: strawberry.ID) -> list[Colleague]:
        rows = await backoffice.colleagues(await info.context.viewer(), _id(case_id))
        return [Colleague(id=strawberry.ID(str(r["id"])), name=r["name"]) for r in rows]

    @strawberry.field(description="窗口查找办件（补件、预审后受理）：本服务点的办件，或凭申请人身份证号码查找任一办件；不匹配时返回空")
    async def case_at_window(self, info: Info, number: str, id_number: str | None = None) -> Case | None:
        viewer = require_role(await info.context.viewer(), Role.FRONT_DESK)
        try:
            row = await backoffice.find_at_window(viewer, number, id_number)
        except HubError:
            return None
        return await case_view(info, row)


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

    @strawberry.mutation(description="审批通过")
    async def approve_case(self, info: Info, case_id: strawberry.ID, version: int,
                           note: str = "") -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.approve(viewer, _id(case_id), version=version, note=note))

    @strawberry.mutation(description="不予受理或不予许可（须写明理由；生成决定书）")
    async def reject_case(self, info: Info, case_id: strawberry.ID, version: int,
                          kind: RejectKind, reason: str) -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.reject(
            viewer, _id(case_id), version=version, reason=reason,
            kind=RejectKind(kind)))

    @strawberry.mutation(description="要求补件（审批中）或预审退回补正：逐项批注不合规材料，暂停计时")
    async def request_supplement(self, info: Info, case_id: strawberry.ID, version: int,
                                 annotations: list[AnnotationInput], note: str = "") -> CaseActionPayload:
        viewer = await info.context.viewer()
        rules = [AnnotationRule(material_id=_id(a.material_id), kind=AnnotationKindModel(a.kind.value),
                                text=a.text, file_id=_id(a.file_id) if a.file_id is not None else None,
                                box=a.box if isinstance(a.box, dict) else None) for a in annotations]
        return await _act(info, lambda: backoffice.request_supplement(
            viewer, _id(case_id), version=version, annotations=rules, note=note))

    @strawberry.mutation(description="网上预审通过：申请人可到任一窗口办结")
    async def pass_prereview(self, info: Info, case_id: strawberry.ID, version: int,
                             note: str = "") -> CaseActionPayload:
        viewer = await info.context.viewer()
        return await _act(info, lambda: backoffice.pass_prereview(viewer, _id(case_id), version=version,
                                                                  note=note))

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
        _, unread = await workqueue.notices(viewer, unread_only=True, first=0)
        return MarkNoticesPayload(updated=updated, unread=unread)
