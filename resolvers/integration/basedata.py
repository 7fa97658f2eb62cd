"""Shared base data (共享基础数据): the population base (人口库) and the electronic-licence
library (电子证照库) behind one small adapter interface.

The hub's own registry (``person`` and ``electronic_license`` tables) is always asked; a city
adds its shared-data platform with ``HUB_BASEDATA_ADAPTER=package.module:factory`` (a class or
a function returning a ``BaseData``). At the checklist and at intake the applicant's record and
licences are fetched from every adapter and merged (the registry first): a valid licence marks
the material it satisfies as 免提交 (LICENSED), and intake records the fetch in the case's audit
trail (which sources, whether a record was found, which licence types — never the ID number).
An adapter that fails is noted and skipped: the applicant then brings the paper.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, runtime_checkable

from hub.core.idcard import IdNumber
from hub.core.models import ElectronicLicense, Person
from resolvers.people.licences import Applicant, _describe

logger = logging.getLogger("owh.basedata")


@dataclass(frozen=True)
class BaseRecord:
    """A person as the population base knows them."""

    name: str
    address: str = ""
    registry_id: int | None = None  # the hub's own registry only


@dataclass(frozen=True)
class Licence:
    """An electronic licence (电子证照) of a person; ``license_type`` as in LICENSE_TYPE_LABELS."""

    license_type: str
    number: str
    issuer: str
    valid_until: date | None = None  # None: no expiry


@runtime_checkable
class BaseData(Protocol):
    name: str  # shown in the audit trail, e.g. 省人口综合库

    async def person(self, id_number: str) -> BaseRecord | None: ...

    async def licences(self, id_number: str) -> list[Licence]: ...


class LocalBaseData:
    """The hub's own registry: people registered at earlier visits and the licences loaded."""

    name = "平台人员登记"

    async def person(self, id_number: str) -> BaseRecord | None:
        row = await Person.get_or_none(id_number=id_number).values("id", "name", "address")
        return BaseRecord(row["name"], row["address"], row["id"]) if row else None

    async def licences(self, id_number: str) -> list[Licence]:
        rows = await ElectronicLicense.filter(person__id_number=id_number, revoked=False).values(
            "license_type", "number", "issuer", "valid_until")
        return [Licence(r["license_type"], r["number"], r["issuer"], r["valid_until"]) for r in rows]


LOCAL = LocalBaseData()
_extra: BaseData | None = None


def configure(path: str) -> None:
    """Install the adapter named by ``package.module:factory`` ("" for the registry only)."""
    global _extra
    if not path:
        _extra = None
        return
    module, _, attr = path.partition(":")
    if not attr:
        raise ValueError(f"HUB_BASEDATA_ADAPTER must be package.module:factory, not {path!r}")
    factory = getattr(importlib.import_module(module), attr)
    adapter = factory() if callable(factory) else factory
    if not isinstance(adapter, BaseData):
        raise ValueError(f"{path} does not give a BaseData adapter (name, person, licences)")
    _extra = adapter


def use(adapter: BaseData | None) -> BaseData | None:
    """Install ``adapter`` as the extra source; returns the previous one (tests restore it)."""
    global _extra
    previous, _extra = _extra, adapter
    return previous


def adapters() -> list[BaseData]:
    return [LOCAL] if _extra is None else [LOCAL, _extra]


@dataclass(frozen=True)
class Fetch:
    applicant: Applicant  # name from the first source that knows the person; merged licences
    sources: list[str]
    found_in: list[str]  # the sources that had a record of the person
    licence_types: list[str]  # valid licence types found, in the order they were merged
    failed: list[str]

    def audit_detail(self) -> dict[str, Any]:
        return {"sources": self.sources, "personFoundIn": self.found_in,
                "licenceTypes": self.licence_types, "failed": self.failed,
                "idNumber": self.applicant.id_number.masked}


async def _ask(adapter: BaseData, id_number: str) -> tuple[BaseRecord | None, list[Licence]]:
    return await asyncio.gather(adapter.person(id_number), adapter.licences(id_number))


async def fetch_applicant(id_number: IdNumber, today: date | None = None) -> Fetch:
    """The applicant's base record and valid licences from every configured source."""
    today = today or date.today()
    sources = adapters()
    answers = await asyncio.gather(*(_ask(a, id_number.value) for a in sources),
                                   return_exceptions=True)
    name: str | None = None
    person_id: int | None = None
    held: dict[str, str] = {}
    found_in: list[str] = []
    failed: list[str] = []
    for adapter, answer in zip(sources, answers, strict=True):
        if isinstance(answer, BaseException):
            logger.warning("base data source %s failed: %r", adapter.name, answer)
            failed.append(adapter.name)
            continue
        record, licences = answer
        if record is not None:
            found_in.append(adapter.name)
            name = name or record.name
            person_id = person_id or (record.registry_id if adapter is LOCAL else None)
        for lic in licences:
            if lic.license_type not in held and (lic.valid_until is None or lic.valid_until >= today):
                held[lic.license_type] = _describe(lic.license_type, lic.issuer, lic.valid_until)
    return Fetch(Applicant(name=name, id_number=id_number, licences=held, person_id=person_id),
                 sources=[a.name for a in sources], found_in=found_in,
                 licence_types=list(held), failed=failed)
