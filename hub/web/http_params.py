"""The parameters of a GraphQL-over-HTTP request, read and checked before anything runs.

``graphql_params`` reads a GET's query string or a POST's JSON body (only with a JSON content
type: nothing else is a well-formed GraphQL POST, so nothing else may be answered from the
public cache). ``request_problem`` finds the request errors the GraphQL-over-HTTP spec asks
the server to refuse before execution, which strawberry would otherwise let through:

- a non-string ``operationName`` (an object or array);
- a document with several operations and no ``operationName`` (graphql-core would run none,
  strawberry picked the first);
- an ``operationName`` the document does not define;
- a subscription operation over plain HTTP (it would be executed as a query): subscriptions
  go over the websocket, or over HTTP only when the client asks for a stream.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request

RAW_BODY = "\x00body"  # the POST body's bytes, kept next to the parsed parameters
JSON = "application/json"
# Accept values under which a subscription may be answered over HTTP (a stream).
STREAMING = ("text/event-stream", "multipart/mixed")
_MAX_TOKENS = 5000  # above the schema's own limit: longer documents are refused there


async def graphql_params(request: Request) -> dict[str, Any] | None:
    """The request's GraphQL parameters, or None when it is not a well-formed GraphQL GET or
    JSON POST (strawberry then answers it as it does today)."""
    if request.method == "GET":
        if "query" not in request.query_params:
            return None
        return dict(request.query_params)
    if request.method != "POST":
        return None
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != JSON:
        return None
    raw = await request.body()  # kept by the Request, so strawberry reads it again
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    data[RAW_BODY] = raw
    return data


@lru_cache(maxsize=1000)
def operations(query: str) -> tuple[tuple[str | None, OperationType], ...] | None:
    """(name, type) of each operation of ``query``; None when it does not parse."""
    try:
        document = parse(query, max_tokens=_MAX_TOKENS, no_location=True)
    except GraphQLError:
        return None
    return tuple(
        (d.name.value if d.name else None, d.operation)
        for d in document.definitions if isinstance(d, OperationDefinitionNode)
    )


def operation_problem(params: dict[str, Any]) -> str | None:
    """The (Chinese) message of what makes the operation to run unknowable — a non-string
    ``operationName``, several operations and no name, a name the document lacks — else None.
    The same check for HTTP and for a websocket ``subscribe``."""
    name = params.get("operationName")
    if name is not None and not isinstance(name, str):
        return "operationName 必须是字符串或 null"
    query = params.get("query")
    if not isinstance(query, str):
        return None  # strawberry refuses a missing or non-string query itself
    found = operations(query)
    if not found:
        return None  # a syntax error (or no operation): reported by validation as usual
    if name is None and len(found) > 1:
        return "查询文档包含多个操作，请用 operationName 指明要执行哪一个"
    if name is not None and all(n != name for n, _ in found):
        return f"查询文档中没有名为「{name}」的操作"
    return None


def request_problem(params: dict[str, Any], accept: str) -> str | None:
    """The (Chinese) message of the request error in ``params``, else None."""
    problem = operation_problem(params)
    if problem is not None:
        return problem
    query, name = params.get("query"), params.get("operationName")
    found = operations(query) if isinstance(query, str) else None
    chosen = [t for n, t in found or () if name is None or n == name]
    if chosen == [OperationType.SUBSCRIPTION] and not any(s in accept.lower() for s in STREAMING):
        return "订阅（subscription）不能通过普通 HTTP 请求执行，请通过 WebSocket（graphql-transport-ws）订阅"
    return None
