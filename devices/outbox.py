"""Durable press outbox of the bridge: a SQLite file, committed (fsync'd) before a press is taken.

A press stays ``pending`` until the server acks it (``acked``) or refuses it for good (``dropped``);
``UNIQUE(device, epoch, seq)`` keeps a keypad's resend from queueing twice, even across restarts.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from devices.schemas import DevicePress

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS press (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device TEXT NOT NULL,
    epoch TEXT NOT NULL,
    seq INTEGER NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'acked', 'dropped')),
    reason TEXT,
    queued_at REAL NOT NULL,
    UNIQUE (device, epoch, seq)
);
CREATE INDEX IF NOT EXISTS press_pending ON press (status, id);
"""


@dataclass(frozen=True, slots=True)
class QueueCounts:
    pending: int = 0
    acked: int = 0
    dropped: int = 0


class PressQueue:
    """Synchronous queue on one connection; use ``AsyncPressQueue`` from the event loop."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        # synchronous=FULL fsyncs the WAL on every commit: a press survives a power cut once taken.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def put(self, press: DevicePress) -> bool:
        """Queue ``press``; ``False`` if this (device, epoch, seq) was queued before."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO press (device, epoch, seq, message, queued_at) VALUES (?, ?, ?, ?, ?)",
            (press.device, press.epoch, press.seq, json.dumps(press.to_message()), time.time()),
        )
        return cursor.rowcount == 1

    def pending(self, after_id: int = 0, limit: int = 200) -> list[tuple[int, str]]:
        """Pending messages in the order they were taken, after ``after_id``."""
        rows = self._db.execute(
            "SELECT id, message FROM press WHERE status = 'pending' AND id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        )
        return list(rows)

    def _settle(self, status: str, device: str, epoch: str | None, seq: int, reason: str | None) -> int:
        # An error without an epoch settles that device's pending seq in every epoch.
        cursor = self._db.execute(
            "UPDATE press SET status = ?, reason = ? WHERE device = ? AND seq = ? AND (? IS NULL OR epoch = ?) AND status = 'pending'",
            (status, reason, device, seq, epoch, epoch),
        )
        return cursor.rowcount

    def ack(self, device: str, epoch: str, seq: int) -> bool:
        """Mark acked; ``False`` if it was not pending (a second ack of a resend)."""
        return self._settle("acked", device, epoch, seq, None) == 1

    def drop(self, device: str, epoch: str | None, seq: int, reason: str) -> int:
        """Give up on a press the server will never count; returns how many were pending."""
        return self._settle("dropped", device, epoch, seq, reason)

    def counts(self) -> QueueCounts:
        rows = dict(self._db.execute("SELECT status, count(*) FROM press GROUP BY status").fetchall())
        return QueueCounts(rows.get("pending", 0), rows.get("acked", 0), rows.get("dropped", 0))

    def prune(self, keep_settled: int = 20000) -> int:
        """Forget the oldest settled presses beyond ``keep_settled`` (the dedupe memory)."""
        cursor = self._db.execute(
            "DELETE FROM press WHERE status != 'pending' AND id NOT IN "
            "(SELECT id FROM press WHERE status != 'pending' ORDER BY id DESC LIMIT ?)",
            (keep_settled,),
        )
        return cursor.rowcount


class AsyncPressQueue:
    """Runs every queue call on one worker thread, so fsyncs never stall the event loop."""

    def __init__(self, path: Path) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="press-queue")
        self._queue = self._pool.submit(PressQueue, path).result()

    async def _call(self, fn: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    async def put(self, press: DevicePress) -> bool:
        return await self._call(self._queue.put, press)

    async def pending(self, after_id: int = 0, limit: int = 200) -> list[tuple[int, str]]:
        return await self._call(self._queue.pending, after_id, limit)

    async def ack(self, device: str, epoch: str, seq: int) -> bool:
        return await self._call(self._queue.ack, device, epoch, seq)

    async def drop(self, device: str, epoch: str | None, seq: int, reason: str) -> int:
        return await self._call(self._queue.drop, device, epoch, seq, reason)

    async def counts(self) -> QueueCounts:
        return await self._call(self._queue.counts)

    async def prune(self, keep_settled: int = 20000) -> int:
        return await self._call(self._queue.prune, keep_settled)

    def close(self) -> None:
        self._pool.submit(self._queue.close).result()
        self._pool.shutdown()
