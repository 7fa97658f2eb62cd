"""Every list a client can nest is bounded where it is resolved, by the bound the cost model
weighs it with (issue 15): paged, a growing list cut to its declared bound, or fixed by
configuration — and costly fields weigh more than plain ones."""

from datetime import timedelta

import pytest
from graphql import (
    GraphQLNonNull,
    get_named_type,
    is_interface_type,
    is_list_type,
    is_object_type,
    parse,
)

from hub.core.clock import utcnow
from hub.core.models import Case, CaseLog
from hub.web.cost import BOUNDS, DEFAULT_LIST_BOUND, FIXED_LISTS, GROWING, WEIGHTS, document_costs
from hub.web.graphql_schema import build_schema
from tests.cases.test_case_api import intake
from tests.conftest import test_settings

ROOTS = {"Query", "Mutation", "Subscription"}


def graphql_schema():
    return build_schema(test_settings())._schema


def list_fields(schema):
    for name, type_ in schema.type_map.items():
        if name.startswith("__") or not (is_object_type(type_) or is_interface_type(type_)):
            continue
        for field_name, field in type_.fields.items():
            inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if is_list_type(inner):
                yield name, field_name, field


def test_every_nestable_list_is_paged_bounded_or_fixed():
    schema = graphql_schema()
    # the types a paged field (one with `first`) returns: their lists are the page itself
    pages = {get_named_type(f.type).name for _, _, f in list_fields(schema) if "first" in f.args}
    pages |= {get_named_type(f.type).name for t in schema.type_map.values()
              if is_object_type(t) for f in t.fields.values() if "first" in f.args}
    # types only the root answers (a mutation's payload, the analytics report): one per
    # request, never nested in a list, so nothing multiplies their lists
    # (and the objects only such a type holds, by a field that is no list)
    referenced: dict[str, set[str]] = {}
    for type_ in schema.type_map.values():
        if is_object_type(type_) or is_interface_type(type_):
            for field in type_.fields.values():
                inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
                owner = "(a list)" if is_list_type(inner) else type_.name
                referenced.setdefault(get_named_type(field.type).name, set()).add(owner)
    root_only: set[str] = set()
    while grown := {n for n, owners in referenced.items()
                    if n not in root_only and owners <= ROOTS | root_only}:
        root_only |= grown
    unclassified = sorted(
        f"{owner}.{name}" for owner, name, field in list_fields(schema)
        if owner not in ROOTS | pages | root_only and "first" not in field.args
        and f"{owner}.{name}" not in BOUNDS and f"{owner}.{name}" not in FIXED_LISTS)
    assert unclassified == [], unclassified
    # and nothing is classified that does not exist (a renamed field is noticed)
    known = {f"{owner}.{name}" for owner, name, _ in list_fields(schema)}
    assert (set(GROWING) | FIXED_LISTS) - known == set()
    # every growing list is cut to its bound where it runs
    for key, bound in GROWING.items():
        owner, name = key.split(".")
        assert schema.get_type(owner).fields[name].resolve.list_bound == bound, key


@pytest.mark.both_databases
async def test_a_case_log_grown_past_its_bound_answers_its_bound_and_is_weighed_so(gql):
    # given a case whose audit trail has grown to 150 entries (a long-running case, or abuse)
    await gql.login("qiantai", "demo1234")
    case = await Case.get(id=(await intake(gql))["data"]["intakeCase"]["case"]["id"])
    now = utcnow()
    await CaseLog.bulk_create([
        CaseLog(case_id=case.id, at=now + timedelta(seconds=i), action="NOTE", actor_name="系统",
                channel="SYSTEM") for i in range(150)])
    assert await CaseLog.filter(case_id=case.id).count() > GROWING["Case.log"]
    query = "query($id:ID!){ case(id:$id){ log{ action at } } }"
    answer = await gql(query, {"id": str(case.id)})
    # then the answer holds the bound the cost model assumed, the earliest entries first
    log = answer["data"]["case"]["log"]
    assert len(log) == GROWING["Case.log"] == 100
    assert log == sorted(log, key=lambda e: e["at"])
    # the estimate: case 1 + 100 × (log 1 + 2 fields)
    assert document_costs(graphql_schema(), parse(query)) == {None: 1 + 100 * 3}


def test_costly_fields_weigh_more_than_plain_ones():
    schema = graphql_schema()
    plain = '{ ticketByToken(token:"t"){ number } }'
    with_qr = '{ ticketByToken(token:"t"){ number slipQrDataUrl rateQrDataUrl } }'
    assert document_costs(schema, parse(with_qr))[None] - document_costs(schema, parse(plain))[None] \
        == WEIGHTS["Ticket.slipQrDataUrl"] + WEIGHTS["Ticket.rateQrDataUrl"]
    # the item search weighs its page times its fields, plus its own weight once
    search = '{ items(first:20, filter:{keyword:"生育"}){ edges{ node{ code } } } }'
    assert document_costs(schema, parse(search))[None] == WEIGHTS["Query.items"] - 1 + 20 * 4
    assert DEFAULT_LIST_BOUND == 10
