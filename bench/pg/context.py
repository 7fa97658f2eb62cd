"""Values the bench operations need, read from the bench database (ids, a case to track …)."""

from __future__ import annotations

from typing import Any


async def context(url: str) -> dict[str, Any]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        ctx: dict[str, Any] = {"first": 20, "code": "330106-YB-001"}
        ctx["dept"] = await conn.fetchval("SELECT id FROM department WHERE code = 'YB'")
        for user in ("yb_a", "chujian"):
            row = await conn.fetchrow("SELECT id, service_point_id FROM staff WHERE username = $1", user)
            ctx[f"me_{user}"] = row["id"]
            ctx[f"point_{user}"] = row["service_point_id"]
        # the newest case of the year, tracked by its number and its applicant's ID number
        row = await conn.fetchrow(
            "SELECT c.number, p.id_number FROM service_case c JOIN person p ON p.id = c.person_id "
            "ORDER BY c.id DESC LIMIT 1")
        ctx["number"], ctx["idNumber"] = row["number"], row["id_number"]
        return ctx
    finally:
        await conn.close()
