"""Department systems call back over HTTP: POST /integration/callback/{department} (signed;
see resolvers/integration/callback.py for the contract)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from resolvers.integration import callback


async def department_callback(request: Request) -> Response:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > callback.MAX_BODY_BYTES:
        return JSONResponse({"error": "回调内容过大"}, status_code=413)
    body = await request.body()
    reply = await callback.receive(request.path_params["department"],
                                   {k.lower(): v for k, v in request.headers.items()}, body)
    if reply.events:
        await request.app.state.services.bus.publish(reply.events)
    return JSONResponse(reply.body, status_code=reply.status)
