"""`python -m hub backup DIR` / `restore DIR`: a consistent copy of the database and the stored
files, with a manifest that lets a restore refuse a damaged or partial backup.

- The database first, as one snapshot taken while the hub serves: SQLite's online backup API
  (``sqlite3.Connection.backup``), or ``pg_dump --format=custom --snapshot=…`` inside a
  REPEATABLE READ transaction that also counts the rows and reads the event cursors, so the
  manifest describes exactly the dumped state.
- Then the stored files (``case-files/``, ``media/``): content-addressed and never rewritten, and
  written before the row that names them commits, so every file the snapshot refers to is
  already on disk when they are copied (later uploads may come along; they are harmless).
- ``manifest.json`` last: its presence marks a finished backup. It lists every file with its
  size and SHA-256, the row count of every table, each event channel's last sequence number
  and the applied migrations.

A restore checks the whole backup against the manifest before it touches anything, then loads
the database (a new SQLite file moved into place; ``pg_restore`` into an empty database), copies
the files, and compares the restored row counts and cursors with the manifest.

Secrets (``SECRET_KEY``, ``$HUB_DATA_DIR/dev-secret-key``) are configuration, not data: they
are not in the backup.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hub.core.clock import utcnow

FORMAT = 1
MANIFEST = "manifest.json"
FILE_DIRS = ("case-files", "media")
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Chinese)."""


@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int]
    cursors: dict[str, int]
    migrations: list[str]


def kind_of(database_url: str) -> str:
    if database_url.startswith("sqlite://"):
        return "sqlite"
    if database_url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        return "postgres"
    raise BackupError(f"不支持的数据库地址：{database_url.split(':', 1)[0]}")


def sqlite_path(database_url: str) -> Path:
    path = database_url.removeprefix("sqlite://")
    if not path or path == ":memory:":
        raise BackupError("内存数据库无法备份或恢复")
    return Path(path)


def pg_dsn(database_url: str) -> str:
    """The URL as libpq (pg_dump, pg_restore) reads it."""
    parts = urlsplit(database_url)
    return parts._replace(scheme="postgresql").geturl()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


# --- reading a database's state ------------------------------------------------------------

def _sqlite_snapshot(conn: sqlite3.Connection) -> Snapshot:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return Snapshot(
        counts={t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables},
        cursors=dict(conn.execute("SELECT channel, last_seq FROM event_channel").fetchall())
        if "event_channel" in tables else {},
        migrations=[f"{a}.{n}" for a, n in conn.execute(
            "SELECT app, name FROM tortoise_migrations ORDER BY app, name")]
        if "tortoise_migrations" in tables else [])


async def _pg_snapshot(conn: Any) -> Snapshot:
    tables = [r["tablename"] for r in await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
    counts = {t: int(await conn.fetchval(f'SELECT COUNT(*) FROM "{t}"')) for t in tables}
    cursors = {r["channel"]: int(r["last_seq"]) for r in await conn.fetch(
        "SELECT channel, last_seq FROM event_channel")} if "event_channel" in tables else {}
    migrations = [f"{r['app']}.{r['name']}" for r in await conn.fetch(
        "SELECT app, name FROM tortoise_migrations ORDER BY app, name")] \
        if "tortoise_migrations" in tables else []
    return Snapshot(counts, cursors, migrations)


async def database_state(database_url: str) -> Snapshot:
    """Row counts, event cursors and migrations of a database as it is now."""
    if kind_of(database_url) == "sqlite":
        conn = sqlite3.connect(f"file:{sqlite_path(database_url)}?mode=ro", uri=True)
        try:
            return _sqlite_snapshot(conn)
        finally:
            conn.close()
    import asyncpg

    pg = await asyncpg.connect(pg_dsn(database_url))
    try:
        return await _pg_snapshot(pg)
    finally:
        await pg.close()


# --- backup --------------------------------------------------------------------------------

def _empty_target(target: Path) -> None:
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"备份目录 {target} 不是空目录：请指定一个新目录")
    target.mkdir(parents=True, exist_ok=True)


def _backup_sqlite(database_url: str, target: Path) -> Snapshot:
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(f"数据库文件不存在：{source}")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target / SQLITE_FILE)
    try:
        src.backup(dst)  # the online backup API: one consistent state, writers may go on
        return _sqlite_snapshot(dst)
    finally:
        dst.close()
        src.close()


async def _backup_postgres(database_url: str, target: Path) -> Snapshot:
    import asyncpg

    if shutil.which("pg_dump") is None:
        raise BackupError("找不到 pg_dump：请安装 PostgreSQL 客户端（Debian: apt install postgresql-client）")
    conn = await asyncpg.connect(pg_dsn(database_url))
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot_id = await conn.fetchval("SELECT pg_export_snapshot()")
            state = await _pg_snapshot(conn)
            await _tool("pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot_id}",
                        f"--file={target / PG_FILE}", pg_dsn(database_url))
    finally:
        await conn.close()
    return state


async def _tool(*args: str) -> None:
    """Run pg_dump / pg_restore; BackupError with its message when it fails."""
    process = await asyncio.create_subprocess_exec(*args, stdout=asyncio.subprocess.DEVNULL,
                                                   stderr=asyncio.subprocess.PIPE)
    _, stderr = await process.communicate()
    if process.returncode != 0:
        raise BackupError(f"{args[0]} 失败：{stderr.decode(errors='replace').strip()[:500]}")


def _copy_files(data_dir: Path, target: Path) -> None:
    for name in FILE_DIRS:
        source = data_dir / name
        if source.is_dir():
            # (.upload-*: uploads still being received)
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns(".upload-*"))


def _listing(root: Path) -> dict[str, dict[str, Any]]:
    return {p.relative_to(root).as_posix(): {"size": p.stat().st_size, "sha256": sha256_of(p)}
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != MANIFEST}


async def backup(database_url: str, data_dir: Path, target: Path) -> dict[str, Any]:
    """Write a backup into ``target`` (new or empty); returns the manifest."""
    kind = kind_of(database_url)
    _empty_target(target)
    state = _backup_sqlite(database_url, target) if kind == "sqlite" \
        else await _backup_postgres(database_url, target)
    _copy_files(data_dir, target)
    manifest = {
        "format": FORMAT, "created_at": utcnow().isoformat(), "database": kind,
        "database_file": SQLITE_FILE if kind == "sqlite" else PG_FILE,
        "migrations": state.migrations, "row_counts": state.counts, "event_cursors": state.cursors,
        "files": _listing(target),
    }
    # Last, and atomically: a backup without its manifest is unfinished.
    partial = target / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, target / MANIFEST)
    return manifest


# --- restore -------------------------------------------------------------------------------

def verify(source: Path) -> dict[str, Any]:
    """The manifest of a complete, undamaged backup in ``source``, else BackupError saying why."""
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} 不是完整的备份：缺少 {MANIFEST}（备份可能中途失败）")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise BackupError(f"{MANIFEST} 已损坏：{e}") from e
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不认识的备份格式：{manifest.get('format')!r}")
    listed: dict[str, dict[str, Any]] = manifest["files"]
    if manifest["database_file"] not in listed:
        raise BackupError("备份清单中没有数据库文件")
    on_disk = {p.relative_to(source).as_posix() for p in source.rglob("*")
               if p.is_file() and p.name != MANIFEST}
    missing = sorted(set(listed) - on_disk)
    if missing:
        raise BackupError(f"备份不完整：缺少 {len(missing)} 个文件，如 {missing[0]}")
    extra = sorted(on_disk - set(listed))
    if extra:
        raise BackupError(f"备份目录中有清单之外的文件，如 {extra[0]}：不是原样的备份")
    for rel, expected in listed.items():
        file = source / rel
        if file.stat().st_size != expected["size"] or sha256_of(file) != expected["sha256"]:
            raise BackupError(f"备份已损坏：{rel} 的校验和与清单不符")
    return manifest


def _restore_sqlite(source: Path, database_url: str, replace: bool) -> None:
    target = sqlite_path(database_url)
    if target.exists() and not replace:
        raise BackupError(f"数据库文件 {target} 已存在：恢复到新位置，或加 --replace 覆盖")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".restore-", suffix=".sqlite3")
    os.close(fd)
    shutil.copyfile(source / SQLITE_FILE, temp)
    for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        stale.unlink(missing_ok=True)
    os.replace(temp, target)  # whole, or not at all


async def _restore_postgres(source: Path, database_url: str, replace: bool) -> None:
    if shutil.which("pg_restore") is None:
        raise BackupError("找不到 pg_restore：请安装 PostgreSQL 客户端")
    state = await database_state(database_url)
    if state.counts and not replace:
        raise BackupError("目标数据库不是空库：恢复到新建的数据库，或加 --replace 覆盖")
    args = ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
            f"--dbname={pg_dsn(database_url)}"]
    if replace:
        args[1:1] = ["--clean", "--if-exists"]
    await _tool(*args, str(source / PG_FILE))


async def restore(source: Path, database_url: str, data_dir: Path, *, replace: bool = False
                  ) -> dict[str, Any]:
    """Restore a verified backup; returns its manifest. Raises BackupError before changing
    anything when the backup is damaged, partial, or of another kind of database."""
    manifest = verify(source)
    kind = kind_of(database_url)
    if manifest["database"] != kind:
        raise BackupError(f"备份来自 {manifest['database']}，不能恢复到 {kind}")
    if kind == "sqlite":
        _restore_sqlite(source, database_url, replace)
    else:
        await _restore_postgres(source, database_url, replace)
    for name in FILE_DIRS:
        if (source / name).is_dir():
            shutil.copytree(source / name, data_dir / name, dirs_exist_ok=True)
    state = await database_state(database_url)
    if state.counts != manifest["row_counts"] or state.cursors != manifest["event_cursors"]:
        raise BackupError("恢复后的行数或事件游标与备份清单不符")
    return manifest
