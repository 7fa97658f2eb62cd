"""GraphQL mutations of resident accounts."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.core.errors import HubError
from hub.core.idempotency import MAX_KEY_LENGTH, Keyed, Replay, once
from resolvers.citizens import accounts, sms_login
from schema.cases.types import CaseError
from schema.citizens.inputs import RegisterCitizenInput
from schema.citizens.queries import _profile
from schema.citizens.types import (
    CitizenLoginPayload,
    LoginCodeError,
    LoginWithCodePayload,
    RequestLoginCodePayload,
)
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


KEY_HELP = (f"请求编号（幂等键，1–{MAX_KEY_LENGTH} 个字符，可空）：页面每次点击“获取验证码”生成一个，"
            "网络重试时原样再发，不会重复发送短信")


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

    @strawberry.mutation(description="获取短信登录验证码（6 位数字，5 分钟内有效，60 秒后可重新获取；"
                         "按手机号码和来源地址限次；无论号码是否已注册，回答相同）")
    async def request_login_code(
        self, info: Info,
        phone: Annotated[str, strawberry.argument(description="手机号码（11 位）")],
        idempotency_key: Annotated[str | None, strawberry.argument(description=KEY_HELP)] = None,
    ) -> RequestLoginCodePayload:
        s = info.context.services
        try:
            keyed = Keyed.of("requestLoginCode", "anonymous", idempotency_key, {"phone": phone})
            done = await once(keyed, lambda: sms_login.request_code(
                phone, client_ip=info.context.client_ip, codes=s.login_codes))
            sent = await sms_login.replayed(done.result_id, codes=s.login_codes) \
                if isinstance(done, Replay) else done
        except HubError as e:
            return RequestLoginCodePayload(masked_phone=None, expires_in_seconds=None,
                                           resend_after_seconds=None, errors=[LoginCodeError.of(e)])
        return RequestLoginCodePayload(masked_phone=sent.masked_phone,
                                       expires_in_seconds=sent.expires_in_seconds,
                                       resend_after_seconds=sent.resend_after_seconds, errors=[])

    @strawberry.mutation(description="申请人以手机号码和短信验证码登录（验证码一次有效，错误 5 次即失效）")
    async def login_with_code(
        self, info: Info, phone: Annotated[str, strawberry.argument(description="手机号码（11 位）")],
        code: Annotated[str, strawberry.argument(description="6 位数字验证码")],
    ) -> LoginWithCodePayload:
        s = info.context.services
        try:
            done = await sms_login.login_with_code(
                phone, code, client_ip=info.context.client_ip, codes=s.login_codes,
                signer=s.citizen_signer, limiter=s.login_limiter)
        except HubError as e:
            return LoginWithCodePayload(token=None, expires_at=None, citizen=None,
                                        errors=[LoginCodeError.of(e)])
        return LoginWithCodePayload(token=done.token, expires_at=done.expires_at,
                                    citizen=_profile(done.citizen), errors=[])
