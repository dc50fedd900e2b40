"""The content-addressed blob store: evidence, poster frames and clips, named by SHA-256.

Rules it keeps:
1. No partial file is ever visible under its hash: bytes are staged in ``tmp/``, fsynced, then
   renamed into place (atomic on one filesystem) and the folder is fsynced.
2. A stored blob is never rewritten: same bytes, same name; adopting a hash that exists drops
   the staged copy.
3. Reading re-hashes: ``verify`` recomputes the whole digest every time; ``open_verified`` checks
   every 1 MiB block it serves against the block digests kept (in memory only) from the last
   whole re-hash that matched the name, so a player's many Range requests do not re-read 5 GB
   each, and a byte changed in place, whatever its size and mtime, is never served.
``BlobStore`` is the interface; ``FilesystemBlobStore`` keeps blobs under ``data_dir/blobs``
(an S3-compatible backend can implement the same protocol).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

import anyio
import anyio.to_thread

from base.files import fsync_dir, fsync_file

HASH_CHUNK = 4 << 20
BLOCK = 1 << 20  # the unit a verified read checks (and the most it reads beyond a range)
BLOCK_CACHE = 64  # blobs whose block digests are kept (5 GiB: 160 KB of digests)
_SHA = re.compile(r"^[0-9a-f]{64}$")
log = logging.getLogger(__name__)


class BlobCorrupt(Exception):
    """Stored bytes no longer hash to their name (found by ``open_verified`` or its iterator)."""

    def __init__(self, sha256: str, block: int | None = None) -> None:
        self.sha256, self.block = sha256, block
        super().__init__(f"blob {sha256} differs from its hash" + (f" in block {block}" if block is not None else ""))


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

    async def open_verified(self, sha256: str, start: int = 0, length: int | None = None) -> AsyncIterator[bytes]: ...

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


def block_digests(path: Path) -> tuple[str, tuple[bytes, ...]]:
    """(hex SHA-256 of the whole file, SHA-256 of each BLOCK) in one pass; blocking."""
    whole, blocks = hashlib.sha256(), []
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            whole.update(block)
            blocks.append(hashlib.sha256(block).digest())
    return whole.hexdigest(), tuple(blocks)


def _read_block(fh: BinaryIO, index: int, digests: tuple[bytes, ...]) -> bytes | None:
    """Block ``index`` when it still hashes as it did; None when it differs (or is gone)."""
    fh.seek(index * BLOCK)
    block = fh.read(BLOCK)
    if index == len(digests) and not block:
        return block  # the end of a file that is a whole number of blocks
    if index >= len(digests) or hashlib.sha256(block).digest() != digests[index]:
        return None
    return block


def _blocks_match(path: Path, digests: tuple[bytes, ...]) -> bool:
    with path.open("rb") as fh:
        return all(_read_block(fh, index, digests) is not None for index in range(len(digests) + 1))


def check_sha(sha256: str) -> str:
    if not _SHA.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


class FilesystemBlobStore:
    """Blobs at ``root/ab/cd/abcd...``; staged files at ``root/tmp`` (same filesystem)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self._blocks: OrderedDict[str, tuple[bytes, ...]] = OrderedDict()  # rule 3, least recently used out

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

    async def verify(self, sha256: str) -> bool:
        """Re-hash all the stored bytes; True when they still match their name (rule 3). With
        block digests kept, each block is compared with its own (one pass instead of two)."""
        blocks = self._blocks.get(sha256)
        if blocks is None:
            return await self._block_digests(sha256) is not None
        try:
            same = await anyio.to_thread.run_sync(_blocks_match, self.local_path(sha256), blocks)
        except FileNotFoundError:
            same = False
        if not same:
            self._blocks.pop(sha256, None)
        return same

    async def _block_digests(self, sha256: str) -> tuple[bytes, ...] | None:
        path = self.local_path(sha256)
        self._blocks.pop(sha256, None)
        try:
            digest, blocks = await anyio.to_thread.run_sync(block_digests, path)
        except FileNotFoundError:
            return None
        if digest != sha256:
            return None
        self._blocks[sha256] = blocks
        while len(self._blocks) > BLOCK_CACHE:
            self._blocks.popitem(last=False)
        return blocks

    async def open_verified(self, sha256: str, start: int = 0, length: int | None = None) -> AsyncIterator[bytes]:
        """Bytes ``[start, start+length)``, each block checked as it is read (rule 3).

        Raises BlobCorrupt here when the bytes do not match their name (a whole re-hash when no
        block digests are kept) or the first block served differs; the iterator raises it at a
        later block that differs, having served only checked bytes."""
        blocks = self._blocks.get(sha256)
        if blocks is None:
            blocks = await self._block_digests(sha256)
            if blocks is None:
                raise BlobCorrupt(sha256)
        if sha256 in self._blocks:
            self._blocks.move_to_end(sha256)
        try:
            fh = await anyio.to_thread.run_sync(self.local_path(sha256).open, "rb")
        except FileNotFoundError:
            self._blocks.pop(sha256, None)
            raise BlobCorrupt(sha256) from None
        index = start // BLOCK
        try:
            first = await anyio.to_thread.run_sync(_read_block, fh, index, blocks)
        except BaseException:
            fh.close()
            raise
        if first is None:
            fh.close()
            self._blocks.pop(sha256, None)
            raise BlobCorrupt(sha256, index)
        return self._checked(sha256, fh, blocks, index, first, start - index * BLOCK, length)

    async def _checked(
        self, sha256: str, fh: BinaryIO, blocks: tuple[bytes, ...], index: int, block: bytes, skip: int, length: int | None
    ) -> AsyncIterator[bytes]:
        remaining = length
        try:
            while True:
                piece = block[skip:] if remaining is None else block[skip : skip + remaining]
                if piece:
                    yield piece
                if remaining is not None:
                    remaining -= len(piece)
                if len(block) < BLOCK or remaining == 0:
                    return
                index, skip = index + 1, 0
                checked = await anyio.to_thread.run_sync(_read_block, fh, index, blocks)
                if checked is None:
                    self._blocks.pop(sha256, None)  # the next request re-hashes all and refuses
                    log.error("blob %s: block %d changed while it was served; the stream is cut", sha256, index)
                    raise BlobCorrupt(sha256, index)
                if not checked:
                    return
                block = checked
        finally:
            await anyio.to_thread.run_sync(fh.close)

    async def delete(self, sha256: str) -> None:
        self._blocks.pop(sha256, None)
        await anyio.Path(self.local_path(sha256)).unlink(missing_ok=True)
