"""GraphQL root of schema."""

from __future__ import annotations

import strawberry

from schema.analytics.queries import AnalyticsQuery
from schema.appointments.mutations import AppointmentMutation
from schema.appointments.queries import AppointmentQuery
from schema.attendance.mutations import AttendanceMutation
from schema.attendance.queries import AttendanceQuery
from schema.calendar.mutations import CalendarMutation
from schema.calendar.queries import CalendarQuery
from schema.cases.backoffice.mutations import BackofficeMutation
from schema.cases.backoffice.queries import BackofficeQuery
from schema.cases.issuance.mutations import IssuanceMutation
from schema.cases.issuance.queries import IssuanceQuery
from schema.cases.joint.mutations import JointMutation
from schema.cases.joint.queries import JointQuery
from schema.cases.joint.subscriptions import ApplicationSubscription
from schema.cases.mutations import CaseMutation, InstantCaseMutation
from schema.cases.queries import ApplicantQuery, CaseQuery
from schema.cases.subscriptions import CaseSubscription
from schema.catalog.queries import CatalogQuery
from schema.citizens.mutations import CitizenMutation
from schema.citizens.queries import CitizenQuery
from schema.governance.mutations import GovernanceMutation
from schema.governance.queries import GovernanceQuery
from schema.integration.mutations import IntegrationMutation
from schema.integration.queries import IntegrationQuery
from schema.notify.mutations import NotifyMutation
from schema.notify.queries import NotifyQuery
from schema.org.queries import OrgQuery
from schema.payment.mutations import PaymentMutation
from schema.payment.queries import PaymentQuery
from schema.people.queries import PeopleQuery
from schema.queue.greeter import PreCheckMutation, PreCheckQuery
from schema.queue.mutations import QueueMutation
from schema.queue.queries import QueueQuery
from schema.queue.subscriptions import RealtimeSubscription
from schema.related.mutations import RelatedMutation
from schema.related.queries import RelatedQuery
from schema.staff.mutations import StaffMutation
from schema.staff.queries import StaffQuery
from schema.training.courses.mutations import LearningMutation
from schema.training.courses.queries import LearningQuery
from schema.training.mutations import TrainingMutation
from schema.training.queries import TrainingQuery
from schema.uploads.mutations import UploadMutation
from schema.whistle.mutations import WhistleMutation
from schema.whistle.queries import WhistleQuery
from schema.whistle.subscriptions import WhistleSubscription


@strawberry.type(description="查询入口")
class Query(StaffQuery, CatalogQuery, GovernanceQuery, OrgQuery, TrainingQuery, QueueQuery,
            WhistleQuery, LearningQuery, AttendanceQuery, AppointmentQuery, CalendarQuery,
            PeopleQuery, CaseQuery, CitizenQuery, JointQuery, IssuanceQuery, ApplicantQuery,
            BackofficeQuery, IntegrationQuery, AnalyticsQuery, PreCheckQuery,
            RelatedQuery, NotifyQuery, PaymentQuery):
    pass


@strawberry.type(description="变更入口")
class Mutation(StaffMutation, GovernanceMutation, TrainingMutation, QueueMutation,
               WhistleMutation, LearningMutation, AttendanceMutation,
               AppointmentMutation, CalendarMutation, CaseMutation, CitizenMutation, JointMutation,
               IssuanceMutation, InstantCaseMutation, BackofficeMutation, IntegrationMutation,
               UploadMutation, PreCheckMutation,
               RelatedMutation, NotifyMutation, PaymentMutation):
    pass


@strawberry.type(description="订阅入口（graphql-transport-ws）")
class Subscription(RealtimeSubscription, WhistleSubscription, ApplicationSubscription,
                   CaseSubscription):
    pass
