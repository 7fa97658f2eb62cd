"""A verified token is remembered until its expiry (hub.core.security.TokenSigner): the same
answer as verifying again, an expired one refused even when remembered, a forged one never kept."""

import time

from itsdangerous import TimestampSigner

from hub.core import security
from hub.core.security import TokenClaims, TokenSigner


def test_a_remembered_token_answers_as_a_fresh_check():
    signer = TokenSigner("k" * 32, ttl_seconds=60)
    token, _ = signer.issue(7, 3)
    assert signer.verify(token) == TokenClaims(staff_id=7, token_version=3)
    assert signer.verify(token) == TokenClaims(staff_id=7, token_version=3)
    assert TokenSigner("k" * 32, ttl_seconds=60).verify(token) == TokenClaims(7, 3)


def test_a_remembered_token_expires_on_time(monkeypatch):
    signer = TokenSigner("k" * 32, ttl_seconds=60)
    token, _ = signer.issue(7, 1)
    assert signer.verify(token) is not None
    later = int(time.time()) + 61
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert signer.verify(token) is None


def test_forged_and_foreign_tokens_are_refused_and_not_kept():
    signer = TokenSigner("k" * 32, ttl_seconds=60)
    other, _ = TokenSigner("x" * 32, ttl_seconds=60).issue(7, 1)
    token, _ = signer.issue(7, 1)
    for bad in (other, token[:-2] + "xx", "garbage"):
        assert signer.verify(bad) is None
    assert signer._verified == {}


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(security, "VERIFIED_TOKENS_KEPT", 3)
    signer = TokenSigner("k" * 32, ttl_seconds=60)
    tokens = [signer.issue(i, 1)[0] for i in range(5)]
    assert all(signer.verify(t) for t in tokens)
    assert len(signer._verified) <= 3
