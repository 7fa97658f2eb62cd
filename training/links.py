"""Signed exam links and phone sessions (itsdangerous, like the staff tokens in hub.core.security).

The QR link carries ``{attempt id, link nonce, expiry}``: whoever redeems it first starts the
attempt, and the nonce on the attempt row makes the link single-use. Redeeming returns a session
token ``{attempt id, session nonce}`` that the phone sends with its answers, so a photographed QR
code is worth nothing once the candidate has scanned it. The signature proves the hub issued the
token; the attempt row decides whether it is still good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from itsdangerous import BadSignature, URLSafeSerializer


@dataclass(frozen=True)
class LinkClaims:
    attempt_id: int
    nonce: str
    expires: int  # unix seconds


@dataclass(frozen=True)
class SessionClaims:
    attempt_id: int
    nonce: str


class ExamLinkSigner:
    def __init__(self, secret_key: str) -> None:
        self._links = URLSafeSerializer(secret_key, salt="owh-exam-link")
        self._sessions = URLSafeSerializer(secret_key, salt="owh-exam-session")

    def link(self, attempt_id: int, nonce: str, expires_at: datetime) -> str:
        return self._links.dumps({"a": attempt_id, "n": nonce, "e": int(expires_at.timestamp())})

    def read_link(self, token: str) -> LinkClaims | None:
        data = _load(self._links, token)
        if data is None or not isinstance(data.get("e"), int):
            return None
        return LinkClaims(attempt_id=data["a"], nonce=data["n"], expires=data["e"])

    def session(self, attempt_id: int, nonce: str) -> str:
        return self._sessions.dumps({"a": attempt_id, "n": nonce})

    def read_session(self, token: str) -> SessionClaims | None:
        data = _load(self._sessions, token)
        return SessionClaims(attempt_id=data["a"], nonce=data["n"]) if data else None


def _load(serializer: URLSafeSerializer, token: str) -> dict | None:
    try:
        data = serializer.loads(token)
    except BadSignature:
        return None
    ok = isinstance(data, dict) and isinstance(data.get("a"), int) and isinstance(data.get("n"), str)
    return data if ok else None


@lru_cache(maxsize=4)
def signer_for(secret_key: str) -> ExamLinkSigner:
    return ExamLinkSigner(secret_key)
