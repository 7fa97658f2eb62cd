"""The query cost limit: a graphql-core validation rule that refuses a document before it runs.

The cost of a document estimates how many fields its answer can hold:

- every field counts 1 (a costly one its ``WEIGHTS``: a QR code, the item search), times the
  multiplier of the lists around it;
- a field with a ``first`` argument multiplies what it selects by the page size (the literal
  value; the field's default when absent; the largest page a variable may ask for, since
  validation runs before variables are known and is cached per document);
- the lists directly inside such a paged field (a connection's ``nodes``, ``edges``) are the page
  itself and do not multiply again;
- any other list multiplies by its declared bound (``BOUNDS``, ``GROWING``: the resolvers keep
  to it, ``bound_lists``) or by ``DEFAULT_LIST_BOUND`` (lists fixed by configuration,
  ``FIXED_LISTS``);
- a chain of lists walking down a tree (``TREE_FIELDS``) weighs the tree's size once;
- aliases add (each aliased field is counted on its own), fragments are expanded (a fragment
  cycle, which validation refuses anyway, is counted once and never followed);
- introspection (``__schema``, ``__type``) costs nothing: it is bounded by the depth limit and
  switched off in production.

Each operation of the document is weighed separately; one over the budget fails validation with
``extensions: {code: "COST_LIMIT", cost, limit}``. The budget depends on the viewer (anonymous or
staff): ``cost_rule(limit)`` builds one rule class per budget, once, so that the validation cache
(keyed by the rule classes) keeps one entry per document and role.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    is_list_type,
)
from strawberry.extensions import SchemaExtension

from schema.org.types import MAX_CHILDREN, MAX_SERVICE_POINTS

COST_LIMIT = "COST_LIMIT"
# A list with neither a page size nor a declared bound: the hub's small fixed lists (an item's
# materials, a case's steps) are far below this.
DEFAULT_LIST_BOUND = 10
# The page size a `first: $variable` may reach (every resolver refuses more than this).
MAX_PAGE_SIZE = 100
# Declared bounds of lists that can grow, "Type.field": the most rows the resolver returns.
BOUNDS: dict[str, int] = {
    # The administrative tree: the resolver returns no more than this many children.
    "ServicePoint.children": MAX_CHILDREN,
    # The roots of the tree (or one point's children, by parentCode).
    "Query.servicePoints": MAX_CHILDREN,
    # Federation: the gateway batches entity representations.
    "Query._entities": MAX_PAGE_SIZE,
}
# Lists that grow with use (a case's audit trail, a help call's chat, a session's attendees):
# the most items the API returns of each, far above real use. ``bound_lists`` makes every
# resolver keep to its bound (the first ones, in the list's own order) and the cost model
# weighs the list so. A list neither here nor paged nor in ``FIXED_LISTS`` fails
# tests/web/test_list_bounds.py: each new list is classified.
GROWING: dict[str, int] = {
    "Case.log": 100,
    "Case.supplements": 20,
    "Case.infoChecks": 50,
    "CaseMaterial.files": 20,
    "CaseMaterial.annotations": 20,
    "WhistleCallView.messages": 200,
    "WhistleDesk.calls": 50,
    "TrainingSession.attendees": 200,
    "HallSnapshot.recentCalls": 20,
    "Item.acceptingPoints": MAX_CHILDREN,
    "ServicePoint.windows": 50,
    "Item.relatedItems": 8,  # resolvers.catalog.related.MAX_RELATED
    "Case.relatedOffers": 8,
    "CarriedMaterial.files": 20,
    "CasePayment.orders": 20,
}
BOUNDS.update(GROWING)
# Lists a client can nest that neither grow with use nor are pages: their length is set by the
# catalogue and the administrators' configuration (an item's materials and questions, an
# exam's parts, a bundle's items), by the calendar (a year's holidays, a day's periods), or by
# one record's own fields. Weighed ``DEFAULT_LIST_BOUND``. Reviewed one by one; a new list
# field must be classified here, in ``GROWING``, or paged (tests/web/test_list_bounds.py).
FIXED_LISTS = frozenset({
    "BundleItemChecklist.errors",
    "Item.keywords", "Item.materials", "Item.questions", "Item.lifeEvents", "Question.options",
    "Staff.roles", "Staff.roleLabels", "Case.givenAnswers", "Case.materials", "Checklist.questions",
    "Checklist.answers", "Checklist.missing", "Checklist.lines", "ChecklistApplicant.licences",
    "ExamQuestion.options", "ExamQuestion.answer", "ExamQuestion.tags", "Exam.parts",
    "CertificateScope.queueCategories", "CertificateScope.departmentCodes", "ExamPart.tags",
    "ExamPaper.parts", "ExamPaper.questions", "PaperQuestion.options", "PaperQuestion.chosen",
    "ExamResult.parts", "ExamResult.review", "QuestionReview.options", "QuestionReview.chosen",
    "QuestionReview.answer", "ExamAttempt.parts", "QueueCategory.departmentCodes",
    "AppointmentCategory.departmentCodes",
    "HallSnapshot.queues", "HallEvent.queues", "WindowSession.categories", "Course.materials",
    "OpeningHours.weekly", "OpeningHours.closedDates", "OpeningHours.openDates",
    "WeekdayHours.periods", "AttendanceDay.periods", "AttendanceDay.marks",
    "AttendanceDay.markLabels", "AppointmentServicePoint.categories", "Appointment.whatToBring",
    "HolidayYear.holidays", "HolidayYear.workdays", "Bundle.sharedFields", "Bundle.items",
    "BundleField.options", "BundleField.answersQuestions", "BundleChecklist.items",
    "BundleChecklist.materials", "BundleItemChecklist.answeredByShared", "CombinedMaterial.needs",
    "Application.shared", "Application.progress", "Application.cases", "ApplicantRecord.licences",
    "PeakSeries.values", "ExpertAdvice.nextDates",
    "PreCheck.answers", "PreCheck.carriedMaterialIds", "PreCheck.missing", "PreCheckAnswer.values",
    "NotifyTemplate.variables",
    # an item's fees (at most resolvers.catalog.fees.MAX_FEES) and an order's copy of them
    "Checklist.fees", "PaymentOrder.lines", "CasePayment.fees",
})
# Fields whose value is costly to compute, weighed as this many plain fields: a QR code is
# about 20 ms of CPU (measured: hub.core.qr.qr_data_url, 23 ms on a loaded 2-core machine)
# where a plain field is microseconds; the item search scans the catalogue index.
WEIGHTS: dict[str, int] = {
    "Ticket.slipQrDataUrl": 100,
    "Ticket.rateQrDataUrl": 100,
    "PaymentOrder.codeQr": 100,
    "Appointment.qrDataUrl": 100,
    "ExamSession.qrDataUrl": 100,
    "Certificate.qrDataUrl": 100,
    "ClockCode.qrDataUrl": 100,
    "Query.items": 50,
}
# Lists that walk down a tree, and the most nodes the whole tree holds: a chain of them
# (servicePoints { children { children { … } } }) weighs the tree once, not its bound per level.
# `parent` is no tree field: children { parent { children } } multiplies per level, as it should.
TREE_FIELDS: dict[str, int] = {
    "Query.servicePoints": MAX_SERVICE_POINTS,
    "ServicePoint.children": MAX_SERVICE_POINTS,
}
TREE_FIELD_NAMES = frozenset(key.split(".")[1] for key in TREE_FIELDS)


def _unwrap(type_: Any) -> Any:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def _is_list(field: GraphQLField) -> bool:
    return is_list_type(_unwrap(field.type))


class CostCounter:
    """Computes the cost of operations of one document against one schema."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments: dict[str, FragmentDefinitionNode] = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._memo: dict[tuple[str, bool, bool], int] = {}
        self._expanding: set[str] = set()

    def operation(self, node: OperationDefinitionNode) -> int:
        root = self.schema.get_root_type(node.operation)
        return self._selections(root, node.selection_set, paged=False) if root else 0

    def _selections(
        self,
        parent: GraphQLNamedType | None,
        selection_set: SelectionSetNode | None,
        paged: bool,
        descent: bool = False,
    ) -> int:
        if selection_set is None or parent is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(parent, selection, paged, descent)
            elif isinstance(selection, InlineFragmentNode):
                cond = selection.type_condition
                target = self.schema.get_type(cond.name.value) if cond else parent
                total += self._selections(target, selection.selection_set, paged, descent)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._spread(selection.name.value, paged, descent)
        return total

    def _spread(self, name: str, paged: bool, descent: bool) -> int:
        key = (name, paged, descent)
        if key in self._memo:
            return self._memo[key]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._expanding:
            return 0  # unknown or cyclic: validation reports it; never loop
        self._expanding.add(name)
        try:
            target = self.schema.get_type(fragment.type_condition.name.value)
            cost = self._selections(target, fragment.selection_set, paged, descent)
        finally:
            self._expanding.discard(name)
        self._memo[key] = cost
        return cost

    def _descends(self, selection_set: SelectionSetNode | None, seen: frozenset[str]) -> bool:
        """Whether ``selection_set`` selects a tree field directly (through fragments too)."""
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode) and selection.name.value in TREE_FIELD_NAMES:
                return True
            if isinstance(selection, InlineFragmentNode) and self._descends(
                selection.selection_set, seen
            ):
                return True
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment and name not in seen and self._descends(
                    fragment.selection_set, seen | {name}
                ):
                    return True
        return False

    def _field(self, parent: GraphQLNamedType, node: FieldNode, paged: bool, descent: bool) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0
        fields = getattr(parent, "fields", None)
        field = fields.get(name) if fields else None
        if field is None:
            return 1  # unknown here (an abstract parent's member, or an error validation reports)
        key = f"{parent.name}.{name}"
        child = get_named_type(field.type)
        if key in TREE_FIELDS:
            # Walking down a tree: a chain of tree fields from one entry holds at most the
            # whole tree, so the entry weighs the tree's bound and the levels below it 1.
            if descent:
                multiplier = 1
            elif self._descends(node.selection_set, frozenset()):
                multiplier = TREE_FIELDS[key]
            else:
                multiplier = BOUNDS.get(key, DEFAULT_LIST_BOUND)
            inner = self._selections(child, node.selection_set, False, descent=True)
            return multiplier * (1 + inner)
        page = self._page_size(field, node)
        if page is not None:
            multiplier, inner_paged = page, not _is_list(field)
        elif _is_list(field):
            multiplier = 1 if paged else BOUNDS.get(key, DEFAULT_LIST_BOUND)
            inner_paged = False
        else:
            multiplier, inner_paged = 1, False
        # A costly field is computed once per parent, whatever its page size: its extra weight
        # is added outside its own multiplier.
        extra = WEIGHTS.get(key, 1) - 1
        return extra + multiplier * (1 + self._selections(child, node.selection_set, inner_paged))

    @staticmethod
    def _page_size(field: GraphQLField, node: FieldNode) -> int | None:
        if "first" not in field.args:
            return None
        for argument in node.arguments or ():
            if argument.name.value == "first":
                value = argument.value
                if isinstance(value, IntValueNode):
                    return max(0, int(value.value))
                return MAX_PAGE_SIZE  # a variable (or null): the largest page it may ask for
        default = field.args["first"].default_value
        return default if isinstance(default, int) else MAX_PAGE_SIZE


def document_costs(schema: GraphQLSchema, document: DocumentNode) -> dict[str | None, int]:
    """The cost of each operation of ``document`` by name (None for an anonymous operation)."""
    counter = CostCounter(schema, document)
    return {
        (d.name.value if d.name else None): counter.operation(d)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    }


def cost_error(cost: int, limit: int, nodes: Iterable[Any] = ()) -> GraphQLError:
    return GraphQLError(
        f"查询过于复杂：估算代价 {cost} 超过上限 {limit}，请减少列表数量、嵌套层级或别名",
        nodes=list(nodes) or None,
        extensions={"code": COST_LIMIT, "cost": cost, "limit": limit},
    )


def cost_rule(limit: int) -> type[ValidationRule]:
    """A validation rule class refusing every operation that costs more than ``limit``."""

    class CostLimitRule(ValidationRule):
        budget = limit

        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.counter = CostCounter(context.schema, context.document)

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            cost = self.counter.operation(node)
            if cost > self.budget:
                self.report_error(cost_error(cost, self.budget, [node]))

    CostLimitRule.__name__ = CostLimitRule.__qualname__ = f"CostLimitRule{limit}"
    return CostLimitRule


class RequestLimits(SchemaExtension):
    """The validation rules (depth, aliases, introspection in production), then the cost rule
    of the viewer's budget — staff when the request carries a valid staff token (its signature
    only: no database lookup before validation), anonymous otherwise — and the parser's token
    cap, all set in one hook (an extension hook per limit cost more than the limits).

    Built per request from rule classes made once (``cost_rule``), so the validation cache sees
    the same rule set for every request of a role."""

    def __init__(self, rules: tuple[type[ASTValidationRule], ...], anonymous: type[ValidationRule],
                 staff: type[ValidationRule], max_tokens: int) -> None:
        self.rules = rules
        self.anonymous = anonymous
        self.staff = staff
        self.max_tokens = max_tokens

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        cost = self.staff if _is_staff(context.context) else self.anonymous
        context.validation_rules = (*context.validation_rules, *self.rules, cost)
        context.parse_options["max_tokens"] = self.max_tokens
        yield


def _is_staff(context: Any) -> bool:
    bearer = getattr(context, "bearer_token", None)
    token = bearer() if callable(bearer) else None
    return bool(token) and context.services.signer.verify(token) is not None


__all__ = [
    "BOUNDS",
    "COST_LIMIT",
    "FIXED_LISTS",
    "GROWING",
    "WEIGHTS",
    "CostCounter",
    "RequestLimits",
    "cost_error",
    "cost_rule",
    "document_costs",
]
