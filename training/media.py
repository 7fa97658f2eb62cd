"""Course media files (videos, documents): content-addressed storage under the data directory.

Uploads stream to a temporary file while being hashed; the type is read from the first bytes
(MP4 ``ftyp``, WebM's EBML header with the ``webm`` doc type, ``%PDF-``) and anything else is
refused, whatever name or type the client claims; a PDF with scripts, automatic actions or
embedded files is refused too (hub/core/storage.py, hub/core/pdf_guard.py). Files live at
``{HUB_DATA_DIR}/media/ab/abcdef…`` (the SHA-256), outside the web root; uploading the same bytes
twice stores them once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from hub.core import storage
from hub.core.models import MediaFile
from hub.core.viewer import Viewer

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
ALLOWED = {"video/mp4": "MP4 视频", "video/webm": "WebM 视频", "application/pdf": "PDF 文档"}
MEDIA_FIELDS = ("id", "sha256", "content_type", "size", "filename")


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes, or None when it is not allowed."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "video/webm"
    return None


def media_dir(data_dir: Path) -> Path:
    return data_dir / "media"


def path_of(data_dir: Path, sha256: str) -> Path:
    return storage.path_of(media_dir(data_dir), sha256)


is_sha256 = storage.is_sha256


async def store(
    viewer: Viewer,
    chunks: AsyncIterator[bytes],
    filename: str,
    data_dir: Path,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> dict[str, Any]:
    """Save an upload (the caller has checked the administrator role); returns the media row."""
    stored = await storage.write_stream(
        chunks, media_dir(data_dir), max_bytes=max_bytes, sniff=sniff,
        refused="只能上传 MP4、WebM 视频或 PDF 文档（按文件内容识别，而非扩展名）")
    content_type, size, sha = stored.content_type, stored.size, stored.sha256
    media, _ = await MediaFile.get_or_create(
        {
            "content_type": content_type,
            "size": size,
            "filename": filename[:255],
            "uploaded_by_id": viewer.staff_id,
        },
        sha256=sha,
    )
    return {f: getattr(media, f) for f in MEDIA_FIELDS}


async def media_row(sha256: str) -> dict[str, Any] | None:
    rows = await MediaFile.filter(sha256=sha256).values(*MEDIA_FIELDS)
    return rows[0] if rows else None
