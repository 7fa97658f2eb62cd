"""GraphQL subscriptions of joint applications (一件事联办)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from hub.core.errors import ErrorCode, HubError, NotAuthenticated
from realtime.doorbells import follow_with_doorbells
from realtime.stream import Reset
from resolvers.cases.joint import tracking
from resolvers.cases.transitions import channel_of
from schema.cases.joint.types import ApplicationEvent
from schema.context import Info
from schema.guard import Guessable


@strawberry.type
class ApplicationSubscription:
    @strawberry.subscription(
        description="联办进度（实时）：各办件的每一步状态变化。工作人员（可查看其任一办件）、申请人本人，"
        "或提供申请编号加身份证号码均可订阅。after 为上次收到的 cursor：先补发错过的再转为实时，不丢不重；"
        "收到 RESET 时请重新加载联办申请",
        extensions=[Guessable()],
    )
    async def application_events(
        self, info: Info, number: str, id_number: str | None = None, after: int | None = None
    ) -> AsyncGenerator[ApplicationEvent, None]:
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        if viewer is None and citizen is None and id_number is None:
            raise NotAuthenticated()
        if viewer is not None or citizen is not None:
            seen = await tracking.seen_by(viewer, citizen, await tracking.application_row(number=number))
        else:
            assert id_number is not None
            seen = await tracking.track_application(number, id_number)
        if seen is None:
            raise HubError(ErrorCode.NOT_FOUND, tracking.APPLICATION_NOT_FOUND, "number")
        app_id = int(seen.application["id"])
        bells = [channel_of(int(c["id"])) for c in seen.cases]
        async for event in follow_with_doorbells(info.context.services.bus,
                                                 tracking.application_channel(app_id), after, bells):
            if isinstance(event, Reset):
                yield ApplicationEvent.reset(event.seq)
            else:
                yield ApplicationEvent.of(event)
