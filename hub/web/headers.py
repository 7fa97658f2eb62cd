"""Security headers on every HTTP response the hub sends (pages, assets, PDFs, uploads, /graphql).

- ``Content-Security-Policy``: scripts only from the hub's own files (the built pages carry no
  inline script); styles from the hub plus inline ``style`` attributes (Vue, Element Plus and the
  dashboard charts set them); images also as ``data:``/``blob:`` (QR codes, camera previews);
  no plugins; ``frame-ancestors 'none'``. Files (PDFs, media, uploads: anything that is not an
  HTML page or JSON) may be framed by the hub's own pages only (``'self'``): the case materials
  view shows a PDF in an iframe. A response that set its own policy keeps it (GraphiQL in
  development pins its inline scripts by hash).
- ``X-Frame-Options`` to match (DENY / SAMEORIGIN), ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: strict-origin-when-cross-origin`` (exam and file links carry tokens in
  their path or query: only the origin ever leaves the site).
- ``Permissions-Policy``: the camera for the hub itself (the phone and intake pages take photos
  of materials), nothing else.
- ``Strict-Transport-Security`` only on a request that arrived over HTTPS — directly, or from a
  proxy named in ``HUB_TRUSTED_PROXIES`` (hub/core/clientip.py) that said
  ``X-Forwarded-Proto: https``; the header is ignored from anyone else.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.core.clientip import parse_networks

PAGE_CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
# No script at all, and framed by the hub's own pages only; nothing that could stop a browser's
# built-in PDF or video viewer (no object-src or default-src 'none').
FILE_CSP = "script-src 'none'; frame-ancestors 'self'"
PERMISSIONS = ("camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
               "bluetooth=(), midi=(), display-capture=(), interest-cohort=()")
HSTS = "max-age=31536000; includeSubDomains"


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def ide_policy(html: str) -> str:
    """The page policy for GraphiQL (development only), its inline scripts allowed by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html))
    return PAGE_CSP.replace("script-src 'self'", f"script-src 'self' {hashes}".rstrip())


def _is_page(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind in ("", "text/html") or "json" in kind or kind.startswith(("text/javascript",
                                                                           "text/css"))


class SecurityHeaders:
    """Add the headers above to every ``http.response.start``."""

    def __init__(self, app: ASGIApp, *, trusted_proxies: tuple[str, ...] = ()) -> None:
        self.app = app
        self.trusted = parse_networks(trusted_proxies)

    def over_https(self, scope: Scope) -> bool:
        """Whether the client reached us over HTTPS (itself, or via a trusted proxy)."""
        if scope.get("scheme") == "https":
            return True
        peer = (scope.get("client") or ("", 0))[0]
        if not self.trusted or not _in(peer, self.trusted):
            return False
        proto = next((v for k, v in scope.get("headers", ()) if k == b"x-forwarded-proto"), b"")
        # the proxy nearest to us appended last
        return proto.split(b",")[-1].strip().lower() == b"https"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = self.over_https(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                page = _is_page(headers.get("content-type", ""))
                headers.setdefault("Content-Security-Policy", PAGE_CSP if page else FILE_CSP)
                headers.setdefault("X-Frame-Options", "DENY" if page else "SAMEORIGIN")
                headers["X-Content-Type-Options"] = "nosniff"
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                headers.setdefault("Permissions-Policy", PERMISSIONS)
                if https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _in(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip.version == n.version and ip in n for n in networks)
