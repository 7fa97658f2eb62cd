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


async def test_fast_path_answers_exactly_like_graphql_core(gql, database, monkeypatch):
    # given the same query answered with and without the fast path (a fresh app: the plans
    # live on the fields of each schema)
    fast = await gql(LIST)
    from hub.web import graphql_exec

    monkeypatch.setattr(graphql_exec, "_fast_leaf", lambda field_def: graphql_exec._NOT_FAST)
    app = create_app(test_settings(database), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
        standard = (await c.post("/graphql", json={"query": LIST})).json()
    # then the responses are identical, nulls and enums included
    assert fast == standard
    assert any(e["node"]["feeBasis"] is None for e in fast["data"]["items"]["edges"])


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
    from graphql import GraphQLField, GraphQLString

    from hub.web import graphql_exec

    def leaf(attribute: str) -> GraphQLField:
        def resolve(source, info):
            return getattr(source, attribute)

        resolve._is_default = True  # as strawberry marks a plain attribute
        return GraphQLField(GraphQLString, resolve=resolve)

    dead: set[int] = set()
    for _ in range(200):
        old = leaf("name")
        assert graphql_exec.plan_of(old)[0] is old.resolve
        dead.add(id(old))
        del old
    token = leaf("token")
    assert id(token) in dead  # the address was reused (what made the old cache answer wrongly)
    assert graphql_exec.plan_of(token)[0] is token.resolve
