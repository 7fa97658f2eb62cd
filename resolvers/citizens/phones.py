"""Mainland mobile numbers of residents: the one parse (11 digits, 1[3-9]…) and the mask."""

from __future__ import annotations

import re

from hub.core.errors import ErrorCode, HubError

PHONE = re.compile(r"^1[3-9]\d{9}$")


def parse_phone(raw: str, field_name: str = "phone") -> str:
    """The 11 digits of a mainland mobile number (spaces, dashes and +86 allowed); HubError else."""
    phone = re.sub(r"[\s-]", "", raw or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE.match(phone):
        raise HubError(ErrorCode.INVALID, "请输入正确的 11 位手机号码", field_name)
    return phone


def mask_phone(phone: str) -> str:
    """138****0000; anything but 11 digits: ***"""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "***"
