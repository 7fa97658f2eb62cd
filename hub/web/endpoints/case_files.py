"""Material files over HTTP: staff and logged-in residents upload (POST /case-files, the raw
bytes as the body, ?filename=…); a signed link from the GraphQL API reads one back
(GET /case-files/{id}?t=…)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response

from hub.core.errors import ErrorCode, HubError
from hub.core.models.enums import Role
from hub.core.security import bearer_token
from resolvers.cases import files
from resolvers.citizens.accounts import load_citizen
from resolvers.staff.actions import load_viewer

UPLOADING_ROLES = (Role.FRONT_DESK, Role.BACK_OFFICE, Role.ISSUER, Role.GRID_WORKER, Role.KIOSK)


async def _refusal(request: Request) -> Response | None:
    """401 without a valid login, 403 for a login whose role uploads nothing (a hall board),
    None for an uploader."""
    services = request.app.state.services
    token = bearer_token(request.headers.get("authorization", ""))
    claims = services.signer.verify(token) if token else None
    if claims:
        viewer = await load_viewer(claims)
        if viewer is not None:
            if viewer.has_role(*UPLOADING_ROLES):
                return None
            return JSONResponse({"error": "当前账号没有上传材料的权限", "code": "FORBIDDEN"},
                                status_code=403)
    else:
        citizen_claims = services.citizen_signer.verify(token) if token else None
        if citizen_claims is not None and await load_citizen(citizen_claims) is not None:
            return None
    return JSONResponse({"error": "请先登录：窗口、审批、网格员、自助终端或已登录的申请人可上传材料",
                         "code": "UNAUTHENTICATED"}, status_code=401)


async def upload_case_file(request: Request) -> Response:
    refusal = await _refusal(request)
    if refusal is not None:
        return refusal
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > files.MAX_FILE_BYTES:
        return JSONResponse({"error": f"文件超过 {files.MAX_FILE_BYTES // (1024 * 1024)} MB 上限",
                             "code": ErrorCode.FILE_TOO_LARGE}, status_code=413)
    try:
        row = await files.store(request.stream(), request.app.state.services.settings.data_dir)
    except HubError as e:
        return JSONResponse({"error": e.message, "code": e.code},
                            status_code=413 if e.code == ErrorCode.FILE_TOO_LARGE else 415)
    return JSONResponse({"fileId": row["sha256"], "contentType": row["content_type"],
                         "size": row["size"]}, status_code=201)


async def serve_case_file(request: Request) -> Response:
    services = request.app.state.services
    raw = request.path_params["file_id"]
    file_id = int(raw) if raw.isdigit() else -1
    token = request.query_params.get("t", "")
    if file_id < 0 or not files.FileLinks(services.settings.secret_key).check(file_id, token):
        return PlainTextResponse("链接无效或已过期，请刷新页面", status_code=403)
    found = await files.file_on_disk(services.settings.data_dir, file_id)
    if found is None or not found[0].is_file():
        return PlainTextResponse("文件不存在", status_code=404)
    path, row = found
    name = quote(row["filename"] or f"file-{file_id}")
    return FileResponse(path, media_type=row["stored__content_type"], headers={
        "Content-Disposition": f"inline; filename*=UTF-8''{name}",
        "Cache-Control": "private, max-age=600",
        "X-Content-Type-Options": "nosniff",
    })
