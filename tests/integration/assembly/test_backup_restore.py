"""`arena backup` while the app runs and `arena restore` into an empty folder, on SQLite and
PostgreSQL: the restored installation serves the same contests (their chains verify), documents,
contract PDFs, photos and evidence, with the same bearer tokens; a backup taken while a bout is
scored holds the log up to a point, whole; a PostgreSQL backup is not loaded into a database
that holds tables."""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from arena_builders import Arena, build_contest, start_round
from backup_builders import arena_cli, fill, rows, settings_args
from sqlmodel import col, select

from base.settings import Settings

pytestmark = pytest.mark.timeout(600)


@pytest.fixture
def restore_url(database_url: str) -> Iterator[str]:
    """Where a restore writes the database: nothing for SQLite (the data folder's file), an empty
    PostgreSQL database of its own otherwise (dropped after)."""
    if not database_url:
        yield ""
        return
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump or pg_restore is not on the PATH (install postgresql-client); the SQLite variant still runs")
    import asyncio

    import asyncpg

    name = f"arena_restored_{uuid.uuid4().hex[:12]}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres", timeout=5)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def restored_app(data_dir: Path, database_url: str, tokens: dict[str, str]) -> Iterator[Arena]:
    """A new app on the restored folder; the bearer tokens of the first one still work (their
    hashes came back with the database)."""
    from litestar.testing import TestClient

    from assembly.app import create_app

    settings = Settings(data_dir=data_dir, database_url=database_url, secret_key="restored-" + "x" * 40, argon2_profile="CHEAPEST")
    app = create_app(settings)
    with TestClient(app=app) as client:
        yield Arena(client=client, app=app, tokens=tokens)


def test_a_backup_taken_while_the_app_runs_restores_into_an_empty_folder_where_everything_verifies(arena, settings, restore_url, tmp_path):
    filled = fill(arena, settings)
    archive = tmp_path / "arena-2026-03-14.tar"
    made = arena_cli("backup", "--to", str(archive), *settings_args(settings))
    assert made.exit_code == 0, made.output
    print(made.output)
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        members = {m.name: m for m in tar.getmembers()}
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert all(m.mode == (0o700 if m.isdir() else 0o600) for m in members.values())
    assert {"data/ca/master.key", "data/ca/root.crt", "data/athletes/photos/" + hashlib.sha256(filled.photo).hexdigest()} <= members.keys()
    assert not any(name.startswith(("data/sessions", "data/cache")) for name in members)
    kind = "postgresql" if settings.database_url else "sqlite"
    assert manifest["database"]["kind"] == kind and manifest["database"]["alembic_revision"]
    counts = manifest["counts"]
    assert counts["contests"] >= 1 and counts["contest_events"] >= 8 and counts["documents"] == len(filled.documents)
    assert counts["contracts"] == 1 and counts["contract_pdfs"] >= 1 and counts["evidence"] == 1 and counts["tournament_log"] >= 2

    restored = tmp_path / "restored"
    args = ["restore", "--from", str(archive), "--data-dir", str(restored)] + (["--database-url", restore_url] if restore_url else [])
    done = arena_cli(*args)
    print(done.output)
    assert done.exit_code == 0, done.output
    assert "Mọi thứ khớp" in done.output and "SAI" not in done.output
    assert restored.stat().st_mode & 0o777 == 0o700 and (restored / "ca" / "master.key").stat().st_mode & 0o777 == 0o600

    live = arena.ok(arena.get(f"/api/contests/{filled.contest_id}/verify", role="referee"))
    with restored_app(restored, restore_url, arena.tokens) as again:
        check = again.ok(again.get(f"/api/contests/{filled.contest_id}/verify", role="referee"))
        assert check["ok"] and check["final_hash_ok"] and (check["events"], check["head"]) == (live["events"], live["head"])
        for code, sha in filled.documents.items():
            r = again.client.get(f"/v/{code}/pdf")
            assert r.status_code == 200 and hashlib.sha256(r.content).hexdigest() == sha
        assert again.get(f"/api/contracts/{filled.contract_id}/pdf", role="manager").content == filled.contract_pdf
        assert again.get(f"/api/people/{filled.person_id}/photo", role="manager").content == filled.photo
    from scoring.appeals.store import FilesystemBlobStore

    evidence = FilesystemBlobStore(restored / "blobs").local_path(filled.evidence_sha)
    assert hashlib.sha256(evidence.read_bytes()).hexdigest() == filled.evidence_sha


def test_a_backup_while_a_bout_is_scored_holds_a_whole_prefix_of_its_log(arena, settings, restore_url, tmp_path):
    from assembly.backup.snapshot import take_backup
    from scoring.models import ContestEvent

    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    archive = tmp_path / "during.tar"
    taken: list[object] = []
    thread = threading.Thread(target=lambda: taken.append(take_backup(settings, archive)))
    thread.start()
    presses = 0
    while thread.is_alive() or presses < 5:
        arena.command(setup.contest_id, "adjust", side="red", delta="1", reason="Xem lại video")
        presses += 1
    thread.join()
    assert taken, "the backup raised"
    live = rows(arena, select(ContestEvent).where(ContestEvent.contest_id == setup.contest_id).order_by(col(ContestEvent.seq)))

    restored = tmp_path / "restored"
    args = ["restore", "--from", str(archive), "--data-dir", str(restored)] + (["--database-url", restore_url] if restore_url else [])
    done = arena_cli(*args)
    assert done.exit_code == 0, done.output
    with restored_app(restored, restore_url, arena.tokens) as again:
        check = again.ok(again.get(f"/api/contests/{setup.contest_id}/verify", role="referee"))
    assert check["ok"] and 3 <= check["events"] <= len(live)
    assert check["head"] == live[check["events"] - 1].hash  # what was backed up is the live log up to a point


@pytest.mark.postgres
def test_a_postgresql_backup_is_not_restored_into_a_database_that_holds_tables(settings, tmp_path):
    if not settings.database_url:
        pytest.skip("a PostgreSQL refusal; its PostgreSQL variant runs it")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump or pg_restore is not on the PATH (install postgresql-client)")
    settings.data_dir.mkdir()
    archive = tmp_path / "b.tar"
    assert arena_cli("backup", "--to", str(archive), *settings_args(settings)).exit_code == 0
    done = arena_cli("restore", "--from", str(archive), "--data-dir", str(tmp_path / "r"), "--database-url", settings.database_url)
    assert done.exit_code == 2, done.output  # the live database itself
    assert "không trống" in done.output and not (tmp_path / "r").exists()
