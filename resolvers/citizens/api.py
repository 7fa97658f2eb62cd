"""GraphQL entry points of residents' accounts: register, log in, who am I."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.errors import HubError
from resolvers.citizens import accounts
from resolvers.people.idcard import parse_id_number
from schema.context import Info
from schema.types.cases import CaseError


@strawberry.type(description="已登录的申请人")
class CitizenProfile:
    name: str = strawberry.field(description="姓名")
    masked_id_number: str = strawberry.field(description="脱敏的身份证号码")
    id_number: str = strawberry.field(description="本人的身份证号码（申报时填入，只给本人）")


@strawberry.input(description="申请人注册")
class RegisterCitizenInput:
    id_number: str = strawberry.field(description="身份证号码")
    name: str = strawberry.field(description="姓名")
    phone: str = strawberry.field(default="", description="手机号码")
    password: str = strawberry.field(description="密码（至少 8 位，含字母和数字）")


@strawberry.type(description="申请人登录结果")
class CitizenLoginPayload:
    token: str | None = strawberry.field(description="访问令牌")
    expires_at: datetime | None = strawberry.field(description="令牌到期时间")
    citizen: CitizenProfile | None = strawberry.field(description="申请人")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


def _profile(c: accounts.Citizen) -> CitizenProfile:
    return CitizenProfile(name=c.name, masked_id_number=parse_id_number(c.id_number).masked,
                          id_number=c.id_number)


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
class CitizenQuery:
    @strawberry.field(description="当前登录的申请人（未登录为空）")
    async def me_citizen(self, info: Info) -> CitizenProfile | None:
        c = await info.context.citizen()
        return _profile(c) if c else None


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
