"""Residents' accounts: the registry entry (GB 11643 ID number, name) plus a password.

A resident registers once with the ID number and the name the registry holds for it (a first
visitor is registered on the spot, as at a window); after that the ID number and password log
in. Lockout after repeated failures is kept on the account, as for staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.idcard import parse_id_number
from hub.core.models import CitizenAccount, Person
from hub.core.security import TokenClaims, TokenSigner, hash_password_async, verify_password_async
from hub.core.throttle import Throttle
from resolvers.citizens.phones import parse_phone
from resolvers.people.registry import person_id_for
from resolvers.staff import lockout
from resolvers.staff.actions import LoginPolicy, check_password_strength


@dataclass(frozen=True)
class Citizen:
    """A logged-in resident."""

    person_id: int
    name: str
    id_number: str


@dataclass(frozen=True)
class CitizenLogin:
    token: str
    expires_at: datetime
    citizen: Citizen


async def register(id_number: str, name: str, phone: str, password: str) -> int:
    parsed = parse_id_number(id_number)
    name = name.strip()
    if not name:
        raise HubError(ErrorCode.INVALID, "请填写姓名", "name")
    mobile = parse_phone(phone) if phone.strip() else ""  # the number SMS login codes go to
    check_password_strength(password, "password")
    known = await Person.get_or_none(id_number=parsed.value).values("id", "name")
    if known and known["name"] and known["name"] != name:
        raise HubError(ErrorCode.NAME_MISMATCH, "姓名与身份证号码登记的信息不一致", "name")
    password_hash = await hash_password_async(password)  # before the transaction: it takes a while
    async with in_transaction():
        person_id = await person_id_for(parsed.value, name)
        if mobile:
            await Person.filter(id=person_id).update(phone=mobile)
        try:
            await CitizenAccount.create(person_id=person_id, password_hash=password_hash)
        except IntegrityError:
            raise HubError(ErrorCode.ALREADY_REGISTERED,
                           "该身份证号码已注册，请直接登录", "idNumber") from None
    return person_id


async def login(id_number: str, password: str, *, client_ip: str, signer: TokenSigner,
                limiter: Throttle, policy: LoginPolicy) -> CitizenLogin:
    """A resident's token; guesses claim attempts first, as for staff (resolvers/staff/lockout.py)."""
    if not await limiter.hit(f"login:citizen:{client_ip}"):
        raise HubError(ErrorCode.RATE_LIMITED, "登录尝试过于频繁，请一分钟后再试")
    parsed = parse_id_number(id_number)
    rows = await CitizenAccount.filter(person__id_number=parsed.value).values(
        "id", "person_id", "password_hash", "token_version", "person__name")
    account = rows[0] if rows else None
    if account is not None and not await lockout.claim_attempt(
            CitizenAccount, account["id"], policy.max_failures, policy.lock_seconds, utcnow()):
        raise HubError(ErrorCode.LOCKED, "密码错误次数过多，账号已临时锁定，请稍后再试")
    if not await verify_password_async(account["password_hash"] if account else None, password) \
            or account is None:
        raise HubError(ErrorCode.INVALID_CREDENTIALS, "身份证号码或密码错误")
    await lockout.clear(CitizenAccount, account["id"])
    token, expires_at = signer.issue(account["person_id"], account["token_version"])
    return CitizenLogin(token, expires_at,
                        Citizen(account["person_id"], account["person__name"], parsed.value))


async def load_citizen(claims: TokenClaims) -> Citizen | None:
    rows = await CitizenAccount.filter(person_id=claims.staff_id).values(
        "token_version", "person__name", "person__id_number")
    if not rows or rows[0]["token_version"] != claims.token_version:
        return None
    return Citizen(claims.staff_id, rows[0]["person__name"], rows[0]["person__id_number"])
