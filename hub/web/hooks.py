"""The composition root's listeners: which domain hears which other domain's events.

A lower domain publishes (``transitions.on_moved``); the domains built on it listen. Importing a
rules module registers nothing: ``install`` does, once per process, called by the app factory
(``hub.web.app.create_app``), the CLI commands that change data and the tests' conftest.
Registering is idempotent, so calling it again is harmless.
"""

from __future__ import annotations

from resolvers.cases import joint, transitions


def install() -> None:
    """Register every cross-domain listener."""
    # 一件事联办: a linked case's every step is tracked on its application, in the same transaction.
    transitions.on_moved(joint.on_case_moved)
