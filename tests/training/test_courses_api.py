"""Courses, their uploaded media (type checked by content, range requests) and live training
sessions with roster and attendance, over HTTP and GraphQL."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from hub.core.models import CourseCompletion, Staff
from hub.web.app import create_app
from tests.conftest import GQL, test_settings

pytestmark = pytest.mark.both_databases

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 40
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COURSE = """query($c:String!){ course(code:$c){ code title published completedAt completionCount
  materials{ kind kindLabel title text url contentType size } } }"""
SAVE = """mutation($i:CourseInput!){ saveCourse(input:$i){ course{ code published } errors{ message } } }"""
ADD = """mutation($c:String!,$i:CourseMaterialInput!){ addCourseMaterial(courseCode:$c, input:$i){
  course{ materials{ kind title url } } errors{ code field message } } }"""
SCHEDULE = """mutation($i:TrainingSessionInput!){ scheduleTrainingSession(input:$i){
  session{ id title rosterCount attendedCount attendees{ staffId name attended signIn } }
  errors{ code message } } }"""


@pytest.fixture
async def hub(database: str, tmp_path: Path) -> AsyncIterator[tuple[GQL, httpx.AsyncClient]]:
    app = create_app(test_settings(database, data_dir=tmp_path), manage_db=False)
    transport = httpx.ASGITransport(app=app, client=("10.1.0.1", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        yield GQL(http), http


async def upload(gql: GQL, http: httpx.AsyncClient, body: bytes, name: str) -> httpx.Response:
    return await http.post(f"/media?filename={name}", content=body,
                           headers={"authorization": f"Bearer {gql.token}"})


async def test_uploads_are_typed_by_their_bytes_and_stored_once(hub):
    gql, http = hub
    await gql.login("admin", "admin123")
    # a video and a document are accepted whatever their names say
    video = await upload(gql, http, MP4, "培训.bin")
    assert video.status_code == 201
    assert video.json()["contentType"] == "video/mp4"
    pdf = await upload(gql, http, PDF, "手册.mp4")
    assert pdf.json()["contentType"] == "application/pdf"
    # the same bytes again are the same file
    again = await upload(gql, http, MP4, "copy.mp4")
    assert again.json()["sha256"] == video.json()["sha256"]
    # a text file named .mp4 is refused in Chinese
    fake = await upload(gql, http, b"just text, not a video" * 10, "video.mp4")
    assert fake.status_code == 415
    assert "按文件内容识别" in fake.json()["error"]
    # and only administrators upload
    await gql.login("qiantai", "demo1234")
    assert (await upload(gql, http, PDF, "x.pdf")).status_code == 403
    assert (await http.post("/media", content=PDF)).status_code == 401


async def test_a_course_pdf_with_a_script_or_an_attachment_is_refused(hub):
    gql, http = hub
    await gql.login("admin", "admin123")
    script = PDF.replace(b"1 0 obj<<>>", b"1 0 obj<< /Names << /JavaScript 2 0 R >> >>")
    refused = await upload(gql, http, script, "手册.pdf")
    assert refused.status_code == 415 and refused.json()["code"] == "MEDIA_INVALID"
    assert "活动内容" in refused.json()["error"]
    attached = PDF.replace(b"1 0 obj<<>>", b"1 0 obj<< /Type /EmbeddedFile >>")
    assert (await upload(gql, http, attached, "手册.pdf")).status_code == 415


async def test_video_is_served_with_range_requests(hub):
    gql, http = hub
    await gql.login("admin", "admin123")
    url = (await upload(gql, http, MP4, "v.mp4")).json()["url"]
    whole = await http.get(url)
    assert whole.status_code == 200
    assert whole.headers["content-type"] == "video/mp4"
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.content == MP4
    part = await http.get(url, headers={"range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-199/{len(MP4)}"
    assert part.content == MP4[100:200]
    tail = await http.get(url, headers={"range": "bytes=-10"})
    assert tail.content == MP4[-10:]
    beyond = await http.get(url, headers={"range": f"bytes={len(MP4) + 5}-"})
    assert beyond.status_code == 416
    assert (await http.get("/media/" + "0" * 64)).status_code == 404
    assert (await http.get("/media/dev-secret-key")).status_code == 404


async def test_a_course_with_text_video_and_document_is_learned_once(hub):
    gql, http = hub
    await gql.login("admin", "admin123")
    video = (await upload(gql, http, MP4, "v.mp4")).json()["sha256"]
    doc = (await upload(gql, http, PDF, "d.pdf")).json()["sha256"]
    saved = await gql(SAVE, {"i": {"code": "YB-01", "title": "医保业务培训"}})
    assert saved["data"]["saveCourse"]["errors"] == []
    await gql(ADD, {"c": "YB-01", "i": {"kind": "TEXT", "title": "导读", "text": "## 医保\n参保登记"}})
    await gql(ADD, {"c": "YB-01", "i": {"kind": "VIDEO", "title": "操作演示", "mediaSha256": video}})
    wrong = (await gql(ADD, {"c": "YB-01", "i": {"kind": "VIDEO", "title": "错", "mediaSha256": doc}}))
    message = wrong["data"]["addCourseMaterial"]["errors"][0]["message"]
    assert message == "该文件是PDF 文档，这里需要视频（MP4、WebM）"
    added = await gql(ADD, {"c": "YB-01", "i": {"kind": "DOCUMENT", "title": "手册", "mediaSha256": doc}})
    kinds = [m["kind"] for m in added["data"]["addCourseMaterial"]["course"]["materials"]]
    assert kinds == ["TEXT", "VIDEO", "DOCUMENT"]
    # an unpublished course is hidden from staff
    await gql.login("qiantai", "demo1234")
    hidden = await gql(COURSE, {"c": "YB-01"})
    assert hidden["errors"][0]["message"] == "课程 YB-01 不存在"
    await gql.login("admin", "admin123")
    await gql(SAVE, {"i": {"code": "YB-01", "title": "医保业务培训", "published": True}})
    await gql.login("qiantai", "demo1234")
    course = (await gql(COURSE, {"c": "YB-01"}))["data"]["course"]
    assert course["completedAt"] is None and course["completionCount"] is None
    assert course["materials"][1]["url"] == f"/media/{video}"
    done = "mutation{ completeCourse(code:\"YB-01\"){ course{ completedAt } errors{ message } } }"
    first = (await gql(done))["data"]["completeCourse"]["course"]["completedAt"]
    second = (await gql(done))["data"]["completeCourse"]["course"]["completedAt"]
    assert first == second
    assert await CourseCompletion.filter(course__code="YB-01").count() == 1


async def test_a_session_roster_sign_in_marking_and_coverage(hub):
    gql, _ = hub
    now = datetime.now(UTC)
    qiantai, shenpi = await Staff.get(username="qiantai"), await Staff.get(username="shenpi")
    session = {
        "title": "一窗受理业务直播培训", "courseCode": "YCSL-101", "streamUrl": "http://live.example/1",
        "startsAt": (now - timedelta(minutes=5)).isoformat(),
        "endsAt": (now + timedelta(hours=1)).isoformat(),
        "servicePointCodes": ["330106013"],
    }
    await gql.login("qiantai", "demo1234")
    denied = await gql(SCHEDULE, {"i": session})
    assert "需要以下角色之一" in denied["errors"][0]["message"]
    await gql.login("zhuren", "demo1234")
    made = (await gql(SCHEDULE, {"i": session}))["data"]["scheduleTrainingSession"]
    assert made["errors"] == []
    roster = {a["name"] for a in made["session"]["attendees"]}
    # the street's people are on it, its kiosk and board are not
    assert {"李晓敏", "陈建国", "赵丽", "周海燕"} <= roster and "文新街道叫号屏" not in roster
    sid = made["session"]["id"]
    # the staff member signs in during the session; the roster is hidden from them
    await gql.login("qiantai", "demo1234")
    signed = (await gql("""mutation($i:ID!){ signInTrainingSession(id:$i){ session{ attendees{ name }
      myAttendance{ attended signIn signInLabel } } errors{ message } } }""", {"i": sid}))
    signed_session = signed["data"]["signInTrainingSession"]["session"]
    assert signed_session["attendees"] is None
    assert signed_session["myAttendance"] == {"attended": True, "signIn": "SELF", "signInLabel": "本人签到"}
    # the supervisor marks another attendee
    await gql.login("zhuren", "demo1234")
    marked = (await gql("""mutation($i:ID!,$s:[ID!]!){ markSessionAttendance(id:$i, staffIds:$s){
      session{ attendedCount attendees{ staffId attended signIn } } errors{ message } } }""",
                        {"i": sid, "s": [str(shenpi.id)]}))["data"]["markSessionAttendance"]["session"]
    assert marked["attendedCount"] == 2
    by_id = {a["staffId"]: a for a in marked["attendees"]}
    assert by_id[str(shenpi.id)]["signIn"] == "SUPERVISOR" and by_id[str(qiantai.id)]["signIn"] == "SELF"
    # who in 文新街道 was trained on the course, who not
    coverage = (await gql("""{ trainingCoverage(courseCode:"YCSL-101", servicePointCode:"330106013"){
      name trained } }"""))["data"]["trainingCoverage"]
    trained = {c["name"] for c in coverage if c["trained"]}
    assert trained == {"李晓敏", "陈建国"}
    assert {"赵丽", "周海燕"} <= {c["name"] for c in coverage if not c["trained"]}


async def test_signing_in_outside_the_session_window_is_refused(hub):
    gql, _ = hub
    later = datetime.now(UTC) + timedelta(days=1)
    await gql.login("zhuren", "demo1234")
    made = (await gql(SCHEDULE, {"i": {
        "title": "明天的现场培训", "place": "文新街道便民服务中心三楼会议室",
        "startsAt": later.isoformat(), "endsAt": (later + timedelta(hours=2)).isoformat(),
        "servicePointCodes": ["330106013"]}}))["data"]["scheduleTrainingSession"]
    await gql.login("qiantai", "demo1234")
    result = (await gql("""mutation($i:ID!){ signInTrainingSession(id:$i){ errors{ code message } } }""",
                        {"i": made["session"]["id"]}))["data"]["signInTrainingSession"]
    assert result["errors"][0]["code"] == "OUTSIDE_WINDOW"
    assert result["errors"][0]["message"].startswith("签到时间为 ")
    # someone not on the roster cannot even see it
    await gql.login("wangge", "demo1234")
    body = await gql("query($i:ID!){ trainingSession(id:$i){ title } }", {"i": made["session"]["id"]})
    assert body["errors"][0]["message"] == "您不在本次培训名单中，也不是组织者"
