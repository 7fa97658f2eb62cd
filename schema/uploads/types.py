"""GraphQL types of file uploads over the GraphQL multipart request spec (the ``Upload`` scalar)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import strawberry

from hub.core.errors import ErrorCode
from schema.errors import Error, code_enum, code_field

CHUNK = 256 * 1024

UploadErrorCode = code_enum("UploadErrorCode", "文件上传错误代码", [
    ErrorCode.INVALID, ErrorCode.FILE_TOO_LARGE, ErrorCode.FILE_INVALID, ErrorCode.MEDIA_TOO_LARGE,
    ErrorCode.MEDIA_INVALID,
])


@strawberry.type(description="文件上传错误（超过大小上限、按内容识别为不接受的类型、含主动内容的 PDF）")
class UploadError(Error):
    code: ErrorCode = code_field(UploadErrorCode)


@strawberry.type(description="已保存的材料文件：在受理、网上申报或补件时以 fileId 引用")
class UploadedFile:
    file_id: str = strawberry.field(description="文件标识（内容的 SHA-256），填入 files 的 fileId")
    content_type: str = strawberry.field(description="按内容识别的类型，如 image/jpeg、application/pdf")
    size: int = strawberry.field(description="字节数")
    filename: str = strawberry.field(description="上传时的文件名")


@strawberry.type(description="上传材料文件的结果")
class UploadCaseFilePayload:
    file: UploadedFile | None = strawberry.field(description="保存的文件（失败时为空）")
    errors: list[UploadError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="已保存的课程视频或文档：在课程资料中以 mediaSha256 引用")
class UploadedMedia:
    sha256: str = strawberry.field(description="内容的 SHA-256，填入课程资料的 mediaSha256")
    content_type: str = strawberry.field(description="按内容识别的类型，如 video/mp4、application/pdf")
    size: int = strawberry.field(description="字节数")
    filename: str = strawberry.field(description="上传时的文件名")
    url: str = strawberry.field(description="播放或查看地址（支持断点续传）")

    @classmethod
    def of(cls, row: dict[str, Any]) -> UploadedMedia:
        return cls(sha256=row["sha256"], content_type=row["content_type"], size=row["size"],
                   filename=row["filename"], url=f"/media/{row['sha256']}")


@strawberry.type(description="上传课程文件的结果")
class UploadCourseMediaPayload:
    media: UploadedMedia | None = strawberry.field(description="保存的文件（失败时为空）")
    errors: list[UploadError] = strawberry.field(description="错误（为空表示成功）")


async def chunks_of(upload: Any) -> AsyncIterator[bytes]:
    """The bytes of a multipart file part (spooled by the server), read piece by piece."""
    while chunk := await upload.read(CHUNK):
        yield chunk
