"""Shared base data: an applicant whose 户口簿 is only in the (fake) electronic-licence library
is not asked to bring it — the counter's checklist says so, intake takes the case without the
paper and marks the line 免提交 — and the fetch is in the case's audit trail, without the ID
number. A source that fails is noted and the applicant brings the paper instead."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from bench.cases import answers_for
from hub.core.ports import override
from hub.web.wiring import build_ports
from resolvers.integration import basedata
from resolvers.integration.basedata import BaseRecord, Licence
from tests.cases.test_case_api import CHECKLIST, as_input, intake
from tests.conftest import test_settings

pytestmark = pytest.mark.both_databases

ITEM = "330106-RS-006"  # 城乡居民基本养老保险参保登记: 居民户口簿 required
NEWCOMER = "11010519491231002X"  # not in the hub's registry
NAME = "赵文华"
CASE = """query($id:ID!){ case(id:$id){ materials{ name status statusLabel files{ id } }
  log{ action actionLabel actorName detail } } }"""


class FakeLicenceLibrary:
    """The province's population base and licence library, as a test double."""

    name = "省电子证照库"

    async def person(self, id_number: str) -> BaseRecord | None:
        return BaseRecord(NAME, "杭州市西湖区文三路 1 号") if id_number == NEWCOMER else None

    async def licences(self, id_number: str) -> list[Licence]:
        if id_number != NEWCOMER:
            return []
        return [Licence("HOUSEHOLD_REGISTER", "330106-HK-0001", "杭州市公安局西湖分局"),
                Licence("RESIDENCE_PERMIT", "ZJ-2019-7", "杭州市公安局", date(2020, 1, 1))]  # expired


class BrokenLibrary:
    name = "省电子证照库"

    async def person(self, id_number: str) -> BaseRecord | None:
        raise ConnectionError("unreachable")

    async def licences(self, id_number: str) -> list[Licence]:
        raise ConnectionError("unreachable")


@pytest.fixture
def library(database) -> Iterator[None]:
    with override(basedata=FakeLicenceLibrary()):
        yield


async def checklist_line(gql, name: str) -> str | None:
    answers = as_input(await answers_for(ITEM))
    body = await gql(CHECKLIST, {"c": ITEM, "a": answers, "i": NEWCOMER})
    lines = body["data"]["checklist"]["checklist"]["lines"]
    return next(line["satisfiedBy"] for line in lines if line["name"] == name)


async def test_a_household_register_in_the_licence_library_is_not_asked_for(gql, library):
    await gql.login("qiantai", "demo1234")
    # given an applicant the hub has never seen, whose 户口簿 is in the licence library
    # when the front desk builds the checklist for them
    satisfied = await checklist_line(gql, "居民户口簿")
    # then the 户口簿 line says it need not be brought
    assert satisfied == "已关联电子证照：居民户口簿（杭州市公安局西湖分局，长期有效）（无需携带）"
    # and intake takes the case without the paper, the line marked 免提交
    body = await intake(gql, ITEM, NEWCOMER, NAME)
    payload = body["data"]["intakeCase"]
    assert payload["errors"] == [], payload
    case_id = payload["case"]["id"]
    case = (await gql(CASE, {"id": case_id}))["data"]["case"]
    household = next(m for m in case["materials"] if m["name"] == "居民户口簿")
    assert household["status"] == "LICENSED" and household["files"] == []
    # and the fetch is in the audit trail: sources, what was found — never the ID number
    fetch = next(e for e in case["log"] if e["action"] == "BASEDATA_FETCH")
    assert fetch["actionLabel"] == "调取人口库与电子证照" and fetch["actorName"] == "李晓敏"
    assert fetch["detail"] == {"sources": ["平台人员登记", "省电子证照库"], "personFoundIn": ["省电子证照库"],
                               "licenceTypes": ["HOUSEHOLD_REGISTER"], "failed": [],
                               "idNumber": "110105********002X"}
    assert NEWCOMER not in str(case["log"])


async def test_without_the_library_the_applicant_brings_the_paper(gql, database):
    await gql.login("qiantai", "demo1234")
    assert await checklist_line(gql, "居民户口簿") is None


async def test_a_failing_source_is_noted_and_intake_goes_on(gql, database):
    with override(basedata=BrokenLibrary()):
        await gql.login("qiantai", "demo1234")
        assert await checklist_line(gql, "居民户口簿") is None
        payload = (await intake(gql, ITEM, NEWCOMER, NAME))["data"]["intakeCase"]
        assert payload["errors"] == []
        log = (await gql(CASE, {"id": payload["case"]["id"]}))["data"]["case"]["log"]
        fetch = next(e for e in log if e["action"] == "BASEDATA_FETCH")
        assert fetch["detail"]["failed"] == ["省电子证照库"] and fetch["detail"]["licenceTypes"] == []


def test_the_adapter_is_configured_by_python_path():
    def configure(path: str) -> list:  # as HUB_BASEDATA_ADAPTER=path
        extra = build_ports(test_settings(basedata_adapter=path)).basedata
        return [basedata.LOCAL] if extra is None else [basedata.LOCAL, extra]

    assert [a.name for a in configure("tests.people.test_basedata:FakeLicenceLibrary")] == [
        "平台人员登记", "省电子证照库"]
    with pytest.raises(ValueError, match=r"package\.module:factory"):
        configure("tests.people.test_basedata")
    with pytest.raises(ValueError, match="BaseData"):
        configure("tests.people.test_basedata:NAME")
    assert configure("") == [basedata.LOCAL]
