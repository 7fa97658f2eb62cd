"""/metrics, the access log line, a Redis outage's one warning, and pending migrations in /readyz."""

import json
import logging

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from hub.web.app import create_app
from hub.web.observe import redact
from realtime.bus import EventBus
from realtime.log import LoggedEvent
from tests.conftest import test_settings

ID_NUMBER = "330106195803120245"
PHONE = "13805712345"


def samples(text: str) -> dict[tuple[str, tuple], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


async def scrape(gql) -> dict:
    r = await gql.http.get("/metrics", headers={"authorization": "Bearer scrape-me"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return samples(r.text)


@pytest.mark.both_databases
async def test_metrics_count_operations_outcomes_and_login_failures(database, db_backend):
    # given a hub whose /metrics takes a token, scraped once before
    app = create_app(test_settings(database, metrics_token="scrape-me"), manage_db=False)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        from tests.conftest import GQL

        gql = GQL(http)
        before = await scrape(gql)
        # when a named query succeeds, one fails validation and a password is wrong
        await gql.post("query GuideItems { items(first:2){ totalCount } }")
        await gql.post("query Broken { nope }")
        await gql.login("qiantai", "wrong-password-1")
        after = await scrape(gql)
        # then each is counted by name and outcome, with its latency
        assert value(after, "owh_graphql_requests_total", operation="GuideItems", outcome="ok") \
            == value(before, "owh_graphql_requests_total", operation="GuideItems", outcome="ok") + 1
        assert value(after, "owh_graphql_requests_total", operation="Broken", outcome="error") >= 1
        assert value(after, "owh_graphql_request_duration_seconds_count", operation="GuideItems") >= 1
        assert value(after, "owh_login_failures_total", reason="invalid_credentials") \
            == value(before, "owh_login_failures_total", reason="invalid_credentials") + 1
        # and the database gauges are read at scrape time
        assert ("owh_outbox_messages", (("status", "pending"),)) in after
        assert ("owh_outbox_oldest_pending_age_seconds", ()) in after
        assert value(after, "owh_http_requests_total", route="graphql", status="2xx") >= 3
        if db_backend == "postgres":  # asyncpg's pool
            assert value(after, "owh_db_pool_connections", state="max") >= 1
        # and a client that is neither allowed by address nor carries the token is refused
        refused = await http.get("/metrics")
        assert refused.status_code == 403 and "HUB_METRICS_ALLOW" in refused.json()["error"]
        wrong = await http.get("/metrics", headers={"authorization": "Bearer guess"})
        assert wrong.status_code == 403


@pytest.mark.both_databases
async def test_job_runs_are_counted_by_outcome_with_the_last_success_time(database):
    # given a leased job that works and one that fails once, as /metrics shows them
    from datetime import timedelta

    from hub.core import jobs
    from hub.core.clock import utcnow

    app = create_app(test_settings(database), manage_db=False)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 1234))
    failures = [RuntimeError("数据库连接中断")]

    async def flaky(now):
        if failures:
            raise failures.pop()
        return "ok"

    async def steady(now):
        return "ok"

    good = jobs.Job("metrics-test-steady", timedelta(hours=1), steady)
    bad = jobs.Job("metrics-test-flaky", timedelta(hours=1), flaky)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        before = samples((await http.get("/metrics")).text)
        started = utcnow().timestamp()
        # when the steady job runs, and a second try in the period finds the lease held,
        assert await jobs.run_once(good) == "ok"
        assert await jobs.run_once(good) is None
        # and the flaky job fails, then runs at the very next try (its lease was given back)
        with pytest.raises(RuntimeError):
            await jobs.run_once(bad)
        assert await jobs.run_once(bad) == "ok"
        after = samples((await http.get("/metrics")).text)

    def runs(found: dict, job: str, outcome: str) -> float:
        return value(found, "owh_job_runs_total", job=job, outcome=outcome)

    # then each try is counted under its outcome
    for job, outcome, n in (("metrics-test-steady", "ran", 1),
                            ("metrics-test-steady", "skipped_lease_held", 1),
                            ("metrics-test-steady", "failed", 0),
                            ("metrics-test-flaky", "failed", 1),
                            ("metrics-test-flaky", "ran", 1)):
        assert runs(after, job, outcome) == runs(before, job, outcome) + n, (job, outcome)
    # and the last success of each is stamped now
    for job in ("metrics-test-steady", "metrics-test-flaky"):
        stamp = value(after, "owh_job_last_success_timestamp_seconds", job=job)
        assert started - 1 <= stamp <= utcnow().timestamp() + 1


async def test_metrics_are_open_to_the_machine_itself_and_count_lockouts(database):
    app = create_app(test_settings(database, login_max_failures=2), manage_db=False)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        from tests.conftest import GQL

        gql = GQL(http)
        before = samples((await http.get("/metrics")).text)
        for _ in range(3):
            await gql.login("zhuren", "wrong-password-1")
        after = samples((await http.get("/metrics")).text)
    assert value(after, "owh_login_lockouts_total") == value(before, "owh_login_lockouts_total") + 1
    assert value(after, "owh_login_failures_total", reason="locked") \
        == value(before, "owh_login_failures_total", reason="locked") + 1


async def test_one_json_line_per_request_without_id_or_phone_numbers(gql, caplog):
    # given a public lookup whose variables and operation name carry an ID and a phone number
    caplog.set_level(logging.INFO, logger="owh.access")
    query = f"query Track_{PHONE}($n:String!,$i:String!){{ trackCase(number:$n, idNumber:$i){{ number }} }}"
    # when it is sent (over GET too, where the variables ride in the query string)
    await gql.post(query, {"n": "XH-NOPE", "i": ID_NUMBER}, **{"x-request-id": "req-abcdef12"})
    await gql.http.get("/graphql", params={"query": query, "variables": json.dumps(
        {"n": "XH-NOPE", "i": ID_NUMBER})})
    # then one line each, JSON, with the request id, operation, outcome, viewer and duration
    lines = [r.getMessage() for r in caplog.records if r.name == "owh.access"]
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["request_id"] == "req-abcdef12" and first["path"] == "/graphql"
    assert first["operation"] == "Track_138****2345" and first["outcome"] in ("ok", "error")
    assert "viewer" in first and first["duration_ms"] >= 0 and first["status"] == 200
    # and neither number appears anywhere
    assert not any(ID_NUMBER in line or PHONE in line for line in lines)


async def test_the_access_line_names_the_staff_viewer(gql, caplog):
    await gql.login("qiantai", "demo1234")
    caplog.set_level(logging.INFO, logger="owh.access")
    r = await gql.post("query Me { me { name } }")
    assert r.status_code == 200
    line = json.loads([r.getMessage() for r in caplog.records if r.name == "owh.access"][-1])
    assert isinstance(line["viewer"], int) and line["operation"] == "Me"
    assert r.headers["x-request-id"] == line["request_id"]


def test_redact_masks_id_and_mobile_numbers_but_not_other_numbers():
    assert redact(f"id {ID_NUMBER} phone {PHONE}") == "id 330106********0245 phone 138****2345"
    assert redact("33010619580312024X") == "330106********024X"
    assert redact("case 2026120700012 port 8000") == "case 2026120700012 port 8000"


async def test_a_redis_outage_is_one_warning_line_and_a_counter(database, caplog):
    # given a bus whose Redis cannot be reached
    from hub.core import metrics
    from hub.core.clock import utcnow

    bus = EventBus(redis_url="redis://127.0.0.1:1/0")
    before = metrics.BACKPLANE_PUBLISH_FAILURES._value.get()
    caplog.set_level(logging.WARNING)
    # when two events are published
    events = [LoggedEvent("hall:test", n, "CALLED", {}, utcnow()) for n in (1, 2)]
    await bus.publish(events)
    await bus.stop()
    # then one warning line without a traceback, and both events counted
    warnings = [r for r in caplog.records if "Redis" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].exc_info is None
    assert metrics.BACKPLANE_PUBLISH_FAILURES._value.get() == before + 2


async def test_readyz_refuses_traffic_while_migrations_are_pending(database):
    # given a database on which the newest migration is not recorded as applied
    from tortoise import connections

    conn = connections.get("default")
    # the newest by the dependency chain is the last applied, not the highest number
    _, rows = await conn.execute_query("SELECT name FROM tortoise_migrations ORDER BY id DESC LIMIT 1")
    newest = rows[0]["name"]
    await conn.execute_query(f"DELETE FROM tortoise_migrations WHERE name = '{newest}'")
    app = create_app(test_settings(database), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
        r = await c.get("/readyz")
    # then the instance is not ready and says which migrations wait
    assert r.status_code == 503
    assert r.json()["migrations"] == "pending" and r.json()["pendingMigrations"] == [f"hub.{newest}"]


async def test_traces_reach_the_otlp_endpoint_when_one_is_set(database, monkeypatch):
    # given a collector that records what is posted to it, named by OTEL_EXPORTER_OTLP_ENDPOINT
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received: list[tuple[str, bytes]] = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((self.path, self.rfile.read(int(self.headers["content-length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", f"http://127.0.0.1:{server.server_port}")
    from hub.web import tracing

    try:
        app = create_app(test_settings(database), manage_db=False)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
            # when a named query with an ID number in its text is served
            query = ("query GuideItems { items(first:1){ totalCount } "
                     f'trackCase(number:"X", idNumber:"{ID_NUMBER}"){{ number }} }}')
            await c.post("/graphql", json={"query": query})
        tracing.provider().force_flush()
    finally:
        server.shutdown()
    # then the spans of the request and of the operation were exported, without the ID number
    body = b"".join(data for path, data in received if path == "/v1/traces")
    assert b"GraphQL Query: GuideItems" in body and b"POST /graphql" in body
    assert ID_NUMBER.encode() not in body and b"330106********0245" in body
