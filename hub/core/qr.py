"""QR codes as SVG data URLs for pages to show (exam links, certificate verification)."""

from __future__ import annotations

import base64

from hub.core.pdf.qr import dark_runs, qr_matrix

QUIET = 4  # modules of white around the symbol, as scanners need (ISO/IEC 18004)


def qr_svg(data: str) -> str:
    matrix = qr_matrix(data)
    size = len(matrix) + 2 * QUIET
    # One path of horizontal runs: a few hundred bytes, sharp on any screen.
    path = "".join(f"M{c + QUIET} {r + QUIET}h{n}v1h-{n}z" for r, c, n in dark_runs(matrix))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>'
    )


def qr_data_url(data: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(data).encode()).decode()
