"""Material files (scans, phone photos, PDFs) for cases: stored once by SHA-256 under
``{HUB_DATA_DIR}/case-files``, never served without a check.

Accepted by content: JPEG, PNG, WebP images and PDF documents, at most 20 MB each. A stored
file belongs to nobody until an intake or a supplement attaches it to a case's material; it is
read through a short-lived signed link that the GraphQL API hands only to those who may see
the case (an <img> cannot send a bearer token).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from hub.core import storage
from hub.core.errors import NotAuthenticated, PermissionDenied
from hub.core.models import CaseFile, StoredFile
from hub.core.models.enums import Role
from hub.core.viewer import Viewer

MAX_FILE_BYTES = 20 * 1024 * 1024
LINK_SECONDS = 3600
REFUSED = "只能上传 JPG、PNG、WebP 图片或 PDF 文档（按文件内容识别，而非扩展名）"
UPLOADING_ROLES = (Role.FRONT_DESK, Role.BACK_OFFICE, Role.ISSUER, Role.GRID_WORKER, Role.KIOSK)


def require_uploader(viewer: Viewer | None, citizen_logged_in: bool) -> None:
    """Who may upload material files (the raw endpoint and the GraphQL mutation alike): staff of
    an uploading role, or a logged-in resident."""
    if viewer is not None:
        if not viewer.has_role(*UPLOADING_ROLES):
            raise PermissionDenied("当前账号没有上传材料的权限")
        return
    if not citizen_logged_in:
        raise NotAuthenticated("请先登录：窗口、审批、网格员、自助终端或已登录的申请人可上传材料")


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def files_dir(data_dir: Path) -> Path:
    return data_dir / "case-files"


async def store(chunks: AsyncIterator[bytes], data_dir: Path,
                max_bytes: int = MAX_FILE_BYTES) -> dict[str, Any]:
    """Save an upload (the caller has checked who uploads); returns sha256, type, size."""
    stored = await storage.write_stream(chunks, files_dir(data_dir), max_bytes=max_bytes,
                                        sniff=sniff, refused=REFUSED, code_prefix="FILE")
    # One statement, safe when the same bytes arrive twice at once (no read-then-insert).
    await StoredFile.bulk_create([StoredFile(sha256=stored.sha256, content_type=stored.content_type,
                                             size=stored.size)], ignore_conflicts=True)
    return {"sha256": stored.sha256, "content_type": stored.content_type, "size": stored.size}


class FileLinks:
    """``/case-files/{id}?t=…``: the token names the case file and expires after an hour."""

    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeTimedSerializer(secret_key, salt="owh-case-file")

    def url(self, case_file_id: int) -> str:
        return f"/case-files/{case_file_id}?t={self._s.dumps(case_file_id)}"

    def check(self, case_file_id: int, token: str) -> bool:
        try:
            return self._s.loads(token, max_age=LINK_SECONDS) == case_file_id
        except (BadSignature, SignatureExpired):
            return False


async def file_on_disk(data_dir: Path, case_file_id: int) -> tuple[Path, dict[str, Any]] | None:
    rows = await CaseFile.filter(id=case_file_id).values(
        "filename", "stored__sha256", "stored__content_type", "stored__size")
    if not rows:
        return None
    return storage.path_of(files_dir(data_dir), rows[0]["stored__sha256"]), rows[0]
