"""Which materials the hub can take from an applicant's electronic licences (四个一律取消)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hub.core.clock import local_today
from hub.core.errors import ErrorCode, HubError
from hub.core.idcard import IdNumber
from hub.core.models import ElectronicLicense, Person
from hub.core.models.enums import LICENSE_TYPE_LABELS, Role
from hub.core.viewer import Viewer


@dataclass(frozen=True)
class Applicant:
    name: str | None  # None: not yet in the registry
    id_number: IdNumber
    licences: dict[str, str]  # licence type -> how the checklist names it
    person_id: int | None = None  # the registry id, when registered


async def identify(id_number: IdNumber, today: date | None = None) -> Applicant:
    """The registered person behind an ID number and the licences valid today (2 queries)."""
    today = today or local_today()
    person = await Person.get_or_none(id_number=id_number.value).values("id", "name")
    if person is None:
        return Applicant(name=None, id_number=id_number, licences={})
    rows = await ElectronicLicense.filter(person_id=person["id"], revoked=False).values(
        "license_type", "valid_until", "issuer"
    )
    licences = {
        r["license_type"]: _describe(r["license_type"], r["issuer"], r["valid_until"])
        for r in rows
        if r["valid_until"] is None or r["valid_until"] >= today
    }
    return Applicant(name=person["name"], id_number=id_number, licences=licences,
                     person_id=person["id"])


def _describe(license_type: str, issuer: str, valid_until: date | None) -> str:
    validity = "长期有效" if valid_until is None else f"有效期至 {valid_until.isoformat()}"
    return f"{LICENSE_TYPE_LABELS.get(license_type, license_type)}（{issuer}，{validity}）"


# Who may look licences up: staff who have checked the applicant's ID card at a window, a
# kiosk's card reader, a grid worker at the applicant's home. Never an anonymous caller.
IDENTIFYING_ROLES = (
    Role.FRONT_DESK, Role.BACK_OFFICE, Role.EXPERT, Role.ISSUER, Role.GRID_WORKER, Role.KIOSK,
    Role.SUPERVISOR, Role.ADMIN, Role.GREETER,
)


def require_identifier(viewer: Viewer | None) -> None:
    if viewer is None or not viewer.has_role(*IDENTIFYING_ROLES):
        raise HubError(ErrorCode.NOT_ALLOWED, "调用电子证照须在窗口、自助终端或网格员处核验身份证后进行",
                       "applicantIdNumber")
