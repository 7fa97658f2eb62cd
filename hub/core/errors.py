"""Failures the business layer raises; the GraphQL layer maps them to typed errors."""

from __future__ import annotations


class HubError(Exception):
    """An expected, user-facing failure: ``code`` for programs, ``message`` in Chinese."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class PermissionDenied(Exception):
    """The viewer may not do this. Surfaces as a top-level GraphQL error (never masked)."""

    def __init__(self, message: str = "没有权限执行此操作") -> None:
        super().__init__(message)
        self.message = message


class NotAuthenticated(PermissionDenied):
    def __init__(self, message: str = "请先登录") -> None:
        super().__init__(message)
