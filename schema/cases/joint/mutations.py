"""GraphQL mutations of joint applications (一件事联办)."""

from __future__ import annotations

import strawberry

from hub.core.errors import HubError
from hub.core.idempotency import Replay, once
from hub.core.models.enums import CaseChannel
from resolvers.cases.intake import MaterialInput
from resolvers.cases.joint import filing, tracking
from schema.cases.joint.inputs import OpenApplicationInput
from schema.cases.joint.queries import _answers
from schema.cases.joint.types import (
    Application,
    ApplicationPayload,
)
from schema.cases.types import CaseError
from schema.context import Info
from schema.idempotency import keyed


def _request(input: OpenApplicationInput) -> filing.ApplicationRequest:
    return filing.ApplicationRequest(
        bundle_code=input.bundle_code, service_point_code=input.service_point_code or "",
        channel=CaseChannel(input.channel),
        id_number=input.applicant_id_number, name=input.applicant_name,
        shared={s.code: s.value for s in input.shared},
        items=[filing.ItemRequest(i.item_code, _answers(i.answers), [
            MaterialInput(m.material_id, [(f.file_id, f.filename) for f in m.files], m.deferred,
                          m.original_seen) for m in i.materials]) for i in input.items],
        signed_name=input.signed_name, phone=input.phone, address=input.address,
        ticket_id=int(input.ticket_id) if input.ticket_id and str(input.ticket_id).isdigit() else None)


@strawberry.type
class JointMutation:
    @strawberry.mutation(description="联办申请：窗口一次受理多个事项（须持证），或申请人本人网上申报"
                         "（各事项均支持网上申报时）；全部办件一起建立，任一事项不合格则都不建立")
    async def open_application(self, info: Info, input: OpenApplicationInput) -> ApplicationPayload:
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        try:
            key = keyed("openApplication", input, viewer, citizen)
            done = await once(key, lambda: filing.file_application(viewer, citizen, _request(input)))
        except HubError as e:
            return ApplicationPayload(application=None, errors=[CaseError.of(e)])
        # a retry gets the application opened the first time
        opened = await filing.opened(done.result_id) if isinstance(done, Replay) else done
        await info.context.services.bus.publish(opened.events)
        seen = tracking.Seen(opened.application, opened.cases, frozenset(c["id"] for c in opened.cases))
        return ApplicationPayload(application=Application.of(seen), errors=[])
