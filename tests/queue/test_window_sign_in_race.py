"""One window, one member, even when two sign in at the same moment (issue 15, "one at a time"):
of several clerks signing in to one window at once exactly one holds it, and a clerk signing in
to several windows at once holds one open session. Both databases, concurrent requests."""

import asyncio

import pytest

from hub.core.models import Certificate, WindowSession
from hub.core.models.enums import Role
from tests.conftest import GQL
from tests.factories import PASSWORD, make_staff
from tests.queue.test_queue_api import SIGN_IN, window_id

pytestmark = pytest.mark.both_databases


async def certified_clerk(gql, username: str) -> GQL:
    """A certified front-desk clerk of 文新街道 with their own token on the same app."""
    staff = await make_staff(username, Role.FRONT_DESK)
    cert = await Certificate.get(code="DEMO-0000-0001")
    await Certificate.create(**{k: getattr(cert, k) for k in (
        "exam_id", "holder_name", "exam_title", "scope_categories", "scope_departments",
        "issued_on", "valid_until")}, staff=staff, code=f"TEST-{staff.id:04d}-0001")
    clerk = GQL(gql.http)
    await clerk.login(username, PASSWORD)
    return clerk


async def test_clerks_signing_in_to_one_window_at_once_one_holds_it(gql):
    clerks = [await certified_clerk(gql, f"clerk{i}") for i in range(4)]
    window = await window_id(2)
    answers = await asyncio.gather(*(c(SIGN_IN, {"w": window, "p": ["A"]}) for c in clerks))
    payloads = [a["data"]["signInWindow"] for a in answers]
    assert sum(1 for p in payloads if p["session"]) == 1
    assert sorted(p["errors"][0]["code"] for p in payloads if not p["session"]) == ["WINDOW_TAKEN"] * 3
    assert await WindowSession.filter(open_window_id=int(window)).count() == 1


async def test_one_clerk_signing_in_to_several_windows_at_once_holds_one(gql):
    clerk = await certified_clerk(gql, "hurried")
    windows = [await window_id(n) for n in (1, 2, 3)]
    await asyncio.gather(*(clerk(SIGN_IN, {"w": w, "p": ["A"]}) for w in windows))
    staff_id = (await WindowSession.filter(open_staff_id__isnull=False).values_list(
        "open_staff_id", flat=True))
    assert len(staff_id) == len(set(staff_id)) == 1
