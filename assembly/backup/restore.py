"""``arena restore``: an archive back into an empty data folder (and, for PostgreSQL, an empty
database), refused before a byte is written when anything is off, and checked once written.

Rules it keeps:
1. Nothing is written until the whole archive has been read once and every file matches the
   manifest (size, SHA-256), no file is missing or unlisted, the target is empty, the schema
   revision is one this Arena knows, and pg_restore and the empty database are there.
2. The second read writes; a file that differs now (the medium changed between the reads) or a
   failing pg_restore removes everything the restore wrote, and the error says why.
3. Then the restored installation is read back through the domains (``checks``): a mismatch is
   reported (and the exit is non-zero), never hidden.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from assembly.backup.archive import hash_stream, make_private_dirs, read_members, write_private
from assembly.backup.checks import Check, check_installation
from assembly.backup.database import Snapshot, check_postgres_target, postgres_facts, restore_postgres, sqlite_facts
from assembly.backup.errors import (
    ArchiveUnreadable,
    DatabaseMismatch,
    FileMismatch,
    FileMissing,
    FileUnlisted,
    ManifestDigestMismatch,
    ManifestInvalid,
    TargetNotEmpty,
    UnknownRevision,
)
from assembly.backup.manifest import MANIFEST, Manifest
from base.settings import Settings

MANIFEST_LIMIT = 256 << 20  # a manifest of a million files is ~150 MB; beyond that it is not ours
PG_DUMP_NAME = ".restoring.pgdump"


@dataclass(frozen=True, slots=True)
class RestoreReport:
    archive: Path
    data_dir: Path
    manifest: Manifest
    manifest_sha256: str
    head_revision: str  # the schema after the restore (migrated when the archive's was older)
    counts: dict[str, int]
    checks: list[Check]
    count_mismatches: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.count_mismatches and all(not c.failures for c in self.checks)


def shown(archive: Path, name: str) -> str:
    """How a file inside the archive is named in messages: ``x.tar:data/...`` or ``folder/data/...``."""
    return str(archive / name) if archive.is_dir() else f"{archive}:{name}"


def inspect(archive: Path) -> tuple[Manifest, str]:
    """Read the whole archive once: its manifest and that manifest's SHA-256, after every file
    has been found and hashed as listed (rule 1)."""
    found: dict[str, tuple[str, int]] = {}
    manifest_bytes: bytes | None = None
    last = ""
    for name, stream in read_members(archive):
        last = name
        if name in found or (name == MANIFEST and manifest_bytes is not None):
            raise ArchiveUnreadable(str(archive), detail=f"{name!r} có hai lần / appears twice")
        if name == MANIFEST:
            manifest_bytes = stream.read(MANIFEST_LIMIT + 1)
            if len(manifest_bytes) > MANIFEST_LIMIT:
                raise ManifestInvalid(shown(archive, MANIFEST), "(tệp / file)", detail="quá lớn / too large")
            continue
        found[name] = hash_stream(stream)
    where = shown(archive, MANIFEST)
    if manifest_bytes is None:
        # A tar's manifest comes last: a tar cut short, or damaged in a header, ends before it.
        after = f" (bản sao lưu bị cắt hoặc hỏng sau {last} / truncated or damaged after {last})" if last else ""
        raise ManifestInvalid(where, "(tệp / file)", detail=f"không có / missing: not a whole backup made by arena backup{after}")
    manifest = Manifest.from_json(manifest_bytes, where)
    for i, entry in enumerate(manifest.files):
        if entry.path not in found:
            raise FileMissing(shown(archive, entry.path))
        sha, size = found.pop(entry.path)
        if size != entry.size:
            raise FileMismatch(shown(archive, entry.path), f"files[{i}].size", entry.size, size)
        if sha != entry.sha256:
            raise FileMismatch(shown(archive, entry.path), f"files[{i}].sha256", entry.sha256, sha)
    if found:
        raise FileUnlisted(shown(archive, sorted(found)[0]))
    return manifest, hashlib.sha256(manifest_bytes).hexdigest()


def check_target(data_dir: Path) -> None:
    if data_dir.is_symlink() or (data_dir.exists() and (not data_dir.is_dir() or any(data_dir.iterdir()))):
        raise TargetNotEmpty(str(data_dir))


def known_revisions() -> tuple[set[str], str]:
    """Every revision of this Arena's migrations, and the head."""
    from alembic.script import ScriptDirectory

    from assembly.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config(Settings()))
    head = script.get_current_head() or ""
    return {rev.revision for rev in script.walk_revisions()}, head


def restore(archive: Path, data_dir: Path, database_url: str = "", expect_sha256: str = "") -> RestoreReport:
    """Restore ``archive`` into the empty ``data_dir`` (and the empty PostgreSQL ``database_url``
    for a PostgreSQL archive), migrate it to this Arena's head and check it (see the rules)."""
    started = time.monotonic()
    archive, data_dir = archive.expanduser().absolute(), data_dir.expanduser().absolute()
    check_target(data_dir)
    manifest, manifest_sha = inspect(archive)
    if expect_sha256 and expect_sha256.strip().lower() != manifest_sha:
        raise ManifestDigestMismatch(shown(archive, MANIFEST), expect_sha256.strip().lower(), manifest_sha)
    _check_database_url(manifest, database_url)
    revisions, head = known_revisions()
    if manifest.alembic_revision and manifest.alembic_revision not in revisions:
        raise UnknownRevision(manifest.alembic_revision)
    if manifest.database_kind == "postgresql":
        asyncio.run(check_postgres_target(database_url))
    check_target(data_dir)  # once more, right before the first write
    created = not data_dir.exists()
    try:
        make_private_dirs(data_dir)
        _write(archive, manifest, data_dir)
        if manifest.database_kind == "postgresql":
            dump = data_dir / PG_DUMP_NAME
            try:
                asyncio.run(restore_postgres(database_url, dump))
            finally:
                dump.unlink(missing_ok=True)
    except BaseException:
        _undo(data_dir, created)
        raise
    settings = Settings(data_dir=data_dir, database_url=database_url)
    if manifest.alembic_revision != head:
        from assembly.migrate import upgrade

        upgrade(settings)
    facts = _facts(settings, manifest.database_kind)
    checks = asyncio.run(check_installation(settings))
    mismatches = [
        f"{name}: tệp kê khai ghi {listed}, khôi phục được {facts.counts.get(name, 0)} / the manifest lists {listed}, restored {facts.counts.get(name, 0)}"
        for name, listed in sorted(manifest.counts.items())
        if facts.counts.get(name, 0) != listed
    ]
    return RestoreReport(
        archive=archive,
        data_dir=data_dir,
        manifest=manifest,
        manifest_sha256=manifest_sha,
        head_revision=facts.alembic_revision,
        counts=facts.counts,
        checks=checks,
        count_mismatches=mismatches,
        seconds=time.monotonic() - started,
    )


def _check_database_url(manifest: Manifest, database_url: str) -> None:
    backend = make_url(database_url).get_backend_name() if database_url else ""
    if manifest.database_kind == "sqlite" and database_url:
        raise DatabaseMismatch(
            "SQLite",
            detail="bỏ --database-url: nó được khôi phục thành <data-dir>/arena.db / drop --database-url: it becomes <data-dir>/arena.db",
        )
    if manifest.database_kind == "postgresql" and backend != "postgresql":
        raise DatabaseMismatch(
            "PostgreSQL",
            detail="cần --database-url tới một cơ sở dữ liệu PostgreSQL trống / give --database-url of an empty PostgreSQL database",
        )


def _write(archive: Path, manifest: Manifest, data_dir: Path) -> None:
    listed = {entry.path: (i, entry) for i, entry in enumerate(manifest.files)}
    for name, stream in read_members(archive):
        if name == MANIFEST:
            continue
        if name not in listed:
            raise FileUnlisted(shown(archive, name))
        i, entry = listed[name]
        if name == manifest.database_file:
            target = data_dir / ("arena.db" if manifest.database_kind == "sqlite" else PG_DUMP_NAME)
        else:
            target = data_dir / name.removeprefix("data/")
        sha, size = write_private(target, stream)
        if sha != entry.sha256 or size != entry.size:  # the medium changed since the first read
            raise FileMismatch(shown(archive, name), f"files[{i}].sha256", entry.sha256, sha)


def _undo(data_dir: Path, created: bool) -> None:
    if created:
        shutil.rmtree(data_dir, ignore_errors=True)
        return
    for child in data_dir.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _facts(settings: Settings, kind: str) -> Snapshot:
    if kind == "sqlite":
        return sqlite_facts(settings.data_dir / "arena.db")
    return asyncio.run(postgres_facts(settings.resolved_database_url()))
