"""A case's progress as its applicant reads it (办理进度): resident wording, internal steps left out.

Every terminal a resident uses (PC tracking, phone, kiosk) shows this list, never the audit
trail itself: "调取人口库与电子证照", 督办, 信息校验 or an officer passing the case to a
colleague are the hall's business, not the applicant's. One table decides, by action code;
``None`` hides the step. An action missing from the table is hidden too (a new internal step
cannot leak by accident); tests/cases/test_progress.py checks that every action is decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

RESIDENT_LABELS: dict[str, str | None] = {
    "PREAPPLY": "网上提交申请",
    "RECEIVE": "窗口已受理",
    "ACCEPT": "窗口已受理",
    "PREREVIEW_PASS": "材料预审通过",
    "PREREVIEW_RETURN": "材料需补正",
    "CLAIM": "部门审批中",
    "ASSIGN": "部门审批中",
    "RELEASE": None,
    "OFFER_BACKUP": None,
    "APPROVE": "审批通过",
    "REJECT": "不予许可",
    "REFUSE": "不予受理",
    "REQUEST_SUPPLEMENT": "要求补件",
    "DEPT_SUPPLEMENT": "要求补件",
    "SUPPLEMENT": "已补交材料",
    "INFO_CHECK": None,
    "INFO_CHECK_DONE": None,
    "REMIND": None,
    "ESCALATE": None,
    "ISSUE": "已出件",
    "DELIVERED": "已签收",
    "EVALUATE": "已评价",
    "INSTANT_DONE": "当场办结",
    "RECTIFY": None,
    "RECTIFIED": "差评整改回访办结",
    "BASEDATA_FETCH": None,
}


def resident_label(action: str) -> str | None:
    return RESIDENT_LABELS.get(action)


def resident_steps(log: Iterable[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """The log rows a resident sees, oldest first, each with its resident label; a step that
    repeats the one before it (审批中 after a hand-over) is shown once."""
    steps: list[tuple[dict[str, Any], str]] = []
    for row in log:
        label = resident_label(row["action"])
        if label is None or (steps and steps[-1][1] == label):
            continue
        steps.append((row, label))
    return steps
