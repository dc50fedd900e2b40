"""The manifest of a backup (``manifest.json``): what was copied, when, from which schema, and each
file's SHA-256 and size, so a restore can refuse a changed byte before it writes anything.

Rules it keeps:
1. Every name in an archive is a relative POSIX path of plain parts: no ``/`` at the start, no
   ``..``, no ``.``, no backslash, no empty part; the database is ``database/arena.db`` (SQLite)
   or ``database/arena.pgdump`` (PostgreSQL); every other file is under ``data/`` (a path inside
   the data folder) and never the SQLite file itself.
2. Reading names the field that is wrong (``files[3].sha256``), never just "invalid".
3. The manifest holds no secret and no personal data: names of files, digests, sizes, counts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assembly.backup.errors import ManifestInvalid

FORMAT = "arena-backup/1"
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database/arena.db", "postgresql": "database/arena.pgdump"}
SQLITE_NAMES = ("arena.db", "arena.db-wal", "arena.db-shm", "arena.db-journal")
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str  # the name inside the archive
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str  # inside the data folder
    reason: str


@dataclass(frozen=True, slots=True)
class Manifest:
    created_at: datetime
    arena_version: str
    database_kind: str  # "sqlite" | "postgresql"
    alembic_revision: str
    counts: dict[str, int]
    files: tuple[FileEntry, ...]
    skipped: tuple[Skipped, ...] = ()

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.database_kind]

    def to_json(self) -> bytes:
        body = {
            "format": FORMAT,
            "created_at": self.created_at.isoformat(),
            "arena_version": self.arena_version,
            "database": {"kind": self.database_kind, "file": self.database_file, "alembic_revision": self.alembic_revision},
            "counts": dict(sorted(self.counts.items())),
            "files": [{"path": f.path, "sha256": f.sha256, "size": f.size} for f in self.files],
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
        }
        return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes, where: str) -> Manifest:
        """Parse and check a manifest read from ``where`` (named in every error)."""
        try:
            body = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ManifestInvalid(where, "(JSON)", detail=str(exc)) from None
        read = _Reader(where)
        root = read.obj(body, "")
        if read.field(root, "format", str) != FORMAT:
            raise ManifestInvalid(where, "format", detail=f"cần {FORMAT} / expected {FORMAT}, got {root['format']!r}")
        created = read.field(root, "created_at", str)
        try:
            created_at = datetime.fromisoformat(created)
        except ValueError:
            raise ManifestInvalid(where, "created_at", detail=f"không phải thời điểm ISO / not an ISO instant: {created!r}") from None
        if created_at.tzinfo is None:
            raise ManifestInvalid(where, "created_at", detail="thiếu múi giờ / no time zone")
        database = read.obj(read.field(root, "database", dict), "database")
        kind = read.field(database, "kind", str, "database.")
        if kind not in DATABASE_FILES:
            raise ManifestInvalid(where, "database.kind", detail=f"sqlite hoặc postgresql / sqlite or postgresql, got {kind!r}")
        if read.field(database, "file", str, "database.") != DATABASE_FILES[kind]:
            raise ManifestInvalid(where, "database.file", detail=f"cần / expected {DATABASE_FILES[kind]}")
        counts_body = read.obj(read.field(root, "counts", dict), "counts")
        counts = {name: read.count(value, f"counts.{name}") for name, value in counts_body.items()}
        files = tuple(read.file(item, i) for i, item in enumerate(read.field(root, "files", list)))
        names = [f.path for f in files]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate is not None:
            raise ManifestInvalid(where, "files", detail=f"{duplicate} ghi hai lần / listed twice")
        if DATABASE_FILES[kind] not in names:
            raise ManifestInvalid(where, "files", detail=f"không ghi {DATABASE_FILES[kind]} / does not list {DATABASE_FILES[kind]}")
        skipped = tuple(
            Skipped(read.field(read.obj(s, f"skipped[{i}]"), "path", str, f"skipped[{i}]."), str(s.get("reason", "")))
            for i, s in enumerate(read.field(root, "skipped", list))
        )
        return cls(
            created_at=created_at,
            arena_version=read.field(root, "arena_version", str),
            database_kind=kind,
            alembic_revision=read.field(database, "alembic_revision", str, "database."),
            counts=counts,
            files=files,
            skipped=skipped,
        )


class _Reader:
    """Typed reads of a parsed manifest; each wrong value becomes ``ManifestInvalid`` naming its field."""

    def __init__(self, where: str) -> None:
        self.where = where

    def obj(self, value: Any, name: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ManifestInvalid(self.where, name or "(gốc / root)", detail="cần một đối tượng JSON / expected a JSON object")
        return value

    def field(self, body: dict[str, Any], name: str, kind: type, prefix: str = "") -> Any:
        if name not in body:
            raise ManifestInvalid(self.where, prefix + name, detail="thiếu / missing")
        value = body[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ManifestInvalid(self.where, prefix + name, detail=f"cần kiểu {kind.__name__} / expected {kind.__name__}, got {value!r}")
        return value

    def count(self, value: Any, name: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ManifestInvalid(self.where, name, detail=f"cần số nguyên không âm / expected a whole number >= 0, got {value!r}")
        return value

    def file(self, item: Any, i: int) -> FileEntry:
        at = f"files[{i}]"
        body = self.obj(item, at)
        path = self.field(body, "path", str, f"{at}.")
        problem = member_problem(path)
        if problem:
            raise ManifestInvalid(self.where, f"{at}.path", detail=f"{path!r}: {problem}")
        sha = self.field(body, "sha256", str, f"{at}.")
        if not _SHA.match(sha):
            raise ManifestInvalid(self.where, f"{at}.sha256", detail=f"không phải SHA-256 / not a SHA-256: {sha!r}")
        return FileEntry(path, sha, self.count(self.field(body, "size", int, f"{at}."), f"{at}.size"))


def member_problem(name: str) -> str:
    """What is wrong with ``name`` as a name in an archive (rule 1), or "" when it is fine."""
    parts = name.split("/")
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return "không phải đường dẫn tương đối / not a relative path"
    if any(p in ("", ".", "..") for p in parts):
        return "có phần rỗng, . hoặc .. / has an empty, . or .. part"
    if name in DATABASE_FILES.values() or name == MANIFEST:
        return ""
    if parts[0] != "data" or len(parts) < 2:
        return "không nằm trong data/ / not under data/"
    if len(parts) == 2 and parts[1] in SQLITE_NAMES:
        return "tệp cơ sở dữ liệu chỉ ở database/ / the database file belongs under database/"
    return ""
