"""GraphQL entry point of 即办件当场办结 (an instant item approved and issued at the window)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.errors import HubError
from resolvers.cases.instant import complete_instant
from schema.context import Info
from schema.types.cases import Case, CaseError, case_view


@strawberry.type(description="即办件当场办结的结果")
class InstantCasePayload:
    case: Case | None = strawberry.field(description="办结后的办件（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


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
