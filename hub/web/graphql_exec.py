"""graphql-core's executor with a fast path for plain data (``hub.web.graphql_fast``).

Most fields of a guide page are plain attributes holding a string, number or enum (the
item's name, a material's count ...), or objects and lists made only of such fields (an
item's department, its materials). graphql-core still builds a ``Path`` and a ``ResolveInfo``,
checks for arguments and awaitables and walks ``complete_value`` for each one; measured here
that was most of the cost of a 20-item list. Fields that strawberry marks as basic (no
resolver, no permission, no extension), selected without arguments or directives, are
completed here through their shapes; anything else — and any value a shape cannot complete
(a null where the type forbids it, a value that fails to coerce, an exception) — goes through
graphql-core's own path, so results and errors are exactly the standard ones.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    Undefined,
    VariableNode,
    visit,
)
from graphql.execution.executor import Path
from graphql.language import Visitor
from graphql.pyutils import gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from hub.web import graphql_fast as fast
from realtime.frames import subscription_executor

# The shape of the leaf fields of one field definition, kept on the field (see
# graphql_fast.READER for why not in a dictionary by id).
LEAF = "_hub_leaf"
_NO_LEAF = object()


def leaf_of(field_def: GraphQLField) -> fast.Leaf | None:
    """The shape of a plain scalar or enum field with its reader, made on first use."""
    leaf = field_def.__dict__.get(LEAF)
    if leaf is None:
        read = fast.reader_of(field_def)
        made = fast.leaf_shape(field_def.type) if read is not None else None
        if made is not None:
            made.read = read  # type: ignore[assignment]
        leaf = field_def.__dict__[LEAF] = made if made is not None else _NO_LEAF
    return None if leaf is _NO_LEAF else leaf  # type: ignore[return-value]


class _TypeName(fast.Shape):
    """``__typename`` of a concrete object type: its name."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        super().__init__(True)
        self.name = name
        self.read = self._name

    def _name(self, _source: Any) -> str:
        return self.name

    def complete(self, value: Any) -> Any:
        return value


class HubExecutionContext(StrawberryGraphQLCoreExecutionContext):
    _middleware: bool | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per execution: shapes by the id of their field list (kept alive beside them, so
        # an id is never reused while this executor runs), field plans by the id of their
        # grouped field set likewise.
        self._shapes: dict[int, tuple[Any, fast.Shape | None]] = {}
        self._plans: dict[int, tuple[Any, tuple[tuple[str, Any, fast.Shape | None], ...]]] = {}
        self._fast = not self._has_middleware()
        # Executors of subscription events are copies (build_per_event_executor): they
        # do not come through here.
        if self.operation.operation is OperationType.SUBSCRIPTION:
            subscription_executor.set(self)

    def _has_middleware(self) -> bool:
        """Whether an extension wraps resolvers (then every field takes the standard path)."""
        if self._middleware is None:
            manager = self.middleware_manager
            probe = fast.reader_of
            self._middleware = manager is not None and manager.get_field_resolver(probe) is not probe
        return self._middleware

    # --- shapes of this execution's selections ---------------------------------------------

    def _field_shape(self, parent_type: GraphQLObjectType, name: str,
                     field_details_list: Any) -> fast.Shape | None:
        """The shape of a selected field with its reader, or None (the standard way)."""
        key = id(field_details_list)
        hit = self._shapes.get(key)
        if hit is not None:
            return hit[1]
        shape = self._make_field_shape(parent_type, name, field_details_list)
        self._shapes[key] = (field_details_list, shape)
        return shape

    def _make_field_shape(self, parent_type: GraphQLObjectType, name: str,
                          field_details_list: Any) -> fast.Shape | None:
        node = field_details_list[0].node
        if node.arguments or node.directives or (len(field_details_list) > 1 and any(
                d.node.arguments or d.node.directives for d in field_details_list)):
            return None
        field_name = node.name.value
        field_def = parent_type.fields.get(field_name)
        if field_def is None:
            return _TypeName(parent_type.name) if field_name == "__typename" else None
        leaf = leaf_of(field_def)
        if leaf is not None:
            return leaf
        read = fast.reader_of(field_def)
        if read is None:
            return None
        shape = self._value_shape(field_def.type, field_details_list)
        if shape is not None:
            shape.read = read
        return shape

    def _value_shape(self, output_type: Any, field_details_list: Any) -> fast.Shape | None:
        """The shape of a value of ``output_type`` selected by ``field_details_list`` (an
        object of plain fields, or a list of leaves or of such objects), without a reader."""
        listed = fast.list_item_type(output_type)
        if listed is not None:
            item_type, non_null = listed
            if fast.list_item_type(item_type) is not None:
                return None  # lists of lists: the standard way
            item = fast.leaf_shape(item_type) or self._object_shape(item_type, field_details_list)
            return fast.List(item, non_null) if item is not None else None
        return fast.leaf_shape(output_type) or self._object_shape(output_type, field_details_list)

    def _object_shape(self, output_type: Any, field_details_list: Any) -> fast.Shape | None:
        found = fast.object_type_of(output_type)
        if found is None:
            return None
        object_type, non_null = found
        grouped, new_defer_usages, _forbidden = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            return None
        fields = []
        for name, details in grouped.items():
            shape = self._field_shape(object_type, name, details)
            if shape is None:
                return None
            fields.append((name, shape))
        return fast.Object(tuple(fields), non_null)

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any
              ) -> tuple[tuple[str, Any, fast.Shape | None], ...]:
        key = id(grouped_field_set)
        hit = self._plans.get(key)
        if hit is not None:
            return hit[1]
        plan = tuple((name, details, self._field_shape(parent_type, name, details))
                     for name, details in grouped_field_set.items())
        self._plans[key] = (grouped_field_set, plan)
        return plan

    # --- execution -------------------------------------------------------------------------

    def execute_fields(  # type: ignore[override]
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        """graphql-core's ``execute_fields``, each field through its shape first."""
        if not self._fast:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        slow = fast.SLOW
        try:
            for response_name, field_details_list, shape in self._plan(parent_type, grouped_field_set):
                if shape is not None:
                    try:
                        done = shape.complete(shape.read(source_value))
                    except Exception:
                        done = slow
                    if done is not slow:
                        results[response_name] = done
                        continue
                result = self.execute_field(
                    parent_type, source_value, field_details_list,
                    Path(path, response_name, parent_type.name), position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                # settle the awaitables of other fields, as graphql-core does: they may fail too
                self.settle_in_background([results[f] for f in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[f] for f in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def complete_list_value(  # type: ignore[override]
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        """A list a resolver returned (an item's materials) through its shape first."""
        if self._fast and not any(d.node.directives for d in field_details_list):
            key = -id(field_details_list)  # beside the field's own shape, which has a reader
            hit = self._shapes.get(key)
            if hit is None:
                hit = self._shapes[key] = (field_details_list,
                                           self._value_shape(return_type, field_details_list))
            shape = hit[1]
            if shape is not None:
                try:
                    done = shape.complete(result)
                except Exception:
                    done = fast.SLOW
                if done is not fast.SLOW:
                    return done
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context)

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
