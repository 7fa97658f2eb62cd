"""Prometheus metrics of one hub process, served at /metrics (hub/web/metrics.py).

The counters live here, on the ground floor, so that every layer may count what it does (a login
failure in resolvers/staff, an event appended in realtime/log) without knowing the endpoint.
Gauges that describe the database (outbox backlog, pool use) are read when /metrics is scraped.

Labels are bounded: operation names come from clients, so only well-formed names are kept and
only the first ``MAX_OPERATIONS`` distinct ones; the rest count as ``other``.
"""

from __future__ import annotations

import re
import threading

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.process_collector import ProcessCollector

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)

# Seconds: a catalogue read is a few ms, a PDF a few hundred, an upload a few seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "owh_http_requests_total", "HTTP requests by route group and status class",
    ["route", "status"], registry=REGISTRY)
HTTP_LATENCY = Histogram(
    "owh_http_request_duration_seconds", "HTTP request duration by route group",
    ["route"], buckets=LATENCY_BUCKETS, registry=REGISTRY)
GRAPHQL_REQUESTS = Counter(
    "owh_graphql_requests_total",
    "GraphQL operations over HTTP by operation name and outcome (ok, error, refused, failed)",
    ["operation", "outcome"], registry=REGISTRY)
GRAPHQL_LATENCY = Histogram(
    "owh_graphql_request_duration_seconds", "GraphQL operation duration over HTTP",
    ["operation"], buckets=LATENCY_BUCKETS, registry=REGISTRY)
WS_CONNECTIONS = Gauge("owh_websocket_connections", "Open websocket connections", registry=REGISTRY)
WS_SUBSCRIPTIONS = Gauge("owh_websocket_subscriptions", "Running subscriptions", registry=REGISTRY)
EVENTS_APPENDED = Counter(
    "owh_events_appended_total", "Events appended to the event log, by channel family",
    ["family"], registry=REGISTRY)
BACKPLANE_LAG = Histogram(
    "owh_backplane_lag_seconds", "From an event's append to its arrival through Redis",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0), registry=REGISTRY)
BACKPLANE_PUBLISH_FAILURES = Counter(
    "owh_backplane_publish_failures_total", "Events that could not be published to Redis",
    registry=REGISTRY)
OUTBOX_MESSAGES = Gauge(
    "owh_outbox_messages", "Outbox messages not delivered, by status (pending, dead)",
    ["status"], registry=REGISTRY)
OUTBOX_OLDEST_PENDING = Gauge(
    "owh_outbox_oldest_pending_age_seconds", "Age of the oldest pending outbox message (0: none)",
    registry=REGISTRY)
DB_POOL = Gauge(
    "owh_db_pool_connections", "Database pool connections by state (PostgreSQL only)",
    ["state"], registry=REGISTRY)
LOGIN_FAILURES = Counter(
    "owh_login_failures_total", "Refused logins by reason", ["reason"], registry=REGISTRY)
LOGIN_LOCKOUTS = Counter(
    "owh_login_lockouts_total", "Accounts locked after too many wrong passwords", registry=REGISTRY)
RETENTION_PRUNED = Counter(
    "owh_retention_pruned_total", "Rows removed by the retention job, by kind", ["kind"],
    registry=REGISTRY)
JOB_RUNS = Counter(
    "owh_job_runs_total",
    "Tries of a leased periodic job by outcome (ran, skipped_lease_held, failed)",
    ["job", "outcome"], registry=REGISTRY)
JOB_LAST_SUCCESS = Gauge(
    "owh_job_last_success_timestamp_seconds",
    "Unix time this instance last finished the job (take the max over instances)",
    ["job"], registry=REGISTRY)

MAX_OPERATIONS = 200
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_operations: set[str] = set()
_lock = threading.Lock()


def operation_label(name: str | None) -> str:
    """A bounded label for a client-supplied operation name."""
    if not name:
        return "anonymous"
    if not _NAME.fullmatch(name):
        return "other"
    with _lock:
        if name in _operations:
            return name
        if len(_operations) >= MAX_OPERATIONS:
            return "other"
        _operations.add(name)
        return name


def channel_family(channel: str) -> str:
    """``hall:330106001`` → ``hall``: one label per kind of channel, not per hall."""
    return channel.split(":", 1)[0][:32] or "other"
