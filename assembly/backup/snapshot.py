"""``arena backup``: a consistent copy of an installation while its server runs.

The order is the point: the database first (one snapshot), then the stores. Every store writes a
file before the row that names it commits, so each file a row of the snapshot names is already
complete on disk when the stores are copied; a file written after the snapshot is copied as an
orphan, which every store tolerates (a restore simply has one file no row names).
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from assembly.backup.archive import ArchiveWriter, writer_for
from assembly.backup.database import Snapshot, database_kind, dump_postgres, snapshot_sqlite, sqlite_file
from assembly.backup.errors import FolderMissing, NothingToBackUp, TargetInsideData
from assembly.backup.manifest import DATABASE_FILES, MANIFEST, FileEntry, Manifest
from assembly.backup.stores import walk
from base.settings import Settings


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    manifest: Manifest
    manifest_sha256: str
    size: int  # bytes of the archive (the folder's files)
    seconds: float
    unknown: tuple[str, ...]  # files copied that belong to no known store


def arena_version() -> str:
    try:
        return importlib.metadata.version("arena")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def take_backup(settings: Settings, target: Path) -> BackupReport:
    """Copy ``settings``' database and stores into ``target`` (a new .tar/.tar.gz/.tgz or folder)."""
    started = time.monotonic()
    data_dir = settings.data_dir.resolve()
    target = target.expanduser().absolute()
    if not target.parent.is_dir():
        raise FolderMissing(str(target.parent))
    if target.resolve() == data_dir or data_dir in target.resolve().parents:
        raise TargetInsideData(str(target), str(data_dir))
    if not data_dir.is_dir():
        raise NothingToBackUp(str(data_dir))
    kind = database_kind(settings)
    writer = writer_for(target)
    try:
        snapshot, db_entry = _database(settings, kind, writer, target.parent)
        files, skipped = walk(data_dir)
        entries = [db_entry, *(writer.add_file(f"data/{f.relative}", f.path) for f in files)]
        manifest = Manifest(
            created_at=settings.clock()(),
            arena_version=arena_version(),
            database_kind=kind,
            alembic_revision=snapshot.alembic_revision,
            counts=snapshot.counts,
            files=tuple(entries),
            skipped=tuple(skipped),
        )
        written = writer.add_bytes(MANIFEST, manifest.to_json(), manifest.created_at)
        size = writer.commit()
    except BaseException:
        writer.abort()
        raise
    return BackupReport(
        path=target,
        manifest=manifest,
        manifest_sha256=written.sha256,
        size=size,
        seconds=time.monotonic() - started,
        unknown=tuple(f.relative for f in files if not f.known),
    )


def _database(settings: Settings, kind: str, writer: ArchiveWriter, scratch_parent: Path) -> tuple[Snapshot, FileEntry]:
    """The snapshot, written to a scratch file beside the target (same disk) and added to the archive."""
    scratch = Path(tempfile.mkdtemp(dir=scratch_parent, prefix=".arena-backup-db."))
    try:
        copy = scratch / Path(DATABASE_FILES[kind]).name
        if kind == "sqlite":
            snapshot = snapshot_sqlite(sqlite_file(settings), copy)
        else:
            snapshot = asyncio.run(dump_postgres(settings.resolved_database_url(), copy))
        return snapshot, writer.add_file(DATABASE_FILES[kind], copy)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
