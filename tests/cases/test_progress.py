"""Residents see their case's steps in resident wording only: the internal steps of the audit
trail (调取人口库与电子证照, 督办, hand-overs) never reach the tracking pages."""

from resolvers.cases.progress import RESIDENT_LABELS, resident_steps
from schema.cases.types import ACTION_LABELS


def row(action: str, n: int) -> dict:
    return {"id": n, "action": action}


def test_every_action_of_the_audit_trail_is_decided_for_residents():
    # a new action must be placed on one side or the other, not leak by default
    assert set(ACTION_LABELS) == set(RESIDENT_LABELS)


def test_internal_steps_are_left_out_and_repeated_steps_shown_once():
    log = [row(a, i) for i, a in enumerate((
        "RECEIVE", "BASEDATA_FETCH", "CLAIM", "RELEASE", "CLAIM", "REMIND", "ESCALATE",
        "INFO_CHECK", "INFO_CHECK_DONE", "REQUEST_SUPPLEMENT", "SUPPLEMENT", "APPROVE", "ISSUE"))]
    steps = resident_steps(log)
    assert [label for _, label in steps] == [
        "窗口已受理", "部门审批中", "要求补件", "已补交材料", "审批通过", "已出件"]
    assert "调取人口库与电子证照" not in {label for _, label in steps}
    assert resident_steps([row("SOMETHING_NEW", 1)]) == []  # unknown: hidden
