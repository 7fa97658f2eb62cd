"""The one federated schema: every domain's queries, mutations and subscriptions."""

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

from hub.errors import HubError, PermissionDenied
from hub.graphql_exec import HubExecutionContext
from hub.settings import Settings
from realtime.applications_api import ApplicationSubscription
from realtime.subscriptions import RealtimeSubscription
from realtime.whistle import WhistleSubscription
from resolvers.analytics.api import AnalyticsQuery
from resolvers.calendar.api import CalendarMutation, CalendarQuery
from resolvers.cases.api import CaseMutation, CaseQuery
from resolvers.cases.applicant_api import ApplicantQuery
from resolvers.cases.backoffice_api import BackofficeMutation, BackofficeQuery
from resolvers.cases.events_api import CaseSubscription
from resolvers.cases.instant_api import InstantCaseMutation
from resolvers.cases.issuance_api import IssuanceMutation, IssuanceQuery
from resolvers.cases.joint_api import JointMutation, JointQuery
from resolvers.catalog.governance_api import GovernanceMutation, GovernanceQuery
from resolvers.catalog.queries import CatalogQuery
from resolvers.citizens.api import CitizenMutation, CitizenQuery
from resolvers.integration.api import IntegrationMutation, IntegrationQuery
from resolvers.org.queries import OrgQuery
from resolvers.people.queries import PeopleQuery
from resolvers.queue.appointment_api import AppointmentMutation, AppointmentQuery
from resolvers.queue.mutations import QueueMutation
from resolvers.queue.queries import QueueQuery
from resolvers.staff.mutations import StaffMutation
from resolvers.staff.queries import StaffQuery
from resolvers.whistle.mutations import WhistleMutation
from resolvers.whistle.queries import WhistleQuery
from schema.types.cases import Case
from schema.types.catalog import Item
from schema.types.org import Department, ServicePoint, Staff
from schema.types.people import Person
from training.learning_mutations import LearningMutation
from training.learning_queries import LearningQuery
from training.mutations import TrainingMutation
from training.queries import TrainingQuery


@strawberry.type(description="查询入口")
class Query(StaffQuery, CatalogQuery, GovernanceQuery, OrgQuery, TrainingQuery, QueueQuery,
            WhistleQuery, LearningQuery, AppointmentQuery, CalendarQuery, PeopleQuery, CaseQuery,
            CitizenQuery, JointQuery, IssuanceQuery, ApplicantQuery, BackofficeQuery,
            IntegrationQuery, AnalyticsQuery):
    pass


@strawberry.type(description="变更入口")
class Mutation(StaffMutation, GovernanceMutation, TrainingMutation, QueueMutation,
               WhistleMutation, LearningMutation,
               AppointmentMutation, CalendarMutation, CaseMutation, CitizenMutation, JointMutation,
               IssuanceMutation, InstantCaseMutation, BackofficeMutation, IntegrationMutation):
    pass


@strawberry.type(description="订阅入口（graphql-transport-ws）")
class Subscription(RealtimeSubscription, WhistleSubscription, ApplicationSubscription,
                   CaseSubscription):
    pass


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
    # Factories: a fresh extension per request; the parser and validation caches live at
    # module level, so they are shared all the same.
    extensions: list[Any] = [
        lambda: AddValidationRules(rules),
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
