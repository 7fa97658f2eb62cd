"""Who may file a case on which channel, and at which service point.

- a front-desk member at their point's window (COUNTER), holding a valid certificate for
  intake (持证上岗) that covers the item's department;
- a grid worker on a resident's behalf (GRID, 上门办/代办), at the grid worker's point;
- a kiosk for the person whose ID card it has just read (KIOSK), at the kiosk's point;
- a logged-in resident for themself (PC or MOBILE), at the point they choose to finish at.
"""

from __future__ import annotations

from dataclasses import replace

from hub.core.errors import NotAuthenticated, PermissionDenied
from hub.core.idcard import parse_id_number
from hub.core.models import Item, ServicePoint
from hub.core.models.enums import CaseChannel, Role
from hub.core.viewer import Viewer
from resolvers.cases.actors import Actor
from resolvers.cases.intake import POINT_COLUMNS, Intake, IntakeRequest, open_case
from resolvers.citizens.accounts import Citizen
from training.gate import require_certificate

ONLINE = (CaseChannel.PC, CaseChannel.MOBILE)


async def file_case(viewer: Viewer | None, citizen: Citizen | None, req: IntakeRequest) -> Intake:
    if viewer is not None:
        return await _by_staff(viewer, req)
    if citizen is not None:
        if req.channel not in ONLINE:
            raise PermissionDenied("申请人本人只能通过电脑端或手机端申报")
        if parse_id_number(req.id_number).value != citizen.id_number:
            raise PermissionDenied("只能为本人申报；代他人办理请到窗口或联系网格员")
        return await open_case(Actor.applicant(citizen.person_id, req.channel), req)
    raise NotAuthenticated("请先登录后再申报")


async def _by_staff(viewer: Viewer, req: IntakeRequest) -> Intake:
    point = await ServicePoint.get(id=viewer.service_point_id).values(*POINT_COLUMNS)  # (prepare uses it)
    if viewer.has_role(Role.FRONT_DESK):
        dept = await Item.filter(code=req.item_code).values_list("department__code", flat=True)
        await require_certificate(viewer.staff_id, category="INTAKE",
                                  department=str(dept[0]) if dept else None)
        channel = CaseChannel.COUNTER
    elif viewer.has_role(Role.GRID_WORKER):
        channel = CaseChannel.GRID
    elif viewer.has_role(Role.KIOSK):
        channel = CaseChannel.KIOSK
    else:
        raise PermissionDenied("只有综合窗口人员、网格员或自助终端可以收件")
    req = replace(req, channel=channel, service_point_code=point["code"])
    return await open_case(Actor.staff(viewer, channel), req, point=point)
