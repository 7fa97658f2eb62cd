"""Unified social credit codes of companies and organisations (统一社会信用代码, GB 32100-2015).

18 characters: registration authority, organisation type, the 6-digit region code, the 9-character
organisation code (GB 11714, with its own check character) and a check character over the first 17.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub.core.errors import ErrorCode, HubError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
PATTERN = re.compile(rf"^[1-9A-GNY][1-9A-Z][0-9]{{6}}[{CHARSET}]{{10}}$")


def check_char(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def org_check_char(first8: str) -> str:
    # GB 11714 values letters over the whole alphabet (A=10 … Z=35), unlike GB 32100's charset.
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w
                for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


@dataclass(frozen=True)
class Uscc:
    value: str

    @property
    def region_code(self) -> str:
        return self.value[2:8]

    @property
    def organisation_code(self) -> str:
        return self.value[8:17]


def parse_uscc(raw: str, field: str = "creditCode") -> Uscc:
    """A valid code (upper-cased, spaces removed), or a Chinese error saying what is wrong."""
    value = re.sub(r"\s+", "", raw or "").upper()
    if len(value) != 18:
        raise HubError(ErrorCode.INVALID_CREDIT_CODE, "统一社会信用代码应为 18 位", field)
    if not PATTERN.match(value):
        raise HubError(ErrorCode.INVALID_CREDIT_CODE,
                       "统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）或格式不符", field)
    if org_check_char(value[8:16]) != value[16]:
        raise HubError(ErrorCode.INVALID_CREDIT_CODE,
                       "统一社会信用代码中的组织机构代码校验位不正确，请核对", field)
    if check_char(value[:17]) != value[17]:
        raise HubError(ErrorCode.INVALID_CREDIT_CODE, "统一社会信用代码校验位不正确，请核对", field)
    return Uscc(value)
