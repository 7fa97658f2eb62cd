"""Who acts on a case: a staff member at a terminal and point, the applicant, or the hub."""

from __future__ import annotations

from dataclasses import dataclass

from hub.core.models.enums import CaseChannel
from hub.core.viewer import Viewer


@dataclass(frozen=True)
class Actor:
    staff_id: int | None
    name: str
    channel: str  # CaseChannel value, or "SYSTEM"
    service_point_id: int | None
    person_id: int | None = None  # the applicant acting for themself

    @classmethod
    def staff(cls, viewer: Viewer, channel: CaseChannel | str = CaseChannel.COUNTER) -> Actor:
        return cls(viewer.staff_id, viewer.name, str(channel), viewer.service_point_id)

    @classmethod
    def applicant(cls, person_id: int, channel: CaseChannel | str) -> Actor:
        return cls(None, "申请人", str(channel), None, person_id)

    @classmethod
    def system(cls) -> Actor:
        return cls(None, "系统", "SYSTEM", None)
