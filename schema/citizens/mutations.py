"""GraphQL mutations of resident accounts."""

from __future__ import annotations

import strawberry

from hub.core.errors import HubError
from resolvers.citizens import accounts
from schema.cases.types import CaseError
from schema.citizens.inputs import RegisterCitizenInput
from schema.citizens.queries import _profile
from schema.citizens.types import CitizenLoginPayload
from schema.context import Info


async def _login(info: Info, id_number: str, password: str) -> CitizenLoginPayload:
    s = info.context.services
    try:
        done = await accounts.login(id_number, password, client_ip=info.context.client_ip,
                                    signer=s.citizen_signer, limiter=s.login_limiter,
                                    policy=s.login_policy)
    except HubError as e:
        return CitizenLoginPayload(token=None, expires_at=None, citizen=None, errors=[CaseError.of(e)])
    return CitizenLoginPayload(token=done.token, expires_at=done.expires_at,
                               citizen=_profile(done.citizen), errors=[])


@strawberry.type
class CitizenMutation:
    @strawberry.mutation(description="申请人注册（电脑端、手机端），成功即登录")
    async def register_citizen(self, info: Info, input: RegisterCitizenInput) -> CitizenLoginPayload:
        try:
            await accounts.register(input.id_number, input.name, input.phone, input.password)
        except HubError as e:
            return CitizenLoginPayload(token=None, expires_at=None, citizen=None, errors=[CaseError.of(e)])
        return await _login(info, input.id_number, input.password)

    @strawberry.mutation(description="申请人以身份证号码和密码登录")
    async def citizen_login(self, info: Info, id_number: str, password: str) -> CitizenLoginPayload:
        return await _login(info, id_number, password)
