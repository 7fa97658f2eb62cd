"""Residents' one-time login codes sent by SMS (resolvers/citizens/sms_login.py)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class LoginCode(Model):
    """The one live SMS login code of a mobile number: a new request replaces it in place
    (``generation`` + 1), so there is never more than one usable code per number. Only a keyed
    hash of the code is kept; the row goes once it has expired (the retention job)."""

    id = fields.IntField(primary_key=True)
    phone = fields.CharField(max_length=11, unique=True)  # 1[3-9]xxxxxxxxx
    generation = fields.IntField(default=1)  # bumped by each replacement: the compare-and-set token
    code_hash = fields.CharField(max_length=64)  # HMAC-SHA256(hub secret, phone:generation:code)
    sent_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    attempts = fields.IntField(default=0)  # verifications tried, right or wrong
    used_at = fields.DatetimeField(null=True)  # logged in with it, or burnt by wrong tries

    class Meta:
        table = "citizen_login_code"
