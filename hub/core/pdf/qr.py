"""QR codes drawn as vector paths: sharp at any zoom or printer resolution, and a few hundred bytes."""

from __future__ import annotations

import qrcode
from fpdf import FPDF
from qrcode.constants import ERROR_CORRECT_M


def qr_matrix(data: str) -> list[list[bool]]:
    """The symbol's modules, True for dark, without the quiet zone."""
    # M recovers 15% of the symbol: enough for a creased or smudged printout.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def dark_runs(matrix: list[list[bool]]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules."""
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            runs.append((r, start, c - start))
    return runs


def draw_qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    """Draw the symbol with its top-left corner at (x, y), ``size`` wide.

    The caller keeps 4 modules of white around it (the quiet zone scanners need, ISO/IEC 18004).
    """
    matrix = qr_matrix(data)
    module = size / len(matrix)
    # One filled path for all modules: separately filled squares leave hairline seams
    # between neighbours in anti-aliasing viewers.
    with pdf.new_path() as path:
        path.style.fill_color = "#000000"
        path.style.stroke_color = None
        for r, c, length in dark_runs(matrix):
            path.rectangle(x + c * module, y + r * module, length * module, module)
