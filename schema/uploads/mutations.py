"""File uploads the way GraphQL clients send them: the GraphQL multipart request spec
(``multipart/form-data`` with ``operations``, ``map`` and the file parts), beside the raw-body
endpoints ``POST /case-files`` and ``POST /media``, with the same checks (who, size, type by
content, passive PDFs only). The view asks a multipart request for a preflight header
(``hub.web.graphql_view``), so a plain cross-site form cannot post one."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload

from hub.core.errors import HubError
from hub.core.models.enums import Role
from hub.core.viewer import require_role
from resolvers.cases import files
from schema.context import Info
from schema.uploads.types import (
    UploadCaseFilePayload,
    UploadCourseMediaPayload,
    UploadedFile,
    UploadedMedia,
    UploadError,
    chunks_of,
)
from training import media

SPEC = ("以 GraphQL multipart request 规范提交（multipart/form-data：operations、map 与文件部分），"
        "须带 GraphQL-Preflight: 1（或 Apollo-Require-Preflight: true）请求头。")


@strawberry.type
class UploadMutation:
    @strawberry.mutation(description=(
        "上传一份材料或补件文件（窗口、审批、网格员、自助终端或已登录的申请人）。" + SPEC +
        "按内容识别，只收 JPG、PNG、WebP 图片或不含脚本、附件的 PDF，每个文件不超过 20 MB；"
        "返回的 fileId 填入受理、网上申报或补件的文件列表。与 POST /case-files（请求体为文件原始字节）等价"))
    async def upload_case_file(
        self, info: Info, file: Annotated[Upload, strawberry.argument(description="文件")],
    ) -> UploadCaseFilePayload:
        files.require_uploader(await info.context.viewer(), await info.context.citizen() is not None)
        name = str(getattr(file, "filename", "") or "")
        try:
            row = await files.store(chunks_of(file), info.context.services.settings.data_dir)
        except HubError as e:
            return UploadCaseFilePayload(file=None, errors=UploadError.all_of(e))
        return UploadCaseFilePayload(file=UploadedFile(
            file_id=row["sha256"], content_type=row["content_type"], size=row["size"], filename=name[:255]),
            errors=[])

    @strawberry.mutation(description=(
        "上传课程视频或文档（系统管理员）。" + SPEC +
        "按内容识别，只收 MP4、WebM 视频或不含脚本、附件的 PDF，不超过 512 MB；"
        "返回的 sha256 填入课程资料的 mediaSha256。与 POST /media（请求体为文件原始字节）等价"))
    async def upload_course_media(
        self, info: Info, file: Annotated[Upload, strawberry.argument(description="文件")],
    ) -> UploadCourseMediaPayload:
        viewer = require_role(await info.context.viewer(), Role.ADMIN)
        name = str(getattr(file, "filename", "") or "")
        try:
            row = await media.store(viewer, chunks_of(file), name, info.context.services.settings.data_dir)
        except HubError as e:
            return UploadCourseMediaPayload(media=None, errors=UploadError.all_of(e))
        return UploadCourseMediaPayload(media=UploadedMedia.of(row), errors=[])
