"""tus uploads of evidence: create, append chunks (streamed, hashed as they pass), finish.

Rules it keeps:
1. Bytes go straight from the request stream to the staged file in blocks of ``flush_bytes``;
   nothing holds a whole file in memory. SHA-256 is updated with each block as it is written.
2. A PATCH must start at the stored offset (409 otherwise); if the client vanishes mid-PATCH the
   bytes that arrived are kept (fsynced) and HEAD reports them, so a cut costs at most one chunk.
   A PATCH with Upload-Checksum is all or nothing: a mismatch or a cut discards that chunk (460).
3. When the last byte arrives the file is probed; a refused file is deleted and never stored.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import anyio
import anyio.to_thread

from scoring.appeals.errors import TusHeaderInvalid, UploadChecksumMismatch, UploadOffsetMismatch
from scoring.appeals.limits import EvidenceLimits
from scoring.appeals.store import sha256_file


class StreamCut(Exception):
    """The client went away in the middle of a request body (raised by the api's stream wrapper)."""


@dataclass
class UploadState:
    """Per-process state of one upload: the running hash (cannot be stored in a row) and a lock."""

    offset: int = -1
    hasher: Any = None
    lock: anyio.Lock = field(default_factory=anyio.Lock)


class UploadRegistry:
    """Running hashes and locks of uploads in this process; a missing one is rebuilt from disk."""

    def __init__(self) -> None:
        self.states: dict[str, UploadState] = {}

    def state(self, upload_id: str) -> UploadState:
        return self.states.setdefault(upload_id, UploadState())

    async def hasher_at(self, upload_id: str, path: Path, offset: int) -> Any:
        """The SHA-256 state after ``offset`` bytes; re-hashes the staged prefix after a restart."""
        state = self.state(upload_id)
        if state.hasher is None or state.offset != offset:
            _, state.hasher = await anyio.to_thread.run_sync(sha256_file, path, offset)
            state.offset = offset
        return state.hasher

    def forget(self, upload_id: str) -> None:
        self.states.pop(upload_id, None)


def new_upload_id() -> str:
    return secrets.token_urlsafe(18)


def _write_block(fh: BinaryIO, block: bytes, hashers: list[Any]) -> None:
    fh.write(block)
    for h in hashers:
        h.update(block)


def _sync(fh: BinaryIO) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def _rollback(fh: BinaryIO, offset: int) -> None:
    fh.flush()
    fh.truncate(offset)
    os.fsync(fh.fileno())


async def append_stream(
    path: Path,
    offset: int,
    length: int,
    chunks: AsyncIterator[bytes],
    hasher: Any,
    checksum: tuple[str, bytes] | None,
    limits: EvidenceLimits,
) -> tuple[int, Any, bool]:
    """Append a request body at ``offset``; returns (new offset, new hasher, client cut).

    ``hasher`` is the SHA-256 state after ``offset`` bytes; on a discarded chunk the returned
    hasher is that same state. Raises UploadChecksumMismatch or TusHeaderInvalid (chunk discarded)."""
    if path.stat().st_size != offset:
        raise UploadOffsetMismatch(offset, path.stat().st_size)
    work = hasher.copy()
    chunk_hash = hashlib.new(checksum[0]) if checksum else None
    hashers = [work] + ([chunk_hash] if chunk_hash is not None else [])
    written, since_sync, buf, cut = offset, 0, bytearray(), False
    fh = await anyio.to_thread.run_sync(lambda: path.open("r+b"))
    try:
        fh.seek(offset)
        try:
            async for piece in chunks:
                if written + len(buf) + len(piece) > length:
                    await anyio.to_thread.run_sync(_rollback, fh, offset)
                    raise TusHeaderInvalid("the body goes past Upload-Length")
                buf += piece
                if len(buf) >= limits.flush_bytes:
                    block, buf = bytes(buf), bytearray()
                    await anyio.to_thread.run_sync(_write_block, fh, block, hashers)
                    written += len(block)
                    since_sync += len(block)
                    if since_sync >= limits.fsync_every_bytes:
                        await anyio.to_thread.run_sync(_sync, fh)
                        since_sync = 0
        except StreamCut:
            cut = True
        block = bytes(buf)
        await anyio.to_thread.run_sync(_write_block, fh, block, hashers)
        written += len(block)
        if checksum is not None and chunk_hash is not None and (cut or chunk_hash.digest() != checksum[1]):
            await anyio.to_thread.run_sync(_rollback, fh, offset)
            if cut:
                return offset, hasher, True
            raise UploadChecksumMismatch()
        await anyio.to_thread.run_sync(_sync, fh)
    finally:
        await anyio.to_thread.run_sync(fh.close)
    return written, work, cut
