"""Top-level GraphQL errors as clients see them: a machine-readable code, a Chinese message.

Every top-level error leaves the hub with ``extensions.code``, one of ``TOP_LEVEL_CODES``:

- ``UNAUTHENTICATED``: no or an expired login (``NotAuthenticated``);
- ``FORBIDDEN``: logged in, but not allowed (``PermissionDenied``, a role check, ``NOT_ALLOWED``);
- ``NOT_FOUND``, ``RATE_LIMITED``: the ``HubError`` codes of the same name;
- ``BAD_USER_INPUT``: the request itself is wrong — syntax, validation, variables, any other
  ``HubError`` (its own code is kept in ``extensions.reason``);
- ``INTERNAL``: an unexpected failure (masked in production);
- codes set by whoever raised the error (``COST_LIMIT`` …) are kept as they are.

The value-parsing messages of graphql-core and strawberry (a malformed date, a string where a
number belongs, a syntax error) are put into Chinese here; validation limits keep their
wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from graphql import GraphQLError

from hub.core.errors import ErrorCode, HubError, NotAuthenticated, PermissionDenied

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
BAD_USER_INPUT = "BAD_USER_INPUT"
RATE_LIMITED = "RATE_LIMITED"
COST_LIMIT = "COST_LIMIT"
INTERNAL = "INTERNAL"
TOP_LEVEL_CODES = frozenset({
    UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, RATE_LIMITED, COST_LIMIT, INTERNAL,
})

_HUB_CODES = {
    ErrorCode.NOT_FOUND: NOT_FOUND,
    ErrorCode.RATE_LIMITED: RATE_LIMITED,
    ErrorCode.NOT_ALLOWED: FORBIDDEN,
}

_TYPE_LABELS = {
    "Date": "日期（格式为 YYYY-MM-DD）",
    "DateTime": "日期时间（ISO 8601 格式）",
    "Time": "时间（格式为 HH:MM:SS）",
    "Decimal": "数值",
    "UUID": "UUID",
    "JSON": "JSON 值",
    "Int": "整数",
    "Float": "数字",
    "String": "字符串",
    "Boolean": "布尔值（true 或 false）",
    "ID": "编号",
}


def _label(type_name: str) -> str:
    return _TYPE_LABELS.get(type_name, type_name)


def _value(type_name: str, value: str) -> str:
    return f"「{value.strip(chr(34) + chr(39))}」不是有效的{_label(type_name)}"


_TRANSLATIONS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^Variable '\$(\w+)' has invalid value: (.*)$", re.S),
     lambda m: f"变量 ${m[1]} 的值无效：{translate(m[2])}"),
    (re.compile(r"^Variable '\$(\w+)' of required type '([^']+)' was not provided\.$"),
     lambda m: f"缺少必填变量 ${m[1]}（类型 {m[2]}）"),
    (re.compile(r"^Variable '\$(\w+)' of non-null type '([^']+)' must not be null\.$"),
     lambda m: f"变量 ${m[1]}（类型 {m[2]}）不能为空"),
    (re.compile(r"^Expected a value of non-null type '([^']+)' to be provided\.$"),
     lambda m: f"必须提供 {m[1]} 类型的值"),
    (re.compile(r'^Value cannot represent an? "?(\w+)"?: (".*?"|\S+)', re.S),
     lambda m: _value(m[1], m[2])),
    (re.compile(r"^Int cannot represent non 32-bit signed integer value: (.*)$", re.S),
     lambda m: f"「{m[1]}」超出整数范围（-2147483648 至 2147483647）"),
    (re.compile(r"^(Int|Float|String|Boolean|ID) cannot represent [\w -]*?value: (.*)$", re.S),
     lambda m: _value(m[1], m[2])),
    (re.compile(r"^(Int|Float|String|Boolean|ID) cannot represent [\w -]*?value\.?$"),
     lambda m: f"取值不是有效的{_label(m[1])}"),
    (re.compile(r"^Expected value of type '([^']+)', found (.*?)(?:; (.*))?$", re.S),
     lambda m: f"取值 {m[2]} 不是 {m[1]} 类型" + (f"：{translate(m[3])}" if m[3] else "")),
    (re.compile(r"^Syntax Error: (.*)$", re.S), lambda m: f"查询语法错误：{m[1]}"),
]


def translate(message: str) -> str:
    """The Chinese wording of a value-parsing or syntax message (others unchanged)."""
    for pattern, wording in _TRANSLATIONS:
        match = pattern.match(message)
        if match:
            return wording(match)
    return message


def code_of(error: GraphQLError) -> str:
    """The top-level code of ``error``."""
    existing = (error.extensions or {}).get("code")
    if isinstance(existing, str) and existing in TOP_LEVEL_CODES:
        return existing
    original = error.original_error
    # A GraphQLError re-raised by a resolver (permission classes) is wrapped once more.
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    if isinstance(original, NotAuthenticated):
        return UNAUTHENTICATED
    if isinstance(original, PermissionDenied):
        return FORBIDDEN
    if isinstance(original, HubError):
        return _HUB_CODES.get(original.code, BAD_USER_INPUT)
    if error.path is None:
        return BAD_USER_INPUT  # parse, validation and variable errors come before execution
    if isinstance(original, GraphQLError):
        return BAD_USER_INPUT  # raised on purpose, with a message for the user
    return INTERNAL


def label(errors: Iterable[GraphQLError]) -> None:
    """Give each error its code (and a ``HubError``'s own code as ``reason``) and its message
    in Chinese, in place."""
    for error in errors:
        code = code_of(error)
        extensions = dict(error.extensions or {})
        extensions["code"] = code
        original = error.original_error
        if isinstance(original, HubError) and code == BAD_USER_INPUT:
            extensions.setdefault("reason", str(original.code))
        error.extensions = extensions
        if code == BAD_USER_INPUT:
            error.message = translate(error.message)


def request_error(message: str, code: str = BAD_USER_INPUT,
                  reason: str | None = None) -> dict[str, object]:
    """The body of a request refused before execution (GraphQL over HTTP: no ``data``); the
    one shape of every request error of /graphql, whichever layer refuses it."""
    extensions = {"code": code} | ({"reason": reason} if reason else {})
    return {"errors": [{"message": message, "extensions": extensions}]}


# strawberry's own request refusals (HTTPException reasons), put into Chinese.
_HTTP_REASONS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^Unable to parse request body as JSON"), lambda m: "请求体不是有效的 JSON"),
    (re.compile(r"^No GraphQL query found"), lambda m: "请求中没有 GraphQL 查询（query）"),
    (re.compile(r"^Unsupported content type"),
     lambda m: "不支持的 Content-Type，请以 application/json 提交"),
    (re.compile(r"^GraphQL only supports GET and POST"), lambda m: "GraphQL 只接受 GET 和 POST 请求"),
    (re.compile(r"^Not Found"), lambda m: "未找到"),
    (re.compile(r"^The GraphQL operation's `(\w+)` must be (an object|a string) or null"),
     lambda m: f"{m[1]} 必须是{'对象' if m[2] == 'an object' else '字符串'}或 null"),
    (re.compile(r'^Unknown operation named "(.*)"\.$', re.S), lambda m: f"找不到名为「{m[1]}」的操作"),
    (re.compile(r"^Can't get GraphQL operation type"), lambda m: "无法确定要执行的操作"),
    (re.compile(r"^(\w+) are not allowed when using (\w+)"),
     lambda m: f"不能通过 {m[2]} 请求执行 {m[1]}"),
    (re.compile(r"^(Batching is not enabled|Too many operations)"), lambda m: "不支持批量请求"),
    (re.compile(r"^Unable to parse the multipart body|^File\(s\) missing"),
     lambda m: "multipart 请求体无效"),
]


def http_reason(reason: str) -> str:
    """The Chinese message of a request refusal (messages already in Chinese are kept)."""
    for pattern, render in _HTTP_REASONS:
        match = pattern.match(reason)
        if match:
            return render(match)
    return reason
