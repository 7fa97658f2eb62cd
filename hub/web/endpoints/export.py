"""POST /export/{csv|xlsx}: a dashboard table as a file, for signed-in staff.

The page posts the rows it shows (``{"filename", "columns", "rows"}``); the hub only formats
them, so the figures and their permissions stay those of the GraphQL query that produced them.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hub.core.errors import HubError
from hub.core.security import bearer_token
from hub.core.workers import rendering
from resolvers.analytics.export import parse_table, to_csv, to_xlsx
from resolvers.staff.actions import load_viewer

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def export_table(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in TYPES:
        return PlainTextResponse("只支持 csv 与 xlsx", status_code=404)
    services = request.app.state.services
    token = bearer_token(request.headers.get("authorization", ""))
    claims = services.signer.verify(token) if token else None
    if claims is None or await load_viewer(claims) is None:
        return PlainTextResponse("请先登录", status_code=401)
    body = await request.body()  # at most MAX_BODY_BYTES: the app's BodyLimit stops the rest
    try:
        # Parsing up to 20 MB of JSON and writing the file are CPU work: in the render pool.
        name, columns, rows = await rendering.run(lambda: parse_table(json.loads(body or b"null")))
    except ValueError:
        return PlainTextResponse("导出内容须为 JSON", status_code=400)
    except HubError as e:
        return PlainTextResponse(e.message, status_code=400)
    if kind == "csv":
        data = await rendering.run(to_csv, columns, rows)
    else:
        data = await rendering.run(to_xlsx, name, columns, rows)
    filename = quote(f"{name}.{kind}")
    return Response(data, media_type=TYPES[kind], headers={
        "Content-Disposition": f"attachment; filename=\"export.{kind}\"; filename*=UTF-8''{filename}",
    })
