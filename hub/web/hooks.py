"""The composition root's listeners: which domain hears which other domain's events.

A domain publishes an event (``transitions.on_moved``, ``staff.actions.on_logged_in``) without
knowing who listens; the domains that care listen. Importing a rules module registers nothing:
``install`` does, once per process, called by the app factory (``hub.web.app.create_app``), the
CLI commands that change data and the tests' conftest. Registering is idempotent, so calling
it again is harmless.
"""

from __future__ import annotations

from resolvers.cases import intake, issuance, routing, transitions
from resolvers.cases.joint import tracking
from resolvers.notify import engine as notify
from resolvers.payment import orders as payment
from resolvers.queue import appointments, calling
from resolvers.staff import actions as staff
from resolvers.whistle import actions as whistle


def install() -> None:
    """Register every cross-domain listener."""
    # 一件事联办: a linked case's every step is tracked on its application, in the same transaction.
    transitions.on_moved(tracking.on_case_moved)
    # 通知: residents hear of their case's steps; 联办提醒 reaches the next departments' groups.
    transitions.on_recorded(notify.on_case_recorded)
    transitions.on_moved(notify.on_case_moved)
    routing.on_noticed(notify.on_staff_noticed)  # B岗接办, 临期提醒, 超期督办 to the groups
    appointments.on_booked(notify.on_appointment_booked)
    whistle.on_escalated(notify.on_whistle_escalated)  # 吹哨上报 to the supervisors' groups
    calling.on_called(notify.on_ticket_called)  # 叫号提醒: "3 people ahead of you"
    # 统一支付: fees frozen at filing; no issuance while unpaid; a refused case is refunded.
    intake.on_filed(payment.freeze_fees)
    issuance.issue_checks.add(payment.require_paid)
    transitions.on_moved(payment.on_case_moved)
    # 窗口吹哨: an expert who logs in counts as on duty.
    staff.on_logged_in(whistle.expert_logged_in)
