"""The query cost limit (hub/web/cost.py): weighed before execution, per role, cached."""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from graphql import parse, validate

from hub.core.settings import ROOT, Settings
from hub.web import cost
from hub.web.cost import WEIGHTS, document_costs
from hub.web.graphql_schema import build_schema
from tests.conftest import test_settings

SRC = ROOT / "frontends" / "src"
DEFAULTS = Settings()
# The attack of issue 15, finding 1: within depth 12 and 149 characters, 11⁵ nodes.
ATTACK_BODY = 'servicePoint(code:"330106"){ children{ parent{ children{ parent{ children{ code }}}}}}'
ATTACK = "{ " + ATTACK_BODY + " }"


def aliased(n: int) -> str:
    return "{ " + " ".join(f"a{i}: {ATTACK_BODY}" for i in range(n)) + " }"


@cache
def graphql_schema():
    return build_schema(test_settings())._schema


@cache
def frontend_documents() -> list[dict]:
    out = subprocess.run(
        ["node", str(ROOT / "frontends" / "scripts" / "list-documents.mjs"), str(SRC)],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout
    return json.loads(out)


def public_documents() -> list[dict]:
    """The documents the pages without login send: those written in the public routes'
    components, and the api constants those (and the composables and components they use)
    import."""
    router = (SRC / "router" / "index.js").read_text()
    pages = set()
    for route in re.split(r"(?=\bpath:\s*')", router):
        component = re.search(r"import\('@/([^']+)'\)", route)
        if component and "requiresAuth" not in route:
            pages.add(component.group(1))
    files = set(pages)
    for page in pages:
        for spec in re.findall(r"from '@/((?:composables|components)/[^']+)'", (SRC / page).read_text()):
            files.add(spec if spec.endswith((".js", ".vue")) else spec + ".js")
    lines: set[tuple[str, int]] = set()
    for file in files:
        path = SRC / file
        if not path.is_file():
            continue
        imports = re.findall(r"import\s*\{([^}]*)\}\s*from '@/api/([^']+)'", path.read_text())
        for names, module in imports:
            api = f"api/{module}.js"
            source = (SRC / api).read_text().splitlines()
            for name in (n.strip().split(" as ")[0] for n in names.split(",") if n.strip()):
                for number, line in enumerate(source, 1):
                    if re.match(rf"export const {name}\b", line):
                        lines.update({(api, number), (api, number + 1)})
    return [d for d in frontend_documents() if d["file"] in pages or (d["file"], d["line"]) in lines]


def test_every_frontend_document_fits_the_staff_budget():
    schema = graphql_schema()
    documents = frontend_documents()
    assert len(documents) > 100
    over = {
        f"{d['file']}:{d['line']} {name}": c
        for d in documents
        for name, c in document_costs(schema, parse(d["text"])).items()
        if c > DEFAULTS.cost_limit_staff
    }
    assert not over


def test_every_public_page_document_fits_the_anonymous_budget():
    schema = graphql_schema()
    documents = public_documents()
    names = {n for d in documents for n in document_costs(schema, parse(d["text"]))}
    # The public pages' own documents are found: the guide, tracking, joint applications, booking.
    assert {"Items", "TrackCase", "Bundles", "BundleChecklist", "AppointmentSlots"} <= names
    over = {
        f"{d['file']}:{d['line']} {name}": c
        for d in documents
        for name, c in document_costs(schema, parse(d["text"])).items()
        if c > DEFAULTS.cost_limit_anonymous
    }
    assert not over


def test_nested_lists_multiply_aliases_add_and_pages_weigh_their_size():
    schema = graphql_schema()

    def weigh(query: str) -> int:
        return next(iter(document_costs(schema, parse(query)).values()))

    search = WEIGHTS["Query.items"] - 1  # the item search's own weight, once per call
    assert weigh("{ items(first: 5){ totalCount } }") == search + 5 * 2
    # The edges are the page itself: they do not multiply again.
    assert weigh("{ items(first: 5){ edges{ node{ code name } } } }") == search + 5 * (1 + (1 + (1 + 2)))
    # `first` left out: the argument's default (20); a variable: the largest page (100).
    assert weigh("{ items{ totalCount } }") == search + 20 * 2
    assert weigh("query($n: Int!){ items(first: $n){ totalCount } }") == search + 100 * 2
    assert weigh("{ a: items(first: 5){ totalCount } b: items(first: 5){ totalCount } }") == 2 * (search + 10)
    # children{ parent{ children } }: each level multiplies by the declared bound.
    one = weigh(ATTACK)
    assert one > 100**3
    assert weigh(aliased(2)) == 2 * one


def test_fragments_are_expanded_and_cycles_never_loop():
    schema = graphql_schema()
    spread = (
        '{ servicePoint(code:"330106"){ ...Down } }'
        " fragment Down on ServicePoint { children{ parent{ ...Again } } }"
        " fragment Again on ServicePoint { children{ parent{ children{ code } } } }"
    )
    assert document_costs(schema, parse(spread))[None] == document_costs(schema, parse(ATTACK))[None]
    cyclic = parse(
        '{ servicePoint(code:"330106"){ ...A } }'
        " fragment A on ServicePoint { children{ ...B } }"
        " fragment B on ServicePoint { parent{ ...A } }"
    )
    assert document_costs(schema, cyclic)[None] > 0
    rule = cost.cost_rule(10)
    errors = validate(schema, cyclic, [rule])
    assert all(e.extensions.get("code") == "COST_LIMIT" for e in errors)


@pytest.mark.parametrize("aliases", [1, 2, 30])
async def test_the_tree_attack_is_refused_before_it_runs(gql, aliases):
    query = ATTACK if aliases == 1 else aliased(aliases)
    response = await gql.post(query)
    assert response.status_code == 200
    body = response.json()
    assert "data" not in body  # refused at validation: nothing ran
    (error,) = body["errors"]
    assert error["message"].startswith("查询过于复杂")
    extensions = error["extensions"]
    assert extensions["code"] == "COST_LIMIT"
    assert extensions["limit"] == DEFAULTS.cost_limit_anonymous
    assert extensions["cost"] > extensions["limit"]
    # Staff get a higher budget, not an unlimited one.
    await gql.login("admin", "admin123")
    staff = (await gql.post(query)).json()["errors"][0]["extensions"]
    assert staff["code"] == "COST_LIMIT" and staff["limit"] == DEFAULTS.cost_limit_staff


async def test_staff_have_the_higher_budget(gql):
    # The catalogue editor's references walk the whole service point tree: over the anonymous
    # budget, within the staff one.
    document = next(d for d in frontend_documents() if "query CatalogReferences" in d["text"])
    weight = document_costs(graphql_schema(), parse(document["text"]))["CatalogReferences"]
    assert DEFAULTS.cost_limit_anonymous < weight <= DEFAULTS.cost_limit_staff
    anonymous = (await gql.post(document["text"])).json()
    assert anonymous["errors"][0]["extensions"]["code"] == "COST_LIMIT"
    await gql.login("admin", "admin123")
    staff = (await gql.post(document["text"])).json()
    assert "errors" not in staff and staff["data"]["servicePoints"]


async def test_budgets_come_from_settings(database):
    import httpx

    from hub.web.app import create_app

    app = create_app(test_settings(database, cost_limit_anonymous=5), manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        refused = await http.post("/graphql", json={"query": "{ items(first: 3){ totalCount } }"})
        assert refused.json()["errors"][0]["extensions"] == {
            "code": "COST_LIMIT", "cost": WEIGHTS["Query.items"] - 1 + 6, "limit": 5,
        }
        ok = await http.post("/graphql", json={"query": "{ servicePoint(code: \"330106\"){ name } }"})
        assert "errors" not in ok.json()


async def test_validation_stays_cached_per_role(gql):
    from strawberry.extensions.validation_cache import _get_validate_cache

    validate_cached = _get_validate_cache(1000)
    query = '{ servicePoint(code:"330106"){ name children{ code } } }'
    await gql.post(query)
    before = validate_cached.cache_info()
    for _ in range(3):
        assert "errors" not in (await gql.post(query)).json()
    after = validate_cached.cache_info()
    assert after.hits - before.hits == 3 and after.misses == before.misses
    await gql.login("admin", "admin123")
    await gql.post(query)  # the staff rule set: one more entry
    middle = validate_cached.cache_info()
    await gql.post(query)
    assert validate_cached.cache_info().hits == middle.hits + 1


@pytest.mark.both_databases
async def test_children_are_bounded_by_the_declared_bound(gql, monkeypatch):
    from schema.org import types

    query = '{ servicePoint(code:"330106"){ children{ code } } }'
    full = (await gql(query))["data"]["servicePoint"]["children"]
    assert len(full) > 1
    monkeypatch.setattr(types, "MAX_CHILDREN", 1)
    assert len((await gql(query))["data"]["servicePoint"]["children"]) == 1


def test_public_documents_are_found_in_the_sources():
    assert Path(SRC / "router" / "index.js").is_file()
    assert public_documents()
