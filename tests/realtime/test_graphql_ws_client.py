"""The reference graphql-transport-ws client (npm graphql-ws, run by Node.js) against a real hub:
a syntax or validation error ends the operation with an ``error`` message, and the client's
automatic pongs keep it connected across the hub's pings."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, hub_server
from tests.services import need, need_node

# a hang (a message that never comes) fails with its stack after this, not at CI's limit
pytestmark = pytest.mark.timeout(120, func_only=True)

SCRIPT = Path(__file__).with_name("graphql_ws_client.mjs")
MODULES = ROOT / "frontends" / "node_modules"


def test_the_graphql_ws_client_gets_errors_for_bad_documents_and_survives_pings(
        sqlite_template, tmp_path):
    node = need_node()
    need("the graphql-ws npm client (frontends/node_modules)", (MODULES / "graphql-ws").is_dir())
    with hub_server(sqlite_template, tmp_path, HUB_WS_PING_SECONDS="0.3",
                    HUB_WS_PONG_TIMEOUT_SECONDS="2") as base:
        run = subprocess.run([node, str(SCRIPT), base.replace("http", "ws") + "/graphql",
                              str(MODULES)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    syntax, validation = report["outcomes"]["syntax"], report["outcomes"]["validation"]
    assert syntax["kind"] == "error" and "Syntax Error" in syntax["messages"][0]
    assert validation["kind"] == "error" and "nope" in validation["messages"][0]
    clock = report["outcomes"]["clock"]
    assert clock["kind"] == "next" and len(clock["got"]) == 2
    assert report["pings"] >= 2 and report["closedBeforeEnd"] is None
