"""The Starlette application factory: /graphql, health probes and the built frontends."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from hub.core import db, jobs, outbox, ports
from hub.core.settings import Settings
from hub.web import tracing
from hub.web.endpoints.case_files import serve_case_file, upload_case_file
from hub.web.endpoints.decision import decision_pdf
from hub.web.endpoints.export import export_table
from hub.web.endpoints.integration import department_callback
from hub.web.endpoints.joint_form import joint_form_pdf
from hub.web.endpoints.media import serve_media, upload_media
from hub.web.endpoints.notice import checklist_link, notice_pdf
from hub.web.endpoints.notify import fake_mounts, sms_receipts
from hub.web.endpoints.payment import (
    fake_cashier,
    payment_notify,
    receipt_pdf,
    verify_receipt,
    wire_fake_delivery,
)
from hub.web.endpoints.receipt import case_receipt_pdf
from hub.web.graphql_schema import build_schema
from hub.web.graphql_view import HubGraphQL
from hub.web.headers import SecurityHeaders
from hub.web.hooks import install as install_hooks
from hub.web.limits import BodyLimit, Limit
from hub.web.metrics import endpoint as metrics_endpoint
from hub.web.observe import Observe
from hub.web.public_cache import PublicResponseCache
from hub.web.wiring import (
    follow_revocations,
    outbox_policy,
    payment_job,
    prune_keys_job,
    reminders_job,
    retention_job,
    wire,
)
from resolvers.analytics.export import MAX_BODY_BYTES as EXPORT_MAX_BYTES
from resolvers.cases import files, sla
from resolvers.whistle.actions import watch_escalations
from training import media

NOT_BUILT = """<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<title>一窗受理集成服务平台</title><body style="font-family:sans-serif;padding:2em">
<h1>一窗受理集成服务平台</h1><p>前端尚未构建：请运行 <code>make run</code>（或 <code>make frontend</code>）。
GraphQL 接口位于 <a href="/graphql">/graphql</a>。</p></body></html>"""


def create_app(settings: Settings | None = None, *, manage_db: bool = True) -> Starlette:
    """Build the app. ``manage_db=False`` when the caller (a test) owns the ORM lifecycle."""
    settings = settings or Settings.from_env()
    install_hooks()  # the cross-domain listeners (hub.web.hooks)
    services = wire(settings)  # the ports' adapters (人口库, couriers, hand-off …) and services
    cache = PublicResponseCache(settings.public_cache_seconds)
    graphql = HubGraphQL(build_schema(settings), services, cache)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_db:
            await db.init_db(settings.database_url)
        await services.bus.start()
        # 窗口吹哨: escalate calls nobody accepted in time, even when no console is looking.
        watcher = asyncio.create_task(watch_escalations(
            services.bus, settings.whistle_escalate_minutes), name="whistle-escalations")
        # 临期提醒 / 超期督办 of cases in working days, once a minute.
        case_clock = asyncio.create_task(sla.watch(services.bus.publish), name="case-sla-sweep")
        tasks = [watcher, case_clock]
        if services.viewer_cache.enabled:  # revoked tokens leave every process's cache at once
            tasks.append(asyncio.create_task(follow_revocations(
                services.bus, services.viewer_cache), name="viewer-revocations"))
        # The transactional outbox, every registered topic (cases handed to department
        # systems …); safe in every instance.
        if settings.outbox_poll_seconds > 0:
            tasks.append(asyncio.create_task(outbox.run_dispatcher(
                outbox_policy(settings), settings.outbox_poll_seconds), name="outbox-dispatcher"))
        # Idempotency keys past their retention, pruned hourly by one instance at a time.
        if settings.idempotency_retention_days > 0:
            tasks.append(asyncio.create_task(jobs.run_periodically(
                prune_keys_job(settings), poll_seconds=60), name="prune-idempotency-keys"))
        # Old events, callback receipts and unused exam links (resolvers/retention.py), likewise.
        if settings.retention_interval_seconds > 0:
            tasks.append(asyncio.create_task(jobs.run_periodically(
                retention_job(settings), poll_seconds=60), name="retention"))
        # 统一支付: unpaid orders whose notification never came are queried, expired ones
        # retired, and yesterday's statement reconciled, once across instances.
        if settings.payment_sweep_seconds > 0:
            tasks.append(asyncio.create_task(jobs.run_periodically(
                payment_job(settings), poll_seconds=min(60.0, settings.payment_sweep_seconds)),
                name="payment-sweep"))
        wire_fake_delivery(services.bus)  # the demo's platform notifies this hub directly
        # Reminders of the notifications (appointments tomorrow …), likewise.
        if settings.notify_reminder_interval_seconds > 0:
            tasks.append(asyncio.create_task(jobs.run_periodically(
                reminders_job(settings), poll_seconds=60), name="notify-reminders"))
        tune_garbage_collector()
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await services.bus.stop()
            await services.login_limiter.close()
            await services.lookup_guard.close()
            await services.login_codes.close()
            await ports.close()
            if manage_db:
                await db.close_db()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        checks: dict[str, object] = {"database": "ok" if await db.ping() else "unreachable"}
        if checks["database"] == "ok":
            # A new release started before `python -m hub migrate` must not take traffic yet.
            pending = await db.pending_migrations(settings.database_url)
            checks["migrations"] = "ok" if not pending else "pending"
            if pending:
                checks["pendingMigrations"] = pending
        if settings.redis_url:  # only when this instance is configured to fan out through Redis
            checks["redis"] = "ok" if await redis_ping(settings.redis_url) else "unreachable"
        ready = all(v == "ok" for k, v in checks.items() if k != "pendingMigrations")
        return JSONResponse({"status": "ready" if ready else "not ready", **checks},
                            status_code=200 if ready else 503)

    frontend = settings.frontend_dir
    index = frontend / "index.html"

    async def spa(request: Request) -> Response:
        # Known files in dist (favicon, fonts copied from public/) first, then the app shell.
        rel = request.path_params.get("path", "")
        candidate = (frontend / rel).resolve()
        if rel and candidate.is_file() and candidate.is_relative_to(frontend.resolve()):
            return FileResponse(candidate)
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return HTMLResponse(NOT_BUILT)

    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/notice/{code}.pdf", notice_pdf),
        Route("/c/{slug}", checklist_link),
        Route("/joint-forms/{number}.pdf", joint_form_pdf),
        Route("/media", upload_media, methods=["POST"]),
        Route("/export/{kind}", export_table, methods=["POST"]),
        Route("/media/{sha256}", serve_media, methods=["GET", "HEAD"]),
        Route("/case-files", upload_case_file, methods=["POST"]),
        Route("/case-files/{file_id}", serve_case_file, methods=["GET", "HEAD"]),
        Route("/cases/{case_id}/receipt.pdf", case_receipt_pdf, methods=["GET"]),
        Route("/cases/{case_id}/decision.pdf", decision_pdf),
        Route("/integration/callback/{department}", department_callback, methods=["POST"]),
        Route("/notify/sms/receipts", sms_receipts, methods=["POST"]),
        Route("/payment/notify", payment_notify, methods=["POST"]),
        Route("/payment/{kind}/{number}.pdf", receipt_pdf),
        Route("/payment/verify/{receipt}", verify_receipt),
        Route("/fakepay/cashier/{number}", fake_cashier, methods=["GET", "POST"]),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_endpoint(settings)),
    ]
    # Mounted even before the first build, so that a missing asset is a 404, never the shell.
    assets = _ImmutableStatic(directory=frontend / "assets", check_dir=False)
    routes += fake_mounts(ports.ports(), settings.is_prod)  # /_fake/sms, /_fake/robots (demo only)
    routes += [Mount("/assets", app=assets, name="assets"), Route("/{path:path}", spa)]
    traced = [Middleware(tracing.asgi_middleware())] if tracing.enabled() else []
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[
        *traced,  # OTEL_EXPORTER_OTLP_ENDPOINT: a span per request around everything
        # every request is counted and logged once, with its id
        Middleware(Observe),
        # refusals carry the headers too
        Middleware(SecurityHeaders, trusted_proxies=settings.trusted_proxies),
        Middleware(BodyLimit, default=settings.max_body_bytes, limits=body_limits(settings)),
    ])
    app.state.services = services
    app.state.public_cache = cache
    return app


def body_limits(settings: Settings) -> list[Limit]:
    """Paths with a body limit of their own (the rest: ``HUB_MAX_BODY_BYTES``)."""
    mb = 1024 * 1024
    return [
        Limit("/graphql", settings.max_body_bytes, graphql=True),
        # GraphQL multipart uploads (the Upload scalar): the largest file the hub takes; each
        # mutation then holds its file to its own limit (materials 20 MB).
        Limit("/graphql", media.MAX_UPLOAD_BYTES, f"文件超过 {media.MAX_UPLOAD_BYTES // mb} MB 上限",
              "MEDIA_TOO_LARGE", graphql=True, media_type="multipart/form-data"),
        Limit("/export/", EXPORT_MAX_BYTES, "导出内容过大"),
        Limit("/case-files", files.MAX_FILE_BYTES,
              f"文件超过 {files.MAX_FILE_BYTES // mb} MB 上限", "FILE_TOO_LARGE"),
        Limit("/media", media.MAX_UPLOAD_BYTES,
              f"文件超过 {media.MAX_UPLOAD_BYTES // mb} MB 上限", "MEDIA_TOO_LARGE"),
    ]


async def redis_ping(url: str) -> bool:
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(await client.ping())
    except (RedisError, OSError):
        return False
    finally:
        await client.aclose()


def tune_garbage_collector() -> None:
    """Fewer, cheaper collections for a request-serving process.

    A GraphQL response allocates thousands of short-lived objects, so the default gen-0
    threshold (700) triggers collections many times per request, and each full collection
    walks every long-lived object of the schema and ORM. Freezing what start-up built and
    raising the thresholds took the guide's item list from ~8 ms to ~6 ms in-process.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


class _ImmutableStatic(StaticFiles):
    """Vite's hashed asset names never change content: let browsers keep them."""

    def file_response(self, full_path: str | Path, *args, **kwargs) -> Response:  # type: ignore[override]
        response = super().file_response(full_path, *args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response
