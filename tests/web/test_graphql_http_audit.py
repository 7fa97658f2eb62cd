"""graphql-http's server audit (the GraphQL over HTTP spec) against a real hub: every audit
ok, with no warning and no notice (issue 15, findings 11–13)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.core.settings import ROOT
from tests.conftest import hub_server
from tests.services import need, need_node

pytestmark = pytest.mark.gateway  # Node, like the gateway tests

AUDIT = ROOT / "gateway" / "audit.mjs"
AUDITS = 61


@pytest.fixture(scope="module")
def hub(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A hub on loopback with the anonymous public cache on, as in production."""
    with hub_server(sqlite_template, tmp_path_factory.mktemp("audit"),
                    HUB_PUBLIC_CACHE_SECONDS="10") as base:
        yield base


def test_graphql_over_http_audit_passes_every_check(hub: str):
    node = need_node()
    need("graphql-http (run `make gateway`)", (ROOT / "gateway" / "node_modules" / "graphql-http").is_dir())
    # when graphql-http audits the hub's /graphql
    done = subprocess.run([node, str(AUDIT), "--url", f"{hub}/graphql"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT / "gateway")
    report = json.loads(done.stdout)
    # then all 61 audits are ok: no error, no warning, no notice
    failed = [r for r in report["results"] if r["status"] != "ok"]
    assert failed == [], json.dumps(failed, ensure_ascii=False, indent=1)
    assert (report["ok"], report["total"]) == (AUDITS, AUDITS)
    assert done.returncode == 0, done.stderr
