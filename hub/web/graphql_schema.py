"""The executable schema: validation limits, caches, masking and the executor."""

from __future__ import annotations

import hmac
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from hub.core.errors import HubError, PermissionDenied
from hub.core.models.enums import Role
from hub.core.settings import Settings
from hub.web import tracing
from hub.web.cost import RequestLimits, cost_rule
from hub.web.graphql_errors import INTERNAL, label
from hub.web.graphql_exec import HubExecutionContext
from hub.web.list_bounds import bound_lists
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


GATEWAY_SECRET_HEADER = "x-gateway-secret"
MASKED_MESSAGE = "服务器内部错误"


class HubMaskErrors(MaskErrors):
    """Production masking; a masked error still says what it was: INTERNAL."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL}
        return masked

    def _process_result(self, result: object) -> None:
        # As strawberry's, without its isinstance check against a runtime Protocol (slow on
        # every request): any result with errors has them masked.
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]


class HubSchema(strawberry.federation.Schema):
    """The federation schema whose every top-level error carries ``extensions.code``."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        label(errors)
        super().process_errors(errors, execution_context)


def _guard_service_sdl(schema: strawberry.federation.Schema, settings: Settings) -> None:
    """In production ``_service`` (the whole SDL, mutations included) answers the gateway —
    requests carrying the shared secret in X-Gateway-Secret — and administrators only."""
    query_type = schema._schema.query_type
    assert query_type is not None
    field = query_type.fields["_service"]
    resolve = field.resolve
    assert resolve is not None
    secret = settings.gateway_secret.encode()

    async def guarded(root: Any, info: Any, **kwargs: Any) -> Any:
        given = info.context.request.headers.get(GATEWAY_SECRET_HEADER, "").encode()
        if not (secret and hmac.compare_digest(given, secret)):
            viewer = await info.context.viewer()
            if viewer is None or not viewer.has_role(Role.ADMIN):
                raise PermissionDenied("仅网关或系统管理员可以读取服务描述")
        return resolve(root, info, **kwargs)

    field.resolve = guarded


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
    limited = tuple(rules)
    extensions: list[Any] = [
        lambda: RequestLimits(limited, anonymous_cost, staff_cost, settings.max_tokens),
        lambda: ParserCache(maxsize=1000),
        lambda: ValidationCache(maxsize=1000),
    ]
    if tracing.enabled():
        extensions.append(tracing.schema_extension())
    if settings.is_prod:
        extensions.append(
            lambda: HubMaskErrors(should_mask_error=_should_mask, error_message=MASKED_MESSAGE)
        )
    schema = HubSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Item, Department, ServicePoint, Staff, Person, Case],
        extensions=extensions,
        # Production suggests no field names ("Did you mean …") to a stranger probing the API.
        config=StrawberryConfig(auto_camel_case=True, disable_field_suggestions=settings.is_prod),
        execution_context_class=HubExecutionContext,
        # 2.9: the newest version the gateway's composition (@theguild/federation-composition)
        # knows; the hub uses only @key, which every v2 has (DECISIONS.md).
        federation_version="2.9",
    )
    # Growing lists keep to the bound the cost model weighs them by (hub/web/list_bounds.py).
    bound_lists(schema._schema)
    if settings.is_prod:
        _guard_service_sdl(schema, settings)
    return schema


def sdl() -> str:
    """The SDL checked in at schema/schema.graphql (mode-independent)."""
    return build_schema(Settings(secret_key="sdl")).as_str() + "\n"
