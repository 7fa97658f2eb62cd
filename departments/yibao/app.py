"""The 医保 subgraph over HTTP: POST /graphql (for the gateway), GET /healthz."""

from __future__ import annotations

import hmac
import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from departments.yibao.schema import build_schema

SECRET_HEADER = "x-gateway-secret"


class SubgraphView(GraphQL):
    def __init__(self, with_case: bool, gateway_secret: str | None) -> None:
        super().__init__(build_schema(with_case), graphql_ide=None, allow_queries_via_get=False)
        self.gateway_secret = gateway_secret

    def encode_json(self, data: object) -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.gateway_secret and scope["type"] == "http":
            given = Request(scope).headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.gateway_secret.encode()):
                await JSONResponse({"errors": [{"message": "仅接受来自网关的请求"}]}, status_code=403)(
                    scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def create_app(with_case: bool = True, gateway_secret: str | None = None) -> Starlette:
    """``gateway_secret``: when set, /graphql answers only requests carrying it in
    X-Gateway-Secret (the gateway adds it), so personal data never leaves by another way."""

    async def healthz(_: Request) -> Response:
        return PlainTextResponse("ok")

    view = SubgraphView(with_case, gateway_secret)
    return Starlette(routes=[Route("/graphql", view, methods=["POST"]), Route("/healthz", healthz)])
