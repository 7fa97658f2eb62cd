"""Any dashboard table as a file: CSV (UTF-8 with BOM, so Excel reads the Chinese) or XLSX
(xlsxwriter, written in memory). Cells are text or numbers; at most MAX_ROWS rows."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import xlsxwriter

from hub.core.errors import ErrorCode, HubError

MAX_ROWS = 100_000
MAX_BODY_BYTES = 20 * 1024 * 1024  # the posted table (enforced while reading: hub/web/limits.py)
MAX_COLUMNS = 100
_FORMULA = ("=", "+", "-", "@")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def parse_table(body: Any) -> tuple[str, list[str], list[list[Any]]]:
    """Validate ``{"filename": ..., "columns": [...], "rows": [[...], ...]}``."""
    if not isinstance(body, dict):
        raise HubError(ErrorCode.INVALID, "导出内容须为 JSON 对象")
    columns = body.get("columns")
    rows = body.get("rows")
    if not isinstance(columns, list) or not columns or len(columns) > MAX_COLUMNS:
        raise HubError(ErrorCode.INVALID, f"columns 须为 1–{MAX_COLUMNS} 个列名", "columns")
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise HubError(ErrorCode.INVALID, f"rows 须为列表，最多 {MAX_ROWS} 行", "rows")
    clean: list[list[Any]] = []
    for row in rows:
        if not isinstance(row, list) or len(row) > len(columns):
            raise HubError(ErrorCode.INVALID, "每行须为列表，且不多于列数", "rows")
        clean.append([_cell(v) for v in row])
    name = _UNSAFE.sub("_", str(body.get("filename") or "导出"))[:80] or "导出"
    return name, [str(c) for c in columns], clean


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return value
    text = str(value)
    # A cell a spreadsheet would run as a formula is kept as text (CSV injection): one starting
    # with = + - @, or with a TAB or CR (which Excel and LibreOffice skip before reading a
    # formula). Plain signed numbers ("-3.5") stay as they are.
    if text[:1] in ("\t", "\r") or (text[:1] in _FORMULA and not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(columns: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, columns: list[str], rows: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    sheet = book.add_worksheet(_UNSAFE.sub("_", title)[:31] or "Sheet1")
    head = book.add_format({"bold": True, "bg_color": "#E8F0FE", "border": 1})
    sheet.write_row(0, 0, columns, head)
    widths = [max(6, len(str(c)) * 2) for c in columns]
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, row)
        for i, v in enumerate(row):
            widths[i] = min(60, max(widths[i], len(str(v)) * (2 if isinstance(v, str) else 1) + 2))
    for i, w in enumerate(widths):
        sheet.set_column(i, i, w)
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
