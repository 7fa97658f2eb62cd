"""Every GraphQL document the frontends send is valid against the checked-in SDL.

`frontends/scripts/check-graphql.mjs` finds the documents in `frontends/src` (`.vue` script blocks,
`api/*.js`, composables, stores; `${FIELDS}` interpolations resolved) and validates them with
graphql-js against `schema/schema.graphql`. These tests run it on the real sources, and on a
temporary source tree with a wrong field to prove that it does fail.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hub.core.settings import ROOT
from tests.services import need

FRONTENDS = ROOT / "frontends"
SCRIPT = FRONTENDS / "scripts" / "check-graphql.mjs"
CHECKED = re.compile(r"^(\d+) GraphQL documents checked in (\d+) files", re.MULTILINE)


@pytest.fixture(scope="module")
def node() -> str:
    path = shutil.which("node")
    need("Node.js (for the frontends' GraphQL contract check)", path is not None)
    need("the frontends' npm packages (run `make frontend`)",
         (FRONTENDS / "node_modules" / "graphql").is_dir() and (FRONTENDS / "node_modules" / "vue").is_dir())
    assert path is not None
    return path


def check(node: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([node, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def gql_calls() -> int:
    """How many times the sources call gql() (its own module aside): a floor for the documents found."""
    return sum(
        path.read_text(encoding="utf-8").count("gql(")
        for path in (FRONTENDS / "src").rglob("*")
        if path.suffix in {".js", ".vue"} and path != FRONTENDS / "src" / "api" / "graphql.js"
    )


def test_the_frontends_documents_match_the_schema(node: str) -> None:
    result = check(node)
    drift = result.stdout + result.stderr
    assert result.returncode == 0, f"the frontends drifted from schema/schema.graphql:\n{drift}"
    found = CHECKED.search(result.stdout)
    assert found, result.stdout
    calls = gql_calls()
    assert calls > 100
    assert int(found[1]) >= calls, f"{found[0]}, but the sources call gql() {calls} times"


FIELDS = """\
// Staff fields shown in the header.
export const STAFF_FIELDS = `
  id
  nickname
`
"""

VIEW = """\
<template><p>{{ me }}</p></template>
<script setup>
import { gql } from '@/api/graphql'
import { STAFF_FIELDS } from '@/api/fields'

const ME = `query Me { me { ${STAFF_FIELDS} } }`
const DEPARTMENTS = `
  query Departments {
    departments { code headcount }
  }
`
gql(ME)
gql(DEPARTMENTS)
</script>
"""


def test_a_wrong_field_fails_the_check_at_its_line(node: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "api").mkdir(parents=True)
    (src / "views").mkdir()
    (src / "api" / "graphql.js").write_text("export async function gql(query) {}\n", encoding="utf-8")
    (src / "api" / "fields.js").write_text(FIELDS, encoding="utf-8")
    (src / "views" / "Header.vue").write_text(VIEW, encoding="utf-8")

    result = check(node, "src", cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    lines = out.splitlines()
    # The interpolated fragment's problem is reported in its own file, at its own line.
    assert 'src/api/fields.js:4: Cannot query field "nickname" on type "Staff".' in lines[0], out
    assert 'src/views/Header.vue:9: Cannot query field "headcount" on type "Department".' in lines[1], out
    assert "2 GraphQL documents checked in 3 files" in result.stdout
    assert "2 problems" in result.stdout


def test_finding_no_document_fails(node: str, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.js").write_text("export const TITLE = '一窗受理'\n", encoding="utf-8")

    result = check(node, str(tmp_path / "src"))

    assert result.returncode == 1
    assert "0 GraphQL documents checked" in result.stdout
    assert "no GraphQL document found" in result.stdout


def test_a_document_built_from_a_local_is_reported_not_skipped(node: str, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "load.js").write_text(
        "export async function load(gql, fields) {\n"
        "  return gql(`query Me { me { ${fields} } }`)\n"
        "}\n",
        encoding="utf-8",
    )

    result = check(node, "src", cwd=tmp_path)

    assert result.returncode == 1
    assert "src/load.js:2: the document interpolates `fields`" in result.stdout
