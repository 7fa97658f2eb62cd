"""The SQL cost of one counter intake over GraphQL (intakeCase plus a small selection), pinned:
the same number of statements for two materials as for five, because the checklist lines and
their files are written in bulk."""

from __future__ import annotations

import pytest

from bench.cases import answers_for
from bench.querycount import count_queries
from realtime import log
from tests.cases.test_case_api import CHECKLIST, PDF, as_input, upload

NEWCOMER = "11010519491231002X"  # not in the registry until the first intake
INTAKE = """mutation($i:IntakeCaseInput!){ intakeCase(input:$i){ errors{ code message }
  case{ id number status dueOn receiptUrl } } }"""
# Before the transaction (13): the viewer's staff row, their point (the receiving point, read
# once), the item's department, the certificate (4); applicant and licences (2); catalogue: item,
# questions, materials (3); finish point (the issuance windows on its chain), files, deciding
# point, calendar (4).
# In the transaction: phone, number, case, checklist lines (their ids returned), files (5); the
# related items offered after it (顺便办, both items have demo relations): the relations, the items
# they name, the offers (3); the base-data fetch's and the acceptance's audit rows in one insert
# and their two events: the case channel's row, one bump, one insert (4). Notifications
# (resolvers/notify): the applicant told of the acceptance — the case with its applicant, the
# district switch, the templates, the keys written before, the inbox and SMS rows in one insert,
# the SMS's outbox message (6). Routing to the AB post: the post, A's leave, A's attendance, the
# offer to B, the notices (5); the B post's offer told to the department's robot group — the case,
# its groups, the switch, the template, the key, the row, its outbox message (7); the bells of the
# staff told (A, B, the leader): their channel rows, one bump of them all, their events (3,
# however many are told); whether the department has a business system to hand the case to (1).
# Then the case and its applicant read back (2).
INTAKE_QUERIES = 49


async def _input(gql, item: str) -> tuple[dict, int]:
    answers = as_input(await answers_for(item))
    body = await gql(CHECKLIST, {"c": item, "a": answers, "i": NEWCOMER})
    materials = []
    for n, line in enumerate(body["data"]["checklist"]["checklist"]["lines"]):
        if line["requirement"] == "REQUIRED" and not line["satisfiedBy"]:
            r = await upload(gql, PDF + f"{item}/{n}".encode())
            materials.append({"materialId": int(line["materialId"]), "originalSeen": True,
                              "files": [{"fileId": r.json()["fileId"], "filename": "扫描件.pdf"}]})
    return {"itemCode": item, "answers": answers, "materials": materials,
            "applicant": {"idNumber": NEWCOMER, "name": "王小明", "phone": "13800000000"}}, len(materials)


@pytest.mark.parametrize(("item", "uploads"), [("330106-YB-003", 2), ("330106-CL-001", 5)])
async def test_one_counter_intake_costs_a_fixed_number_of_queries(gql, item, uploads):
    await gql.login("qiantai", "demo1234")
    given, n = await _input(gql, item)
    assert n == uploads
    body = await gql(INTAKE, {"i": given})  # registers the applicant, warms the catalogue cache
    assert body["data"]["intakeCase"]["errors"] == []
    log._known_channels.clear()  # a new case's channel is new (another test's case:2 is not)
    with count_queries() as statements:
        body = await gql(INTAKE, {"i": given})
    assert body["data"]["intakeCase"]["errors"] == []
    assert len(statements) == INTAKE_QUERIES, "\n".join(s[:120] for s in statements)
