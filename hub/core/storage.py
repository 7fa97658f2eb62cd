"""Content-addressed file storage under the data directory (outside the web root).

An upload streams to a temporary file while it is hashed and measured; its type is read from
its first bytes by the caller's ``sniff`` (never from the name or the client's claim); the file
then lands at ``{root}/ab/abcdef…`` (its SHA-256), so the same bytes are stored once. A PDF
with active content (scripts, automatic actions, embedded files: hub/core/pdf_guard.py) is
refused before it lands, whichever kind of upload brought it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from hub.core import pdf_guard
from hub.core.errors import ErrorCode, HubError

# The codes of an upload refused for its size and for its content, per kind of upload.
_TOO_LARGE = {"MEDIA": ErrorCode.MEDIA_TOO_LARGE, "FILE": ErrorCode.FILE_TOO_LARGE}
_INVALID = {"MEDIA": ErrorCode.MEDIA_INVALID, "FILE": ErrorCode.FILE_INVALID}


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    content_type: str


def path_of(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def is_sha256(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


async def write_stream(chunks: AsyncIterator[bytes], root: Path, *, max_bytes: int,
                       sniff: Callable[[bytes], str | None], refused: str,
                       code_prefix: Literal["MEDIA", "FILE"] = "MEDIA") -> Stored:
    """Store an upload; raises ``{code_prefix}_TOO_LARGE`` / ``{code_prefix}_INVALID`` with a
    Chinese message (``refused`` says what is accepted)."""
    os.makedirs(root, exist_ok=True)  # once per upload, microseconds
    digest, size, head = hashlib.sha256(), 0, b""
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise HubError(_TOO_LARGE[code_prefix],
                                   f"文件超过 {max_bytes // (1024 * 1024)} MB 上限", "file")
                if len(head) < 64:
                    head += chunk[: 64 - len(head)]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise HubError(_INVALID[code_prefix], "文件为空", "file")
        content_type = sniff(head)
        if content_type is None:
            raise HubError(_INVALID[code_prefix], refused, "file")
        if content_type == "application/pdf":
            # off the event loop: a course PDF may be hundreds of megabytes
            reason = await asyncio.to_thread(pdf_guard.problem, Path(tmp))
            if reason:
                raise HubError(_INVALID[code_prefix], reason, "file")
        sha = digest.hexdigest()
        final = path_of(root, sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            os.unlink(tmp)
        else:
            os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Stored(sha, size, content_type)
