"""The opaque ticket token on the printed slip: the counter scans it to open the applicant.

It names the ticket, not the person, and is signed so that nobody can make one up; the ticket
row's nonce makes a token from a reprinted or forged slip useless.
"""

from __future__ import annotations

from functools import lru_cache

from itsdangerous import BadSignature, URLSafeSerializer


class TicketTokens:
    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeSerializer(secret_key, salt="owh-ticket")

    def dumps(self, ticket_id: int, nonce: str) -> str:
        return self._s.dumps([ticket_id, nonce])

    def loads(self, token: str) -> tuple[int, str] | None:
        try:
            data = self._s.loads(token)
        except BadSignature:
            return None
        if (isinstance(data, list) and len(data) == 2 and isinstance(data[0], int)
                and isinstance(data[1], str)):
            return data[0], data[1]
        return None


@lru_cache(maxsize=4)
def tokens_for(secret_key: str) -> TicketTokens:
    return TicketTokens(secret_key)
