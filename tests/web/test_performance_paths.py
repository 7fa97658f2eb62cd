"""The leaf fast path and the public response cache change speed, never answers."""

import httpx
import pytest

from bench.querycount import count_queries
from hub.core.models import Item
from hub.web.app import create_app
from hub.web.public_cache import is_public_query
from tests.conftest import test_settings

LIST = "{ items(first:20){ edges{ node{ code name kind kindLabel fee feeBasis "\
       "department{ shortName } materials{ name count note requirement } } } } }"
# Every kind of value the fast path completes: leaves, enums, nulls, lists of leaves, plain
# objects and lists of them, __typename, aliases, fragments, and fields it leaves to
# graphql-core (directives, resolvers).
RICH = """query($yes:Boolean!){ items(first:30){ __typename totalCount
  edges{ __typename cursor node{ __typename ...F code label: name kind keywords fee feeBasis
    channels{ __typename counter pc mobile kiosk } department{ code shortName __typename }
    materials{ __typename id name form formLabel count requirement requirementLabel note
               conditional n: name @include(if: $yes) } } }
  pageInfo{ hasNextPage endCursor __typename } }
  item(code:"330106-YB-001"){ name lifeEvents{ code name } acceptingPoints{ name } } }
fragment F on Item { decisionLevel decisionLevelLabel standard baseCode version }"""


async def _standard(database, monkeypatch, query, variables=None):
    """The answer with every field through graphql-core (as under a resolver middleware)."""
    from hub.web.graphql_exec import HubExecutionContext

    monkeypatch.setattr(HubExecutionContext, "_has_middleware", lambda self: True)
    app = create_app(test_settings(database), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
        return (await c.post("/graphql", json={"query": query, "variables": variables})).json()


async def test_fast_path_answers_exactly_like_graphql_core(gql, database, monkeypatch):
    # given the same queries answered with and without the fast path
    fast = [await gql(LIST), await gql(RICH, {"yes": True})]
    standard = [await _standard(database, monkeypatch, LIST),
                await _standard(database, monkeypatch, RICH, {"yes": True})]
    # then the responses are identical, nulls and enums included
    assert fast == standard
    assert any(e["node"]["feeBasis"] is None for e in fast[0]["data"]["items"]["edges"])
    assert "errors" not in fast[1] and fast[1]["data"]["items"]["edges"][0]["node"]["channels"]


async def test_a_null_in_a_non_null_leaf_is_still_a_located_error(gql, monkeypatch):
    from schema.catalog import types as catalog

    original = catalog.Item.from_row

    def broken(row):
        item = original(row)
        item.name = None  # type: ignore[assignment]
        return item

    monkeypatch.setattr(catalog.Item, "from_row", broken)
    body = await gql('{ item(code:"330106-YB-001"){ code name } }')
    assert body["data"]["item"] is None
    assert body["errors"][0]["path"] == ["item", "name"]
    assert "Cannot return null for non-nullable field" in body["errors"][0]["message"]


@pytest.mark.parametrize(("attribute", "value", "message"), [
    ("name", None, "Cannot return null for non-nullable field Material.name."),
    ("count", "many", "「many」不是有效的整数"),
])
async def test_a_bad_value_inside_a_list_of_plain_objects_fails_as_graphql_core_fails_it(
        gql, database, monkeypatch, attribute, value, message):
    # given the third material read whose name is null, or whose count is no number (in a list
    # the fast path completes whole until it meets it)
    from schema.catalog import types as catalog

    original = catalog.Material.from_row
    seen = {"n": 0}

    def broken(row):
        material = original(row)
        seen["n"] += 1
        if seen["n"] == 3:
            setattr(material, attribute, value)
        return material

    monkeypatch.setattr(catalog.Material, "from_row", broken)
    query = '{ items(first:3){ edges{ node{ code materials{ name count } } } } }'
    fast = await gql(query)
    seen["n"] = 0
    standard = await _standard(database, monkeypatch, query)
    # then the answer, its nulls and its located errors are graphql-core's own
    assert fast == standard
    assert fast["errors"][0]["message"] == message
    assert fast["errors"][0]["path"][-3:-1] == ["materials", 2]


def test_only_anonymous_catalogue_reads_are_public():
    assert is_public_query("{ items{ totalCount } departments{ code } }", None)
    assert is_public_query("query A{ item(code:\"x\"){ name } } mutation B{ __typename }", "A")
    assert not is_public_query("{ me{ name } }", None)
    assert not is_public_query("{ items{ totalCount } me{ name } }", None)
    assert not is_public_query("mutation{ login(input:{username:\"a\",password:\"b\"}){ token } }", None)
    assert not is_public_query("{ ...F } fragment F on Query{ items{ totalCount } }", None)
    assert not is_public_query("{ items(", None)


@pytest.fixture
async def cached(database):
    app = create_app(test_settings(database, public_cache_seconds=60), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
        yield c, app


async def test_repeated_public_queries_are_served_from_memory(cached):
    client, _app = cached
    body = {"query": LIST}
    first = await client.post("/graphql", json=body)
    with count_queries() as statements:
        second = await client.post("/graphql", json=body)
    assert statements == [] and second.content == first.content
    assert second.headers["content-type"] == "application/json; charset=utf-8"


async def test_cache_expires_and_can_be_cleared(cached):
    client, app = cached
    body = {"query": '{ item(code:"330106-YB-001"){ name } }'}
    await client.post("/graphql", json=body)
    await Item.filter(code="330106-YB-001").update(name="城乡居民医保参保登记（新）")
    assert "（新）" not in (await client.post("/graphql", json=body)).text
    app.state.public_cache.clear()
    assert "（新）" in (await client.post("/graphql", json=body)).text


async def test_authenticated_and_failed_requests_are_never_cached(cached):
    client, _app = cached
    login = await client.post("/graphql", json={"query": 'mutation{ login(input:{username:"admin",'
                                                         'password:"admin123"}){ token } }'})
    token = login.json()["data"]["login"]["token"]
    with count_queries() as statements:
        for _ in range(2):
            await client.post("/graphql", json={"query": LIST},
                              headers={"authorization": f"Bearer {token}"})
    assert len(statements) >= 2
    assert len(_app.state.public_cache._entries) == 0
    bad = {"query": "{ items(first:5, after:\"!!\"){ totalCount } }"}
    assert (await client.post("/graphql", json=bad)).json()["errors"]
    assert len(_app.state.public_cache._entries) == 0



def test_a_fast_plan_belongs_to_its_field_never_to_a_later_one_at_the_same_address():
    # Tests (and any process that builds a schema again) drop schemas; CPython gives a new
    # field the address of a dead one. The leaf plans once lived in a dictionary keyed by
    # id(field): the new field was resolved with the dead field's resolver, so a later test's
    # LoginPayload.token came back null and its login "failed" (tests/staff/test_auth.py run
    # after tests/web: 请先登录).
    from types import SimpleNamespace

    from graphql import GraphQLField, GraphQLString

    from hub.web import graphql_exec

    def leaf(attribute: str) -> GraphQLField:
        def resolve(source, info):
            return getattr(source, attribute)

        resolve._is_default = True  # as strawberry marks a plain attribute
        return GraphQLField(GraphQLString, resolve=resolve)

    source = SimpleNamespace(name="name", token="token")
    dead: set[int] = set()
    for _ in range(200):
        old = leaf("name")
        assert graphql_exec.leaf_of(old).read(source) == "name"
        dead.add(id(old))
        del old
    token = leaf("token")
    assert id(token) in dead  # the address was reused (what made the old cache answer wrongly)
    assert graphql_exec.leaf_of(token).read(source) == "token"
