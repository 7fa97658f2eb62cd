"""The executable schema: validation limits, caches, masking and the executor."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from hub.core.errors import HubError, PermissionDenied
from hub.core.settings import Settings
from hub.web.cost import CostLimit, cost_rule
from hub.web.graphql_exec import HubExecutionContext
from schema.cases.types import Case
from schema.catalog.types import Item
from schema.org.types import Department, ServicePoint, Staff
from schema.people.types import Person
from schema.root import Mutation, Query, Subscription


def _should_mask(error: GraphQLError) -> bool:
    """Mask unexpected failures only; users still see validation and business messages."""
    original = error.original_error
    # Permission classes raise GraphQLErrors whose messages are written for the user.
    return original is not None and not isinstance(
        original, HubError | PermissionDenied | GraphQLError
    )


def build_schema(settings: Settings) -> strawberry.federation.Schema:
    # The limiters' rule classes are built once: the validation cache is keyed by the rule
    # set, and strawberry constructs extensions per request, so rules created per request
    # would make every validation a cache miss.
    rules = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    if settings.is_prod:
        rules += DisableIntrospection().validation_rules
    # One cost rule class per budget, made once for the same reason; each request adds the
    # one of its viewer's role (hub/web/cost.py).
    anonymous_cost = cost_rule(settings.cost_limit_anonymous)
    staff_cost = cost_rule(settings.cost_limit_staff)
    # Factories: a fresh extension per request; the parser and validation caches live at
    # module level, so they are shared all the same.
    extensions: list[Any] = [
        lambda: AddValidationRules(rules),
        lambda: CostLimit(anonymous_cost, staff_cost),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParserCache(maxsize=1000),
        lambda: ValidationCache(maxsize=1000),
    ]
    if settings.is_prod:
        extensions.append(
            lambda: MaskErrors(should_mask_error=_should_mask, error_message="服务器内部错误")
        )
    return strawberry.federation.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Item, Department, ServicePoint, Staff, Person, Case],
        extensions=extensions,
        config=StrawberryConfig(auto_camel_case=True),
        execution_context_class=HubExecutionContext,
        # 2.9: the newest version the gateway's composition (@theguild/federation-composition)
        # knows; the hub uses only @key, which every v2 has (DECISIONS.md).
        federation_version="2.9",
    )


def sdl() -> str:
    """The SDL checked in at schema/schema.graphql (mode-independent)."""
    return build_schema(Settings(secret_key="sdl")).as_str() + "\n"
