"""The hall's rotating clock-in QR code (考勤二维码): a signed token naming a service point.

The hall display asks for a fresh token every ``REFRESH_SECONDS``; a token stays good for
``VALID_SECONDS`` so that a phone scanning just before a refresh still gets through. A photo of
the code sent to someone at home is therefore worth at most two minutes. The signature proves
the hub issued it; the staff member's own login on the phone proves who clocks in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from itsdangerous import BadSignature, URLSafeSerializer

from hub.core.errors import ErrorCode, HubError

REFRESH_SECONDS = 60
VALID_SECONDS = 120


@dataclass(frozen=True)
class ClockCode:
    point_id: int
    token: str
    expires_at: datetime


class ClockCodeSigner:
    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeSerializer(secret_key, salt="owh-clock-code")

    def issue(self, point_id: int, now: datetime) -> ClockCode:
        expires = now + timedelta(seconds=VALID_SECONDS)
        token = self._s.dumps({"p": point_id, "e": int(expires.timestamp())})
        return ClockCode(point_id, token, expires)

    def read(self, token: str, now: datetime) -> int:
        """The service point id of a valid token; a Chinese error otherwise."""
        try:
            data = self._s.loads(token)
        except BadSignature:
            data = None
        if not (isinstance(data, dict) and isinstance(data.get("p"), int) and isinstance(data.get("e"), int)):
            raise HubError(ErrorCode.CODE_INVALID,
                           "考勤二维码无效，请扫描服务大厅屏幕上的考勤二维码", "token")
        if now.timestamp() > data["e"]:
            raise HubError(
                ErrorCode.CODE_EXPIRED,
                f"考勤二维码已过期（每个二维码有效 {VALID_SECONDS // 60} 分钟），"
                "请重新扫描大厅屏幕上的最新二维码",
                "token",
            )
        return int(data["p"])


@lru_cache(maxsize=4)
def clock_signer_for(secret_key: str) -> ClockCodeSigner:
    return ClockCodeSigner(secret_key)
