"""The backup drill: a populated hub is backed up while it serves and takes tickets, restored into
a fresh database and data directory, and compared row count by row count, file by file, cursor
by cursor. Also: a damaged or partial backup is refused before anything is touched."""

import dataclasses
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from bench.cases import ZHANG, answers_for, full_materials
from hub.core import backup, db
from hub.core.models import StoredFile
from hub.core.models.enums import CaseChannel
from hub.core.settings import ROOT
from resolvers.cases import files
from resolvers.cases.actors import Actor
from resolvers.cases.intake import IntakeRequest, open_case
from tests.cases.issuance_support import approve, viewer_of
from tests.conftest import TEST_SECRET, _pg_admin, _run, hub_process, pg_url

pytestmark = pytest.mark.both_databases
ITEMS = ["330106-YB-003", "330106-YB-001"]


async def populate(database_url: str, data_dir: Path) -> None:
    """Cases whose materials are real files on disk (one approved), on top of the demo data
    (certificates DEMO-0000-0001/2, accounts, the catalogue)."""
    await db.init_db(database_url)
    try:
        desk = await viewer_of("qiantai")
        for n, item in enumerate(ITEMS):
            answers = await answers_for(item)
            materials = await full_materials(item, answers)
            real = []
            for m in materials:
                stored = []
                for i, (_, name) in enumerate(m.files):
                    async def chunks(body=f"%PDF-1.4\n{item} {m.material_id} {i}\n%%EOF".encode()):
                        yield body
                    stored.append(((await files.store(chunks(), data_dir))["sha256"], name))
                real.append(dataclasses.replace(m, files=stored))
            case = (await open_case(Actor.staff(desk), IntakeRequest(
                item_code=item, answers=answers, service_point_code="330106013",
                channel=CaseChannel.COUNTER, id_number=ZHANG, name="张桂英", phone="13800000000",
                materials=real))).case
            if n == 0:
                await approve(case["id"])
    finally:
        await db.close_db()


def hub_cli(*args: str, database_url: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"DATABASE_URL": database_url, "HUB_DATA_DIR": str(data_dir),
                        "SECRET_KEY": TEST_SECRET}
    return subprocess.run([sys.executable, "-m", "hub", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def take_tickets(base: str, stop: threading.Event, taken: list[str]) -> None:
    with httpx.Client(base_url=base, timeout=10) as http:
        token = http.post("/graphql", json={"query": 'mutation{ login(input:{username:"kiosk01",'
                                                     'password:"demo1234"}){ token } }'}).json()
        auth = {"authorization": f"Bearer {token['data']['login']['token']}"}
        while not stop.is_set():
            body = http.post("/graphql", headers=auth, json={"query": 'mutation{ takeTicket(input:{'
                             'servicePointCode:"330106013", prefix:"A"}){ ticket{ number } } }'}).json()
            taken.append(body["data"]["takeTicket"]["ticket"]["number"])


def fresh_database(db_backend: str, tmp_path: Path) -> str:
    if db_backend == "sqlite":
        return f"sqlite://{tmp_path / 'restored' / 'hub.sqlite3'}"
    name = f"owh_test_{os.getpid()}_restored"
    _run(_pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _run(_pg_admin, f'CREATE DATABASE "{name}"')
    return pg_url(name)


def test_backup_while_serving_then_restore_into_a_fresh_hub(database_url, db_backend, tmp_path):
    # given a hub with cases whose files are on disk, serving while a kiosk keeps taking tickets
    live, restored, target = tmp_path / "live", tmp_path / "restored", tmp_path / "backup"
    live.mkdir()
    restored.mkdir()
    _run(populate, database_url, live)
    stop, taken = threading.Event(), []
    with hub_process(database_url, live) as base:
        writer = threading.Thread(target=take_tickets, args=(base, stop, taken))
        writer.start()
        try:
            while len(taken) < 3:  # the writer is going
                stop.wait(0.05)
            # when it is backed up meanwhile
            made = hub_cli("backup", str(target), database_url=database_url, data_dir=live)
            during = len(taken)
            while len(taken) < during + 3:  # and tickets go on after the snapshot
                stop.wait(0.05)
        finally:
            stop.set()
            writer.join()
    assert made.returncode == 0, made.stderr
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    live_state = _run(backup.database_state, database_url)
    # then the snapshot is one consistent state: some tickets in it, the later ones not
    assert 0 < manifest["row_counts"]["ticket"] < live_state.counts["ticket"]
    assert manifest["event_cursors"] and manifest["row_counts"]["service_case"] >= len(ITEMS)

    # when it is restored into a fresh database and data directory
    fresh = fresh_database(db_backend, tmp_path)
    done = hub_cli("restore", str(target), database_url=fresh, data_dir=restored)
    assert done.returncode == 0, done.stderr
    # then every table has the manifest's row count and every channel its cursor
    state = _run(backup.database_state, fresh)
    assert state.counts == manifest["row_counts"] and state.cursors == manifest["event_cursors"]
    assert state.migrations == live_state.migrations
    # and every stored file the restored database names is there, byte for byte
    stored = _run(stored_files, fresh)
    assert stored and len(stored) >= manifest["row_counts"]["case_file"]
    for sha in stored:
        path = restored / "case-files" / sha[:2] / sha
        assert backup.sha256_of(path) == sha == backup.sha256_of(live / "case-files" / sha[:2] / sha)
    # and the restored hub serves, its certificates and event log intact
    with hub_process(fresh, restored) as base:
        assert httpx.get(f"{base}/readyz").json()["status"] == "ready"
        cert = httpx.post(f"{base}/graphql", json={"query": '{ verifyCertificate(code:"DEMO-0000-0001"){'
                                                            ' status } }'}).json()
        assert cert["data"]["verifyCertificate"]["status"] == "VALID", cert
    if db_backend == "postgres":
        _run(_pg_admin, f'DROP DATABASE IF EXISTS "{fresh.rsplit("/", 1)[1]}" WITH (FORCE)')


async def stored_files(database_url: str) -> list[str]:
    await db.init_db(database_url)
    try:
        return [str(s) for s in await StoredFile.filter(
            uses__id__isnull=False).distinct().values_list("sha256", flat=True)]
    finally:
        await db.close_db()


def test_a_damaged_or_partial_backup_is_refused_before_anything_changes(tmp_path, sqlite_template):
    # given a finished backup of a hub with one stored file
    data = tmp_path / "data"
    (data / "media" / "ab").mkdir(parents=True)
    (data / "media" / "ab" / ("ab" * 32)).write_bytes(b"course video")
    url = f"sqlite://{sqlite_template}"
    made = hub_cli("backup", str(tmp_path / "b"), database_url=url, data_dir=data)
    assert made.returncode == 0, made.stderr
    target = f"sqlite://{tmp_path / 'fresh' / 'hub.sqlite3'}"

    def refused(message: str) -> None:
        r = hub_cli("restore", str(tmp_path / "b"), database_url=target, data_dir=tmp_path / "fresh")
        assert r.returncode == 1 and message in r.stderr, r.stderr
        assert not (tmp_path / "fresh" / "hub.sqlite3").exists()

    # when a file is altered, then the restore names it and writes nothing
    media = tmp_path / "b" / "media" / "ab" / ("ab" * 32)
    media.write_bytes(b"course vide0")
    refused("media/ab/abab")
    media.write_bytes(b"course video")
    # when a file is missing
    media.unlink()
    refused("缺少 1 个文件")
    media.write_bytes(b"course video")
    # when the manifest is missing (a backup that stopped half way)
    (tmp_path / "b" / "manifest.json").rename(tmp_path / "manifest.json")
    refused("不是完整的备份")
    # and a backup never goes into a directory that holds something
    again = hub_cli("backup", str(tmp_path / "b"), database_url=url, data_dir=data)
    assert again.returncode == 1 and "不是空目录" in again.stderr
