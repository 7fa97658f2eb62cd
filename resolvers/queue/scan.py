"""The counter scans the slip: the ticket's token opens the holder without anyone typing."""

from __future__ import annotations

from typing import Any, cast

from hub.core.errors import ErrorCode, HubError
from hub.core.models import Person, Ticket
from hub.core.models.enums import Role
from hub.core.models.rows import TicketRow
from hub.core.viewer import Viewer, require_role
from resolvers.queue.tickets import TICKET_FIELDS, TicketStanding, standing
from resolvers.queue.tokens import tokens_for

COUNTER_ROLES = (Role.FRONT_DESK, Role.ISSUER, Role.SUPERVISOR)


async def ticket_by_token(viewer: Viewer | None, secret_key: str, token: str) -> TicketStanding:
    v = require_role(viewer, *COUNTER_ROLES)
    claims = tokens_for(secret_key).loads(token.strip())
    row = None
    if claims is not None:
        row = cast(TicketRow | None,
                   await Ticket.get_or_none(id=claims[0], nonce=claims[1]).values(*TICKET_FIELDS))
    if row is None:
        raise HubError(ErrorCode.NOT_FOUND, "无法识别该取号小票，请核对或手工查询", "token")
    if row["service_point_id"] != v.service_point_id and not v.has_role(Role.SUPERVISOR):
        raise HubError(ErrorCode.NOT_ALLOWED, "这张小票不是本服务点取的号", "token")
    return await standing(row["id"])


async def holder_of(viewer: Viewer | None, ticket: TicketRow) -> dict[str, Any] | None:
    """The person, only for counter staff of the ticket's service point (the board and the
    kiosk never see it)."""
    if viewer is None or not viewer.has_role(*COUNTER_ROLES) or ticket["person_id"] is None:
        return None
    if viewer.service_point_id != ticket["service_point_id"] and not viewer.has_role(
            Role.SUPERVISOR):
        return None
    return await Person.get_or_none(id=ticket["person_id"]).values("name", "id_number")

