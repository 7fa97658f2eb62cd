"""Uploads by the GraphQL multipart request spec (issue 16): materials (and so supplements)
and course media through the Upload scalar with the raw endpoints' checks, a preflight header
against cross-site forms, and a helpful answer when a form upload reaches a raw endpoint."""

import hashlib
import json

import pytest

from hub.core.models import StoredFile
from tests.training.test_courses_api import MP4, PDF, hub  # noqa: F401 (the fixture)

pytestmark = pytest.mark.both_databases

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CASE_FILE = """mutation($f: Upload!){ uploadCaseFile(file:$f){
  file{ fileId contentType size filename } errors{ code message } } }"""
MEDIA = """mutation($f: Upload!){ uploadCourseMedia(file:$f){
  media{ sha256 contentType size filename url } errors{ code message } } }"""
PREFLIGHT = {"graphql-preflight": "1"}


async def multipart(http, token, query, name, body, **headers):
    """A GraphQL multipart request: operations, map, then the file part."""
    if token:
        headers["authorization"] = f"Bearer {token}"
    return await http.post("/graphql", headers=headers, data={
        "operations": json.dumps({"query": query, "variables": {"f": None}}),
        "map": json.dumps({"0": ["variables.f"]})}, files={"0": (name, body, "application/octet-stream")})


async def test_a_clerk_uploads_a_material_by_multipart_with_the_raw_endpoints_checks(hub):  # noqa: F811
    gql, http = hub
    await gql.login("qiantai", "demo1234")
    r = await multipart(http, gql.token, CASE_FILE, "身份证.png", PNG, **PREFLIGHT)
    assert r.status_code == 200, r.text
    payload = r.json()["data"]["uploadCaseFile"]
    sha = hashlib.sha256(PNG).hexdigest()
    assert payload == {"errors": [], "file": {"fileId": sha, "contentType": "image/png",
                                              "size": len(PNG), "filename": "身份证.png"}}
    assert await StoredFile.filter(sha256=sha).exists()  # the fileId intake and supplements take
    # typed by content, not by name; PDFs with active content and oversized files refused
    text = (await multipart(http, gql.token, CASE_FILE, "a.png", b"plain text" * 10, **PREFLIGHT)).json()
    assert text["data"]["uploadCaseFile"]["errors"][0]["code"] == "FILE_INVALID"
    script = PDF.replace(b"1 0 obj<<>>", b"1 0 obj<< /Names << /JavaScript 2 0 R >> >>")
    active = (await multipart(http, gql.token, CASE_FILE, "a.pdf", script, **PREFLIGHT)).json()
    assert active["data"]["uploadCaseFile"]["errors"][0]["code"] == "FILE_INVALID"
    big = PNG + b"\x00" * (20 * 1024 * 1024)
    large = (await multipart(http, gql.token, CASE_FILE, "big.png", big, **PREFLIGHT)).json()
    assert large["data"]["uploadCaseFile"]["errors"][0]["code"] == "FILE_TOO_LARGE"


async def test_course_media_by_multipart_for_administrators_only(hub):  # noqa: F811
    gql, http = hub
    await gql.login("admin", "admin123")
    r = await multipart(http, gql.token, MEDIA, "培训.mp4", MP4, **PREFLIGHT)
    media = r.json()["data"]["uploadCourseMedia"]["media"]
    assert media["contentType"] == "video/mp4" and media["url"] == f"/media/{media['sha256']}"
    assert (await http.get(media["url"])).content == MP4
    await gql.login("qiantai", "demo1234")
    denied = (await multipart(http, gql.token, MEDIA, "x.mp4", MP4, **PREFLIGHT)).json()
    assert denied["data"] is None and denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_multipart_request_needs_the_preflight_header_and_a_login(hub):  # noqa: F811
    gql, http = hub
    await gql.login("qiantai", "demo1234")
    # a plain HTML form on another site can send neither header: refused before the body is read
    no_preflight = await multipart(http, gql.token, CASE_FILE, "a.png", PNG)
    assert no_preflight.status_code == 400
    message = no_preflight.json()["errors"][0]["message"]
    assert message.startswith("文件上传（multipart/form-data）须带 GraphQL-Preflight")
    anonymous = await multipart(http, None, CASE_FILE, "a.png", PNG, **PREFLIGHT)
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await gql.login("board01", "demo1234")
    board = (await multipart(http, gql.token, CASE_FILE, "a.png", PNG, **PREFLIGHT)).json()
    assert board["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert board["errors"][0]["message"] == "当前账号没有上传材料的权限"


@pytest.mark.parametrize("path, mutation", [("/case-files?filename=a.png", "uploadCaseFile"),
                                            ("/media?filename=a.mp4", "uploadCourseMedia")])
async def test_a_form_upload_to_a_raw_endpoint_is_told_where_to_go(hub, path, mutation):  # noqa: F811
    gql, http = hub
    await gql.login("admin", "admin123")
    r = await http.post(path, files={"file": ("a.png", PNG, "image/png")},
                        headers={"authorization": f"Bearer {gql.token}"})
    assert r.status_code == 400
    assert r.json()["code"] == "USE_GRAPHQL_MULTIPART" and f"{mutation}(file: Upload!)" in r.json()["error"]
