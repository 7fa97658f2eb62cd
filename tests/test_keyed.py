"""KeyedSelect (hub.core.keyed) hands back exactly the rows Tortoise's ``.values()`` gives for the
same keys — columns, order, and converted types (enums, JSON, dates, booleans) — on both
databases, whatever the number of keys, so a loader switched to it changes nothing but its cost."""

import pytest

from bench.cases import counter_intake, counter_viewer
from hub.core.keyed import KeyedSelect
from hub.core.models import Case, CaseFile, CaseLog, Department, Item, ServicePoint, Staff, Window
from hub.core.models import rows as r
from resolvers.catalog.actions import DEPARTMENT_JOIN, ITEM_FIELDS
from schema.cases.loaders import FILE_FIELDS, LOG_FIELDS

pytestmark = pytest.mark.both_databases


async def test_rows_by_id_match_values_for_every_kind_of_column(database):
    # given seeded departments, points, staff, windows and items (enums, JSON lists, booleans)
    for model, fields in [(Department, r.DEPARTMENT_FIELDS), (ServicePoint, r.POINT_FIELDS),
                          (Staff, r.STAFF_FIELDS), (Window, r.WINDOW_FIELDS), (Item, ITEM_FIELDS)]:
        ids = [x["id"] for x in await model.all().order_by("id").limit(7).values("id")]
        # when one, several and unknown keys are asked for
        for keys in (ids[:1], ids, [*ids, 10**9]):
            expected = await model.filter(id__in=keys).order_by("id").values(*fields)
            got = await KeyedSelect(model, fields, "id", order_by=("id",)).rows(keys)
            # then the rows are the same, value for value and type for type
            assert got == expected, model.__name__
            assert [[type(v) for v in x.values()] for x in got] == \
                [[type(v) for v in x.values()] for x in expected]


async def test_filters_joins_aliases_and_text_keys(database):
    codes = [x["code"] for x in await Item.filter(active=True).limit(5).values("code")]
    expected = await Item.filter(code__in=codes, active=True).order_by("-sort", "code").values(
        *ITEM_FIELDS, **DEPARTMENT_JOIN)
    got = await KeyedSelect(Item, ITEM_FIELDS, "code", where={"active": True},
                            order_by=("-sort", "code"), aliases=DEPARTMENT_JOIN).rows(codes)
    assert got == expected and got and all(x["dept_name"] for x in got)


async def test_every_column_of_a_case_with_its_logs_and_files(database):
    # given a case taken in at the counter with its uploaded papers
    staff = await Staff.get(username="qiantai")
    point = await ServicePoint.get(code="330106013")
    case = await counter_intake(counter_viewer(staff.id, point.id, point.path), "330106-YB-001")
    # then every column of the case, its log (joined names) and files (joined sizes) match
    expected = await Case.filter(id__in=[case["id"]]).values()
    assert await KeyedSelect(Case, None, "id").rows([case["id"]]) == expected
    logs = await CaseLog.filter(case_id__in=[case["id"]]).order_by("id").values(*LOG_FIELDS)
    assert logs and await KeyedSelect(CaseLog, LOG_FIELDS, "case_id", order_by=("id",)).rows(
        [case["id"]]) == logs
    files = await CaseFile.filter(case_id__in=[case["id"]]).order_by("id").values(*FILE_FIELDS)
    assert files and await KeyedSelect(CaseFile, FILE_FIELDS, "case_id", order_by=("id",)).rows(
        [case["id"]]) == files


async def test_no_keys_no_statement(database):
    from bench.querycount import count_queries

    with count_queries() as statements:
        assert await KeyedSelect(Staff, r.STAFF_FIELDS, "id").rows([]) == []
    assert statements == []


async def test_rows_through_a_many_to_many_table_match_values(database):
    # given items linked to life events and (for some) to accepting points
    from hub.core.models import LifeEvent

    item_ids = [x["id"] for x in await Item.all().order_by("id").values("id")]
    for model, fields, relation in [(LifeEvent, r.LIFE_EVENT_FIELDS, "items"),
                                    (ServicePoint, r.POINT_FIELDS, "accepted_items")]:
        for keys in (item_ids[:1], item_ids, [*item_ids, 10**9]):
            # when the rows linked to the items are read through the link table
            expected = await model.filter(**{f"{relation}__id__in": keys}).values(
                *fields, item_id=f"{relation}__id")
            got = await KeyedSelect(model, fields, relation, link_as="item_id",
                                    order_by=("sort", "code")).rows(keys)
            # then they are the ORM's rows, a row per link, in the model's order
            assert sorted(got, key=repr) == sorted(expected, key=repr), model.__name__
            by_item = {k: [x["id"] for x in got if x["item_id"] == k] for k in keys}
            assert by_item == {k: [x["id"] for x in expected if x["item_id"] == k] for k in keys}
    assert any(await ServicePoint.filter(accepted_items__id__in=item_ids).values("id"))
