"""Person lookups for staff who have the applicant's ID card in hand."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.core.idcard import parse_id_number
from resolvers.people.access import require_person_reader
from schema.context import Info
from schema.people.types import Person


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="按身份证号码查找已登记的申请人（未登记时为空）；仅可查看人员的工作人员")
    async def person(
        self, info: Info,
        id_number: Annotated[str, strawberry.argument(description="身份证号码（GB 11643 校验）")],
    ) -> Person | None:
        require_person_reader(await info.context.viewer())
        parsed = parse_id_number(id_number)
        row = await info.context.people.person_by_id_number.load(parsed.value)
        return await Person.of(info, row) if row else None
