"""Every item of the demo catalogue, on every channel it allows, walked through the API with the
demo accounts only: 收件 → (预审 → 窗口受理 where it applies) → 审批 → 出件; then every 一件事联办
to 已办结. Both print a matrix of who took each step; any dead end fails and says where.

One seeded database for the module (the walks share it, as a demo district would)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import pytest_asyncio

from bench.cases import ZHANG
from hub.core import db, ports
from hub.core.models.enums import Role
from hub.demo.load import DEMO_ACCOUNTS, _read, demo_served_items
from hub.web.app import create_app
from hub.web.wiring import build_ports
from tests.cases.joint_support import MOTHER, birth_shared
from tests.cases.walk_support import RESIDENT, DeadEnd, Walker, answer_input, first_answer, matrix
from tests.conftest import GQL, _pg_admin, _run, pg_url, test_settings

pytestmark = [pytest.mark.both_databases, pytest.mark.asyncio(loop_scope="module")]

ONLINE_MODES = ("ONLINE", "PREREVIEW")
BUNDLE_CHECKLIST = """query($b:String!,$s:[SharedValueInput!],$i:[ItemAnswersInput!]){
  bundleChecklist(bundleCode:$b, shared:$s, items:$i){ complete
    items{ itemCode errors{ message } checklist{ complete missing{ code kind options{ value } } } }
    materials{ name requirement needs{ itemCode materialId requirement } } } }"""
OPEN = """mutation($i:OpenApplicationInput!){ openApplication(input:$i){ errors{ code field message }
  application{ number status{ code label } cases{ id number status version itemCode
    department{ code name } decidePoint{ code } finishPoint{ code name } servicePoint{ code } } } } }"""
APPLICATION = "query($n:String!){ application(number:$n){ status{ code label done total } } }"
SHARED_VALUES = {"name": RESIDENT["name"], "id_number": ZHANG, "phone": RESIDENT["phone"],
                 "address": RESIDENT["address"], "bank_account": "6228480329001234567",
                 "employer": "杭州西溪数字科技有限公司", "last_employer": "杭州西溪数字科技有限公司",
                 "guardian_name": "李建华", "family_size": "2"}


@pytest.fixture(scope="module")
def walk_database(db_backend: str, request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One copy of the seeded template for the whole module."""
    if db_backend == "sqlite":
        path = tmp_path_factory.mktemp("walk") / "hub.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite://{path}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"owh_test_{os.getpid()}_walk"
    _run(_pg_admin, f'DROP DATABASE IF EXISTS "{name}"')
    _run(_pg_admin, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield pg_url(name)
    _run(_pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def walker(walk_database: str) -> AsyncIterator[Walker]:
    await db.init_db(walk_database)
    # every demo account signs in from the one test client: more than a minute's login budget
    settings = test_settings(walk_database, login_ip_attempts_per_minute=10_000)
    previous = ports.install(build_ports(settings))
    app = create_app(settings, manage_db=False)
    transport = httpx.ASGITransport(app=app, client=("10.0.1.1", 1234))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            yield Walker(GQL(http))
    finally:
        await ports.close()
        ports.install(previous)
        await db.close_db()


def channels_of(item: dict) -> list[str]:
    """The channels an item allows: the counter, each online terminal not NONE, and the grid
    worker's 代办 (always: it is pre-reviewed like an online filing)."""
    modes = item["channels"]
    out = ["COUNTER"] if modes["counter"] else []
    out += [c.upper() for c in ("pc", "mobile", "kiosk") if modes[c] in ONLINE_MODES]
    return [*out, "GRID"]


async def test_every_item_walks_from_intake_to_issuance_on_every_channel(walker: Walker) -> None:
    codes = [i["code"] for i in demo_served_items()]
    rows: list[tuple[str, str, dict[str, str]]] = []
    dead: list[str] = []
    for code in codes:
        item = await walker.item(code)
        assert item is not None, code
        for channel in channels_of(item):
            done: dict[str, str] = {}
            try:
                done["收件"], case = await walker.file(code, channel)
                case = await walker.finish(case, done)
                assert case["status"] == "ISSUED"
            except DeadEnd as e:
                done[e.step] = "✗"
                dead.append(f"{code} {item['name']} [{channel}] 卡在“{e.step}”：{e.why}")
            rows.append((f"{code} {item['name']}", channel, done))
    print("\n" + matrix(rows))
    assert not dead, "演示区有走不通的事项：\n" + "\n".join(dead)
    assert len(rows) >= 4 * len(codes)  # every item on the counter, online and by the grid worker


async def _bundle_input(walker: Walker, bundle: dict) -> dict:
    """The counter's form of one bundle: shared values, each item's remaining answers, one
    upload per combined material (容缺 where the item allows it)."""
    code = bundle["code"]
    birth = code == "BIRTH"
    shared = birth_shared() if birth else {
        f["code"]: SHARED_VALUES.get(f["code"]) or (f["options"][0]["value"] if f["kind"] == "SINGLE" else
                                                    "2025-06-30" if f["kind"] == "DATE" else "已填写")
        for f in bundle["shared_fields"] if f["required"] or f["code"] in SHARED_VALUES}
    items: dict[str, dict] = {c: {} for c in bundle["item_codes"]}
    for _ in range(10):
        body = await walker.run("qiantai", BUNDLE_CHECKLIST, {
            "b": code, "s": [{"code": k, "value": v} for k, v in shared.items()],
            "i": [{"itemCode": c, "answers": answer_input(a)} for c, a in items.items()]})
        checklist = body["data"]["bundleChecklist"]
        if checklist["complete"]:
            break
        for entry in checklist["items"]:
            for q in (entry["checklist"] or {"missing": []})["missing"]:
                items[entry["itemCode"]][q["code"]] = first_answer(q)
    else:
        raise AssertionError(f"{code}: the joint checklist never completes")
    file_id = await walker.upload("qiantai")
    per_item: dict[str, list] = {c: [] for c in items}
    for line in checklist["materials"]:
        for need in line["needs"]:
            given = {"materialId": int(need["materialId"])}
            if need["requirement"] == "DEFERRABLE":
                per_item[need["itemCode"]].append(given | {"deferred": True})
            elif need["requirement"] == "REQUIRED":
                per_item[need["itemCode"]].append(given | {"originalSeen": True, "files": [
                    {"fileId": file_id, "filename": "scan.pdf"}]})
    applicant = (MOTHER, "陈晓燕") if birth else (ZHANG, RESIDENT["name"])
    return {"bundleCode": code, "applicantIdNumber": applicant[0], "applicantName": applicant[1],
            "phone": RESIDENT["phone"], "signedName": applicant[1],
            "shared": [{"code": k, "value": v} for k, v in shared.items()],
            "items": [{"itemCode": c, "answers": answer_input(a), "materials": per_item[c]}
                      for c, a in items.items()]}


async def test_every_bundle_reaches_done_with_the_demo_accounts(walker: Walker) -> None:
    rows: list[tuple[str, str, dict[str, str]]] = []
    dead: list[str] = []
    for bundle in _read("bundles.json")["bundles"]:
        value = await _bundle_input(walker, bundle)
        body = await walker.run("qiantai", OPEN, {"i": value})
        payload = body["data"]["openApplication"]
        if payload["errors"]:
            dead.append(f"{bundle['name']} 卡在“收件”：{payload['errors'][0]['message']}")
            rows.append((bundle["name"], "COUNTER", {"收件": "✗"}))
            continue
        application = payload["application"]
        for case in application["cases"]:
            done = {"收件": "qiantai"}
            try:
                await walker.finish(case, done, collector=value["applicantIdNumber"])
            except DeadEnd as e:
                done[e.step] = "✗"
                dead.append(f"{bundle['name']} / {case['itemCode']} 卡在“{e.step}”：{e.why}")
            rows.append((f"{bundle['name']} / {case['itemCode']}", "COUNTER", done))
        status = (await walker.run("qiantai", APPLICATION, {"n": application["number"]}))["data"]
        state = status["application"]["status"]
        if state["label"] != "已办结":
            dead.append(f"{bundle['name']} {application['number']} 停在“{state['label']}”"
                        f"（{state['done']}/{state['total']}）")
    print("\n" + matrix(rows))
    assert not dead, "演示区有走不通的一件事：\n" + "\n".join(dead)
    assert len({r[0].split(" / ")[0] for r in rows}) == len(_read("bundles.json")["bundles"])



WHISTLE = """mutation($i:RaiseWhistleInput!){ raiseWhistle(input:$i){ errors{ message }
  call{ id departmentCode escalated } } }"""
ACCEPT = "mutation($c:ID!){ acceptWhistle(callId:$c){ errors{ message } call{ expertName } } }"
RESOLVE = """mutation($c:ID!){ resolveWhistle(callId:$c, answer:"已当面指导窗口办理"){ errors{ message }
  call{ status } } }"""


async def test_a_whistle_on_any_department_reaches_an_expert_on_duty(walker: Walker) -> None:
    """窗口吹哨 from the demo counter (文新街道) on one item of every department: an expert of that
    department is on duty (logged in) at the street and at the district; the street's answers."""
    experts = [a for a in DEMO_ACCOUNTS if Role.EXPERT in a.roles]
    for a in experts:
        await walker.token(a.username)  # a login counts as on duty
    first_item = {}
    for item in demo_served_items():
        first_item.setdefault(item["department"], item["code"])
    assert set(first_item) == {d["code"] for d in _read("org.json")["departments"]}
    missing = []
    for dept, code in first_item.items():
        levels = {a.point for a in experts if a.department == dept}
        if not {"330106", "330106013"} <= levels:
            missing.append(f"{dept}: 专家只在 {sorted(levels)}")
            continue
        question = {"itemCode": code, "question": "这个情形怎么办？"}
        raised = await walker.run("qiantai", WHISTLE, {"i": question})
        call = raised["data"]["raiseWhistle"]
        if call["errors"] or call["call"]["escalated"]:
            missing.append(f"{dept}: {call['errors'] or '无在岗专家，已升级'}")
            continue
        street = next(a.username for a in experts if a.department == dept and a.point == "330106013")
        accepted = await walker.run(street, ACCEPT, {"c": call["call"]["id"]})
        resolved = await walker.run(street, RESOLVE, {"c": call["call"]["id"]})
        if accepted["data"]["acceptWhistle"]["errors"] or resolved["data"]["resolveWhistle"]["errors"]:
            missing.append(f"{dept}: {street} 无法接单或办结")
    assert not missing, "吹哨找不到专家：\n" + "\n".join(missing)
