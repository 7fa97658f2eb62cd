"""The 医保 department subgraph on its own: its SDL, its rules, and the references it resolves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest

from departments.yibao.app import create_app
from departments.yibao.records import NotAllowed, records
from departments.yibao.schema import sdl

SDL_FILE = Path(__file__).resolve().parents[2] / "departments" / "yibao" / "schema.graphql"
INSURANCE = """query($r:[_Any!]!){ _entities(representations:$r){ ... on Person{ id medicalInsurance{
  status statusLabel typeLabel employer continuousMonths totalMonths lastPaidPeriod
  contributions(first:3){ period months base personalAmount employerAmount payer paidOn } } } } }"""
CASE_CHECK = """query($r:[_Any!]!){ _entities(representations:$r){ ... on Case{ number insuranceCheck{
  passed conclusion insurance{ statusLabel typeLabel continuousMonths } } } } }"""


async def _post(query: str, variables: dict, with_case: bool = True, secret: str | None = None,
                **headers: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=create_app(with_case, secret))
    async with httpx.AsyncClient(transport=transport, base_url="http://yibao.test") as http:
        return await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


def test_checked_in_sdl_matches_and_extends_the_hubs_person():
    assert SDL_FILE.read_text(encoding="utf-8") == sdl(), "run `make schema`"
    text = sdl()
    assert 'type Person @key(fields: "id")' in text
    assert "idNumber: String! @external" in text
    assert 'medicalInsurance: MedicalInsurance @requires(fields: "idNumber")' in text
    assert 'insuranceCheck: InsuranceCheck @requires(fields: "applicant { idNumber }")' in text
    assert "applicant: Person @external" in text  # nullable, as the hub's Case.applicant
    assert "type Case" not in sdl(with_case=False)  # for a hub without cases


def test_continuous_months_stop_at_the_gap_and_yearly_payments_count_twelve():
    wang = records().insurance("341221199008170518")  # 职工医保, 2025-06 unpaid (changed jobs)
    assert (wang.status, wang.continuous_months, wang.total_months) == ("ACTIVE", 17, 22)
    zhang = records().insurance("330106195803120245")  # 城乡居民医保, paid 2022–2026 by year
    assert (zhang.type, zhang.continuous_months, zhang.total_months) == ("RESIDENT", 60, 60)
    with pytest.raises(NotAllowed):
        records().insurance("341221********0518")


def test_insurance_check_conclusions_are_in_chinese():
    active = records().check("341221199008170518")
    assert active.passed and active.conclusion == "参保缴费正常：职工基本医疗保险，连续缴费 17 个月"
    suspended = records().check("330106196501200156")
    assert not suspended.passed and suspended.conclusion.startswith("自 2025-08 起暂停缴费")
    newborn = records().check("330106202609050338", today=date(2026, 10, 1))
    assert not newborn.passed and "新生儿可在出生后 3 个月内" in newborn.conclusion
    adult = records().check("330106202609050338", today=date(2027, 10, 1))
    assert adult.conclusion == "未在杭州市西湖区参加基本医疗保险，请先办理参保登记"


async def test_person_references_with_the_hubs_id_number_get_insurance_and_contributions():
    reps = [{"__typename": "Person", "id": "Mg.x", "idNumber": "341221199008170518"},
            {"__typename": "Person", "id": "NQ.y", "idNumber": "110101199003070000"}]
    response = await _post(INSURANCE, {"r": reps})
    assert "\\u" not in response.text  # UTF-8 JSON, Chinese not escaped
    wang, stranger = response.json()["data"]["_entities"]
    assert wang["medicalInsurance"]["typeLabel"] == "职工基本医疗保险"
    assert wang["medicalInsurance"]["employer"] == "杭州云栖数智科技有限公司"
    assert wang["medicalInsurance"]["contributions"][0] == {
        "period": "2026-11", "months": 1, "base": "8500.00", "personalAmount": "170.00",
        "employerAmount": "807.50", "payer": "杭州云栖数智科技有限公司", "paidOn": "2026-11-15",
    }
    assert stranger["medicalInsurance"]["status"] == "NOT_ENROLLED"
    assert stranger["medicalInsurance"]["contributions"] == []


async def test_a_masked_id_number_from_the_hub_means_no_insurance_data():
    reps = [{"__typename": "Person", "id": "Mg.x", "idNumber": "341221********0518"}]
    body = (await _post(INSURANCE, {"r": reps})).json()
    assert body["data"]["_entities"] == [{"id": "Mg.x", "medicalInsurance": None}]
    assert body["errors"][0]["message"].startswith("无权查看参保信息")


async def test_case_references_get_the_applicants_insurance_check():
    # given case references as the gateway sends them: with the applicant's ID number from the
    # hub, or with no applicant (the hub resolves applicants for staff only)
    reps = [{"__typename": "Case", "number": "XH20261201000001",
             "applicant": {"idNumber": "330106196501200156"}},
            {"__typename": "Case", "number": "XH20261201000002", "applicant": None}]
    # when the gateway resolves a case's insuranceCheck with the applicant's ID number
    body = (await _post(CASE_CHECK, {"r": reps})).json()
    # then the check says the insurance is suspended; without an applicant there is no check
    check = body["data"]["_entities"][0]["insuranceCheck"]
    assert body["data"]["_entities"][1] == {"number": "XH20261201000002", "insuranceCheck": None}
    assert body["data"]["_entities"][0]["number"] == "XH20261201000001"
    assert check["passed"] is False and check["insurance"]["statusLabel"] == "暂停缴费"


async def test_with_a_gateway_secret_only_the_gateway_gets_in():
    query = "{ medicalInsurancePlans { name } }"
    refused = await _post(query, {}, secret="s3cret")
    assert refused.status_code == 403 and refused.json()["errors"][0]["message"] == "仅接受来自网关的请求"
    allowed = await _post(query, {}, secret="s3cret", **{"x-gateway-secret": "s3cret"})
    assert allowed.json()["data"]["medicalInsurancePlans"][0]["name"] == "城乡居民基本医疗保险"
