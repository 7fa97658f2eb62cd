"""Short links to tailored checklists (``/c/<slug>``), printed and encoded in the QR code of the
one-time notice: a phone opens the same checklist, and a person can type the link.

The slug is a hash of the item code and the canonical answers, so printing the same checklist
twice gives the same link, and two processes creating it at once agree on it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from contextlib import suppress
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from tortoise.exceptions import IntegrityError

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import ChecklistLink

SLUG_LENGTH = 8  # 40 bits of base32: no collision among the checklists of a hub
PATH = "/c/"


def slug_for(item_code: str, answers: dict[str, Any]) -> str:
    canonical = json.dumps([item_code, answers], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    # lower case reads better on paper; the lookup lower-cases what a person typed
    return base64.b32encode(digest).decode()[:SLUG_LENGTH].lower()


async def short_link(base_url: str, item_code: str, answers: dict[str, Any],
                     now: datetime | None = None) -> str:
    """``{base}/c/<slug>`` for this checklist, recorded once."""
    slug = slug_for(item_code, answers)
    if not await ChecklistLink.exists(slug=slug):
        # another request may print the same checklist at the same moment: its row is ours too
        with suppress(IntegrityError):
            await ChecklistLink.create(slug=slug, item_code=item_code, answers=answers,
                                       created_at=now or utcnow())
    return f"{base_url.rstrip('/')}{PATH}{slug}"


async def target(slug: str) -> str:
    """The checklist page a short link opens (the answers in the URL, as the page reads them)."""
    rows = await ChecklistLink.filter(slug=slug.lower()).values("item_code", "answers")
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, "链接无效：没有找到对应的办事清单", "slug")
    code, answers = rows[0]["item_code"], rows[0]["answers"]
    query = urlencode({"answers": json.dumps(answers, ensure_ascii=False)}) if answers else ""
    return f"/guide/items/{quote(code)}" + (f"?{query}" if query else "")
