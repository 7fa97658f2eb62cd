"""The hub as an Apollo Federation v2 subgraph: _service and batched _entities."""

import pytest

from bench.querycount import count_queries
from hub.core.models import Item

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


PERSON = "query($n:String!){ person(idNumber:$n){ id name idNumber maskedIdNumber } }"
PERSON_ENTITIES = "query($r:[_Any!]!){ _entities(representations:$r){ ... on Person{ id name idNumber } } }"


async def test_person_is_found_by_id_number_and_keyed_by_an_opaque_id(gql):
    # given a front-desk member, who handles the applicant's case
    await gql.login("qiantai", "demo1234")
    # when they look up a demo applicant
    person = (await gql(PERSON, {"n": "330106195803120245"}))["data"]["person"]
    # then they see the whole number, and the key says nothing of it
    assert person["name"] == "张桂英" and person["idNumber"] == "330106195803120245"
    assert person["maskedIdNumber"] == "330106********0245"
    assert "330106" not in person["id"] and "1958" not in person["id"]
    # and the key resolves back to the same person
    reps = [{"__typename": "Person", "id": person["id"]}]
    entity = (await gql(PERSON_ENTITIES, {"r": reps}))["data"]["_entities"][0]
    assert entity == {"id": person["id"], "name": "张桂英", "idNumber": "330106195803120245"}


async def test_roles_that_need_not_see_id_numbers_get_them_masked(gql):
    await gql.login("admin", "admin123")
    person = (await gql(PERSON, {"n": "341221199008170518"}))["data"]["person"]
    assert person["idNumber"] == "341221********0518" == person["maskedIdNumber"]
    entity = (await gql(PERSON_ENTITIES, {"r": [{"__typename": "Person", "id": person["id"]}]}))
    assert entity["data"]["_entities"][0]["idNumber"] == "341221********0518"


async def test_people_are_closed_to_anonymous_callers_and_devices(gql):
    await gql.login("qiantai", "demo1234")
    reference = (await gql(PERSON, {"n": "330106195803120245"}))["data"]["person"]["id"]
    reps = [{"__typename": "Person", "id": reference}]
    # anonymous
    gql.token = None
    assert (await gql(PERSON, {"n": "330106195803120245"}))["errors"][0]["message"] == "请先登录"
    anonymous = await gql(PERSON_ENTITIES, {"r": reps})
    assert anonymous["data"]["_entities"] == [None]
    assert anonymous["errors"][0]["message"] == "请先登录"
    # a kiosk may check a number it was given (checklist), but never open a person
    await gql.login("kiosk01", "demo1234")
    kiosk = await gql(PERSON_ENTITIES, {"r": reps})
    assert kiosk["errors"][0]["message"].startswith("需要以下角色之一")
    refused = await gql(PERSON, {"n": "330106195803120245"})
    assert refused["errors"][0]["message"].startswith("需要以下角色之一")


async def test_unknown_or_forged_person_references_are_null_and_bad_numbers_are_refused(gql):
    await gql.login("qiantai", "demo1234")
    reference = (await gql(PERSON, {"n": "330106195803120245"}))["data"]["person"]["id"]
    forged = reference.split(".")[0] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAA"
    reps = [{"__typename": "Person", "id": forged}, {"__typename": "Person", "id": "1"}]
    assert (await gql(PERSON_ENTITIES, {"r": reps}))["data"]["_entities"] == [None, None]
    assert (await gql(PERSON, {"n": "110101199003070000"}))["data"]["person"] is None  # not registered
    bad = await gql(PERSON, {"n": "330106195803120244"})
    assert bad["errors"][0]["message"] == "身份证号码校验位不正确，请核对"


async def test_hundred_person_references_cost_one_query(gql):
    # given the references of the four demo applicants, repeated to 100 representations
    await gql.login("shenpi", "demo1234")
    numbers = ["330106195803120245", "341221199008170518", "330106202609050338", "330106196501200156"]
    references = [(await gql(PERSON, {"n": n}))["data"]["person"]["id"] for n in numbers]
    reps = [{"__typename": "Person", "id": references[i % 4]} for i in range(100)]
    # when the gateway asks for all of them in one _entities call
    with count_queries() as one:
        await gql(PERSON_ENTITIES, {"r": reps[:1]})
    with count_queries() as hundred:
        body = await gql(PERSON_ENTITIES, {"r": reps})
    # then the person table is read once, whatever the number of representations
    assert [e["id"] for e in body["data"]["_entities"]] == [r["id"] for r in reps]
    assert len(hundred) == len(one), hundred
    assert len([s for s in hundred if '"person"' in s or " person " in s]) == 1, hundred
