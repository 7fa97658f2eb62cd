"""The checked-in SDL matches the schema, and the schema is a Federation v2 subgraph."""

from pathlib import Path

from hub.web.graphql_schema import sdl

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


def test_checked_in_sdl_matches_the_schema():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), "schema drifted: run `make schema`"


def test_entity_keys_are_declared():
    text = sdl()
    assert 'federation/v2.' in text
    for declaration in (
        'type Item @key(fields: "code")',
        'type Department @key(fields: "code")',
        'type ServicePoint @key(fields: "code")',
        'type Staff @key(fields: "id")',
    ):
        assert declaration in text


def test_every_type_and_field_has_a_description():
    from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

    from hub.core.settings import Settings
    from hub.web.graphql_schema import build_schema

    schema = build_schema(Settings(secret_key="x"))._schema
    missing = []
    for name, t in schema.type_map.items():
        federation_builtin = name.startswith("_") or "__" in name
        if federation_builtin or name in ("Query", "Mutation", "Subscription"):
            continue
        if isinstance(t, GraphQLObjectType | GraphQLInputObjectType | GraphQLEnumType) and not t.description:
            missing.append(name)
        if isinstance(t, GraphQLObjectType | GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, d in t.fields.items() if not d.description]
    for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
        assert root is not None
        missing += [
            f"{root.name}.{f}" for f, d in root.fields.items()
            if not d.description and not f.startswith("_")
        ]
    assert missing == []
