"""Where the one-time notice sends people: the service points that accept the item, each with
its real opening hours (the structured ``OpeningHours`` the hall and the kiosk use, inherited
from the nearest ancestor point), never the free-text hours line of the point."""

from __future__ import annotations

from hub.core.models import ServicePoint
from hub.core.models.enums import AcceptScope, RegionLevel
from hub.core.models.rows import ItemRow
from resolvers.attendance.clocking import hours_for_paths
from resolvers.attendance.hours import Schedule, describe

MAX_PLACES = 4
HOLIDAYS = "法定节假日除外"


def hours_text(schedule: Schedule) -> str:
    """One line per group of days ("周一至周五 09:00–12:00、13:30–17:00"), then the holidays."""
    return "\n".join([*describe(schedule).split("；"), HOLIDAYS])


async def places(item: ItemRow) -> list[tuple[str, str, str]]:
    """(centre, address, hours): the item's listed points, or for 全区通办 the district and
    street centres."""
    if item["accept_scope"] == AcceptScope.LISTED_POINTS:
        points = ServicePoint.filter(accepted_items__id=item["id"])
    else:
        points = ServicePoint.filter(level__in=[RegionLevel.DISTRICT, RegionLevel.STREET])
    rows = await points.order_by("sort").limit(MAX_PLACES).values("centre_name", "name", "address", "path")
    hours = await hours_for_paths(r["path"] for r in rows)
    return [(r["centre_name"] or r["name"], r["address"], hours_text(hours[r["path"]].schedule))
            for r in rows]
