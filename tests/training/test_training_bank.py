"""The question bank: Chinese validation listing every problem, editing, deactivation, the
all-or-nothing JSON import and export, the demo bank, exam definitions and the list's SQL cost."""

import json

import pytest

from bench.querycount import count_queries
from hub.core.models import ExamQuestion
from hub.demo.training import BANK_FILE
from training import bank

pytestmark = pytest.mark.both_databases

CREATE = """mutation($i:ExamQuestionInput!){ createExamQuestion(input:$i){
  question{ code category categoryLabel type typeLabel text options{ key text } answer tags difficulty
    active }
  errors{ code field message } } }"""
UPDATE = """mutation($c:String!,$i:ExamQuestionInput!){ updateExamQuestion(code:$c, input:$i){
  question{ code text answer } errors{ code field message } } }"""
ACTIVE = """mutation($c:String!,$a:Boolean!){ setExamQuestionActive(code:$c, active:$a){
  question{ code active } errors{ code message } } }"""
IMPORT = """mutation($c:String!){ importExamQuestions(content:$c){ created updated unchanged
  errors{ code field message } } }"""
LIST = """query($f:ExamQuestionFilter,$after:String){ examQuestions(first:20, after:$after, filter:$f){
  edges{ cursor node{ code category type text options{ key text } answer tags explanation } }
  pageInfo{ hasNextPage endCursor } } }"""
SINGLE = {
    "category": "BUSINESS",
    "departmentCode": "YB",
    "type": "SINGLE",
    "text": "新生儿参保的时限是？",
    "options": [{"key": "A", "text": "30 天"}, {"key": "B", "text": "90 天"}],
    "answer": ["B"],
    "tags": ["医保参保", " 医保参保 "],
    "explanation": "出生 90 天内参保自出生之日起享受待遇。",
}


async def test_an_admin_creates_edits_and_deactivates_a_question(gql):
    await gql.login("admin", "admin123")
    created = (await gql(CREATE, {"i": SINGLE}))["data"]["createExamQuestion"]
    assert created["errors"] == []
    q = created["question"]
    assert q["code"].startswith("Q") and q["typeLabel"] == "单选题" and q["categoryLabel"] == "业务知识"
    assert q["tags"] == ["医保参保"] and q["difficulty"] == 3 and q["active"]
    edited = await gql(
        UPDATE, {"c": q["code"], "i": SINGLE | {"text": "新生儿参保多少天内可自出生之日起享受待遇？"}}
    )
    assert edited["data"]["updateExamQuestion"]["question"]["text"].startswith("新生儿参保多少天内")
    off = (await gql(ACTIVE, {"c": q["code"], "a": False}))["data"]["setExamQuestionActive"]
    assert off == {"question": {"code": q["code"], "active": False}, "errors": []}
    missing = (await gql(ACTIVE, {"c": "NOPE", "a": False}))["data"]["setExamQuestionActive"]
    assert missing["errors"] == [{"code": "NOT_FOUND", "message": "题目 NOPE 不存在"}]


async def test_validation_lists_every_problem_in_chinese(gql):
    await gql.login("admin", "admin123")
    two_right = SINGLE | {"answer": ["A", "B"]}
    body = (await gql(CREATE, {"i": two_right}))["data"]["createExamQuestion"]
    assert body["question"] is None
    assert body["errors"] == [
        {"code": "BANK_INVALID", "field": "answer", "message": "单选题须有且只有一个正确选项"}
    ]
    many = SINGLE | {
        "type": "MULTIPLE",
        "text": " ",
        "departmentCode": "XX",
        "difficulty": 9,
        "options": [{"key": "A", "text": "甲"}, {"key": "A", "text": "甲"}],
        "answer": ["C"],
    }
    messages = [
        e["message"] for e in (await gql(CREATE, {"i": many}))["data"]["createExamQuestion"]["errors"]
    ]
    assert messages == [
        "部门 XX 不存在",
        "请填写题干",
        "选项标识 A 重复",
        "选项内容「甲」重复",
        "正确答案 C 不是已有的选项",
        "多选题须至少有两个正确选项",
        "难度须为 1 到 5 的整数",
    ]
    system_with_department = SINGLE | {"category": "SYSTEM"}
    errors = (await gql(CREATE, {"i": system_with_department}))["data"]["createExamQuestion"]["errors"]
    assert (
        errors[0]["field"] == "departmentCode"
        and errors[0]["message"] == "系统操作题不区分部门，请不要填写部门"
    )
    true_false = {"category": "SYSTEM", "type": "TRUE_FALSE", "text": "叫号屏显示群众姓名。", "answer": []}
    errors = (await gql(CREATE, {"i": true_false}))["data"]["createExamQuestion"]["errors"]
    assert errors[0]["message"] == "判断题须指定「正确」（T）或「错误」（F）之一为答案"
    ok = (await gql(CREATE, {"i": true_false | {"answer": ["F"]}}))["data"]["createExamQuestion"]
    assert ok["question"]["options"] == [{"key": "T", "text": "正确"}, {"key": "F", "text": "错误"}]


async def test_only_administrators_see_or_edit_the_bank(gql):
    await gql.login("zhuren", "demo1234")
    listed = await gql(LIST)
    assert listed["data"] is None and listed["errors"][0]["message"] == "需要以下角色之一：系统管理员"
    assert (await gql(CREATE, {"i": SINGLE}))["errors"][0]["message"] == "需要以下角色之一：系统管理员"
    assert (await gql("{ examQuestionBankExport }"))["data"] is None


async def test_export_then_import_changes_nothing_and_an_edit_updates_one(gql):
    await gql.login("admin", "admin123")
    exported = (await gql("{ examQuestionBankExport }"))["data"]["examQuestionBankExport"]
    data = json.loads(exported)
    assert data["kind"] == "onewindow-exam-bank" and len(data["questions"]) >= 40
    same = (await gql(IMPORT, {"c": exported}))["data"]["importExamQuestions"]
    assert same == {"created": [], "updated": [], "unchanged": len(data["questions"]), "errors": []}
    data["questions"][0]["difficulty"] = 5
    data["questions"].append({**data["questions"][1], "code": "NEW-001"})
    changed = (await gql(IMPORT, {"c": json.dumps(data, ensure_ascii=False)}))["data"]["importExamQuestions"]
    assert changed["created"] == ["NEW-001"] and changed["updated"] == [data["questions"][0]["code"]]


async def test_an_import_with_problems_writes_nothing_and_lists_them_all(gql):
    await gql.login("admin", "admin123")
    good = {"code": "IMP-OK", "category": "SYSTEM", "type": "TRUE_FALSE", "text": "判断题。", "answer": ["T"]}
    bad_single = {
        "code": "IMP-1",
        "category": "BUSINESS",
        "type": "SINGLE",
        "text": "单选题？",
        "options": [{"key": "A", "text": "甲"}, {"key": "B", "text": "乙"}],
        "answer": [],
    }
    bad_kind = {"code": "IMP-OK", "category": "OTHER", "type": "ESSAY", "text": "论述题"}
    content = json.dumps({"questions": [good, bad_single, bad_kind]}, ensure_ascii=False)
    result = (await gql(IMPORT, {"c": content}))["data"]["importExamQuestions"]
    assert [e["message"] for e in result["errors"]] == [
        "第 2 题（IMP-1）：单选题须有且只有一个正确选项",
        "第 3 题（IMP-OK）：题目类别须为 BUSINESS（业务知识）或 SYSTEM（系统操作）",
        "第 3 题（IMP-OK）：题型须为 SINGLE（单选题）、MULTIPLE（多选题）或 TRUE_FALSE（判断题）",
        "第 3 题（IMP-OK）：编码与第 1 题重复",
    ]
    assert not await ExamQuestion.exists(code="IMP-OK")
    broken = (await gql(IMPORT, {"c": "{不是 JSON"}))["data"]["importExamQuestions"]["errors"]
    assert broken[0]["message"].startswith("不是有效的 JSON：第 1 行第 2 列")


async def test_the_demo_bank_is_realistic_and_valid(database):
    documents = json.loads(BANK_FILE.read_text(encoding="utf-8"))["questions"]
    departments = await bank.department_codes()
    assert all(bank.check_question(d, departments)[1] == [] for d in documents)
    assert len(documents) >= 40
    tags = {t for d in documents for t in d["tags"]}
    assert {
        "收件",
        "容缺受理",
        "全区通办",
        "一次性告知",
        "最多跑一次",
        "医保参保",
        "老年人优待证",
        "叫号",
        "受理",
        "补件",
        "出件",
        "评价",
    } <= tags
    assert {d["category"] for d in documents} == {"BUSINESS", "SYSTEM"}
    assert {d["type"] for d in documents} == {"SINGLE", "MULTIPLE", "TRUE_FALSE"}
    assert await ExamQuestion.filter(active=True).count() == len(documents)  # seeded


async def test_the_bank_list_pages_in_two_queries(gql):
    await gql.login("admin", "admin123")
    with count_queries() as statements:
        body = await gql(LIST, {"f": {"category": "SYSTEM"}})
    page = body["data"]["examQuestions"]
    assert len(page["edges"]) == 17 and page["pageInfo"]["hasNextPage"] is False
    assert len(statements) == 2, statements  # the viewer, the page
    yb = await gql(LIST, {"f": {"departmentCode": "YB", "keyword": "新生儿"}})
    assert {e["node"]["code"] for e in yb["data"]["examQuestions"]["edges"]} == {"YB-002", "YB-003", "YB-004"}


SAVE_EXAM = """mutation($i:ExamInput!){ saveExam(input:$i){ exam{ code title scope{ label }
  parts{ name questionCount passPercent tags } } errors{ field message } } }"""


async def test_an_exam_is_refused_when_the_bank_cannot_fill_it(gql):
    await gql.login("admin", "admin123")
    exam = {
        "code": "YB_ONLY",
        "title": "医保专项考试",
        "timeLimitMinutes": 20,
        "maxAttempts": 2,
        "scopeDepartments": ["YB"],
        "parts": [
            {
                "name": "医保业务",
                "category": "BUSINESS",
                "departmentCode": "YB",
                "questionCount": 30,
                "passPercent": 80,
            }
        ],
    }
    refused = (await gql(SAVE_EXAM, {"i": exam}))["data"]["saveExam"]
    assert refused["errors"] == [
        {"field": "parts", "message": "「医保业务」可抽取的题目只有 7 道，少于所需的 30 道，请补充题库"}
    ]
    wrong = exam | {"timeLimitMinutes": 0, "scopeDepartments": [], "parts": []}
    messages = [e["message"] for e in (await gql(SAVE_EXAM, {"i": wrong}))["data"]["saveExam"]["errors"]]
    assert messages == [
        "考试时长须在 1 到 300 分钟之间",
        "请至少指定一个可服务的队列类别或部门（上岗证范围）",
        "考试须有 1 到 5 个部分",
    ]
    exam["parts"][0]["questionCount"] = 5
    saved = (await gql(SAVE_EXAM, {"i": exam}))["data"]["saveExam"]
    assert saved["errors"] == [] and saved["exam"]["scope"]["label"] == "医保"
