"""Course media over HTTP: administrators upload a file (POST /media, the raw bytes as the body),
everyone with the link streams it (GET /media/{sha256}, with HTTP range requests for video).

The URL is the content's SHA-256, so it names exactly one file and can be cached for ever.
Training materials are not confidential: reading needs no login (a <video> element cannot send
the bearer token), but only files registered by an upload are served.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response

from hub.core.errors import ErrorCode, HubError
from hub.core.models.enums import Role
from hub.core.security import bearer_token
from hub.web.endpoints.case_files import multipart_refusal
from resolvers.staff.actions import load_viewer
from training import media

MULTIPART_HERE = ("此地址接收文件的原始字节（请求体即文件，?filename=…）。"
                  "多部分表单（multipart/form-data）上传请发往 /graphql 的 uploadCourseMedia(file: Upload!)，"
                  "遵循 GraphQL multipart request 规范，并带 GraphQL-Preflight: 1 请求头")


async def upload_media(request: Request) -> Response:
    refusal = multipart_refusal(request, MULTIPART_HERE)
    if refusal is not None:
        return refusal
    services = request.app.state.services
    token = bearer_token(request.headers.get("authorization", ""))
    claims = services.signer.verify(token) if token else None
    viewer = await load_viewer(claims) if claims else None
    if viewer is None:
        return JSONResponse({"error": "请先登录"}, status_code=401)
    if not viewer.has_role(Role.ADMIN):
        return JSONResponse({"error": "只有系统管理员可以上传课程文件"}, status_code=403)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > media.MAX_UPLOAD_BYTES:
        return JSONResponse(
            {"error": f"文件超过 {media.MAX_UPLOAD_BYTES // (1024 * 1024)} MB 上限"}, status_code=413
        )
    filename = request.query_params.get("filename", "")
    try:
        row = await media.store(viewer, request.stream(), filename, services.settings.data_dir)
    except HubError as e:
        status = 413 if e.code == ErrorCode.MEDIA_TOO_LARGE else 415
        return JSONResponse({"error": e.message, "code": e.code}, status_code=status)
    return JSONResponse(
        {
            "sha256": row["sha256"],
            "contentType": row["content_type"],
            "size": row["size"],
            "filename": row["filename"],
            "url": f"/media/{row['sha256']}",
        },
        status_code=201,
    )


async def serve_media(request: Request) -> Response:
    sha = request.path_params["sha256"]
    row = await media.media_row(sha) if media.is_sha256(sha) else None
    path = media.path_of(request.app.state.services.settings.data_dir, sha) if row else None
    if row is None or path is None or not path.is_file():
        return PlainTextResponse("文件不存在", status_code=404)
    disposition = "inline"
    if row["filename"]:
        disposition += f"; filename*=UTF-8''{quote(row['filename'])}"
    return FileResponse(
        path,
        media_type=row["content_type"],
        headers={
            "Cache-Control": "private, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": disposition,
        },
    )
