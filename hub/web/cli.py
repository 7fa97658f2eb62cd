"""`python -m hub serve | migrate | seed | history | mine-relations | backup | restore | export-schema |
create-admin`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from pathlib import Path

from hub.core.settings import ROOT, Settings

SCHEMA_FILE = ROOT / "schema" / "schema.graphql"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hub", description="一窗受理集成服务平台")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the hub (HTTP + websockets)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, default=1)
    migrate = sub.add_parser("migrate", help="apply pending database migrations")
    migrate.add_argument("--check", action="store_true",
                         help="apply nothing; exit 1 if migrations are pending (for deploy scripts)")
    sub.add_parser("seed", help="load the demo data (idempotent)")
    history = sub.add_parser("history", help="generate a year of realistic cases for the dashboard")
    history.add_argument("--cases", type=int, default=1_000_000)
    history.add_argument("--seed", type=int, default=7)
    history.add_argument("--days", type=int, default=365)
    history.add_argument("--end", help="last local day (YYYY-MM-DD); default yesterday")
    sub.add_parser("mine-relations", help="suggest related items from the history of cases (HUB_RELATED_*)")
    backup = sub.add_parser("backup", help="copy the database and stored files into DIR, with a manifest")
    backup.add_argument("dir", type=Path)
    restore = sub.add_parser("restore", help="restore a backup made by `backup` (verified first)")
    restore.add_argument("dir", type=Path)
    restore.add_argument("--replace", action="store_true",
                         help="overwrite an existing database (default: refuse)")
    export = sub.add_parser("export-schema", help="write the SDL to schema/schema.graphql")
    export.add_argument("--output", type=Path, default=SCHEMA_FILE)
    export.add_argument("--check", action="store_true", help="fail if the file is out of date")
    admin = sub.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("username")
    admin.add_argument("--name", default="系统管理员")
    admin.add_argument("--service-point", default=None, help="code of the point (default: root)")
    admin.add_argument("--password", help="read from HUB_ADMIN_PASSWORD or the prompt if omitted")
    args = parser.parse_args(argv)

    if args.command == "export-schema":
        return _export_schema(args.output, args.check)
    settings = Settings.from_env()
    if args.command in ("seed", "history", "create-admin"):  # `serve` installs via create_app
        from hub.web.hooks import install as install_hooks

        install_hooks()
    if args.command == "serve":
        return _serve(settings, args.host, args.port, args.workers)
    if args.command == "migrate":
        from hub.core import db

        if args.check:
            return _check_migrations(settings.database_url)
        # the operator sees each try that met a lock (hub/core/db.py)
        logging.basicConfig(level=logging.WARNING, format="%(message)s")
        try:
            asyncio.run(db.migrate(settings.database_url,
                                   lock_timeout=settings.migration_lock_timeout_seconds,
                                   attempts=settings.migration_lock_attempts,
                                   pause=settings.migration_lock_pause_seconds))
        except db.MigrationLockTimeout as e:
            print(e, file=sys.stderr)
            return 1
        print(f"数据库已迁移到最新版本：{settings.database_url}")
        return 0
    if args.command == "seed":
        from hub.demo.load import seed_database

        print(asyncio.run(seed_database(settings.database_url)))
        return 0
    if args.command == "history":
        return _history(settings, args)
    if args.command == "mine-relations":
        print(asyncio.run(_mine_relations(settings)))
        return 0
    if args.command in ("backup", "restore"):
        return _backup_or_restore(settings, args)
    if args.command == "create-admin":
        return _create_admin(settings, args)
    return 2


def _backup_or_restore(settings: Settings, args: argparse.Namespace) -> int:
    from hub.core import backup

    try:
        if args.command == "backup":
            manifest = asyncio.run(backup.backup(settings.database_url, settings.data_dir, args.dir))
            verb = "已备份到"
        else:
            manifest = asyncio.run(backup.restore(args.dir, settings.database_url, settings.data_dir,
                                                  replace=args.replace))
            verb = "已从备份恢复："
    except backup.BackupError as e:
        print(e, file=sys.stderr)
        return 1
    rows = sum(manifest["row_counts"].values())
    print(f"{verb} {args.dir}（{manifest['database']}，{len(manifest['row_counts'])} 张表 {rows} 行，"
          f"{len(manifest['files'])} 个文件，{len(manifest['event_cursors'])} 个事件频道）")
    return 0


def _check_migrations(database_url: str) -> int:
    from hub.core import db

    async def pending() -> list[str]:
        await db.init_db(database_url)
        try:
            return await db.pending_migrations(database_url)
        finally:
            await db.close_db()

    names = asyncio.run(pending())
    if names:
        print(f"待执行的迁移 {len(names)} 个：" + "、".join(names), file=sys.stderr)
        return 1
    print("数据库已是最新版本，没有待执行的迁移")
    return 0


def _export_schema(output: Path, check: bool) -> int:
    from hub.web.graphql_schema import sdl

    text = sdl()
    if check:
        if not output.exists() or output.read_text(encoding="utf-8") != text:
            print(f"{output} is out of date: run `make schema`", file=sys.stderr)
            return 1
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0


def _serve(settings: Settings, host: str | None, port: int | None, workers: int) -> int:
    import uvicorn

    from hub.web.wiring import build_ports

    # Each worker is a process with its own in-process bus and throttle counters: a call made on
    # one would never reach a board connected to the other, and every limit would double.
    problem = workers_problem(settings, workers)
    if problem is not None:
        print(f"无法启动：{problem}", file=sys.stderr)
        return 2
    try:  # an adapter that cannot be built stops the start here, with the setting named
        build_ports(settings)
    except ValueError as e:
        print(f"无法启动：{e}", file=sys.stderr)
        return 2

    uvicorn.run(
        "hub.web.asgi:app",
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        # websockets-sansio, plus raw frames for live hall events (realtime.frames).
        ws="realtime.frames:HubWebSocketProtocol",
        # Hall and whistle messages are a few hundred bytes: per-message compression cost CPU on
        # every frame and a compressor per connection, and saved almost nothing.
        ws_per_message_deflate=False,
        # The client address is the TCP peer; X-Forwarded-For is read only from the proxies
        # HUB_TRUSTED_PROXIES names (hub/core/clientip.py), never from any local address.
        proxy_headers=False,
        server_header=False,  # no "Server: uvicorn" banner (hub/web/headers.py adds the rest)
        log_level="info" if not settings.is_prod else "warning",
        log_config=log_config(),
        access_log=False,  # hub/web/observe.py writes one JSON line per request instead
    )
    return 0


def workers_problem(settings: Settings, workers: int) -> str | None:
    """Why ``serve --workers N`` cannot run with these settings, or None.

    Several worker processes are several instances on one machine: the limits that must hold
    for the whole service (login attempts per address, guessable lookups) and the backplane
    that tells every process of a revoked token or a hall event are shared through Redis, and
    several processes writing one SQLite file would wait on its lock (and fail when the wait
    runs out). So more than one worker needs REDIS_URL and PostgreSQL (DECISIONS §51)."""
    if workers < 1:
        return "--workers 至少为 1"
    if workers == 1:
        return None
    if not settings.redis_url:
        return ("多个工作进程（--workers）须配置 REDIS_URL：登录与查询限流、令牌吊销和实时事件"
                "要在各进程间共享")
    if settings.database_url.startswith("sqlite"):
        return "多个工作进程（--workers）须使用 PostgreSQL（DATABASE_URL）：SQLite 文件不能由多个进程同时写入"
    return None


def log_config() -> dict:
    """uvicorn's logging, plus the hub's loggers: ``owh.access`` as bare JSON lines on stdout,
    the rest (``owh.outbox``, ``owh.bus`` …) like uvicorn's own messages."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["json_line"] = {"format": "%(message)s"}
    # batched writes: one system call per 0.2 s of requests, not one per request
    config["handlers"]["json_line"] = {"class": "hub.web.observe.BatchedLines",
                                       "formatter": "json_line", "stream": "ext://sys.stdout"}
    config["loggers"]["owh.access"] = {"handlers": ["json_line"], "level": "INFO", "propagate": False}
    config["loggers"]["owh"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    config["root"] = {"handlers": ["default"], "level": "WARNING"}  # realtime.bus, resolvers …
    return config


def _history(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import date, timedelta

    from hub.core import db
    from hub.core.clock import local_date, utcnow
    from hub.core.errors import HubError
    from hub.demo.history import generate

    end = date.fromisoformat(args.end) if args.end else local_date(utcnow()) - timedelta(days=1)

    async def run() -> str:
        await db.init_db(settings.database_url)
        try:
            text = (await generate(args.cases, args.seed, end, args.days)).text()
        finally:
            await db.close_db()
        return text + "\n" + await _mine_relations(settings)  # the 顺便办 suggestions of that history

    try:
        print(asyncio.run(run()))
    except HubError as e:
        print(e.message, file=sys.stderr)
        return 1
    return 0


async def _mine_relations(settings: Settings) -> str:
    from hub.core import db
    from resolvers.catalog import mining

    await db.init_db(settings.database_url)
    try:
        r = await mining.mine(mining.Thresholds(
            settings.related_window_days, settings.related_history_days,
            settings.related_min_support, settings.related_min_confidence))
    finally:
        await db.close_db()
    return (f"相关事项挖掘：达到阈值 {r.pairs} 对，新增待审核建议 {r.suggested} 条，"
            f"更新 {r.updated} 条，已人工配置跳过 {r.skipped} 对")


def _create_admin(settings: Settings, args: argparse.Namespace) -> int:
    import os

    from hub.demo.load import create_admin

    password = args.password or os.environ.get("HUB_ADMIN_PASSWORD") or getpass.getpass("密码：")
    try:
        message = asyncio.run(
            create_admin(settings.database_url, args.username, args.name, password,
                         args.service_point)
        )
    except ValueError as e:
        print(e, file=sys.stderr)
        return 1
    print(message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
