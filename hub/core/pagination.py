"""Opaque keyset cursors for `first/after` pagination."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from hub.core.errors import ErrorCode, HubError


def encode_cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str) -> list[Any]:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeDecodeError) as e:
        raise HubError(ErrorCode.INVALID_CURSOR, "分页游标无效", "after") from e
    if not isinstance(key, list):
        raise HubError(ErrorCode.INVALID_CURSOR, "分页游标无效", "after")
    return key


def check_page_size(first: int, maximum: int) -> int:
    if first < 0 or first > maximum:
        raise HubError(ErrorCode.INVALID_PAGE_SIZE, f"每页数量须在 0 到 {maximum} 之间", "first")
    return first


R = TypeVar("R", bound=Mapping[str, Any])


@dataclass(frozen=True)
class Page(Generic[R]):
    """One page of rows (``Page[CaseRow]``: rows of a known shape)."""

    rows: list[R]
    has_next: bool
    cursors: list[str]
    total: int | None = None  # known for free on some paths (a ranked search), else counted on demand

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None
