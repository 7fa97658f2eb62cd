"""The hub as an Apollo Federation v2 subgraph: _service and batched _entities."""

import pytest

from hub.models import Item
from tests.querycount import count_queries

pytestmark = pytest.mark.both_databases

ENTITIES = """query($r:[_Any!]!){ _entities(representations:$r){
  ... on Item{ code name department{ shortName } }
  ... on Department{ code name }
  ... on ServicePoint{ code name }
  ... on Staff{ id name }
} }"""


async def test_service_sdl_is_served(gql):
    sdl = (await gql("{ _service{ sdl } }"))["data"]["_service"]["sdl"]
    assert "@link(url: \"https://specs.apollo.dev/federation/v2." in sdl
    assert 'type Item @key(fields: "code")' in sdl


async def test_hundred_item_references_cost_one_query(gql):
    codes = await Item.all().limit(40).values_list("code", flat=True)
    reps = [{"__typename": "Item", "code": codes[i % len(codes)]} for i in range(100)]
    with count_queries() as statements:
        body = await gql(ENTITIES, {"r": [{"__typename": "Item", "code": c} for c in codes[:1]]})
    assert body["data"]["_entities"][0]["code"] == codes[0]
    with count_queries() as statements:
        body = await gql(
            "query($r:[_Any!]!){ _entities(representations:$r){ ... on Item{ code name } } }",
            {"r": reps},
        )
    assert [e["code"] for e in body["data"]["_entities"]] == [r["code"] for r in reps]
    assert len(statements) == 1, statements


async def test_every_keyed_type_resolves_and_unknown_keys_are_null(gql):
    reps = [
        {"__typename": "Department", "code": "RS"},
        {"__typename": "ServicePoint", "code": "330106013"},
        {"__typename": "Item", "code": "does-not-exist"},
    ]
    entities = (await gql(ENTITIES, {"r": reps}))["data"]["_entities"]
    assert entities[0]["name"].endswith("人力资源和社会保障局")
    assert entities[1]["name"] == "文新街道"
    assert entities[2] is None


async def test_staff_entities_need_an_authenticated_caller(gql):
    reps = [{"__typename": "Staff", "id": "1"}]
    anonymous = await gql(ENTITIES, {"r": reps})
    assert anonymous["errors"][0]["message"] == "请先登录"
    await gql.login("admin", "admin123")
    assert (await gql(ENTITIES, {"r": reps}))["data"]["_entities"][0]["name"] == "系统管理员"
