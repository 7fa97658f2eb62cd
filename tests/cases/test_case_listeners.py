"""Listeners of a case's status change (transitions.on_moved): they run inside the mover's
transaction, in registration order, and one that raises rolls the whole change back; the
composition root registers the joint application's tracking, so transitions imports no domain
built on it."""

import ast
from pathlib import Path

import pytest
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from bench.cases import counter_viewer
from hub.core.listeners import Listeners
from hub.core.models import Case, CaseLog, Event, ServicePoint, Staff
from hub.core.models.enums import CaseStatus
from hub.web import hooks
from resolvers.cases import transitions
from resolvers.cases.actors import Actor
from resolvers.cases.joint import filing, tracking
from resolvers.cases.transitions import CaseMoved, channel_of, move
from tests.cases.joint_support import birth_request

pytestmark = pytest.mark.both_databases

S = CaseStatus
APPROVER = Actor(None, "公安审批员", "BACK_OFFICE", None)


async def _linked_case() -> int:
    staff = await Staff.get(username="qiantai")
    point = await ServicePoint.get(code="330106013")
    opened = await filing.open_application(Actor.staff(counter_viewer(staff.id, point.id, point.path)),
                                          await birth_request())
    return int(opened.cases[0]["id"])


async def test_listeners_run_in_the_transaction_in_registration_order(database):
    # given a linked case and two listeners that note what they see through the mover's connection
    case_id = await _linked_case()
    seen: list[tuple[str, CaseMoved, str]] = []

    def noting(name: str):
        async def listener(conn: BaseDBAsyncClient, change: CaseMoved) -> None:
            status = (await Case.filter(id=change.case_id).using_db(conn).values("status"))[0]["status"]
            seen.append((name, change, str(status)))
        return listener

    first, second = noting("first"), noting("second")
    # when the case is approved with both registered
    with transitions.moved.added(first), transitions.moved.added(second):
        async with in_transaction() as conn:
            await move(conn, case_id, expect=[S.RECEIVED], to=S.APPROVED, actor=APPROVER,
                       action="APPROVE")
    # then each ran once, in order, seeing the change already made in the transaction
    assert [(name, status) for name, _, status in seen] == [("first", "APPROVED"), ("second", "APPROVED")]
    change = seen[0][1]
    assert (change.case_id, change.old, change.new, change.actor) == (case_id, S.RECEIVED, S.APPROVED,
                                                                      APPROVER)
    assert change.application_id is not None
    # and they are gone once the block ends
    assert first not in transitions.moved and second not in transitions.moved


async def test_a_listener_that_raises_rolls_the_transition_back(database):
    # given a linked case and a listener that fails
    case_id = await _linked_case()
    before = (await Case.filter(id=case_id).values("status", "version"))[0]
    logs_before = await CaseLog.filter(case_id=case_id).count()
    events_before = await Event.filter(channel=channel_of(case_id)).count()

    async def failing(conn: BaseDBAsyncClient, change: CaseMoved) -> None:
        raise RuntimeError("listener failed")

    # when the case is approved
    with transitions.moved.added(failing), pytest.raises(RuntimeError):
        async with in_transaction() as conn:
            await move(conn, case_id, expect=[S.RECEIVED], to=S.APPROVED, actor=APPROVER,
                       action="APPROVE")
    # then nothing of the change remains: status, version, audit row, event
    row = (await Case.filter(id=case_id).values("status", "version"))[0]
    assert row == before and row["status"] == S.RECEIVED
    assert await CaseLog.filter(case_id=case_id).count() == logs_before
    assert await Event.filter(channel=channel_of(case_id)).count() == events_before


def test_the_composition_root_registers_the_joint_tracking():
    # given the hooks installed (as create_app, the CLI and the conftest do) — twice
    hooks.install()
    hooks.install()
    # then the joint application hears every case move, once
    assert tracking.on_case_moved in transitions.moved
    assert len([1 for listener in transitions.moved._listeners if listener is tracking.on_case_moved]) == 1


def test_transitions_imports_no_domain_built_on_it():
    source = Path(transitions.__file__).read_text(encoding="utf-8")
    imported = {n.module for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)}
    assert not any("joint" in (m or "") for m in imported)


async def test_listeners_register_once_and_run_in_order():
    calls: list[str] = []
    hook: Listeners[[str]] = Listeners("example")

    async def a(x: str) -> None:
        calls.append(f"a{x}")

    async def b(x: str) -> None:
        calls.append(f"b{x}")

    hook.add(a)
    hook.add(b)
    hook.add(a)
    await hook.notify("1")
    hook.remove(a)
    await hook.notify("2")
    assert calls == ["a1", "b1", "b2"] and len(hook) == 1
