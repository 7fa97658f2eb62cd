"""The row TypedDicts (hub.core.models.rows) name exactly the columns their query returns, with
the types it returns them in, so a lookup mypy accepts finds a value of that type at run time."""

import types
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest

from hub.core.models import Application, Case, Department, Item, ServicePoint, Staff, Window
from hub.core.models import rows as r
from resolvers.catalog.actions import DEPARTMENT_JOIN, ITEM_FIELDS
from resolvers.queue.tickets import TICKET_FIELDS

FULL_ROWS = [(r.CaseRow, Case), (r.ApplicationRow, Application)]
SELECTED_ROWS = [(r.StaffRow, r.STAFF_FIELDS), (r.WindowRow, r.WINDOW_FIELDS),
                 (r.PointRow, r.POINT_FIELDS), (r.DepartmentRow, r.DEPARTMENT_FIELDS),
                 (r.ItemRow, (*ITEM_FIELDS, *DEPARTMENT_JOIN)), (r.TicketRow, TICKET_FIELDS)]


def _accepts(hint: Any, value: Any) -> bool:
    if get_origin(hint) in (Union, types.UnionType):
        return any(_accepts(a, value) for a in get_args(hint))
    if hint is Any:
        return True
    return isinstance(value, get_origin(hint) or hint)


def _name(x: Any) -> str:
    return getattr(x, "__name__", "")


@pytest.mark.parametrize(("shape", "model"), FULL_ROWS, ids=_name)
async def test_a_full_row_type_names_every_column_values_returns(database, shape, model):
    # (foreign-key columns join the model's projection once the ORM is initialised)
    assert list(get_type_hints(shape)) == list(model._meta.fields_db_projection)


@pytest.mark.parametrize(("shape", "fields"), SELECTED_ROWS, ids=_name)
def test_a_selected_row_type_names_the_selected_columns(shape, fields):
    assert tuple(get_type_hints(shape)) == fields


async def test_values_returns_the_types_the_row_types_name(database):
    # given rows of the seeded catalogue, departments, staff, windows and points
    samples = [
        (r.ItemRow, await Item.all().limit(5).values(*ITEM_FIELDS, **DEPARTMENT_JOIN)),
        (r.DepartmentRow, await Department.all().limit(5).values(*r.DEPARTMENT_FIELDS)),
        (r.StaffRow, await Staff.all().limit(5).values(*r.STAFF_FIELDS)),
        (r.WindowRow, await Window.all().limit(5).values(*r.WINDOW_FIELDS)),
        (r.PointRow, await ServicePoint.all().limit(5).values(*r.POINT_FIELDS)),
    ]
    # then every value is of the type its TypedDict names (enums as members, JSON lists as lists)
    wrong = [(shape.__name__, key, type(value).__name__) for shape, rows in samples for row in rows
             for key, value in row.items() if not _accepts(get_type_hints(shape)[key], value)]
    assert all(rows for _, rows in samples) and wrong == []


def test_the_check_itself_tells_a_wrong_type():
    assert _accepts(int | None, None) and _accepts(list[str], ["a"]) and not _accepts(str, 1)


async def test_a_filed_case_and_application_have_the_types_their_row_types_name(database):
    # given a joint application of three cases, filed at the counter
    from bench.cases import counter_viewer
    from resolvers.cases.actors import Actor
    from resolvers.cases.joint.filing import open_application
    from tests.cases.joint_support import birth_request

    staff = await Staff.get(username="qiantai")
    point = await ServicePoint.get(code="330106013")
    opened = await open_application(Actor.staff(counter_viewer(staff.id, point.id, point.path)),
                                    await birth_request())
    # then its rows, as the rules return them, match CaseRow and ApplicationRow
    samples = [(r.ApplicationRow, [opened.application]), (r.CaseRow, opened.cases)]
    wrong = [(shape.__name__, key, type(value).__name__) for shape, rows in samples for row in rows
             for key, value in row.items() if not _accepts(get_type_hints(shape)[key], value)]
    assert len(opened.cases) == 3 and wrong == []
