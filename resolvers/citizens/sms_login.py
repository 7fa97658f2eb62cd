"""Residents' login by SMS code (浙里办 convention), beside the ID number and password.

- **Requesting** a code: 6 random digits (``secrets``), valid 5 minutes. A mobile number has one
  row (``LoginCode``, unique by phone) and so one live code: a new request replaces the old one in
  place, by a compare-and-set on ``generation``, and the old one stops working. A new code no
  sooner than 60 s after the last; requests counted per number and per client address
  (``Throttle``, shared through Redis). The answer is the same whether or not the number belongs
  to an account, and the same work is done (nothing is looked up): no account enumeration.
- **Sending**: the SMS is a ``notify.sms`` outbox message written in the code's own transaction
  (template ``login_code``, urgent); the notifications engine's SMS channel delivers it. With
  ``echo`` (a demo/development setting, refused in production) the code is also logged.
- Only ``HMAC-SHA256(hub secret, phone:generation:code)`` is stored (DECISIONS: a keyed hash, not
  argon2). The clear code in the outbox payload is blanked as soon as the code is used, burnt or
  replaced, and the retention job blanks the rest once they have expired (``prune``).
- **Verifying**: one UPDATE that counts the try and, for the right code, stamps ``used_at`` —
  conditional on the generation, ``used_at`` still empty, the tries left and the expiry — so two
  verifications of one code give one session, and a sixth try is refused even with the right
  code (the fifth wrong one burns it). The session is the password login's resident token.
- A code proves the number, not a person: it logs in the one resident account whose registry
  entry (``Person.phone``) has that number. Real-name registration (ID number and name) is still
  how an account is made; a number without exactly one account is told so, after the right code
  only — so only the number's holder learns it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from hub.core import idempotency, outbox
from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import CitizenAccount, LoginCode, OutboxMessage
from hub.core.security import TokenSigner
from hub.core.throttle import Throttle
from resolvers.citizens.accounts import Citizen, CitizenLogin
from resolvers.citizens.phones import mask_phone, parse_phone

log = logging.getLogger("owh.citizens.sms")

TOPIC = "notify.sms"
TEMPLATE = "login_code"
CODE_DIGITS = 6
EXPIRED_MESSAGE = "验证码已失效，请重新获取"
BURNT_MESSAGE = "验证码错误次数过多，已失效，请重新获取"


@dataclass(frozen=True)
class CodePolicy:
    ttl_seconds: int = 300
    resend_seconds: int = 60
    max_attempts: int = 5
    echo: bool = False  # log the code (demo / development only; refused in production)


@dataclass
class LoginCodes:
    """What the two rules need from the process: the hub's secret, the policy and the counters
    of requests per number and per client address."""

    secret: str
    per_phone: Throttle
    per_ip: Throttle
    policy: CodePolicy = field(default_factory=CodePolicy)

    def digest(self, phone: str, generation: int, code: str) -> str:
        message = f"login-code:{phone}:{generation}:{code}".encode()
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()

    async def close(self) -> None:
        await self.per_phone.close()
        await self.per_ip.close()


@dataclass(frozen=True)
class CodeSent:
    masked_phone: str
    expires_in_seconds: int
    resend_after_seconds: int


def message_key(row_id: int, generation: int) -> str:
    """The outbox idempotency key of one code's SMS."""
    return f"login-code:{row_id}:{generation}"


def _payload(phone: str, code: str) -> dict[str, Any]:
    return {"phone": phone, "template": TEMPLATE, "params": {"code": code}, "urgent": True}


async def _blank(conn: Any, phone: str, keys: list[str]) -> None:
    """Remove the clear code from the SMS messages of spent codes (``keys``)."""
    if keys:
        await OutboxMessage.filter(topic=TOPIC, idempotency_key__in=keys).using_db(conn) \
            .update(payload=_payload(phone, ""))


def _wait_text(seconds: float) -> str:
    return f"请求过于频繁，请{max(1, int(seconds + 0.999))}秒后再试"


async def request_code(raw_phone: str, *, client_ip: str, codes: LoginCodes,
                       now: datetime | None = None) -> CodeSent:
    """Send a new login code to ``raw_phone`` (whether or not it has an account)."""
    phone = parse_phone(raw_phone)
    policy = codes.policy
    if not await codes.per_ip.hit(f"sms-code:ip:{client_ip}"):
        raise HubError(ErrorCode.RATE_LIMITED,
                       _wait_text(codes.per_ip.window) + "（本网络获取验证码次数过多）")
    if not await codes.per_phone.hit(f"sms-code:phone:{phone}"):
        raise HubError(ErrorCode.RATE_LIMITED,
                       _wait_text(codes.per_phone.window) + "（该手机号码获取验证码次数过多）")
    now = now or utcnow()
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    expires_at = now + timedelta(seconds=policy.ttl_seconds)
    async with in_transaction() as conn:
        current = await LoginCode.filter(phone=phone).using_db(conn).first()
        if current is None:
            try:
                row = await LoginCode.create(phone=phone, generation=1,
                                             code_hash=codes.digest(phone, 1, code), sent_at=now,
                                             expires_at=expires_at, using_db=conn)
            except IntegrityError:  # a concurrent request for the number created it first
                raise HubError(ErrorCode.RATE_LIMITED, _wait_text(policy.resend_seconds)) from None
            generation = 1
        else:
            since = (now - current.sent_at).total_seconds()
            if 0 <= since < policy.resend_seconds:
                raise HubError(ErrorCode.RATE_LIMITED, _wait_text(policy.resend_seconds - since))
            generation = current.generation + 1
            replaced = await LoginCode.filter(id=current.id, generation=current.generation) \
                .using_db(conn).update(generation=generation, sent_at=now, expires_at=expires_at,
                                       code_hash=codes.digest(phone, generation, code),
                                       attempts=0, used_at=None)
            if not replaced:  # a concurrent request replaced it first
                raise HubError(ErrorCode.RATE_LIMITED, _wait_text(policy.resend_seconds))
            await _blank(conn, phone, [message_key(current.id, current.generation)])
            row = current
        await outbox.enqueue(conn, TOPIC, message_key(row.id, generation), _payload(phone, code),
                             now=now)
        await idempotency.record(conn, row.id)
    if policy.echo:
        log.warning("[demo] 短信验证码 %s: %s", mask_phone(phone), code)
    return CodeSent(mask_phone(phone), policy.ttl_seconds, policy.resend_seconds)


async def replayed(row_id: int, *, codes: LoginCodes, now: datetime | None = None) -> CodeSent:
    """The answer to a retried request whose first attempt sent the code of row ``row_id``."""
    row = await LoginCode.get_or_none(id=row_id).values("phone", "sent_at", "expires_at")
    if row is None:
        raise HubError(ErrorCode.CODE_EXPIRED, EXPIRED_MESSAGE, "code")
    now = now or utcnow()
    return CodeSent(mask_phone(row["phone"]),
                    max(0, int((row["expires_at"] - now).total_seconds())),
                    max(0, codes.policy.resend_seconds - int((now - row["sent_at"]).total_seconds())))


async def login_with_code(raw_phone: str, raw_code: str, *, client_ip: str, codes: LoginCodes,
                          signer: TokenSigner, limiter: Throttle,
                          now: datetime | None = None) -> CitizenLogin:
    """The resident token for the number's account, for its live code; each try counts."""
    if not await limiter.hit(f"login:citizen:{client_ip}"):
        raise HubError(ErrorCode.RATE_LIMITED, "登录尝试过于频繁，请一分钟后再试")
    phone = parse_phone(raw_phone)
    code = (raw_code or "").strip()
    if not re.fullmatch(rf"\d{{{CODE_DIGITS}}}", code):
        raise HubError(ErrorCode.INVALID, f"请输入 {CODE_DIGITS} 位数字验证码", "code")
    now = now or utcnow()
    max_attempts = codes.policy.max_attempts
    row = await LoginCode.get_or_none(phone=phone).values("id", "generation", "code_hash")
    if row is None:
        raise HubError(ErrorCode.CODE_EXPIRED, EXPIRED_MESSAGE, "code")
    right = hmac.compare_digest(row["code_hash"], codes.digest(phone, row["generation"], code))
    live = LoginCode.filter(id=row["id"], generation=row["generation"], used_at__isnull=True,
                            attempts__lt=max_attempts, expires_at__gt=now)
    async with in_transaction() as conn:
        if right:
            won = await live.using_db(conn).update(attempts=F("attempts") + 1, used_at=now)
        else:
            won = await live.using_db(conn).update(attempts=F("attempts") + 1)
            # the last allowed wrong try burns the code (and its clear text in the outbox)
            burnt = await LoginCode.filter(id=row["id"], generation=row["generation"],
                                           used_at__isnull=True, attempts__gte=max_attempts) \
                .using_db(conn).update(used_at=now)
            if burnt:
                await _blank(conn, phone, [message_key(row["id"], row["generation"])])
        if right and won:
            await _blank(conn, phone, [message_key(row["id"], row["generation"])])
    if not won:
        after = await LoginCode.get_or_none(id=row["id"]).values("generation", "attempts")
        if after and after["generation"] == row["generation"] and after["attempts"] >= max_attempts:
            raise HubError(ErrorCode.CODE_EXPIRED, BURNT_MESSAGE, "code")
        raise HubError(ErrorCode.CODE_EXPIRED, EXPIRED_MESSAGE, "code")
    if not right:
        after = await LoginCode.get_or_none(id=row["id"]).values("attempts")
        remaining = max_attempts - after["attempts"] if after else 0
        if remaining <= 0:
            raise HubError(ErrorCode.CODE_EXPIRED, BURNT_MESSAGE, "code")
        raise HubError(ErrorCode.CODE_WRONG, f"验证码错误，还可尝试{remaining}次", "code")
    accounts = await CitizenAccount.filter(person__phone=phone).limit(2).values(
        "person_id", "token_version", "person__name", "person__id_number")
    if len(accounts) != 1:
        raise HubError(ErrorCode.PHONE_UNKNOWN, "该手机号码未绑定申请人账号，请先用身份证号码注册"
                       if not accounts else
                       "该手机号码绑定了多个申请人账号，请用身份证号码和密码登录", "phone")
    account = accounts[0]
    token, expires_at = signer.issue(account["person_id"], account["token_version"])
    return CitizenLogin(token, expires_at, Citizen(account["person_id"], account["person__name"],
                                                   account["person__id_number"]))


async def prune(now: datetime, batch: int = 500) -> int:
    """Delete the expired codes, blanking the codes left in their SMS messages first; how many."""
    total = 0
    while True:
        rows = await LoginCode.filter(expires_at__lte=now).order_by("id").limit(batch) \
            .values("id", "phone", "generation")
        if not rows:
            return total
        async with in_transaction() as conn:
            for r in rows:
                await _blank(conn, r["phone"], [message_key(r["id"], r["generation"])])
            # a row replaced meanwhile (its expiry moved on) stays
            gone = await LoginCode.filter(id__in=[r["id"] for r in rows], expires_at__lte=now) \
                .using_db(conn).delete()
        total += gone
        if len(rows) < batch:
            return total
