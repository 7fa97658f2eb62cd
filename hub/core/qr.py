"""QR codes as SVG data URLs for pages to show (exam links, certificate verification)."""

from __future__ import annotations

import base64
import ipaddress
from urllib.parse import urlsplit

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


def phone_unreachable_warning(url: str) -> str | None:
    """Why a phone scanning a QR code of ``url`` cannot open it, or None: a loopback host
    (127.0.0.1, localhost, ::1) or the unspecified address names the scanning phone itself."""
    host = (urlsplit(url).hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
        local = address.is_loopback or address.is_unspecified
    except ValueError:
        local = host == "localhost" or host.endswith(".localhost")
    if not local:
        return None
    return (f"二维码中的地址 {host} 是本机回环地址，考生的手机无法访问。请将 HUB_PUBLIC_BASE_URL "
            "设为手机能访问的地址（如 http://192.168.1.10:8000），或用局域网地址打开本页后重新生成。")
