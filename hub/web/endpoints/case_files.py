"""Material files over HTTP: staff and logged-in residents upload (POST /case-files, the raw
bytes as the body, ?filename=…); a signed link from the GraphQL API reads one back
(GET /case-files/{id}?t=…)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response

from hub.core.errors import ErrorCode, HubError, NotAuthenticated, PermissionDenied
from hub.core.security import bearer_token
from resolvers.cases import files
from resolvers.citizens.accounts import load_citizen
from resolvers.staff.actions import load_viewer

MULTIPART_HERE = ("此地址接收文件的原始字节（请求体即文件，?filename=…）。"
                  "多部分表单（multipart/form-data）上传请发往 /graphql 的 uploadCaseFile(file: Upload!)，"
                  "遵循 GraphQL multipart request 规范，并带 GraphQL-Preflight: 1 请求头")


async def _refusal(request: Request) -> Response | None:
    """401 without a valid login, 403 for a login whose role uploads nothing (a hall board),
    None for an uploader."""
    services = request.app.state.services
    token = bearer_token(request.headers.get("authorization", ""))
    claims = services.signer.verify(token) if token else None
    viewer = await load_viewer(claims) if claims else None
    citizen_claims = services.citizen_signer.verify(token) if token and viewer is None else None
    citizen = citizen_claims is not None and await load_citizen(citizen_claims) is not None
    try:
        files.require_uploader(viewer, citizen)
    except NotAuthenticated as e:
        return JSONResponse({"error": str(e), "code": "UNAUTHENTICATED"}, status_code=401)
    except PermissionDenied as e:
        return JSONResponse({"error": str(e), "code": "FORBIDDEN"}, status_code=403)
    return None


def multipart_refusal(request: Request, hint: str) -> Response | None:
    """A form upload sent to a raw-body endpoint: say where it belongs instead of a bare 415."""
    if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        return JSONResponse({"error": hint, "code": "USE_GRAPHQL_MULTIPART"}, status_code=400)
    return None


async def upload_case_file(request: Request) -> Response:
    refusal = multipart_refusal(request, MULTIPART_HERE) or await _refusal(request)
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
