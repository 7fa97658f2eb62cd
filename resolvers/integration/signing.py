"""HMAC signatures between the hub and department systems, the same rule both ways.

    X-Hub-Timestamp:        Unix seconds when the request was signed
    X-Hub-Idempotency-Key:  the message's key (hub → department: case number + event;
                            department → hub: a fresh unique id per callback)
    X-Hub-Signature:        "sha256=" + hex HMAC-SHA256(secret, f"{timestamp}.{key}." + body)

The key is signed with the body so that a replay cannot pass as new by changing it; the
timestamp is signed so that a captured request is useless after the allowed skew.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, Final

TIMESTAMP: Final = "X-Hub-Timestamp"
KEY: Final = "X-Hub-Idempotency-Key"
SIGNATURE: Final = "X-Hub-Signature"
EVENT: Final = "X-Hub-Event"
PREFIX: Final = "sha256="
MAX_SKEW_SECONDS: Final = 300


def canonical(body: dict[str, Any]) -> bytes:
    """The bytes sent for a JSON body (UTF-8, Chinese unescaped, stable key order)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(secret: str, timestamp: str, key: str, body: bytes) -> str:
    message = f"{timestamp}.{key}.".encode() + body
    return PREFIX + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def headers(secret: str, timestamp: int, key: str, body: bytes) -> dict[str, str]:
    ts = str(timestamp)
    return {TIMESTAMP: ts, KEY: key, SIGNATURE: sign(secret, ts, key, body),
            "Content-Type": "application/json; charset=utf-8"}


def problem(secret: str, timestamp: str | None, key: str | None, signature: str | None,
            body: bytes, now: float, max_skew: int = MAX_SKEW_SECONDS) -> str | None:
    """Why a signed request must be refused (in Chinese), or None when it is authentic."""
    if not timestamp or not key or not signature:
        return f"缺少签名头：{TIMESTAMP}、{KEY}、{SIGNATURE}"
    if not timestamp.isdigit():
        return f"{TIMESTAMP} 须为 Unix 秒数"
    if abs(now - int(timestamp)) > max_skew:
        return f"时间戳与平台时间相差超过 {max_skew // 60} 分钟，请校准时钟后重新签名发送"
    if len(key) > 80:
        return f"{KEY} 不得超过 80 个字符"
    if not hmac.compare_digest(sign(secret, timestamp, key, body), signature.strip()):
        return "签名不正确"
    return None
