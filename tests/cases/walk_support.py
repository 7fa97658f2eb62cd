"""A walker that takes cases through the public API with the demo accounts only, as a new
integrator would: it logs in as the accounts of the README's table, answers the checklist the
API gives, uploads through POST /case-files, and picks who acts next from the demo account table
(hub.demo.load) — the decider of the case's department above its deciding point, the issuer at
its finish point. A step nobody can take is a dead end, reported with the refusals."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bench.cases import ZHANG
from hub.core.models.enums import Role
from hub.core.ports import ports
from hub.demo.load import DATA_DIR, DEMO_ACCOUNTS, DemoAccount
from resolvers.payment import notify as payment_notify
from tests.conftest import GQL

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESIDENT = {"idNumber": ZHANG, "name": "张桂英", "phone": "13805710001",
            "address": "杭州市西湖区文新街道骆家庄社区骆家庄东苑3幢2单元301室"}
HOME_POINT = "330106013"  # 文新街道: the resident's street, where she files online
CHANNEL_STAFF = {"COUNTER": "qiantai", "KIOSK": "kiosk01", "GRID": "wangge"}
STEPS = ("收件", "预审", "窗口受理", "审批", "出件")

CASE_FIELDS = """id number status version department{ code name } decidePoint{ code }
  finishPoint{ code name } servicePoint{ code }"""
ITEM = """query($c:String!){ item(code:$c){ code name channels{ counter pc mobile kiosk } } }"""
CHECKLIST = """query($c:String!,$a:[AnswerInput!]){ checklist(itemCode:$c, answers:$a){ errors{ message }
  checklist{ complete missing{ code kind options{ value } } lines{ materialId requirement } } } }"""
INTAKE = f"""mutation($i:IntakeCaseInput!){{ intakeCase(input:$i){{ errors{{ code field message }}
  case{{ {CASE_FIELDS} }} }} }}"""
CASE = f"query($id:ID!){{ case(id:$id){{ {CASE_FIELDS} }} }}"
ACTIONS = {
    "passPrereview": "passPrereview(caseId:$id, version:$v)",
    "acceptPrereviewed": "acceptPrereviewed(caseId:$id, version:$v, idNumber:$n)",
    "claimCase": "claimCase(caseId:$id, version:$v)",
    "approveCase": 'approveCase(caseId:$id, version:$v, note:"符合条件，准予办理")',
}
ISSUE = f"""mutation($i:IssueCaseInput!){{ issueCase(input:$i){{ errors{{ code message }}
  case{{ {CASE_FIELDS} }} }} }}"""


PAY = """mutation($id:ID!){ payCase(caseId:$id){ errors{ code message } order{ number status } } }"""


def action(name: str) -> str:
    args = "$id:ID!,$v:Int!" + (",$n:String" if "$n" in ACTIONS[name] else "")
    return (f"mutation({args}){{ {ACTIONS[name]}{{ errors{{ code message }} "
            f"case{{ {CASE_FIELDS} }} }} }}")


def _parents() -> dict[str, str | None]:
    org = json.loads((DATA_DIR / "org.json").read_text(encoding="utf-8"))
    return {p["code"]: p["parent"] for p in org["service_points"]}


PARENTS = _parents()


def chain(code: str) -> list[str]:
    """The point and its ancestors, nearest first."""
    out: list[str] = []
    at: str | None = code
    while at:
        out.append(at)
        at = PARENTS[at]
    return out


def deciders(department: str, decide_point: str) -> list[DemoAccount]:
    """Back-office demo accounts of the department whose region covers the deciding point:
    the nearest level first, the A post (…_a) before its colleagues."""
    levels = chain(decide_point)
    found = [a for a in DEMO_ACCOUNTS if Role.BACK_OFFICE in a.roles and a.department == department
             and a.point in levels]
    return sorted(found, key=lambda a: (levels.index(a.point), not a.username.endswith("_a"), a.username))


def issuers(point: str) -> list[DemoAccount]:
    return [a for a in DEMO_ACCOUNTS if Role.ISSUER in a.roles and a.point == point]


@dataclass
class DeadEnd(Exception):
    step: str
    why: str


@dataclass
class Walker:
    """Tokens per demo account (one login each) and the uploads, over one in-process app."""

    gql: GQL
    tokens: dict[str, str] = field(default_factory=dict)
    file_ids: dict[str, str] = field(default_factory=dict)
    answers: dict[str, tuple[list[dict], list[dict]]] = field(default_factory=dict)

    async def token(self, username: str) -> str:
        if username not in self.tokens:
            if username == "resident":
                self.gql.token = None
                body = await self.gql("""mutation($i:RegisterCitizenInput!){ registerCitizen(input:$i){
                    token errors{ code message } } }""", {"i": {
                    "idNumber": RESIDENT["idNumber"], "name": RESIDENT["name"],
                    "phone": RESIDENT["phone"], "password": "zhang2026"}})
                token = body["data"]["registerCitizen"]["token"]
                assert token, body
            else:
                account = next(a for a in DEMO_ACCOUNTS if a.username == username)
                self.gql.token = None
                payload = await self.gql.login(account.username, account.password)
                assert payload["token"], (username, payload)
                token = payload["token"]
            self.tokens[username] = token
        return self.tokens[username]

    async def run(self, username: str | None, query: str, variables: dict | None = None) -> dict:
        headers = {"authorization": f"Bearer {await self.token(username)}"} if username else {}
        response = await self.gql.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                            headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body or body.get("data"), body
        return body

    async def upload(self, username: str) -> str:
        if username not in self.file_ids:
            r = await self.gql.http.post("/case-files?filename=scan.pdf", content=PDF + username.encode(),
                                         headers={"authorization": f"Bearer {await self.token(username)}"})
            assert r.status_code == 201, r.text
            self.file_ids[username] = r.json()["fileId"]
        return self.file_ids[username]

    async def item(self, code: str) -> dict[str, Any]:
        return (await self.run(None, ITEM, {"c": code}))["data"]["item"]

    async def checklist(self, item_code: str, given: dict[str, Any] | None = None
                        ) -> tuple[list[dict], list[dict]]:
        """Answers to every question the checklist asks (first option, no, a past date, 1) and
        its lines, as the API computes them."""
        key = item_code + json.dumps(given or {}, sort_keys=True)
        if key in self.answers:
            return self.answers[key]
        answers: dict[str, Any] = dict(given or {})
        for _ in range(20):
            body = await self.run(None, CHECKLIST, {"c": item_code, "a": answer_input(answers)})
            checklist = body["data"]["checklist"]["checklist"]
            assert checklist is not None, body
            if checklist["complete"]:
                self.answers[key] = (answer_input(answers), checklist["lines"])
                return self.answers[key]
            for q in checklist["missing"]:
                answers[q["code"]] = first_answer(q)
        raise AssertionError(f"{item_code}: the questions never settle")

    async def materials(self, username: str, lines: list[dict]) -> list[dict]:
        """One upload for every required line, 容缺 for deferrable ones, optional ones left out."""
        out = []
        for line in lines:
            if line["requirement"] == "DEFERRABLE":
                out.append({"materialId": int(line["materialId"]), "deferred": True})
            elif line["requirement"] == "REQUIRED":
                out.append({"materialId": int(line["materialId"]), "originalSeen": True, "files": [
                    {"fileId": await self.upload(username), "filename": "scan.pdf"}]})
        return out

    async def file(self, item_code: str, channel: str) -> tuple[str, dict]:
        """收件 on one channel; returns who filed it and the case."""
        username = CHANNEL_STAFF.get(channel, "resident")
        answers, lines = await self.checklist(item_code)
        value: dict[str, Any] = {"itemCode": item_code, "answers": answers, "applicant": RESIDENT,
                                 "materials": await self.materials(username, lines)}
        if username == "resident":
            value |= {"channel": channel, "servicePointCode": HOME_POINT}
        body = await self.run(username, INTAKE, {"i": value})
        payload = body["data"]["intakeCase"]
        refused = payload["errors"] and payload["errors"][0]["code"] == "NOT_ACCEPTED_HERE"
        if refused and username == "resident":
            value["servicePointCode"] = "330106"  # only the district hall takes it: she goes there
            payload = (await self.run(username, INTAKE, {"i": value}))["data"]["intakeCase"]
        if payload["errors"]:
            raise DeadEnd("收件", f"{username}: {payload['errors'][0]['message']}")
        return username, payload["case"]

    async def act(self, step: str, name: str, candidates: list[str], case: dict,
                  **extra: Any) -> tuple[str, dict]:
        """The first candidate whose ``name`` mutation succeeds; DeadEnd with every refusal."""
        refusals = []
        for username in candidates:
            body = await self.run(username, action(name), {"id": case["id"], "v": case["version"], **extra})
            if body.get("data") is None:
                refusals.append(f"{username}: {body['errors'][0]['message']}")
                continue
            payload = body["data"][name]
            if not payload["errors"]:
                return username, payload["case"]
            refusals.append(f"{username}: {payload['errors'][0]['message']}")
        raise DeadEnd(step, "；".join(refusals) or "演示账号中没有可办理的人")

    async def decide(self, case: dict) -> tuple[str, dict]:
        """审批: a decider of the case's department claims it and approves."""
        names = [a.username for a in deciders(case["department"]["code"], case["decidePoint"]["code"])]
        who, claimed = await self.act("审批", "claimCase", names, case)
        return await self.act("审批", "approveCase", [who], claimed)

    async def prereview(self, case: dict) -> tuple[str, dict]:
        names = [a.username for a in deciders(case["department"]["code"], case["decidePoint"]["code"])]
        return await self.act("预审", "passPrereview", names, case)

    async def accept(self, case: dict, id_number: str = ZHANG) -> tuple[str, dict]:
        """窗口受理 of a pre-reviewed case: the demo counter, with the applicant's ID card."""
        return await self.act("窗口受理", "acceptPrereviewed", ["qiantai"], case, n=id_number)

    async def issue(self, case: dict, collector: str = ZHANG, **how: Any) -> tuple[str, dict]:
        """出件 at the case's finish point by an issuer there (PICKUP by the applicant unless
        ``how`` says otherwise)."""
        point = case["finishPoint"]["code"]
        names = [a.username for a in issuers(point)]
        if not names:
            raise DeadEnd("出件", f"出件服务点 {case['finishPoint']['name']}（{point}）没有出件人员")
        value = {"caseId": case["id"], "version": case["version"], "method": "PICKUP",
                 "collectorIdNumber": collector} | how
        refusals = []
        for username in names:
            payload = (await self.run(username, ISSUE, {"i": value}))["data"]["issueCase"]
            if payload["errors"] and payload["errors"][0]["code"] == "PAYMENT_DUE":
                # 统一支付: the issuer shows the payment code, the applicant pays, then 出件
                version = await self.pay(username, case["id"])
                payload = (await self.run(username, ISSUE, {"i": value | {"version": version}})
                           )["data"]["issueCase"]
            if not payload["errors"]:
                return username, payload["case"]
            refusals.append(f"{username}: {payload['errors'][0]['message']}")
        raise DeadEnd("出件", "；".join(refusals))

    async def pay(self, username: str, case_id: str) -> int:
        """The fee paid through the (fake) platform as a resident scanning the window's code does;
        the platform's signed notification handed to the hub. Returns the case's new version."""
        body = await self.run(username, PAY, {"id": case_id})
        payload = body["data"]["payCase"]
        if payload["errors"]:
            raise DeadEnd("缴费", payload["errors"][0]["message"])
        fake = ports().payment
        fake.pay(payload["order"]["number"])
        reply = await payment_notify.receive(fake.sent[-1].headers, fake.sent[-1].body)
        assert reply.status == 200, reply
        return (await self.run(username, CASE, {"id": case_id}))["data"]["case"]["version"]

    async def finish(self, case: dict, done: dict[str, str], *, collector: str = ZHANG) -> dict:
        """From wherever the case stands to 已出件, recording who took each step in ``done``."""
        if case["status"] == "ISSUED":  # 即办件 closed on the spot by the clerk who received it
            done["审批"] = done["出件"] = "当场办结"
            return case
        if case["status"] == "PREREVIEW":
            done["预审"], case = await self.prereview(case)
        if case["status"] == "PREREVIEWED":
            done["窗口受理"], case = await self.accept(case, collector)
        if case["status"] in ("RECEIVED", "IN_REVIEW"):
            done["审批"], case = await self.decide(case)
        if case["status"] != "APPROVED":
            raise DeadEnd("审批", f"办件停在 {case['status']}")
        done["出件"], case = await self.issue(case, collector)
        return case


def first_answer(q: dict) -> Any:
    kind = q["kind"]
    if kind == "SINGLE":
        return q["options"][0]["value"]
    if kind == "MULTIPLE":
        return [q["options"][0]["value"]]
    return {"YES_NO": False, "DATE": "2026-01-05", "NUMBER": 1}.get(kind, "1")


def answer_input(answers: dict[str, Any]) -> list[dict]:
    return [{"question": k, "values": v} if isinstance(v, list) else
            {"question": k, "value": str(v).lower() if isinstance(v, bool) else str(v)}
            for k, v in answers.items()]


def matrix(rows: list[tuple[str, str, dict[str, str]]]) -> str:
    """item × channel × step: who took each step, — where it does not apply, ✗ … where it
    stopped."""
    lines = [" | ".join(("事项", "渠道", *STEPS))]
    for item, channel, cells in rows:
        lines.append(" | ".join((item, channel, *(cells.get(s, "—") for s in STEPS))))
    return "\n".join(lines)
