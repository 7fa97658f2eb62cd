"""Passwords (argon2) and signed expiring bearer tokens (the per-IP login limit is a
``hub.core.throttle.Throttle``).

argon2 is slow and memory-hard on purpose (about 50 ms and 64 MiB a check): requests hash and
verify through ``hash_password_async`` / ``verify_password_async``, which run it in a small
dedicated thread pool (``hub.core.workers.passwords``, ``HUB_PASSWORD_HASH_THREADS``) so the
event loop keeps answering while logins queue, and memory stays bounded however many arrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from hub.core import workers
from hub.core.clock import utcnow

_hasher = PasswordHasher()
VERIFIED_TOKENS_KEPT = 4096  # per signer and process: a hall's staff and devices many times over
# Verified against when the username is unknown, so both paths cost one argon2 check.
_DUMMY_HASH = _hasher.hash("owh-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


async def hash_password_async(password: str) -> str:
    """``hash_password`` off the event loop, in the bounded argon2 pool."""
    return await workers.passwords.run(hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """``verify_password`` off the event loop, in the bounded argon2 pool."""
    return await workers.passwords.run(verify_password, password_hash, password)


@dataclass(frozen=True)
class TokenClaims:
    staff_id: int
    token_version: int


class TokenSigner:
    """Bearer tokens: ``{"s": staff id, "v": token version}`` signed with SECRET_KEY."""

    def __init__(self, secret_key: str, ttl_seconds: int, salt: str = "owh-staff-token") -> None:
        # A different salt makes a different kind of token: a resident's token (salt
        # "owh-citizen-token", "s" = their registry id) never passes as a staff token.
        self._serializer = URLSafeTimedSerializer(secret_key, salt=salt)
        self.ttl_seconds = ttl_seconds
        # token → (claims, when it expires): a request's token is verified two or three times
        # (its cost budget, the viewer, the resident) and a console sends the same one all day;
        # each verification is an HMAC, base64 and JSON. Only tokens whose signature checked
        # out are kept (the key is the whole token, signature included), each until its expiry.
        self._verified: dict[str, tuple[TokenClaims, float]] = {}
        # the clock itsdangerous checks max_age against, so that a remembered token expires
        # exactly when a fresh check would refuse it
        self._clock = TimestampSigner(secret_key, salt=salt)

    def issue(self, staff_id: int, token_version: int) -> tuple[str, datetime]:
        token = self._serializer.dumps({"s": staff_id, "v": token_version})
        return token, utcnow() + timedelta(seconds=self.ttl_seconds)

    def verify(self, token: str) -> TokenClaims | None:
        known = self._verified.get(token)
        if known is not None:
            if self._clock.get_timestamp() <= known[1]:
                return known[0]
            del self._verified[token]
            return None
        try:
            data, signed_at = self._serializer.loads(token, max_age=self.ttl_seconds,
                                                     return_timestamp=True)
        except (SignatureExpired, BadSignature):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("s"), int):
            return None
        claims = TokenClaims(staff_id=data["s"], token_version=int(data.get("v", 0)))
        if len(self._verified) >= VERIFIED_TOKENS_KEPT:  # bounded: forget all, re-verify
            self._verified.clear()
        self._verified[token] = (claims, signed_at.timestamp() + self.ttl_seconds)
        return claims


def bearer_token(authorization: str) -> str | None:
    """The token of an ``Authorization: Bearer …`` header value, or None."""
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
