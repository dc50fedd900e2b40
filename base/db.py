"""The database engine and sessions: SQLite (WAL, synchronous=FULL) embedded, PostgreSQL by URL.

Every table of every domain is a SQLModel table on ``SQLModel.metadata``; Alembic migrations in
``assembly/migrations`` create them. A use case that acknowledges something commits before it returns.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession as AsyncSession  # the domains take it from here

from base.settings import Settings

metadata = SQLModel.metadata


def utcnow() -> datetime:
    return datetime.now(UTC)


class _Row(Protocol):
    @property
    def id(self) -> int | None: ...


def row_id(row: _Row) -> int:
    """The primary key of a row the database has numbered (flushed, committed or loaded).

    SQLModel types ``id`` as ``int | None`` because it is None until the INSERT; past that point a
    None is a bug, said here rather than stored as a NULL foreign key.
    """
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone: we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: give a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets scoreboards read while a press commits; FULL makes an acknowledged commit survive
    # power loss, which is the promise made to judges.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_engine(settings: Settings) -> AsyncEngine:
    """Build the async engine for the settings' database; creates the data folder for SQLite."""
    url = make_url(settings.resolved_database_url())
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            from pathlib import Path

            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session per request; rolls back whatever the use case did not commit."""
    async with factory() as session:
        try:
            yield session
        finally:
            if session.in_transaction():
                await session.rollback()


async def database_status(factory: async_sessionmaker[AsyncSession]) -> str:
    """ "ok" when the database answers a trivial query, else the error's type name."""
    from sqlalchemy import text

    try:
        async with factory() as session:
            connection = await session.connection()
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - health reports any database failure as a value
        return f"error: {type(exc).__name__}"
    return "ok"


def backend_name(engine: AsyncEngine) -> str:
    return engine.url.get_backend_name()
