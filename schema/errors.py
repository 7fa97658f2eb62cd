"""Typed mutation errors: one ``Error`` interface, one converter, a code enum per domain.

Every domain error type (``CaseError``, ``QueueError`` …) implements ``Error`` and declares its
``code`` with ``code_field(XErrorCode)``, where ``XErrorCode = code_enum(...)`` is the subset of
``hub.core.errors.ErrorCode`` that the domain's mutations can return. ``X.of(e)`` / ``X.all_of(e)``
turn a ``HubError`` into the domain's error(s); a code outside the domain's enum is reported as
the domain's ``fallback`` (its generic code) with the Chinese message kept, and is logged, so an
expected failure never becomes a server error.

GraphQL has no subtyping of enums, so ``code`` cannot be a field of the interface itself (each
domain's ``code`` has its own enum type); the interface carries ``field`` and ``message``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import Enum
from typing import Any, ClassVar, Self

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

from hub.core.errors import ErrorCode, HubError

log = logging.getLogger(__name__)


def code_enum(name: str, description: str, codes: Sequence[ErrorCode]) -> type[Enum]:
    """The GraphQL enum ``name`` of ``codes`` (in this order), values equal to ErrorCode's."""
    # mypy wants a literal name in the functional API; this one is known only at run time.
    enum = Enum(name, [(c.name, c.value) for c in codes])  # type: ignore[misc]
    return strawberry.enum(enum, description=description)


def code_field(enum: type[Enum]) -> Any:
    """The ``code`` field of a domain error: an ErrorCode in Python, ``enum`` in GraphQL."""
    return strawberry.field(description="错误代码", graphql_type=enum)


@strawberry.interface(description="业务错误：出错的输入字段和中文说明；各类错误另有本领域的错误代码 code")
class Error:
    code: strawberry.Private[ErrorCode]  # declared by each domain type with its own enum
    field: str | None = strawberry.field(description="出错的输入字段")
    message: str = strawberry.field(description="中文错误说明")

    # A code outside the domain's enum is reported as this one (overridden where INVALID is not
    # a code of the domain).
    fallback: ClassVar[ErrorCode] = ErrorCode.INVALID

    @classmethod
    def codes(cls) -> frozenset[ErrorCode]:
        """The codes of this domain: the values of its GraphQL code enum."""
        return _codes_of(cls)

    @classmethod
    def code_of(cls, e: HubError) -> ErrorCode:
        """``e.code`` if this domain has it, else the fallback (logged: a code to add or a bug)."""
        if e.code in cls.codes():
            return e.code
        log.warning("%s reported as %s.%s: %s", e.code, cls.__name__, cls.fallback, e.message)
        return cls.fallback

    @classmethod
    def of(cls, e: HubError) -> Self:
        """The error as one entry."""
        return cls(code=cls.code_of(e), field=e.field, message=e.message)

    @classmethod
    def all_of(cls, e: HubError) -> list[Self]:
        """One entry per problem (validations report every problem at once)."""
        code = cls.code_of(e)
        return [cls(code=code, field=f, message=m) for f, m in e.per_problem()]


_CODES: dict[type[Error], frozenset[ErrorCode]] = {}


def _codes_of(error_type: type[Error]) -> frozenset[ErrorCode]:
    known = _CODES.get(error_type)
    if known is None:
        definition = error_type.__strawberry_definition__  # type: ignore[attr-defined]
        enum = next(f.type for f in definition.fields if f.python_name == "code")
        assert isinstance(enum, StrawberryEnumDefinition), error_type
        known = _CODES[error_type] = frozenset(ErrorCode(v.value) for v in enum.values)
    return known


AuthErrorCode = code_enum("AuthErrorCode", "登录与账号错误代码", [
    ErrorCode.INVALID_CREDENTIALS, ErrorCode.LOCKED, ErrorCode.RATE_LIMITED, ErrorCode.INACTIVE,
    ErrorCode.WEAK_PASSWORD,
])


@strawberry.type(description="登录与账号错误")
class AuthError(Error):
    code: ErrorCode = code_field(AuthErrorCode)
    fallback = ErrorCode.INVALID_CREDENTIALS


StaffErrorCode = code_enum("StaffErrorCode", "人员管理错误代码", [
    ErrorCode.INVALID, ErrorCode.DUPLICATE, ErrorCode.NOT_FOUND, ErrorCode.WEAK_PASSWORD,
])


@strawberry.type(description="人员管理错误")
class StaffError(Error):
    code: ErrorCode = code_field(StaffErrorCode)
