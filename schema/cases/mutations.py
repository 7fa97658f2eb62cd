"""GraphQL mutations of cases (办件): intake, listing, applicants, instant cases, case events."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.core.errors import HubError
from hub.core.idempotency import Replay, once
from hub.core.models.enums import CaseChannel, IssueMethod
from resolvers.cases.filing import file_case
from resolvers.cases.instant import complete_instant
from resolvers.cases.intake import IntakeRequest, MaterialInput, filed
from schema.cases.inputs import IntakeCaseInput
from schema.cases.types import CaseError, CasePayload, InstantCasePayload, case_view
from schema.context import Info
from schema.idempotency import keyed


def _request(input: IntakeCaseInput) -> IntakeRequest:
    answers = {a.question: a.values if a.values is not None else a.value for a in input.answers}
    return IntakeRequest(
        item_code=input.item_code, answers=answers,
        service_point_code=input.service_point_code or "", channel=CaseChannel(input.channel.value),
        id_number=input.applicant.id_number, name=input.applicant.name, phone=input.applicant.phone,
        address=input.applicant.address,
        credit_code=input.company.credit_code if input.company else None,
        company_name=input.company.name if input.company else "",
        materials=[MaterialInput(m.material_id, [(f.file_id, f.filename) for f in m.files],
                                 m.deferred, m.original_seen) for m in input.materials],
        issue_method=IssueMethod(input.issue_method.value), delivery_address=input.delivery_address,
        finish_point_code=(input.finish_point_code or "").strip() or None,
        ticket_id=int(input.ticket_id) if input.ticket_id and str(input.ticket_id).isdigit() else None,
        offer_id=(int(input.offer_id) if str(input.offer_id).isdigit() else -1) if input.offer_id else None)


@strawberry.type
class CaseMutation:
    @strawberry.mutation(description="收件：综合窗口受理、申请人网上申报、网格员代办或自助终端申报")
    async def intake_case(self, info: Info, input: IntakeCaseInput) -> CasePayload:
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        try:
            key = keyed("intakeCase", input, viewer, citizen)
            done = await once(key, lambda: file_case(viewer, citizen, _request(input)))
        except HubError as e:
            return CasePayload(case=None, errors=[CaseError.of(e)])
        if isinstance(done, Replay):  # a retry: the case filed the first time
            done = await filed(done.result_id)
        await info.context.services.bus.publish(done.events)
        return CasePayload(case=await case_view(info, done.case), errors=[])


@strawberry.type
class InstantCaseMutation:
    @strawberry.mutation(description="即办件当场办结：受理该件的窗口人员当场审核通过并窗口出件（已核验身份）；"
                         "承诺件不适用")
    async def complete_instant_case(
        self, info: Info, case_id: strawberry.ID,
        version: Annotated[int, strawberry.argument(description="办件版本号（防并发覆盖）")],
        issue_note: Annotated[str, strawberry.argument(description="办结说明（可空）")] = "",
    ) -> InstantCasePayload:
        viewer = await info.context.viewer()
        try:
            row, events = await complete_instant(
                viewer, int(case_id) if str(case_id).isdigit() else -1, version, issue_note)
        except HubError as e:
            return InstantCasePayload(case=None, errors=[CaseError.of(e)])
        await info.context.services.bus.publish(events)
        return InstantCasePayload(case=await case_view(info, row), errors=[])
