"""The person registry: find a resident by ID number, registering them on the first visit."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from hub.core.models import Person


async def person_id_for(id_number: str, name: str = "") -> int:
    """The registry id of a checked ID number; a first visit registers the person (seed 003:
    nobody types the same data twice). Safe when two requests register the same person."""
    found = await Person.get_or_none(id_number=id_number).values("id")
    if found:
        return int(found["id"])
    try:
        return (await Person.create(id_number=id_number, name=name.strip())).id
    except IntegrityError:  # registered at the same moment by another request
        return int((await Person.get(id_number=id_number).values("id"))["id"])
