"""Where the hub writes a contest's events: one durable commit per event, before any ack.

On PostgreSQL the async engine does it natively. On SQLite every statement through aiosqlite is a
round trip to its worker thread (about a dozen per commit), which capped appends near 130/s; the
SQLite journal instead runs the whole transaction in one hop on a dedicated writer thread with
its own synchronous connection (WAL, synchronous=FULL), which SQLite serialises anyway.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from sqlalchemy import Engine, create_engine, event, insert, update
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col

from base.db import AsyncSession, _sqlite_pragmas
from scoring.models import Contest, ContestEvent

StatusChange = tuple[int, str, str] | None  # (contest_id, status, final_hash)


class Journal(Protocol):
    async def write(self, values: dict[str, Any], status: StatusChange) -> None:
        """Commit one event row (and a contest status change); raises IntegrityError on a clash."""

    async def close(self) -> None: ...


def _statements(values: dict[str, Any], status: StatusChange) -> list[Any]:
    statements: list[Any] = [(insert(ContestEvent), [values])]
    if status is not None:
        contest_id, state, final = status
        statements.append((update(Contest).where(col(Contest.id) == contest_id).values(status=state, final_hash=final), None))
    return statements


class AsyncJournal:
    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = factory

    async def write(self, values: dict[str, Any], status: StatusChange) -> None:
        async with self.factory() as session:
            connection = await session.connection()
            for statement, params in _statements(values, status):
                await connection.execute(statement, params) if params else await connection.execute(statement)
            await session.commit()

    async def close(self) -> None:
        return None


class SQLiteJournal:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="arena-journal")

    def _write(self, values: dict[str, Any], status: StatusChange) -> None:
        with self.engine.begin() as connection:
            for statement, params in _statements(values, status):
                connection.execute(statement, params) if params else connection.execute(statement)

    async def write(self, values: dict[str, Any], status: StatusChange) -> None:
        await asyncio.get_running_loop().run_in_executor(self.executor, self._write, values, status)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self.executor, self.engine.dispose)
        self.executor.shutdown(wait=True)


def make_journal(engine: AsyncEngine, factory: async_sessionmaker[AsyncSession]) -> Journal:
    if engine.url.get_backend_name() != "sqlite":
        return AsyncJournal(factory)
    sync = create_engine(engine.url.set(drivername="sqlite"), connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(sync, "connect", _sqlite_pragmas)
    return SQLiteJournal(sync)
