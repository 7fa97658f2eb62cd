"""Who may open a registered person, who sees the full ID number, and the person's opaque
reference (the federation key other systems hold instead of the ID number)."""

from __future__ import annotations

from functools import lru_cache

from itsdangerous import BadSignature, URLSafeSerializer

from hub.core.models.enums import Role
from hub.core.viewer import Viewer, require_role

# Staff who serve or decide for applicants, and those who supervise them. Devices (kiosk,
# board) never open a person: the kiosk only checks a number it was given (licences.py).
PERSON_ROLES = (
    Role.FRONT_DESK, Role.BACK_OFFICE, Role.EXPERT, Role.ISSUER, Role.GRID_WORKER,
    Role.SUPERVISOR, Role.ADMIN,
)
# Those who handle the applicant's case see the whole number (as on the ticket holder); the
# others (experts, grid workers, administrators) get it masked: 330106********1234.
FULL_ID_NUMBER_ROLES = (Role.FRONT_DESK, Role.BACK_OFFICE, Role.ISSUER, Role.SUPERVISOR)


def require_person_reader(viewer: Viewer | None) -> Viewer:
    return require_role(viewer, *PERSON_ROLES)


def sees_full_id_number(viewer: Viewer) -> bool:
    return viewer.has_role(*FULL_ID_NUMBER_ROLES)


class PersonReferences:
    """``Person.id``: the registry id, signed so that nobody enumerates or forges one. It is
    deterministic (the same person always has the same reference on every hub instance with
    the same SECRET_KEY), so a gateway may deduplicate it, and it says nothing of the ID number."""

    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeSerializer(secret_key, salt="owh-person")

    def dumps(self, person_id: int) -> str:
        return self._s.dumps(person_id)

    def loads(self, reference: str) -> int | None:
        try:
            value = self._s.loads(reference)
        except BadSignature:
            return None
        return value if isinstance(value, int) and not isinstance(value, bool) else None


@lru_cache(maxsize=4)
def references_for(secret_key: str) -> PersonReferences:
    return PersonReferences(secret_key)
