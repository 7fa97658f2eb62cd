"""The service guide over GraphQL: lists, filters, item pages, and their SQL cost."""

import pytest

from bench.querycount import count_queries

pytestmark = pytest.mark.both_databases

LIST = """
query($first:Int,$after:String,$filter:ItemFilter){
  items(first:$first, after:$after, filter:$filter){
    totalCount
    edges{ cursor node{ code name kind kindLabel timeLimitLabel
      department{ code shortName }
      materials{ name form formLabel count requirement requirementLabel note } } }
    pageInfo{ hasNextPage endCursor }
  }
}"""


async def test_item_list_pages_through_the_whole_catalogue_in_order(gql):
    # given the demo catalogue, when we page through it five at a time
    seen, after = [], None
    while True:
        body = await gql(LIST, {"first": 5, "after": after})
        page = body["data"]["items"]
        seen += [e["node"]["code"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then every item appears exactly once and the count agrees
    assert len(seen) == len(set(seen)) == page["totalCount"] >= 42


async def test_item_list_of_twenty_with_departments_and_materials_costs_two_queries(gql):
    # when the guide asks for a page of 20 items with departments, materials and the total
    with count_queries() as statements:
        body = await gql(LIST, {"first": 20})
    # then: one for the items joined with departments and their count, one for materials
    items = body["data"]["items"]["edges"]
    assert len(items) == 20
    assert all(e["node"]["department"]["shortName"] for e in items)
    assert sum(len(e["node"]["materials"]) for e in items) > 20
    assert len(statements) == 2, statements


async def test_filters_by_department_life_event_terminal_and_keyword(gql):
    async def codes(**f):
        body = await gql(LIST, {"first": 100, "filter": f})
        return [e["node"] for e in body["data"]["items"]["edges"]]

    yb = await codes(departmentCode="YB")
    assert yb and all(n["department"]["code"] == "YB" for n in yb)
    birth = await codes(lifeEventCode="birth")
    assert {"出生登记", "新生儿参保"} <= {n["name"] for n in birth}
    kiosk = await codes(terminal="KIOSK")
    all_items = await codes()
    assert 0 < len(kiosk) < len(all_items)
    assert [n["name"] for n in await codes(keyword="老年人优待证")] == ["老年人优待证办理"]
    assert await codes(keyword="不存在的事项") == []


ITEM = """
query($code:String!){ item(code:$code){
  code name kind kindLabel decisionLevel decisionLevelLabel scope acceptingAgency decidingAgency
  legalTimeLimitDays promisedTimeLimitDays timeLimitLabel fee feeBasis
  channels{ counter pc mobile kiosk } acceptScope acceptScopeLabel standard standardLabel version
  department{ code name shortName itemCount } lifeEvents{ code name itemCount }
  acceptingPoints{ code name level }
  materials{ name formLabel count requirementLabel note }
} }"""


async def test_item_page_shows_the_six_elements_and_materials(gql):
    body = await gql(ITEM, {"code": "330106-YB-001"})
    item = body["data"]["item"]
    assert item["name"] == "城乡居民医疗保险参保登记"
    for element in ("scope", "acceptingAgency", "decidingAgency", "fee"):
        assert item[element], element
    assert item["legalTimeLimitDays"] >= item["promisedTimeLimitDays"] >= 0
    assert item["department"]["shortName"] == "医保" and item["department"]["itemCount"] > 1
    photo = next(m for m in item["materials"] if "照" in m["name"])
    # needed for minors only (视情形 on the fixed list); 容缺 for a newborn, which the tailored
    # checklist decides
    assert photo["requirementLabel"] == "视情形" and "新生儿可容缺" in photo["note"]
    assert item["acceptScopeLabel"] == "全区通办" and item["acceptingPoints"] == []


async def test_listed_point_items_name_their_points(gql):
    body = await gql(LIST, {"first": 100})
    codes = [e["node"]["code"] for e in body["data"]["items"]["edges"]]
    listed = []
    for code in codes:
        item = (await gql(ITEM, {"code": code}))["data"]["item"]
        if item["acceptScope"] == "LISTED_POINTS":
            listed.append(item)
    assert listed, "the demo data has items accepted only at listed points"
    assert all(item["acceptingPoints"] for item in listed)


async def test_unknown_item_is_null_and_bad_paging_is_a_chinese_error(gql):
    assert (await gql(ITEM, {"code": "nope"}))["data"]["item"] is None
    too_many = await gql(LIST, {"first": 101})
    assert "每页数量" in too_many["errors"][0]["message"]
    bad_cursor = await gql(LIST, {"first": 5, "after": "!!"})
    assert bad_cursor["errors"][0]["message"] == "分页游标无效"


async def test_service_point_tree_and_departments(gql):
    roots = await gql("{ servicePoints{ code name level children{ code level } } }")
    city = roots["data"]["servicePoints"][0]
    assert city["level"] == "CITY"
    district = await gql(
        '{ servicePoint(code:"330106"){ name levelLabel parent{ code } children{ name level } '
        "windows{ number kind } } }"
    )
    xihu = district["data"]["servicePoint"]
    assert xihu["name"] == "西湖区" and xihu["parent"]["code"] == city["code"]
    streets = [c for c in xihu["children"] if c["level"] == "STREET"]
    assert len(streets) == 11 and "文新街道" in {s["name"] for s in streets}
    assert {w["kind"] for w in xihu["windows"]} == {"INTAKE", "ISSUANCE"}
    depts = (await gql("{ departments{ code shortName itemCount } }"))["data"]["departments"]
    assert len(depts) >= 6 and all(d["itemCount"] > 0 for d in depts)


async def test_the_guide_keyword_is_a_fuzzy_pinyin_search_ranked_by_relevance(gql):
    async def names(keyword, **f):
        body = await gql(LIST, {"first": 5, "filter": {"keyword": keyword, **f}})
        page = body["data"]["items"]
        return [e["node"]["name"] for e in page["edges"]], page["totalCount"]

    for keyword in ("lnr", "老年证", "laonianren", "老年人优代证"):
        found, total = await names(keyword)
        assert found[0] == "老年人优待证办理", keyword
        assert total >= 1
    found, _ = await names("lnr", departmentCode="YB")
    assert "老年人优待证办理" not in found
    # ranked pages continue where the previous one stopped
    first = await gql(LIST, {"first": 2, "filter": {"keyword": "登记"}})
    after = first["data"]["items"]["pageInfo"]["endCursor"]
    second = await gql(LIST, {"first": 2, "after": after, "filter": {"keyword": "登记"}})
    codes = [e["node"]["code"] for e in first["data"]["items"]["edges"]]
    codes += [e["node"]["code"] for e in second["data"]["items"]["edges"]]
    assert len(set(codes)) == 4


async def test_a_keyword_page_with_its_total_searches_once(gql):
    query = '{ items(first:5, filter:{keyword:"lnr"}){ totalCount edges{ node{ name } } } }'
    await gql(query)  # builds the index
    with count_queries() as statements:
        body = await gql(query)
    assert body["data"]["items"]["totalCount"] >= 1
    assert len(statements) == 2, statements  # catalogue signature + the page's items


async def test_the_list_text_selects_orders_and_counts_as_the_orm_did(database):
    # given every kind of filter the guide sends, alone and together, on the first page and
    # after a cursor
    from hub.core.models import Item
    from hub.core.models.enums import ChannelMode, Terminal
    from hub.core.pagination import encode_cursor
    from resolvers.catalog import actions

    def orm(f: actions.ItemFilter):  # the ORM's query the list was built with before
        qs = Item.filter(active=True)
        if f.department_code:
            qs = qs.filter(department__code=f.department_code)
        if f.life_event_code:
            qs = qs.filter(life_events__code=f.life_event_code)
        if f.terminal is Terminal.COUNTER:
            qs = qs.filter(counter=True)
        elif f.terminal is not None:
            qs = qs.exclude(**{f.terminal.value.lower(): ChannelMode.NONE})
        return qs

    filters = [actions.ItemFilter(), actions.ItemFilter(department_code="YB"),
               actions.ItemFilter(life_event_code="birth"),
               actions.ItemFilter(department_code="YB", life_event_code="birth", terminal=Terminal.PC),
               actions.ItemFilter(department_code="nothing")]
    filters += [actions.ItemFilter(terminal=t) for t in Terminal]
    for f in filters:
        expected = await orm(f).order_by("sort", "code").values(
            *actions.ITEM_FIELDS, **actions.DEPARTMENT_JOIN)
        total = await orm(f).count()
        for start in sorted({0, 1, len(expected) - 1, len(expected)} & set(range(len(expected) + 1))):
            after = encode_cursor([expected[start - 1]["sort"], expected[start - 1]["code"]]) \
                if start else None
            # when a page of three is read through the SQL text
            page = await actions.list_items(f, 3, after, 100)
            # then its rows are the ORM's, value for value and type for type, and so is the count
            assert page.rows == expected[start:start + 3], f
            assert [[type(v) for v in x.values()] for x in page.rows] == \
                [[type(v) for v in x.values()] for x in expected[start:start + 3]]
            assert page.has_next == (start + 3 < len(expected))
            # (past the last row no row carries the count: totalCount counts on its own then)
            assert page.total == (None if start and start == len(expected) else total)
            assert await actions.count_items(f) == total
