"""GET /metrics: the process's Prometheus metrics (hub/core/metrics.py), for operators only.

Allowed when the client (the TCP peer, or what a proxy in ``HUB_TRUSTED_PROXIES`` says it is)
is in ``HUB_METRICS_ALLOW`` (default: this machine only), or when the request carries
``Authorization: Bearer`` + ``HUB_METRICS_TOKEN``. Everyone else gets 403. Behind a reverse
proxy on the same machine, name the proxy in ``HUB_TRUSTED_PROXIES`` (or block the path in the
proxy, as deploy/nginx does), or the proxy's loopback address would let the world in.
"""

from __future__ import annotations

import hmac

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tortoise import connections

from hub.core import metrics, outbox
from hub.core.clientip import client_address, parse_networks, within
from hub.core.clock import utcnow
from hub.core.security import bearer_token
from hub.core.settings import Settings


def allowed(request: Request, settings: Settings) -> bool:
    token = bearer_token(request.headers.get("authorization", ""))
    if settings.metrics_token and token is not None:
        return hmac.compare_digest(token.encode(), settings.metrics_token.encode())
    peer = request.client.host if request.client else ""
    client = client_address(peer, request.headers.get("x-forwarded-for"), settings.trusted_proxies)
    return within(client, parse_networks(settings.metrics_allow))


async def read_database_gauges() -> None:
    """The gauges that describe the database, read at scrape time."""
    backlog = await outbox.backlog()
    metrics.OUTBOX_MESSAGES.labels("pending").set(backlog.pending)
    metrics.OUTBOX_MESSAGES.labels("dead").set(backlog.dead)
    age = (utcnow() - backlog.oldest_pending_at).total_seconds() if backlog.oldest_pending_at else 0
    metrics.OUTBOX_OLDEST_PENDING.set(max(0.0, age))
    pool = getattr(connections.get("default"), "_pool", None)  # asyncpg's pool (PostgreSQL)
    if pool is not None and hasattr(pool, "get_size"):
        size, idle = pool.get_size(), pool.get_idle_size()
        metrics.DB_POOL.labels("in_use").set(size - idle)
        metrics.DB_POOL.labels("idle").set(idle)
        metrics.DB_POOL.labels("max").set(pool.get_max_size())


def endpoint(settings: Settings):
    async def serve_metrics(request: Request) -> Response:
        if not allowed(request, settings):
            return JSONResponse({"error": "无权读取监控指标（见 HUB_METRICS_ALLOW / HUB_METRICS_TOKEN）"},
                                status_code=403)
        await read_database_gauges()
        return Response(generate_latest(metrics.REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return serve_metrics
