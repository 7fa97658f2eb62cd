"""A faster path through graphql-core for plain leaf fields.

Most fields of a guide page are plain attributes holding a string, number or enum (the
item's name, a material's count ...). graphql-core still builds a full ``ResolveInfo``,
checks for arguments and awaitables and walks ``complete_value`` for each one; measured here
that is most of the cost of a 20-item list. For a field that strawberry marks as basic (no
resolver, no permission, no extension), has no arguments in the query and has a scalar or
enum type, this executor reads the attribute and serialises it directly. Anything else —
and any value that is null where the type forbids it, or fails to serialise — goes through
graphql-core's own path, so results and errors are exactly the standard ones.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    is_leaf_type,
    visit,
)
from graphql.language import Visitor
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from realtime.frames import subscription_executor

_NOT_FAST = object()



def _fast_leaf(field_def: GraphQLField) -> tuple[Any, GraphQLLeafType, bool] | object:
    resolve = field_def.resolve
    if resolve is None or not getattr(resolve, "_is_default", False) or field_def.args:
        return _NOT_FAST
    field_type: Any = field_def.type
    non_null = isinstance(field_type, GraphQLNonNull)
    inner = field_type.of_type if non_null else field_type
    if not is_leaf_type(inner):
        return _NOT_FAST
    return resolve, inner, non_null


# The attribute a field definition keeps its plan in: (resolver, leaf type, non-null) or
# _NOT_FAST. On the field itself, so the plan lives and dies with it: a dictionary keyed by
# id(field) outlived the schemas of earlier apps (tests build many), and a new field given a
# dead one's id was resolved with the dead field's resolver (LoginPayload.token read another
# attribute and came back null, so a later test's login "failed").
PLAN = "_hub_fast_plan"


def plan_of(field_def: GraphQLField) -> Any:
    """The field's fast-path plan, made on first use and kept on the field."""
    plan = field_def.__dict__.get(PLAN)
    if plan is None:
        plan = field_def.__dict__[PLAN] = _fast_leaf(field_def)
    return plan


class HubExecutionContext(StrawberryGraphQLCoreExecutionContext):
    _middleware: bool | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Executors of subscription events are copies (build_per_event_executor): they
        # do not come through here.
        if self.operation.operation is OperationType.SUBSCRIPTION:
            subscription_executor.set(self)

    def _has_middleware(self) -> bool:
        """Whether an extension wraps resolvers (then every field takes the standard path)."""
        if self._middleware is None:
            manager = self.middleware_manager
            probe = _fast_leaf
            self._middleware = manager is not None and manager.get_field_resolver(probe) is not probe
        return self._middleware

    def execute_field(  # type: ignore[override]
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        field_def = parent_type.fields.get(node.name.value)
        if field_def is not None and not node.arguments and not self._has_middleware():
            plan = plan_of(field_def)
            if plan is not _NOT_FAST:
                resolve, leaf_type, non_null = plan  # type: ignore[misc]
                try:
                    value = resolve(source, None)
                    if value is not None:
                        return leaf_type.serialize(value)
                    if not non_null:
                        return None
                except Exception:
                    pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def execute_fields(  # type: ignore[override]
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        """An object whose selected fields are all plain leaves (a row of a list: a case of the
        issuance worklist, a material of an item) is completed in one loop, without a path, a
        call and a result check per field. At the first field that is not — arguments, a
        resolver, an object type, a null where the type forbids it, a value that does not
        serialise — the whole object goes through graphql-core (reading an attribute twice
        has no effect), so results and errors stay the standard ones."""
        if not self._has_middleware():
            fields = parent_type.fields
            results: dict[str, Any] = {}
            for response_name, field_details_list in grouped_field_set.items():
                node = field_details_list[0].node
                field_def = fields.get(node.name.value)
                if field_def is None or node.arguments:
                    break
                plan = plan_of(field_def)
                if plan is _NOT_FAST:
                    break
                resolve, leaf_type, non_null = plan
                try:
                    value = resolve(source_value, None)
                    if value is None:
                        if non_null:
                            break
                        results[response_name] = None
                    else:
                        results[response_name] = leaf_type.serialize(value)
                except Exception:
                    break
            else:
                return results
        return super().execute_fields(
            parent_type, source_value, path, grouped_field_set, position_context)

    # --- subscription events shared by every subscriber ------------------------------------

    # Per document: the names of the variables an event's result depends on (None: unknown).
    _event_vars: dict[tuple[str, str | None], tuple[str, ...] | None] = {}

    def execute_operation(self, serially: bool | None = None) -> Any:
        """A subscription event whose payload offers ``shared_results`` (its fields depend on
        the event only) is executed once per document and relevant variables; every other
        subscriber of the same document gets that result. Only clean results are shared."""
        shared = getattr(self.root_value, "shared_results", None)
        key = self.shared_key() if shared is not None else None
        if key is None:
            return super().execute_operation(serially)
        assert shared is not None
        hit = shared.get(key)
        if hit is not None:
            return hit
        result = super().execute_operation(serially)
        if not self.is_awaitable(result) and not getattr(result, "errors", None):
            shared[key] = result
        return result

    def shared_key(self) -> tuple | None:
        """What an event's result depends on besides the event: the subscription document
        and the values of every variable used below its root fields, fragments included
        (None: not shareable)."""
        operation = self.operation
        if operation.operation is not OperationType.SUBSCRIPTION or operation.loc is None:
            return None
        document = (operation.loc.source.body, operation.name.value if operation.name else None)
        names = self._selection_variables(document)
        if names is None:
            return None
        coerced: dict[str, Any] = getattr(self.variable_values, "coerced", None) or {}
        return (document, tuple((n, repr(coerced.get(n))) for n in names))

    def _selection_variables(self, document: tuple[str, str | None]) -> tuple[str, ...] | None:
        """Variables used below the root fields (their own arguments only pick the stream),
        or None when that cannot be told (a spread of an unknown fragment)."""
        names = self._event_vars.get(document, _UNKNOWN)
        if names is _UNKNOWN:
            found = event_variables(self.operation, self.fragments)
            if len(self._event_vars) > 1000:  # documents are few; never let this grow unbounded
                self._event_vars.clear()
            names = self._event_vars[document] = None if found is None else tuple(sorted(found))
        return names  # type: ignore[return-value]


_UNKNOWN = object()


class _Collect(Visitor):
    """Variables of a subtree, and the fragments it spreads."""

    def __init__(self) -> None:
        super().__init__()
        self.variables: set[str] = set()
        self.spreads: list[str] = []

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        self.variables.add(node.name.value)

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        self.spreads.append(node.name.value)


def _definition(fragments: dict[str, Any], name: str) -> FragmentDefinitionNode | None:
    entry = fragments.get(name)  # graphql-core 3.3: FragmentDetails(definition, signatures)
    return getattr(entry, "definition", entry)


def event_variables(operation: OperationDefinitionNode,
                    fragments: dict[str, Any]) -> set[str] | None:
    """Every variable an event's result may depend on: all those used in the operation
    except in the arguments of its root fields (which choose the stream, not the payload) —
    in directives, in selections below the root fields and in every fragment those reach,
    however deeply nested, root-level fragments and inline fragments included. None when a
    spread names a fragment the document does not define."""
    collect = _Collect()
    for directive in operation.directives or ():
        visit(directive, collect)
    seen: set[str] = set()
    pending: list[Any] = [operation.selection_set]
    while pending:  # the root level: fields, and the fragments that hold root fields
        selection_set = pending.pop()
        for selection in selection_set.selections:
            for directive in selection.directives or ():
                visit(directive, collect)
            if isinstance(selection, FieldNode):
                if selection.selection_set is not None:
                    visit(selection.selection_set, collect)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = _definition(fragments, name)
                if fragment is None:
                    return None
                if name not in seen:
                    seen.add(name)
                    for directive in fragment.directives or ():
                        visit(directive, collect)
                    pending.append(fragment.selection_set)
            else:  # a kind of selection this code does not know: do not share
                return None
    while collect.spreads:  # fragments spread below the root fields, nested ones included
        name = collect.spreads.pop()
        if name in seen:
            continue
        seen.add(name)
        fragment = _definition(fragments, name)
        if fragment is None:
            return None
        visit(fragment, collect)
    return collect.variables
