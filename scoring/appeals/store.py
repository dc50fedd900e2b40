"""The content-addressed blob store: evidence, poster frames and clips, named by SHA-256.

Rules it keeps:
1. No partial file is ever visible under its hash: bytes are staged in ``tmp/``, fsynced, then
   renamed into place (atomic on one filesystem) and the folder is fsynced.
2. A stored blob is never rewritten: same bytes, same name; adopting a hash that exists drops
   the staged copy.
3. Reading re-hashes: ``verify`` recomputes the digest (cached per file identity for a short
   while, so a player's many Range requests do not re-read 5 GB each time).
``BlobStore`` is the interface; ``FilesystemBlobStore`` keeps blobs under ``data_dir/blobs``
(an S3-compatible backend can implement the same protocol).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import anyio
import anyio.to_thread

from base.files import fsync_dir, fsync_file

HASH_CHUNK = 4 << 20
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class Blob:
    sha256: str
    size: int


@runtime_checkable
class BlobStore(Protocol):
    """Where evidence bytes live; every method takes or returns a lowercase hex SHA-256."""

    def staging_path(self, name: str) -> Path: ...

    async def adopt(self, staged: Path, sha256: str) -> Blob: ...

    async def put_bytes(self, data: bytes) -> Blob: ...

    async def stat(self, sha256: str) -> Blob | None: ...

    def local_path(self, sha256: str) -> Path: ...

    def read(self, sha256: str, start: int = 0, length: int | None = None) -> AsyncIterator[bytes]: ...

    async def verify(self, sha256: str) -> bool: ...

    async def delete(self, sha256: str) -> None: ...


def sha256_file(path: Path, limit: int | None = None) -> tuple[str, hashlib._Hash]:
    """(hex digest, hasher) of the first ``limit`` bytes of a file (all when None); blocking."""
    hasher = hashlib.sha256()
    remaining = limit
    with path.open("rb") as fh:
        while remaining is None or remaining > 0:
            chunk = fh.read(HASH_CHUNK if remaining is None else min(HASH_CHUNK, remaining))
            if not chunk:
                break
            hasher.update(chunk)
            if remaining is not None:
                remaining -= len(chunk)
    return hasher.hexdigest(), hasher


def check_sha(sha256: str) -> str:
    if not _SHA.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


class FilesystemBlobStore:
    """Blobs at ``root/ab/cd/abcd...``; staged files at ``root/tmp`` (same filesystem)."""

    def __init__(self, root: Path, verify_ttl_s: float = 600.0) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.verify_ttl_s = verify_ttl_s
        self._verified: dict[str, tuple[tuple[int, int, int], float]] = {}

    def staging_path(self, name: str) -> Path:
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,100}", name):
            raise ValueError(f"bad staging name {name!r}")
        return self.tmp / name

    def local_path(self, sha256: str) -> Path:
        check_sha(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def _adopt_sync(self, staged: Path, sha256: str) -> Blob:
        final = self.local_path(sha256)
        fsync_file(staged)
        size = staged.stat().st_size
        if final.exists():
            staged.unlink()  # rule 2: the same bytes are already stored
            return Blob(sha256, final.stat().st_size)
        final.parent.mkdir(parents=True, exist_ok=True)
        staged.chmod(0o444)
        os.replace(staged, final)
        fsync_dir(final.parent)
        return Blob(sha256, size)

    async def adopt(self, staged: Path, sha256: str) -> Blob:
        """Move a fully written staged file in under ``sha256`` (the caller hashed it while writing)."""
        return await anyio.to_thread.run_sync(self._adopt_sync, staged, check_sha(sha256))

    async def put_bytes(self, data: bytes) -> Blob:
        sha = hashlib.sha256(data).hexdigest()
        staged = self.tmp / f"put-{sha}-{os.getpid()}-{time.monotonic_ns()}"
        await anyio.Path(staged).write_bytes(data)
        return await self.adopt(staged, sha)

    async def stat(self, sha256: str) -> Blob | None:
        path = anyio.Path(self.local_path(sha256))
        if not await path.exists():
            return None
        return Blob(sha256, (await path.stat()).st_size)

    async def read(self, sha256: str, start: int = 0, length: int | None = None) -> AsyncIterator[bytes]:
        """Bytes ``[start, start+length)`` in chunks of at most 1 MiB (memory stays flat)."""
        remaining = length
        async with await anyio.open_file(self.local_path(sha256), "rb") as fh:
            await fh.seek(start)
            while remaining is None or remaining > 0:
                chunk = await fh.read(1 << 20 if remaining is None else min(1 << 20, remaining))
                if not chunk:
                    return
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk

    def _identity(self, path: Path) -> tuple[int, int, int]:
        st = path.stat()
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    async def verify(self, sha256: str) -> bool:
        """Re-hash the stored bytes; True when they still match their name (rule 3)."""
        path = self.local_path(sha256)
        try:
            identity = self._identity(path)
        except FileNotFoundError:
            return False
        cached = self._verified.get(sha256)
        if cached and cached[0] == identity and time.monotonic() - cached[1] < self.verify_ttl_s:
            return True
        digest, _ = await anyio.to_thread.run_sync(sha256_file, path)
        if digest != sha256:
            self._verified.pop(sha256, None)
            return False
        self._verified[sha256] = (identity, time.monotonic())
        return True

    async def delete(self, sha256: str) -> None:
        self._verified.pop(sha256, None)
        await anyio.Path(self.local_path(sha256)).unlink(missing_ok=True)
