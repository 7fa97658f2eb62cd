"""Shared base data (共享基础数据): the population base (人口库) and the electronic-licence
library (电子证照库) behind one small adapter interface.

The hub's own registry (``person`` and ``electronic_license`` tables) is always asked; a city
adds its shared-data platform as the ``basedata`` port (hub/core/ports.py), named by
``HUB_BASEDATA_ADAPTER=package.module:factory`` (a class or a function returning a ``BaseData``;
``fake``: ``FakeBaseData.demo()``, an in-memory library for the demo and tests). At the
checklist and at intake the applicant's record and licences are fetched from every source and
merged (the registry first): a valid licence marks the material it satisfies as 免提交
(LICENSED), and intake records the fetch in the case's audit trail (which sources, whether a
record was found, which licence types — never the ID number). A source that fails is noted and
skipped: the applicant then brings the paper.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, runtime_checkable

from hub.core.clock import local_today
from hub.core.idcard import IdNumber
from hub.core.models import ElectronicLicense, Person
from hub.core.ports import ports
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


class FakeBaseData:
    """The fake: a population base and licence library held in memory (demo and tests)."""

    def __init__(self, name: str = "演示电子证照库", people: dict[str, BaseRecord] | None = None,
                 licences: dict[str, list[Licence]] | None = None) -> None:
        self.name = name
        self.people = people or {}
        self.held = licences or {}

    @classmethod
    def demo(cls) -> FakeBaseData:
        """赵文华, whom the hub has never seen, with her 户口簿 in the library."""
        who = "11010519491231002X"
        return cls(people={who: BaseRecord("赵文华", "杭州市西湖区文三路 1 号")},
                   licences={who: [Licence("HOUSEHOLD_REGISTER", "330106-HK-0001", "杭州市公安局西湖分局")]})

    async def person(self, id_number: str) -> BaseRecord | None:
        return self.people.get(id_number)

    async def licences(self, id_number: str) -> list[Licence]:
        return list(self.held.get(id_number, []))


LOCAL = LocalBaseData()


def adapters() -> list[BaseData]:
    """The sources asked, the hub's registry first, then the ``basedata`` port if configured."""
    extra: BaseData | None = ports().basedata
    return [LOCAL] if extra is None else [LOCAL, extra]


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
    today = today or local_today()
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
