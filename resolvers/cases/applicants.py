"""Who is applying: the counter (or a grid worker at a resident's home) types or scans the ID
number once and gets the registered name, phone, address and valid electronic licences, so
nobody types the same data twice (seed 003); a company is found by its credit code.

Only staff who have the applicant's ID card in hand look people up here (the front desk, the
issuance window, grid workers, supervisors); a kiosk never sees another person's details.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hub.core.idcard import IdNumber, parse_id_number
from hub.core.models import Company, ElectronicLicense, Person
from hub.core.models.enums import LICENSE_TYPE_LABELS, Role
from hub.core.viewer import Viewer, require_role
from resolvers.people.access import sees_full_id_number
from resolvers.people.uscc import parse_uscc

LOOKUP_ROLES = (Role.FRONT_DESK, Role.ISSUER, Role.GRID_WORKER, Role.SUPERVISOR)


@dataclass(frozen=True)
class Licence:
    license_type: str
    label: str
    number: str
    issuer: str
    valid_until: date | None


@dataclass(frozen=True)
class ApplicantRecord:
    registered: bool
    id_number: IdNumber
    shown_id_number: str  # full or masked, by the viewer's role
    name: str
    phone: str
    address: str
    licences: list[Licence]


async def applicant_by_id_number(viewer: Viewer | None, raw: str, today: date) -> ApplicantRecord:
    """The registry entry behind an ID number (2 queries); an unregistered number comes back
    as ``registered=False`` so the form knows to ask for the name."""
    v = require_role(viewer, *LOOKUP_ROLES)
    id_number = parse_id_number(raw)
    shown = id_number.value if sees_full_id_number(v) else id_number.masked
    person = await Person.get_or_none(id_number=id_number.value).values("id", "name", "phone", "address")
    if person is None:
        return ApplicantRecord(False, id_number, shown, "", "", "", [])
    rows = await ElectronicLicense.filter(person_id=person["id"], revoked=False).order_by(
        "license_type", "id").values("license_type", "number", "issuer", "valid_until")
    licences = [
        Licence(r["license_type"], LICENSE_TYPE_LABELS.get(r["license_type"], r["license_type"]),
                r["number"], r["issuer"], r["valid_until"])
        for r in rows if r["valid_until"] is None or r["valid_until"] >= today
    ]
    return ApplicantRecord(True, id_number, shown, person["name"], person["phone"], person["address"],
                           licences)


async def company_by_credit_code(viewer: Viewer | None, raw: str) -> dict[str, Any] | None:
    """A registered company (统一社会信用代码 checked first), or None."""
    require_role(viewer, *LOOKUP_ROLES)
    code = parse_uscc(raw)
    rows = await Company.filter(credit_code=code.value).values(
        "credit_code", "name", "legal_representative", "phone", "address")
    return rows[0] if rows else None
