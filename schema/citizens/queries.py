"""GraphQL query fields of resident accounts."""

from __future__ import annotations

import strawberry

from hub.core.idcard import parse_id_number
from resolvers.citizens import accounts
from schema.citizens.types import CitizenProfile
from schema.context import Info


def _profile(c: accounts.Citizen) -> CitizenProfile:
    return CitizenProfile(name=c.name, masked_id_number=parse_id_number(c.id_number).masked,
                          id_number=c.id_number)


@strawberry.type
class CitizenQuery:
    @strawberry.field(description="当前登录的申请人（未登录为空）")
    async def me_citizen(self, info: Info) -> CitizenProfile | None:
        c = await info.context.citizen()
        return _profile(c) if c else None
