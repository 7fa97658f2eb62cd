"""The hub with a stand-in ``Case`` entity (key ``number``, ``applicant: Person``), the shape the
hub's own cases take, so the supergraph test can drive the 医保 subgraph's Case extension
through the real gateway before the hub has cases. Test support only.

    STUB_CASES='{"XH...": "<applicant ID number>"}' python -m tests.hub_with_cases PORT
(with the hub's usual environment: DATABASE_URL, SECRET_KEY, HUB_DATA_DIR ...)
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import strawberry
import uvicorn
from strawberry import Private

from schema import root
from schema.context import Info
from schema.types.people import Person

CASES: dict[str, str] = json.loads(os.environ.get("STUB_CASES", "{}"))


@strawberry.federation.type(keys=["number"], description="办件（替身）")
class Case:
    number: str = strawberry.field(description="办件编号")
    applicant_id_number: Private[str]

    @strawberry.field(description="申请人")
    async def applicant(self, info: Info) -> Person:
        row = await info.context.people.person_by_id_number.load(self.applicant_id_number)
        assert row is not None, "a case's applicant is registered at intake"
        return await Person.of(info, row)

    @classmethod
    def resolve_reference(cls, number: str, **_fields: Any) -> Case | None:
        return cls(number=number, applicant_id_number=CASES[number]) if number in CASES else None


@strawberry.type
class CaseQuery:
    @strawberry.field(description="按编号查询办件")
    def case(self, number: str) -> Case | None:
        return Case.resolve_reference(number)


root.Query = strawberry.type(type("Query", (root.Query, CaseQuery), {}), description="查询入口")

if __name__ == "__main__":
    from hub.app import create_app

    uvicorn.run(create_app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
