"""Refuse PDFs with active content: scripts, automatic actions, launches, embedded files, rich
media and XFA forms (``/JavaScript /JS /OpenAction /AA /Launch /EmbeddedFile /EmbeddedFiles
/RichMedia /XFA``).

pypdf is only a development dependency, so this is a byte scan, careful where a naive one is
not:

- ``/OpenAction`` followed by an array is a destination (the page to open at, written by
  most generators) and allowed; a dictionary or a reference there is an action, refused;
- names are compared after their ``#xx`` escapes are decoded (``/J#61vaScript`` is
  ``/JavaScript``) and only as whole names (``/JSON`` is not ``/JS``);
- the contents of ordinary streams (page drawings, images, fonts) are skipped, so their binary
  data never matches by chance; dictionaries, which is where those keys live, are read both
  outside streams and inside object streams (``/Type /ObjStm``, PDF 1.5+), which are inflated
  here (FlateDecode, at most ``MAX_INFLATED`` bytes each);
- what cannot be inspected is refused as well: an object stream with another filter, with
  decode parameters, or that does not inflate (an encrypted file's, for instance).

The file is mapped, not read into memory, so a large course PDF costs no more than its pages.
"""

from __future__ import annotations

import mmap
import re
import zlib
from pathlib import Path

ACTIVE = frozenset({
    b"JavaScript", b"JS", b"OpenAction", b"AA", b"Launch", b"EmbeddedFile", b"EmbeddedFiles",
    b"RichMedia", b"XFA",
})
MAX_INFLATED = 64 * 1024 * 1024

_RESAVE = "请另存或打印为普通 PDF 后重新上传"
ACTIVE_CONTENT = f"PDF 含有脚本、自动动作、嵌入文件或 XFA 表单等活动内容，不予接收；{_RESAVE}"
UNINSPECTABLE = f"PDF 无法检查其内容（加密或使用了不支持的压缩方式），不予接收；{_RESAVE}"

# A name: "/" then regular characters (PDF 32000-1 §7.2.2: not white-space nor a delimiter).
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_ENDSTREAM = b"endstream"
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


def problem(path: Path) -> str | None:
    """The Chinese reason to refuse the PDF at ``path``, or None when it is passive."""
    with path.open("rb") as f:
        if path.stat().st_size == 0:
            return None
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _scan(data)


def problem_in(data: bytes) -> str | None:
    """``problem`` for bytes in memory."""
    return _scan(data)


def _scan(data: bytes | mmap.mmap) -> str | None:
    pos = 0
    while True:
        found = _STREAM.search(data, pos)
        start = found.start() if found else len(data)
        # Only a "stream" keyword right after a dictionary starts a stream.
        if found and not data[max(0, start - 64):start].rstrip().endswith(b">>"):
            if _names_active(data[pos:found.end()]):
                return ACTIVE_CONTENT
            pos = found.end()
            continue
        outside = data[pos:start]
        if _names_active(outside):
            return ACTIVE_CONTENT
        if not found:
            return None
        end = data.find(_ENDSTREAM, found.end())
        if end < 0:
            end = len(data)
        if _is_object_stream(outside):
            reason = _object_stream_problem(outside, data[found.end():end])
            if reason:
                return reason
        pos = end + len(_ENDSTREAM)


def _names(chunk: bytes) -> set[bytes]:
    names = set()
    for match in _NAME.finditer(chunk):
        name = match.group(1)
        if b"#" in name:
            name = _HEX.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        names.add(name)
    return names


def _names_active(chunk: bytes) -> bool:
    for match in _NAME.finditer(chunk):
        name = match.group(1)
        if b"#" in name:
            name = _HEX.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        if name not in ACTIVE:
            continue
        # "/OpenAction [3 0 R /FitH null]" only says which page to open at (fpdf2, Word and
        # most generators write one): a destination, not an action.
        if name == b"OpenAction" and chunk[match.end():match.end() + 32].lstrip()[:1] == b"[":
            continue
        return True
    return False


def _dictionary_before(outside: bytes) -> bytes:
    """The dictionary of the stream that follows ``outside`` (from its object's ``obj``)."""
    head = outside.rfind(b"obj")
    return outside[head:] if head >= 0 else outside[-4096:]


def _is_object_stream(outside: bytes) -> bool:
    return b"ObjStm" in _names(_dictionary_before(outside))


def _object_stream_problem(outside: bytes, raw: bytes) -> str | None:
    names = _names(_dictionary_before(outside))
    filters = names & {b"FlateDecode", b"Fl", b"LZWDecode", b"ASCIIHexDecode", b"ASCII85Decode",
                       b"RunLengthDecode", b"Crypt", b"AHx", b"A85", b"LZW", b"RL"}
    if b"DecodeParms" in names or b"DP" in names or not filters <= {b"FlateDecode", b"Fl"}:
        return UNINSPECTABLE
    if filters:
        inflater = zlib.decompressobj()
        try:
            raw = inflater.decompress(bytes(raw), MAX_INFLATED)
        except zlib.error:
            return UNINSPECTABLE
        if inflater.unconsumed_tail:
            return UNINSPECTABLE
    return ACTIVE_CONTENT if _names_active(raw) else None
