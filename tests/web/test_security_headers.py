"""Security headers on every page and file: CSP without inline script, no framing by other
sites, nosniff, Referrer-Policy, a Permissions-Policy that keeps the camera, HSTS only over
HTTPS, and no server banner."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from hub.web.app import create_app
from hub.web.headers import FILE_CSP, PAGE_CSP
from tests.catalog.test_notice_download import ANSWERS
from tests.conftest import GQL, hub_server, test_settings

ASSETS = Path(__file__).resolve().parents[2] / "frontends" / "dist" / "assets"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
async def http(database: str, tmp_path: Path):
    app = create_app(test_settings(database, data_dir=tmp_path), manage_db=False)
    transport = httpx.ASGITransport(app=app, client=("10.8.0.1", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
        yield client


def assert_common(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=(self)" in response.headers["permissions-policy"]
    assert "microphone=()" in response.headers["permissions-policy"]
    assert "strict-transport-security" not in response.headers  # plain HTTP
    assert "server" not in response.headers


def assert_page(response: httpx.Response) -> None:
    assert_common(response)
    csp = response.headers["content-security-policy"]
    assert csp == PAGE_CSP
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"


async def test_pages_assets_and_graphql_carry_the_headers(http):
    index = await http.get("/")
    assert index.status_code == 200
    assert_page(index)
    assert_page(await http.get("/guide/some/deep/route"))
    asset = next(ASSETS.glob("*.js"))
    assert_page(await http.get(f"/assets/{asset.name}"))
    graphql = await http.post("/graphql", json={"query": "{ departments{ code } }"})
    assert_page(graphql)
    assert_page(await http.get("/healthz"))
    # refusals carry them too
    assert_page(await http.post("/graphql", content=b"x" * (2 * 1024 * 1024),
                                headers={"content-type": "application/json"}))


async def test_files_may_be_framed_by_the_hub_only_and_run_no_script(http):
    gql = GQL(http)
    await gql.login("qiantai", "demo1234")
    uploaded = await http.post("/case-files?filename=a.pdf", content=PDF,
                               headers={"authorization": f"Bearer {gql.token}"})
    assert uploaded.status_code == 201
    assert_page(uploaded)  # JSON
    notice = await http.get("/notice/330106-WJ-001.pdf", params={"answers": json.dumps(ANSWERS)})
    assert notice.status_code == 200 and notice.content.startswith(b"%PDF")
    assert_common(notice)
    # the case materials view shows a PDF in an iframe of the hub's own page
    assert notice.headers["content-security-policy"] == FILE_CSP
    assert "script-src 'none'" in FILE_CSP and "frame-ancestors 'self'" in FILE_CSP
    assert notice.headers["x-frame-options"] == "SAMEORIGIN"


async def test_hsts_only_over_https(database: str, tmp_path: Path):
    app = create_app(test_settings(database, data_dir=tmp_path), manage_db=False)
    transport = httpx.ASGITransport(app=app, client=("10.8.0.2", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="https://hub.test") as https:
        r = await https.get("/healthz")
    assert r.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


async def test_graphiql_in_development_keeps_its_own_policy_with_hashed_inline_scripts(http):
    ide = await http.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()
    csp = ide.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "'sha256-" in csp and "frame-ancestors 'none'" in csp


async def test_hsts_behind_a_proxy_only_when_the_proxy_is_trusted(database: str, tmp_path: Path):
    forwarded = {"x-forwarded-proto": "https"}
    for trusted, expected in (((), False), (("10.8.0.0/24",), True), (("192.168.0.1",), False)):
        app = create_app(test_settings(database, data_dir=tmp_path, trusted_proxies=trusted),
                         manage_db=False)
        transport = httpx.ASGITransport(app=app, client=("10.8.0.3", 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            r = await http.get("/healthz", headers=forwarded)
        assert ("strict-transport-security" in r.headers) is expected, trusted


@pytest.fixture(scope="module")
def real_hub(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory):
    with hub_server(sqlite_template, tmp_path_factory.mktemp("headers"),
                    HUB_TRUSTED_PROXIES="127.0.0.1") as base:
        yield base


def test_the_real_server_sends_no_banner_and_trusts_its_proxy_for_https(real_hub):
    page = httpx.get(f"{real_hub}/")
    assert "server" not in page.headers
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert "strict-transport-security" not in page.headers
    # the proxy on loopback (HUB_TRUSTED_PROXIES) terminated TLS and says so
    proxied = httpx.get(f"{real_hub}/", headers={"x-forwarded-proto": "https"})
    assert proxied.headers["strict-transport-security"].startswith("max-age=")
