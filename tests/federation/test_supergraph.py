"""The supergraph for real: the hub, the 医保 subgraph and Hive Gateway as three processes on
loopback, the SDLs composed by @theguild/federation-composition; plus composition failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.core.settings import ROOT
from tests.conftest import _free_port, hub_server
from tests.services import need, need_node

pytestmark = pytest.mark.gateway

GATEWAY = ROOT / "gateway"
HUB_SDL = ROOT / "schema" / "schema.graphql"
YIBAO_SDL = ROOT / "departments" / "yibao" / "schema.graphql"
SECRET = "gateway-subgraph-secret-for-tests"
PERSON = """query($n:String!){ person(idNumber:$n){ id name idNumber medicalInsurance{
  statusLabel typeLabel employer continuousMonths totalMonths
  contributions(first:2){ period personalAmount employerAmount payer } } } }"""


@pytest.fixture(scope="module")
def node() -> str:
    path = need_node()
    need("the gateway's npm packages (run `make gateway`)", (GATEWAY / "node_modules" / ".installed").exists()
         or (GATEWAY / "node_modules" / "@graphql-hive").is_dir())
    return path


def compose(node: str, tmp: Path, subgraphs: list[dict[str, Any]]) -> subprocess.CompletedProcess[str]:
    config = tmp / "subgraphs.json"
    config.write_text(json.dumps({"subgraphs": subgraphs}, ensure_ascii=False), encoding="utf-8")
    return subprocess.run(
        [node, str(GATEWAY / "compose.mjs"), "--config", str(config),
         "--out", str(tmp / "supergraph.graphql")],
        capture_output=True, text=True, timeout=60,
    )


@contextmanager
def serving(command: list[str], ready_url: str, log: Path, **env: str) -> Iterator[None]:
    """A process on loopback, up once ``ready_url`` answers 200; ended when the block ends."""
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=os.environ | env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(ready_url, timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command} did not come up:\n{log.read_text()}")
                time.sleep(0.2)
            yield
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def start_yibao(stack: ExitStack, tmp: Path) -> str:
    port = _free_port()
    stack.enter_context(serving(
        [sys.executable, "-m", "departments.yibao", "serve", "--port", str(port)],
        f"http://127.0.0.1:{port}/healthz", tmp / "yibao.log", YIBAO_GATEWAY_SECRET=SECRET,
    ))
    return f"http://127.0.0.1:{port}/graphql"


def start_gateway(stack: ExitStack, node: str, tmp: Path) -> str:
    port = _free_port()
    stack.enter_context(serving(
        [node, str(GATEWAY / "serve.mjs"), "--supergraph", str(tmp / "supergraph.graphql"),
         "--port", str(port)],
        f"http://127.0.0.1:{port}/readiness", tmp / "gateway.log", GATEWAY_SUBGRAPH_SECRET=SECRET,
    ))
    return f"http://127.0.0.1:{port}/graphql"


class Client:
    def __init__(self, url: str) -> None:
        self.url = url
        self.token: str | None = None

    def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        response = httpx.post(self.url, json={"query": query, "variables": variables or {}},
                              headers=headers, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def login(self, username: str, password: str) -> None:
        body = self("mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){ token } }",
                    {"u": username, "p": password})
        self.token = body["data"]["login"]["token"]
        assert self.token


@pytest.fixture(scope="module")
def stack(node: str, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[str, str]]:
    """Hub + 医保 subgraph + gateway; yields (the gateway's /graphql URL, the hub's base URL)."""
    tmp = tmp_path_factory.mktemp("supergraph")
    with ExitStack() as processes:
        # the gateway's secret, as production configures it (it guards the hub's `_service`)
        hub = processes.enter_context(hub_server(sqlite_template, tmp, HUB_GATEWAY_SECRET=SECRET))
        yibao = start_yibao(processes, tmp)
        composed = compose(node, tmp, [
            {"name": "hub", "url": f"{hub}/graphql", "sdl": str(HUB_SDL)},
            {"name": "yibao", "url": yibao, "sdl": str(YIBAO_SDL)},
        ])
        assert composed.returncode == 0, composed.stderr
        yield start_gateway(processes, node, tmp), hub


@pytest.fixture(scope="module")
def supergraph(stack: tuple[str, str]) -> str:
    return stack[0]


def test_staff_token_passes_through_the_gateway_and_joins_both_subgraphs(supergraph: str):
    # given a front-desk member logged in through the gateway (the login goes to the hub)
    client = Client(supergraph)
    client.login("qiantai", "demo1234")
    # when they open an applicant with the 医保 system's fields in the same query
    body = client(PERSON, {"n": "341221199008170518"})
    # then the hub's person and the department's insurance record come back joined
    assert "errors" not in body, body
    person = body["data"]["person"]
    assert (person["name"], person["idNumber"]) == ("王磊", "341221199008170518")
    insurance = person["medicalInsurance"]
    assert insurance["statusLabel"] == "参保缴费" and insurance["typeLabel"] == "职工基本医疗保险"
    assert (insurance["continuousMonths"], insurance["totalMonths"]) == (17, 22)
    assert insurance["contributions"][0] == {"period": "2026-11", "personalAmount": "170.00",
                                             "employerAmount": "807.50", "payer": "杭州云栖数智科技有限公司"}
    resident = client(PERSON, {"n": "330106195803120245"})["data"]["person"]["medicalInsurance"]
    assert resident["typeLabel"] == "城乡居民基本医疗保险"
    assert resident["contributions"][0]["period"] == "2026"


def test_the_hubs_rules_hold_through_the_gateway(supergraph: str):
    client = Client(supergraph)
    # anonymous: the hub refuses the person; the error comes through in Chinese
    anonymous = client(PERSON, {"n": "341221199008170518"})
    assert anonymous["data"]["person"] is None and anonymous["errors"][0]["message"] == "请先登录"
    # an administrator sees people with masked ID numbers, so the 医保 system gets no number to read
    client.login("admin", "admin123")
    masked = client(PERSON, {"n": "341221199008170518"})
    assert masked["data"]["person"]["idNumber"] == "341221********0518"
    assert masked["data"]["person"]["medicalInsurance"] is None
    assert masked["errors"][0]["message"].startswith("无权查看参保信息")


def test_the_department_subgraph_answers_only_the_gateway(supergraph: str, tmp_path: Path):
    with ExitStack() as stack:
        yibao = start_yibao(stack, tmp_path)
        direct = httpx.post(yibao, json={"query": "{ medicalInsurancePlans { name } }"}, timeout=10)
    assert direct.status_code == 403
    plans = Client(supergraph)("{ medicalInsurancePlans { name } }")["data"]["medicalInsurancePlans"]
    assert [p["name"] for p in plans] == ["城乡居民基本医疗保险", "职工基本医疗保险"]


CHECKLIST = """query($c:String!,$a:[AnswerInput!],$i:String){ checklist(itemCode:$c, answers:$a,
  applicantIdNumber:$i){ checklist{ lines{ materialId name requirement satisfiedBy } } } }"""
INTAKE = """mutation($i:IntakeCaseInput!){ intakeCase(input:$i){ errors{ code message } case{ number } } }"""
CASE = """query($n:String!){ caseByNumber(number:$n){ number status statusLabel itemName dueOn
  department{ name } applicant{ name idNumber }
  insuranceCheck{ passed conclusion insurance{ statusLabel typeLabel continuousMonths
    contributions(first:1){ period personalAmount } } } } }"""


def intake_through(client: Client, hub: str, item: str, answers: list[dict[str, Any]],
                   id_number: str, name: str) -> str:
    """A counter intake through the gateway; the scans go straight to the hub (POST /case-files)."""
    lines = client(CHECKLIST, {"c": item, "a": answers, "i": id_number})["data"]["checklist"][
        "checklist"]["lines"]
    materials = []
    for line in lines:
        if line["requirement"] == "REQUIRED" and not line["satisfiedBy"]:
            upload = httpx.post(f"{hub}/case-files?filename=scan.pdf",
                                content=b"%PDF-1.4\n" + line["name"].encode() + b"\n%%EOF\n",
                                headers={"authorization": f"Bearer {client.token}"}, timeout=10)
            assert upload.status_code == 201, upload.text
            materials.append({"materialId": int(line["materialId"]), "originalSeen": True,
                              "files": [{"fileId": upload.json()["fileId"], "filename": "扫描件.pdf"}]})
        elif line["requirement"] == "DEFERRABLE":
            materials.append({"materialId": int(line["materialId"]), "deferred": True})
    body = client(INTAKE, {"i": {"itemCode": item, "answers": answers, "materials": materials,
                                 "applicant": {"idNumber": id_number, "name": name}}})
    assert body["data"]["intakeCase"]["errors"] == [], body
    return str(body["data"]["intakeCase"]["case"]["number"])


@pytest.fixture(scope="module")
def yb003_answers(sqlite_template: Path) -> list[dict[str, Any]]:
    """Answers to every question of 330106-YB-003, worked out on the seeded catalogue."""
    from bench.cases import answers_for
    from hub.core import db
    from tests.cases.test_case_api import as_input
    from tests.conftest import _run

    async def answers() -> dict[str, Any]:
        await db.init_db(f"sqlite://{sqlite_template}")
        try:
            return await answers_for("330106-YB-003")
        finally:
            await db.close_db()

    return as_input(_run(answers))


def test_one_query_through_the_gateway_returns_a_case_with_hub_and_department_fields(
        stack: tuple[str, str], yb003_answers: list[dict[str, Any]]):
    supergraph, hub = stack
    # given a case received at the counter through the gateway (front desk, 文新街道)
    client = Client(supergraph)
    client.login("qiantai", "demo1234")
    number = intake_through(client, hub, "330106-YB-003", yb003_answers, "330106195803120245", "张桂英")
    # when one query asks for the case's hub fields and the 医保 system's check of its applicant
    body = client(CASE, {"n": number})
    # then both come back joined: the applicant's ID number went hub → gateway → 医保
    assert "errors" not in body, body
    case = body["data"]["caseByNumber"]
    assert case["number"] == number and case["status"] == "RECEIVED" and case["dueOn"]
    assert case["department"]["name"] and case["applicant"]["name"] == "张桂英"
    check = case["insuranceCheck"]
    assert check["passed"] is True and check["insurance"]["typeLabel"] == "城乡居民基本医疗保险"
    assert check["conclusion"].startswith("参保缴费正常")
    assert check["insurance"]["contributions"][0]["period"] == "2026"
    # and an administrator, who sees the case with a masked ID number, gets no 医保 check
    client.login("admin", "admin123")
    masked = client(CASE, {"n": number})
    assert masked["data"]["caseByNumber"]["applicant"]["idNumber"] == "330106********0245"
    assert masked["data"]["caseByNumber"]["insuranceCheck"] is None
    assert masked["errors"][0]["message"].startswith("无权查看参保信息")


def test_a_case_reaches_the_department_system_and_its_decision_comes_back(
        stack: tuple[str, str], yb003_answers: list[dict[str, Any]]):
    from resolvers.integration import signing
    from tests.integration.fake_department import FakeDepartment

    supergraph, hub = stack
    secret = "the-yibao-business-system-shared-secret-0001"
    department = FakeDepartment(secret, _free_port())
    department.start()
    try:
        # given the 医保 business system connected by an administrator (through the gateway)
        admin = Client(supergraph)
        admin.login("admin", "admin123")
        configured = admin("""mutation($i:DepartmentEndpointInput!){ configureDepartmentEndpoint(
            input:$i){ errors{ message } } }""", {"i": {"departmentCode": "YB", "url": department.url,
                                                        "secret": secret}})
        assert configured["data"]["configureDepartmentEndpoint"]["errors"] == []
        # when the counter receives a case, the hub's own dispatcher delivers it
        client = Client(supergraph)
        client.login("qiantai", "demo1234")
        number = intake_through(client, hub, "330106-YB-003", yb003_answers, "330106195803120245",
                                "张桂英")
        deadline = time.monotonic() + 20
        while f"{number}:RECEIVED" not in department.snapshot()[0]:
            assert time.monotonic() < deadline, "the case never reached the department"
            time.sleep(0.1)
    finally:
        department.stop()
    # and the department's signed decision comes back to the hub
    body = signing.canonical({"caseNumber": number, "decision": "APPROVED", "note": "同意"})
    answer = httpx.post(f"{hub}/integration/callback/YB", content=body, timeout=10,
                        headers=signing.headers(secret, int(time.time()), f"approve-{number}", body))
    assert answer.status_code == 200, answer.text
    # then one query through the gateway shows the decided case and its 医保 check
    case = client(CASE, {"n": number})["data"]["caseByNumber"]
    assert case["status"] == "APPROVED" and case["insuranceCheck"]["passed"] is True


def test_a_broken_subgraph_sdl_makes_composition_fail_loudly(node: str, tmp_path: Path):
    # given the 医保 SDL with the hub's idNumber redeclared as an Int
    broken = tmp_path / "yibao-broken.graphql"
    broken.write_text(YIBAO_SDL.read_text(encoding="utf-8").replace(
        "idNumber: String! @external", "idNumber: Int! @external"), encoding="utf-8")
    # when it is composed with the hub
    result = compose(node, tmp_path, [
        {"name": "hub", "url": "http://127.0.0.1:8000/graphql", "sdl": str(HUB_SDL)},
        {"name": "yibao", "url": "http://127.0.0.1:8100/graphql", "sdl": str(broken)},
    ])
    # then composition fails, says why, and writes no supergraph
    assert result.returncode == 1
    assert "supergraph composition failed" in result.stderr and "idNumber" in result.stderr
    assert not (tmp_path / "supergraph.graphql").exists()


def test_an_unparsable_sdl_fails_too(node: str, tmp_path: Path):
    garbage = tmp_path / "garbage.graphql"
    garbage.write_text("type Person @key(fields: \"id\") {", encoding="utf-8")
    hub = {"name": "hub", "url": "http://127.0.0.1:8000/graphql", "sdl": str(HUB_SDL)}
    unparsable = compose(node, tmp_path, [hub, {"name": "yibao", "url": "http://x/graphql",
                                                "sdl": str(garbage)}])
    assert unparsable.returncode == 1 and "[yibao] the SDL does not parse" in unparsable.stderr
