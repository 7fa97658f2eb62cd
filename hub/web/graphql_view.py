"""The /graphql endpoint: strawberry's ASGI view tuned for GraphQL over HTTP.

- UTF-8 JSON (orjson: Chinese is never \\uXXXX-escaped);
- ``Accept: application/graphql-response+json`` answered with that media type and a 400 when
  the request failed before execution (parse, validation, variables), as the spec asks;
- GET for queries only (a mutation over GET is 405);
- request errors refused with 400 before any cache or execution: a non-string
  ``operationName``, several operations and no name, a subscription over plain HTTP
  (``hub.web.http_params``);
- subscriptions (and any operation) over Server-Sent Events when the client asks for
  ``text/event-stream`` (the graphql-sse protocol, distinct connections; hub.web.sse), with
  a bad bearer token refused up front (401) as the websocket refuses it at connection_init;
- websockets speak graphql-transport-ws only and authenticate from connection_init; a
  ``subscribe`` whose operation cannot be told (``operation_problem``) gets an ``error`` message.
- file uploads by the GraphQL multipart request spec (``multipart/form-data``), only with a
  preflight header (``GraphQL-Preflight`` or Apollo's ``Apollo-Require-Preflight``) and a bearer
  token: a browser sends neither from a plain cross-site form, so a form on another site cannot
  post one (CSRF), and an anonymous request is refused before its body is read.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_SSE_PROTOCOL, GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult, SubscriptionExecutionResult

from hub.web.graphql_errors import BAD_USER_INPUT, UNAUTHENTICATED, http_reason, request_error
from hub.web.headers import ide_policy
from hub.web.http_params import RAW_BODY, graphql_params, operation_problem, request_problem
from hub.web.limits import count_variables
from hub.web.observe import SCOPE_KEY, Observation
from hub.web.public_cache import PublicResponseCache, is_public_query
from hub.web.sse import HubSSETransport, errors_as_results, wants_stream
from realtime.frames import HubTransportWSHandler
from schema.context import BAD_TOKEN_MESSAGE, HubContext
from schema.services import Services

GRAPHQL_RESPONSE = "application/graphql-response+json"
LOCAL_GRAPHIQL = {
    "https://unpkg.com/react@18.2.0/umd/react.production.min.js": "/graphiql/react.production.min.js",
    "https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js":
        "/graphiql/react-dom.production.min.js",
    "https://unpkg.com/js-cookie@3.0.5/dist/js.cookie.min.js": "/graphiql/js.cookie.min.js",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.css": "/graphiql/graphiql.min.css",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/style.css": "/graphiql/plugin-explorer.css",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.js": "/graphiql/graphiql.min.js",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/index.umd.js":
        "/graphiql/plugin-explorer.umd.js",
}
JSON = "application/json"
MULTIPART = "multipart/form-data"
PREFLIGHT_HEADERS = ("graphql-preflight", "apollo-require-preflight", "x-apollo-operation-name")


def preferred_media_type(accept: str) -> str:
    """The first of the two GraphQL media types the client lists (JSON when neither)."""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in (GRAPHQL_RESPONSE, JSON):
            return media
    return JSON


_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)")


def operation_name(params: dict[str, Any]) -> str | None:
    """The operation's name: ``operationName``, else the name in a document that starts with it."""
    name = params.get("operationName")
    if isinstance(name, str) and name:
        return name
    query = params.get("query")
    match = _OPERATION.match(query) if isinstance(query, str) else None
    return match.group(1) if match else None


class HubGraphQL(GraphQL[HubContext, None]):
    graphql_transport_ws_handler_class = HubTransportWSHandler  # type: ignore[assignment]
    stream_transport_classes_by_protocol = {GRAPHQL_SSE_PROTOCOL: HubSSETransport}

    def __init__(self, schema: Any, services: Services, cache: PublicResponseCache) -> None:
        settings = services.settings
        super().__init__(
            schema,
            graphql_ide=None if settings.is_prod else "graphiql",
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_SSE_PROTOCOL),
            connection_init_wait_timeout=timedelta(seconds=settings.ws_init_timeout_seconds),
            max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
            keep_alive=True,
            keep_alive_interval=15,
            multipart_uploads_enabled=True,
        )
        self.services = services
        self.cache = cache
        # graphql-transport-ws keep-alive (realtime.frames.HubTransportWSHandler); keep_alive
        # above only concerns the legacy protocol, which is refused.
        self.ws_ping_seconds = settings.ws_ping_seconds
        self.ws_pong_timeout_seconds = settings.ws_pong_timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        request = Request(scope, receive)
        params = await graphql_params(request)
        observation: Observation | None = scope.get(SCOPE_KEY)
        if observation is not None and params is not None:
            observation.operation = operation_name(params)
        refusal = self._refusal(request, params) if params is not None else self._upload_refusal(request)
        if refusal is not None:
            if observation is not None:
                observation.outcome = "refused"
            return await refusal(scope, receive, send)
        streaming = wants_stream(request.headers.get("accept", ""))
        if streaming:
            refused = await self._token_refusal(request)
            if refused is not None:
                return await refused(scope, receive, send)
        key = (self._public_cache_key(request, params)
               if self.cache.enabled and not streaming else None)
        cached = self.cache.get(key) if key else None
        if cached is not None:
            body, media_type = cached
            return await Response(body, media_type=media_type)(scope, receive, send)
        try:
            response = await self.run(request)
        except HTTPException as e:
            response = self._request_error(request, e.status_code, http_reason(e.reason))
        context: HubContext | None = getattr(request.state, "context", None)
        if observation is not None and context is not None:
            observation.viewer = context.identity()
        if key and response.status_code == 200 and getattr(request.state, "cacheable", False):
            self.cache.put(key, bytes(response.body), response.headers["content-type"])
        await response(scope, receive, send)

    def _refusal(self, request: Request, params: dict[str, Any]) -> Response | None:
        """A request error found before execution (GraphQL over HTTP), else None."""
        message = request_problem(params, request.headers.get("accept", ""))
        return None if message is None else self._request_error(request, 400, message)

    @staticmethod
    def _request_error(request: Request, status: int, message: str) -> Response:
        """A request error in the one GraphQL-over-HTTP shape (JSON ``errors``, no ``data``)."""
        media_type = preferred_media_type(request.headers.get("accept", ""))
        return Response(orjson.dumps(request_error(message)), status_code=status,
                        media_type=f"{media_type}; charset=utf-8")

    async def _token_refusal(self, request: Request) -> Response | None:
        """An event stream is refused (401) when it carries a bearer token that is neither a
        staff nor a resident token, as a websocket is at connection_init: a board with an
        expired token hears so instead of "please log in" from each subscription. The
        context is kept for the request (``get_context``), so the viewer is loaded once."""
        context = request.state.context = HubContext(request, None, self.services)
        if not await context.has_bad_token():
            return None
        return Response(orjson.dumps(request_error(BAD_TOKEN_MESSAGE, UNAUTHENTICATED)),
                        status_code=401, media_type="application/json; charset=utf-8",
                        headers={"WWW-Authenticate": "Bearer"})

    def _upload_refusal(self, request: Request) -> Response | None:
        """A multipart upload without its preflight header or without a login, else None."""
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method != "POST" or media_type != MULTIPART:
            return None
        if not any(request.headers.get(h) for h in PREFLIGHT_HEADERS):
            message = "文件上传（multipart/form-data）须带 GraphQL-Preflight: 1 请求头（防跨站请求伪造）"
            status = 400
        elif "authorization" not in request.headers:
            message, status = "请先登录再上传文件", 401
        else:
            return None
        code = BAD_USER_INPUT if status == 400 else UNAUTHENTICATED
        return Response(orjson.dumps(request_error(message, code)), status_code=status,
                        media_type=f"{JSON}; charset=utf-8")

    def _public_cache_key(self, request: Request, params: dict[str, Any] | None) -> tuple | None:
        """The cache key of an anonymous public catalogue query, else None. Only a well-formed
        GraphQL request (a GET, or a POST of JSON) is ever answered from the cache."""
        if params is None or "authorization" in request.headers:
            return None
        query, name = params.get("query"), params.get("operationName")
        if not isinstance(query, str) or not (name is None or isinstance(name, str)):
            return None
        if not is_public_query(query, name):
            return None
        raw = request.url.query.encode() if request.method == "GET" else params[RAW_BODY]
        return (request.method, raw, preferred_media_type(request.headers.get("accept", "")))

    @staticmethod
    def operation_problem(payload: dict[str, Any]) -> str | None:
        """For the websocket handler (realtime.frames): the request error of a ``subscribe``
        payload, checked as over HTTP (several operations and no name …)."""
        return operation_problem(payload)

    async def render_graphql_ide(self, request: Request) -> Response:
        """Development only: GraphiQL from the hub's own files (built by the frontend)."""
        html = self.graphql_ide_html
        for cdn, local in LOCAL_GRAPHIQL.items():
            html = html.replace(cdn, local)
        html = re.sub(r'\s(integrity|crossorigin)="[^"]*"', "", html)
        # Its one inline script is allowed by hash, not by 'unsafe-inline' (hub/web/headers.py).
        return HTMLResponse(html, headers={"Content-Security-Policy": ide_policy(html)})

    async def get_context(  # type: ignore[override]
        self, request: Request | WebSocket, response: Any
    ) -> HubContext:
        context: HubContext | None = getattr(request.state, "context", None)
        if context is None:
            context = HubContext(request, response, self.services)
            if isinstance(request, Request):  # the access log asks it who the viewer was
                request.state.context = context
        else:
            context.response = response
        return context

    def encode_json(self, data: object) -> str:
        # Websocket frames must be text frames (graphql-transport-ws); HTTP bodies skip this
        # and take orjson's bytes directly in create_response.
        return orjson.dumps(data).decode()

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = preferred_media_type(request.headers.get("accept", ""))
        request.state.sub_response = sub_response
        return sub_response

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = process_result(result)
        request.state.cacheable = not result.errors
        observation: Observation | None = request.scope.get(SCOPE_KEY)
        if observation is not None:
            observation.outcome = "error" if result.errors else "ok"
        # A request error (parse, validation, variables) happens before execution: such
        # errors carry no path, and the response has no "data" entry at all.
        if result.data is None and result.errors and all(e.path is None for e in result.errors):
            response.pop("data", None)
            sub_response: Response | None = getattr(request.state, "sub_response", None)
            if sub_response is not None and sub_response.media_type == GRAPHQL_RESPONSE:
                sub_response.status_code = 400
        return response

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        media_type = sub_response.media_type or JSON
        response = Response(
            orjson.dumps(response_data),
            status_code=sub_response.status_code or 200,
            media_type=f"{media_type}; charset=utf-8",
        )
        for key, value in sub_response.headers.items():
            if key.lower() != "content-type":
                response.headers[key] = value
        if sub_response.background:
            response.background = sub_response.background
        return response

    async def parse_http_body(self, request: Any) -> Any:
        """The request's operation(s), refused (400) before execution when the variables hold
        more than ``HUB_MAX_VARIABLES`` keys and list items (hub/web/limits.py)."""
        data = await super().parse_http_body(request)
        cap = self.services.settings.max_variables
        for item in data if isinstance(data, list) else [data]:
            if count_variables(item.variables, cap) > cap:
                raise HTTPException(400, f"变量过多：variables 中的键与列表项合计不得超过 {cap} 个")
        return data

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        result = await super().execute_operation(*args, **kwargs)
        if isinstance(result, SubscriptionExecutionResult):  # an event stream (hub.web.sse)
            return errors_as_results(result, self.schema)
        return result

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        try:
            return await super().execute_single(*args, **kwargs)
        except HTTPException as e:
            if isinstance(e.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, "只能使用 POST 提交变更（mutation）") from e
            raise

    async def on_ws_connect(self, context: HubContext) -> Any:  # type: ignore[override]
        if await context.has_bad_token():
            raise ConnectionRejectionError({"message": BAD_TOKEN_MESSAGE})
        viewer = await context.viewer()
        return {"viewer": viewer.name if viewer else None}
