"""The ``idempotencyKey`` input field of retried writes and the key it makes (hub/core/idempotency.py).

``intakeCase``, ``openApplication``, ``bookAppointment`` and ``takeTicket`` take an optional
``idempotencyKey`` in their input: a page makes one per form submission and sends it again when
it retries. The key is scoped by the mutation and the actor (a staff account, a resident, or
anonymous), and bound to the rest of the input by a fingerprint.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import strawberry

from hub.core.idempotency import MAX_KEY_LENGTH, Keyed
from hub.core.viewer import Viewer
from resolvers.citizens.accounts import Citizen

KEY_HELP = (f"请求编号（幂等键，1–{MAX_KEY_LENGTH} 个字符，可空）：页面每次提交生成一个，重试时原样再发；"
            "同一操作者同一编号只写入一次并返回首次结果，内容不同则拒绝")


def key_field() -> Any:
    """The optional ``idempotencyKey`` field of an input."""
    return strawberry.field(default=None, description=KEY_HELP)


def keyed(scope: str, input: Any, viewer: Viewer | None, citizen: Citizen | None = None
          ) -> Keyed | None:
    """The key of ``input`` (None without one); HubError for a blank or overlong key."""
    payload = {k: v for k, v in dataclasses.asdict(input).items() if k != "idempotency_key"}
    actor = (f"staff:{viewer.staff_id}" if viewer is not None
             else f"citizen:{citizen.person_id}" if citizen is not None else "anonymous")
    return Keyed.of(scope, actor, input.idempotency_key, payload)
