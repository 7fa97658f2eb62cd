"""The SMS provider calls back over HTTP: POST /notify/sms/receipts (signed delivery receipts;
see resolvers/notify/delivery.py). With the fake adapters, the demo's fake SMS gateway and robot
endpoints are mounted under /_fake/sms and /_fake/robots (GET lists what they received)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount

from hub.core.ports import Ports
from resolvers.notify import delivery

MAX_BODY_BYTES = 256 * 1024


async def sms_receipts(request: Request) -> Response:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return JSONResponse({"code": 413, "msg": "回执内容过大"}, status_code=413)
    body = await request.body()
    reply = await delivery.receive_receipts({k.lower(): v for k, v in request.headers.items()}, body)
    return JSONResponse(reply.body, status_code=reply.status)


def fake_mounts(ports: Ports, prod: bool) -> list[BaseRoute]:
    """The fake SMS gateway and robot endpoints, only when those adapters are the fakes (never
    in production mode)."""
    if prod:
        return []
    routes: list[BaseRoute] = []
    gateway = getattr(ports.sms, "gateway", None)
    if gateway is not None:
        routes.append(Mount("/_fake/sms", app=gateway))
    endpoints = getattr(ports.robots, "endpoints", None)
    if endpoints is not None:
        routes.append(Mount("/_fake/robots", app=endpoints))
    return routes
