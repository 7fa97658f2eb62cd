"""Shapes of the parts of an answer that are plain data, completed without graphql-core's walk.

Most of a guide page is plain data: an item's name, its department's short name, the rows of
its materials — attributes of objects already built, with no resolver, no arguments and no
permission. graphql-core still completes each of them through half a dozen calls, a
``Path`` and a ``ResolveInfo``; at ~1,000 such fields a list page spent most of its time
there. A *shape* says how to complete one field of that kind: a leaf (scalar or enum), an
object all of whose selected fields are shapes, or a list of either. The executor
(``hub.web.graphql_exec``) completes a field through its shape and, on anything unusual — an
exception, a null where the type forbids it, a value that does not coerce — completes it again
through graphql-core, so answers and errors are exactly the standard ones. Reading twice is
harmless: a shape only reads attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
    Undefined,
    is_leaf_type,
)
from graphql.type.scalars import GRAPHQL_MAX_INT, GRAPHQL_MIN_INT
from strawberry.schema.schema_converter import CustomGraphQLEnumType, GraphQLCoreConverter
from strawberry.types.field import StrawberryField

# What a shape answers when it cannot complete a value the standard way's way.
SLOW = object()


class Shape:
    """How to complete a value of one output type; ``read`` gets it from the parent object."""

    __slots__ = ("non_null", "read")

    def __init__(self, non_null: bool) -> None:
        self.non_null = non_null
        self.read: Callable[[Any], Any] = _unread

    def complete(self, value: Any) -> Any:
        raise NotImplementedError


class Leaf(Shape):
    __slots__ = ("coerce",)

    def __init__(self, leaf_type: GraphQLLeafType, non_null: bool) -> None:
        super().__init__(non_null)
        self.coerce = _coercer(leaf_type)

    def complete(self, value: Any) -> Any:
        if value is None:
            return SLOW if self.non_null else None
        coerced = self.coerce(value)
        return SLOW if coerced is None or coerced is Undefined else coerced


class Object(Shape):
    """An object type without ``is_type_of`` whose selected fields are all shapes."""

    __slots__ = ("fields",)

    def __init__(self, fields: tuple[tuple[str, Shape], ...], non_null: bool) -> None:
        super().__init__(non_null)
        self.fields = fields

    def complete(self, value: Any) -> Any:
        if value is None:
            return SLOW if self.non_null else None
        out = {}
        for name, shape in self.fields:
            done = shape.complete(shape.read(value))
            if done is SLOW:
                return SLOW
            out[name] = done
        return out


class List(Shape):
    __slots__ = ("item",)

    def __init__(self, item: Shape, non_null: bool) -> None:
        super().__init__(non_null)
        self.item = item

    def complete(self, value: Any) -> Any:
        if value is None:
            return SLOW if self.non_null else None
        if not isinstance(value, list | tuple):  # generators, async iterables: standard way
            return SLOW
        complete = self.item.complete
        out = []
        for element in value:
            done = complete(element)
            if done is SLOW:
                return SLOW
            out.append(done)
        return out


def _unread(_source: Any) -> Any:
    raise TypeError("a shape of a list item has no attribute of its own")


# --- fields -------------------------------------------------------------------------------------

# The attribute a field definition keeps its reader in (or NO_READER). On the field itself, so
# it lives and dies with it: a dictionary keyed by id(field) outlived the schemas of earlier
# apps (tests build many), and a new field given a dead one's id was read with the dead
# field's reader (LoginPayload.token came back null, so a later test's login "failed").
READER = "_hub_reader"
NO_READER = object()


def reader_of(field_def: GraphQLField) -> Callable[[Any], Any] | None:
    """How to read a plain field (strawberry's: no resolver, no extension) from its parent,
    made once per field; None for a field with a resolver of its own."""
    reader = field_def.__dict__.get(READER)
    if reader is None:
        reader = field_def.__dict__[READER] = _reader(field_def)
    return None if reader is NO_READER else reader  # type: ignore[return-value]


def _reader(field_def: GraphQLField) -> Callable[[Any], Any] | object:
    resolve = field_def.resolve
    if resolve is None or not getattr(resolve, "_is_default", False) or field_def.args:
        return NO_READER
    field = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if isinstance(field, StrawberryField) and field.default_resolver is getattr and field.python_name:
        return attrgetter(field.python_name)  # what strawberry's basic resolver does, directly

    def read(source: Any) -> Any:
        return resolve(source, None)

    return read


def leaf_shape(output_type: Any) -> Leaf | None:
    """The shape of a scalar or enum type (nullable or not), made once per type."""
    non_null = isinstance(output_type, GraphQLNonNull)
    inner = output_type.of_type if non_null else output_type
    if not is_leaf_type(inner):
        return None
    return Leaf(inner, non_null)


# --- leaf coercion ------------------------------------------------------------------------------

def _coercer(leaf_type: GraphQLLeafType) -> Callable[[Any], Any]:
    """``coerce_output_value`` with the common exact types answered directly (a str for
    String and ID, an int in range for Int, a bool for Boolean, a member for strawberry's
    enums); anything else goes to the type's own coercion."""
    coerce = leaf_type.coerce_output_value
    if leaf_type is GraphQLString or leaf_type is GraphQLID:
        return lambda v: v if v.__class__ is str else coerce(v)
    if leaf_type is GraphQLInt:
        return lambda v: v if v.__class__ is int and GRAPHQL_MIN_INT <= v <= GRAPHQL_MAX_INT \
            else coerce(v)
    if leaf_type is GraphQLBoolean:
        return lambda v: v if v.__class__ is bool else coerce(v)
    if isinstance(leaf_type, CustomGraphQLEnumType):
        members = leaf_type.wrapped_cls
        names: dict[Any, str] = {}
        member: Any
        for member in members:  # the first name whose value is the member's, as coerce does
            for name, value in leaf_type.values.items():
                if member.value == value.value:
                    names[member] = name
                    break

        def enum(v: Any) -> Any:
            if v.__class__ is members:
                name = names.get(v)
                if name is not None:
                    return name
            return coerce(v)

        return enum
    return coerce


# --- object types -------------------------------------------------------------------------------

def object_type_of(output_type: Any) -> tuple[GraphQLObjectType, bool] | None:
    """(object type, non-null) when ``output_type`` is an object type that completes without
    a runtime check (no ``is_type_of``)."""
    non_null = isinstance(output_type, GraphQLNonNull)
    inner = output_type.of_type if non_null else output_type
    if isinstance(inner, GraphQLObjectType) and inner.is_type_of is None:
        return inner, non_null
    return None


def list_item_type(output_type: Any) -> tuple[Any, bool] | None:
    """(item type, non-null) when ``output_type`` is a list."""
    non_null = isinstance(output_type, GraphQLNonNull)
    inner = output_type.of_type if non_null else output_type
    if isinstance(inner, GraphQLList):
        return inner.of_type, non_null
    return None
