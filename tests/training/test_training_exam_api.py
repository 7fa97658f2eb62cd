"""The QR exam over GraphQL: who may open an exam, the link and its QR code, the phone's paper
without answers, saving, submitting, the result, the certificate and its public check."""

import base64
import re

import pytest
import zxingcpp
from PIL import Image

from hub.core.models import ExamAttempt, Staff
from hub.core.models.enums import Role
from tests.factories import PASSWORD, make_staff
from tests.training.training_support import sheet, small_exam

pytestmark = pytest.mark.both_databases

OPEN = """mutation($s:ID!,$e:String!){ openExamSession(input:{staffId:$s, examCode:$e}){
  session{ attemptId staffName examTitle token url qrDataUrl expiresAt } errors{ code field message } } }"""
PAPER_FIELDS = """attemptId examTitle candidateName status statusLabel deadline remainingSeconds
  parts{ name questionCount passPercent }
  questions{ index part type typeLabel text options{ key text } chosen }
  result{ passed timedOut parts{ name correct total percent passPercent passed }
    review{ index chosen answer correct explanation }
    certificate{ code maskedName examTitle scope{ label queueCategories departmentCodes }
      validUntil status statusLabel } }"""
START = """mutation($t:String!){ startExam(token:$t){ sessionToken paper{ PAPER }
  errors{ code message } } }""".replace("PAPER", PAPER_FIELDS)
SAVE = """mutation($s:String!,$a:[ExamAnswerInput!]!){ saveExamAnswers(sessionToken:$s, answers:$a){
  saved remainingSeconds errors{ code message field } } }"""
SUBMIT = """mutation($s:String!,$a:[ExamAnswerInput!]){ submitExam(sessionToken:$s, answers:$a){
  paper{ PAPER } errors{ code message } } }""".replace("PAPER", PAPER_FIELDS)
VERIFY = """query($c:String!){ verifyCertificate(code:$c){ code maskedName examTitle issuedOn validUntil
  status statusLabel scope{ label } } }"""


def _answers(items):
    return [{"index": i, "choices": c} for i, c in items]


def decode_qr(data_url: str) -> str:
    """Rasterise the SVG's run-length path and read it back with a real QR decoder."""
    svg = base64.b64decode(data_url.removeprefix("data:image/svg+xml;base64,")).decode()
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)", svg):
        x, y, n = int(x), int(y), int(n)
        image.paste(0, (x * scale, y * scale, (x + n) * scale, (y + 1) * scale))
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code found"
    return found[0].text


async def test_a_supervisor_opens_an_exam_and_the_candidate_passes_on_the_phone(gql):
    # given a front-desk member of 文新街道 and the district supervisor
    await small_exam()
    staff = await make_staff("zhangsan", Role.FRONT_DESK)
    await Staff.filter(id=staff.id).update(name="张三丰")
    await gql.login("zhuren", "demo1234")
    # when the supervisor opens the exam for them
    opened = (await gql(OPEN, {"s": str(staff.id), "e": "SMALL"}))["data"]["openExamSession"]
    assert opened["errors"] == []
    session = opened["session"]
    # then the link is {public base}/exam/{token} and the QR code holds exactly that link
    assert session["url"] == f"http://hub.test/exam/{session['token']}"
    assert session["staffName"] == "张三丰" and decode_qr(session["qrDataUrl"]) == session["url"]
    # when the phone (no login) redeems it
    gql.token = None
    started = (await gql(START, {"t": session["token"]}))["data"]["startExam"]
    assert started["errors"] == []
    paper = started["paper"]
    assert paper["status"] == "RUNNING" and paper["result"] is None
    assert [p["questionCount"] for p in paper["parts"]] == [4, 3] and len(paper["questions"]) == 7
    assert 595 <= paper["remainingSeconds"] <= 600
    # and answers are saved, then the paper is submitted with the rest
    stored = (await ExamAttempt.get(id=int(paper["attemptId"]))).paper
    right = _answers(sheet(stored))
    saved = (await gql(SAVE, {"s": started["sessionToken"], "a": right[:3]}))["data"]["saveExamAnswers"]
    assert saved["errors"] == [] and saved["saved"] == 3
    submitted = (await gql(SUBMIT, {"s": started["sessionToken"], "a": right[3:]}))["data"]["submitExam"]
    # then both parts pass, every question is explained, and a certificate is issued
    result = submitted["paper"]["result"]
    assert result["passed"] and [p["passed"] for p in result["parts"]] == [True, True]
    assert all(r["correct"] and r["explanation"] for r in result["review"])
    cert = result["certificate"]
    assert cert["status"] == "VALID" and cert["statusLabel"] == "有效" and cert["maskedName"] == "张*丰"
    assert cert["scope"]["queueCategories"] == ["INTAKE"] and cert["scope"]["label"] == "综合受理；医保"
    # and anyone can verify it without logging in
    verified = (await gql(VERIFY, {"c": cert["code"].lower()}))["data"]["verifyCertificate"]
    assert verified["status"] == "VALID" and verified["maskedName"] == cert["maskedName"]


async def test_the_phone_paper_has_no_answer_fields_and_leaks_nothing(gql):
    # given a started exam
    await small_exam()
    staff = await make_staff("lisi", Role.FRONT_DESK)
    await gql.login("lisi", PASSWORD)
    token = (await gql(OPEN, {"s": str(staff.id), "e": "SMALL"}))["data"]["openExamSession"]["session"][
        "token"
    ]
    gql.token = None
    response = await gql.post(START, {"t": token})
    body = response.text
    stored = (await ExamAttempt.get(staff_id=staff.id)).paper
    # then no explanation and no option key of the bank appears in what the phone receives
    assert all(q["explanation"] not in body for q in stored["questions"])
    # and the schema offers no way to ask for answers before submission
    fields = await gql('{ __type(name:"PaperQuestion"){ fields{ name } } }')
    names = {f["name"] for f in fields["data"]["__type"]["fields"]}
    assert names == {"index", "part", "type", "typeLabel", "text", "options", "chosen"}
    sneaky = await gql("query($s:String!){ examPaper(sessionToken:$s){ questions{ answer } } }", {"s": "x"})
    assert "Cannot query field 'answer'" in sneaky["errors"][0]["message"]


async def test_a_second_scan_and_a_second_submit_are_refused_in_chinese(gql):
    await small_exam()
    staff = await make_staff("wangwu", Role.FRONT_DESK)
    await gql.login("wangwu", PASSWORD)
    token = (await gql(OPEN, {"s": str(staff.id), "e": "SMALL"}))["data"]["openExamSession"]["session"][
        "token"
    ]
    gql.token = None
    session = (await gql(START, {"t": token}))["data"]["startExam"]["sessionToken"]
    again = (await gql(START, {"t": token}))["data"]["startExam"]
    assert again["sessionToken"] is None and again["errors"][0]["code"] == "LINK_USED"
    assert "不能重复进入" in again["errors"][0]["message"]
    assert (await gql(SUBMIT, {"s": session}))["data"]["submitExam"]["errors"] == []
    twice = (await gql(SUBMIT, {"s": session}))["data"]["submitExam"]
    assert twice["paper"] is None and twice["errors"][0] == {
        "code": "ALREADY_SUBMITTED",
        "message": "本场考试已交卷，不能再作答或重复提交",
    }
    late = (await gql(SAVE, {"s": session, "a": [{"index": 0, "choices": ["A"]}]}))["data"]["saveExamAnswers"]
    assert late["errors"][0]["code"] == "ALREADY_SUBMITTED"
    forged = (await gql(SAVE, {"s": session + "x", "a": []}))["data"]["saveExamAnswers"]
    assert forged["errors"][0]["code"] == "SESSION_INVALID"


PREVIEW = """query($t:String!){ examLinkPreview(token:$t){ preview{ examTitle timeLimitMinutes
  maxAttempts parts{ name questionCount passPercent } candidateName username maskedPhone
  servicePointName } errors{ code message } } }"""


async def test_the_start_screen_names_the_candidate_and_the_clock_starts_only_on_confirmation(gql):
    # given a link opened for a front-desk member with a phone number, on the loopback address
    await small_exam()
    staff = await make_staff("zhaoliu", Role.FRONT_DESK)
    await Staff.filter(id=staff.id).update(name="赵六", phone="13812345678")
    await gql.login("zhuren", "demo1234")
    opened = (await gql(OPEN.replace("expiresAt", "expiresAt urlWarning"),
                        {"s": str(staff.id), "e": "SMALL"}))["data"]["openExamSession"]["session"]
    assert opened["urlWarning"] is None  # http://hub.test is reachable
    gql.token = None
    # when the phone reads the start screen, twice
    for _ in range(2):
        body = (await gql(PREVIEW, {"t": opened["token"]}))["data"]["examLinkPreview"]
    # then it names the candidate, masks the phone and states the rules; nothing started
    assert body["errors"] == []
    preview = body["preview"]
    assert (preview["candidateName"], preview["username"], preview["maskedPhone"]) == (
        "赵六", "zhaoliu", "138****5678")
    assert preview["timeLimitMinutes"] > 0 and preview["parts"]
    attempt = await ExamAttempt.get(id=int(opened["attemptId"]))
    assert attempt.status == "ISSUED" and attempt.started_at is None and attempt.deadline is None
    # and once started, the link's start screen says it is used
    assert (await gql(START, {"t": opened["token"]}))["data"]["startExam"]["errors"] == []
    used = (await gql(PREVIEW, {"t": opened["token"]}))["data"]["examLinkPreview"]
    assert used["preview"] is None and used["errors"][0]["code"] == "LINK_USED"
    bad = (await gql(PREVIEW, {"t": "forged"}))["data"]["examLinkPreview"]
    assert bad["errors"][0]["code"] == "LINK_INVALID"


def test_a_loopback_exam_link_is_flagged_as_unreachable_from_phones():
    from hub.core.qr import phone_unreachable_warning

    for url in ("http://127.0.0.1:8000/exam/x", "http://localhost:8000/exam/x", "http://[::1]/exam/x",
                "http://0.0.0.0:8000/exam/x"):
        assert "手机无法访问" in (phone_unreachable_warning(url) or ""), url
    for url in ("http://192.168.1.10:8000/exam/x", "https://hub.example.gov.cn/exam/x"):
        assert phone_unreachable_warning(url) is None


async def test_a_front_desk_user_cannot_open_an_exam_for_someone_else(gql):
    await small_exam()
    colleague = await Staff.get(username="chujian")
    await gql.login("qiantai", "demo1234")
    body = await gql(OPEN, {"s": str(colleague.id), "e": "SMALL"})
    assert body["data"] is None
    assert body["errors"][0]["message"] == "只能为本人开考；为他人开考需要管理者或系统管理员角色"
    assert not await ExamAttempt.exists(staff_id=colleague.id)


async def test_a_supervisor_outside_the_subtree_cannot_open_an_exam(gql):
    await small_exam()
    staff = await make_staff("zhaoliu", Role.FRONT_DESK, point_code="330106013")  # 文新街道
    await make_staff("xixi_boss", Role.SUPERVISOR, point_code="330106004")  # 西溪街道
    await gql.login("xixi_boss", PASSWORD)
    body = await gql(OPEN, {"s": str(staff.id), "e": "SMALL"})
    assert body["errors"][0]["message"] == "该服务点不在您的管辖范围内"
    history = await gql("query($s:ID!){ examAttempts(staffId:$s){ id } }", {"s": str(staff.id)})
    assert history["errors"][0]["message"] == "该服务点不在您的管辖范围内"


async def test_opening_needs_a_login_and_a_person_account(gql):
    await small_exam()
    kiosk = await Staff.get(username="kiosk01")
    anonymous = await gql(OPEN, {"s": str(kiosk.id), "e": "SMALL"})
    assert anonymous["errors"][0]["message"] == "请先登录"
    await gql.login("zhuren", "demo1234")
    device = (await gql(OPEN, {"s": str(kiosk.id), "e": "SMALL"}))["data"]["openExamSession"]
    assert device["errors"][0]["message"] == "设备账号不能参加考试"
    person = await Staff.get(username="qiantai")
    unknown = (await gql(OPEN, {"s": str(person.id), "e": "NOPE"}))["data"]["openExamSession"]
    assert unknown["errors"][0] == {
        "code": "NOT_FOUND",
        "field": "examCode",
        "message": "考试 NOPE 不存在或已停用",
    }


async def test_attempt_records_show_scores_to_the_candidate_and_their_supervisor(gql):
    await small_exam()
    staff = await make_staff("sunqi", Role.FRONT_DESK)
    await gql.login("sunqi", PASSWORD)
    token = (await gql(OPEN, {"s": str(staff.id), "e": "SMALL"}))["data"]["openExamSession"]["session"][
        "token"
    ]
    session = (await gql(START, {"t": token}))["data"]["startExam"]["sessionToken"]
    await gql(SUBMIT, {"s": session})
    query = """query($s:ID!){ examAttempts(staffId:$s){ examTitle status statusLabel attemptNumber passed
      parts{ name correct total passed } } }"""
    own = (await gql(query, {"s": str(staff.id)}))["data"]["examAttempts"]
    assert own == [
        {
            "examTitle": "医保综合窗口上岗考试",
            "status": "SUBMITTED",
            "statusLabel": "已交卷",
            "attemptNumber": 1,
            "passed": False,
            "parts": [
                {"name": "业务知识", "correct": 0, "total": 4, "passed": False},
                {"name": "系统操作", "correct": 0, "total": 3, "passed": False},
            ],
        }
    ]
    await gql.login("zhuren", "demo1234")
    assert (await gql(query, {"s": str(staff.id)}))["data"]["examAttempts"] == own


async def test_the_demo_exam_is_seeded_and_listed(gql):
    await gql.login("qiantai", "demo1234")
    exams = await gql(
        "{ exams{ code title timeLimitMinutes maxAttempts cooldownMinutes "
        "scope{ queueCategories label } parts{ name category questionCount passPercent } } }"
    )
    demo = next(e for e in exams["data"]["exams"] if e["code"] == "FRONT_DESK")
    assert demo["title"] == "综合窗口人员上岗考试" and demo["timeLimitMinutes"] == 30
    assert [(p["name"], p["category"], p["passPercent"]) for p in demo["parts"]] == [
        ("业务知识", "BUSINESS", 80),
        ("系统操作", "SYSTEM", 80),
    ]
    assert demo["scope"]["queueCategories"] == ["INTAKE"] and "医保" in demo["scope"]["label"]
