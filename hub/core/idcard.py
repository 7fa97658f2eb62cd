"""Resident identity card numbers (GB 11643-1999): checksum, birth date, masking."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hub.core.clock import local_today
from hub.core.errors import ErrorCode, HubError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
PATTERN = re.compile(r"^\d{17}[\dX]$")


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: date
    female: bool

    @property
    def masked(self) -> str:
        """For roles that need not see it: region and last four digits stay (330106********123X)."""
        return self.value[:6] + "*" * 8 + self.value[14:]


def parse_id_number(raw: str, field: str = "idNumber", today: date | None = None) -> IdNumber:
    """A valid 18-digit resident ID number, or a Chinese error saying what is wrong."""
    value = (raw or "").strip().upper()
    if not PATTERN.match(value):
        raise HubError(ErrorCode.INVALID_ID_NUMBER, "身份证号码应为 18 位（最后一位可为 X）", field)
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise HubError(ErrorCode.INVALID_ID_NUMBER, "身份证号码中的出生日期无效", field) from None
    if not date(1900, 1, 1) <= born <= (today or local_today()):
        raise HubError(ErrorCode.INVALID_ID_NUMBER, "身份证号码中的出生日期无效", field)
    if check_char(value[:17]) != value[17]:
        raise HubError(ErrorCode.INVALID_ID_NUMBER, "身份证号码校验位不正确，请核对", field)
    return IdNumber(value=value, birth_date=born, female=int(value[16]) % 2 == 0)
