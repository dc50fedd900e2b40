"""The database's part of a backup: one consistent snapshot while the server keeps writing.

SQLite: the backup API (``sqlite3.Connection.backup``) in one step copies the database as one
reader sees it, the WAL's committed frames included, without stopping the writer; the copy is
turned into a single self-contained file (rollback journal) and checked (``integrity_check``).
PostgreSQL: a read-only repeatable-read transaction exports its snapshot, the counts and the
schema revision are read in it, and ``pg_dump --format=custom --snapshot`` dumps that very
snapshot, so the manifest's counts are the dump's. ``pg_restore`` loads it in one transaction
into an empty database. The revision and counts are read with plain SQL (they are facts of the
snapshot, not of the code's models).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from assembly.backup.errors import NothingToBackUp, TargetNotEmpty, ToolFailed, ToolMissing
from base.settings import Settings

# What the manifest counts, and the restore counts again: name -> (table, condition).
COUNTS: dict[str, tuple[str, str]] = {
    "competitions": ("competition", ""),
    "contests": ("contest", ""),
    "contest_events": ("contest_event", ""),
    "tournament_log": ("tournament_log", ""),
    "people": ("athlete", ""),
    "users": ("user_account", ""),
    "documents": ("issued_document", "sha256 <> ''"),
    "contracts": ("contract", ""),
    "contract_pdfs": ("contract_document", ""),
    "evidence": ("appeal_evidence", ""),
}


@dataclass(frozen=True, slots=True)
class Snapshot:
    kind: str  # "sqlite" | "postgresql"
    alembic_revision: str
    counts: dict[str, int]


def database_kind(settings: Settings) -> str:
    backend = make_url(settings.resolved_database_url()).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ToolFailed("arena", detail=f"chỉ sao lưu SQLite và PostgreSQL / only SQLite and PostgreSQL are backed up, not {backend}")
    return backend


def sqlite_file(settings: Settings) -> Path:
    database = make_url(settings.resolved_database_url()).database
    if not database or database == ":memory:":
        raise NothingToBackUp(settings.resolved_database_url())
    return Path(database)


# -- SQLite ------------------------------------------------------------------------------------


def snapshot_sqlite(source: Path, target: Path) -> Snapshot:
    """Copy the live database ``source`` into the new file ``target`` (see the module's rule)."""
    if not source.is_file():
        raise NothingToBackUp(str(source))
    # mode=rw: never create an empty database where the real one is missing.
    src = sqlite3.connect(f"file:{source}?mode=rw", uri=True, timeout=30)
    try:
        src.execute("PRAGMA busy_timeout=30000")
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # pages=-1: every page in one step, one consistent read
            dst.execute("PRAGMA journal_mode=DELETE")  # one file; the server turns WAL on again
            check_sqlite(dst, target)
            snapshot = Snapshot("sqlite", *_facts_sqlite(dst))
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise ToolFailed("sqlite3", detail=f"{source}: {exc}") from None
    finally:
        src.close()
    os.chmod(target, 0o600)
    return snapshot


def check_sqlite(conn: sqlite3.Connection, path: Path) -> None:
    verdict = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if verdict != ["ok"]:
        raise ToolFailed("sqlite3", detail=f"{path}: integrity_check: {'; '.join(map(str, verdict[:5]))}")


def sqlite_facts(path: Path) -> Snapshot:
    """The revision and counts of a SQLite file (a restored one), after its integrity check."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check_sqlite(conn, path)
        return Snapshot("sqlite", *_facts_sqlite(conn))
    except sqlite3.Error as exc:
        raise ToolFailed("sqlite3", detail=f"{path}: {exc}") from None
    finally:
        conn.close()


def _facts_sqlite(conn: sqlite3.Connection) -> tuple[str, dict[str, int]]:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    revision = ""
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = str(row[0]) if row else ""
    counts = {}
    for name, (table, where) in COUNTS.items():
        counts[name] = int(conn.execute(_count_sql(table, where)).fetchone()[0]) if table in tables else 0
    return revision, counts


def _count_sql(table: str, where: str) -> str:
    return f'SELECT count(*) FROM "{table}"' + (f" WHERE {where}" if where else "")


# -- PostgreSQL --------------------------------------------------------------------------------


def find_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ToolMissing(name)
    return found


def libpq(settings_url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL for pg_dump/pg_restore (no password in it: ps would show it) and the environment
    that carries the password."""
    url = make_url(settings_url)
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _engine(settings_url: str) -> AsyncEngine:
    return create_async_engine(make_url(settings_url), poolclass=NullPool)


async def _facts_postgres(conn: AsyncConnection) -> tuple[str, dict[str, int]]:
    async def value(sql: str) -> object:
        return (await conn.execute(text(sql))).scalar()

    revision = ""
    if await value("SELECT to_regclass('public.alembic_version')") is not None:
        revision = str(await value("SELECT version_num FROM alembic_version") or "")
    counts = {}
    for name, (table, where) in COUNTS.items():
        exists = await value(f"SELECT to_regclass('public.{table}')") is not None
        counts[name] = int(str(await value(_count_sql(table, where)))) if exists else 0
    return revision, counts


async def dump_postgres(settings_url: str, target: Path) -> Snapshot:
    """``pg_dump --format=custom`` of the database at ``settings_url`` into ``target`` (see the module)."""
    pg_dump = find_tool("pg_dump")
    dsn, env = libpq(settings_url)
    engine = _engine(settings_url)
    try:
        async with engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="REPEATABLE READ")
            async with conn.begin():
                await conn.execute(text("SET TRANSACTION READ ONLY"))
                snapshot_id = (await conn.execute(text("SELECT pg_export_snapshot()"))).scalar()
                revision, counts = await _facts_postgres(conn)
                # The exporting transaction stays open while pg_dump reads its snapshot.
                args = ["--format=custom", "--no-owner", f"--snapshot={snapshot_id}", "--file", str(target), "--dbname", dsn]
                await _run(pg_dump, args, env)
    except (SQLAlchemyError, OSError) as exc:
        raise ToolFailed("PostgreSQL", detail=f"{dsn}: {exc}") from None
    finally:
        await engine.dispose()
    os.chmod(target, 0o600)
    return Snapshot("postgresql", revision, counts)


async def check_postgres_target(settings_url: str) -> None:
    """Refuse a database that holds anything (a table, view or sequence of its own), before a
    restore writes a byte; pg_restore must be on the PATH."""
    find_tool("pg_restore")
    dsn = libpq(settings_url)[0]
    engine = _engine(settings_url)
    try:
        async with engine.connect() as conn:
            found = (
                await conn.execute(
                    text(
                        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                    )
                )
            ).scalar()
    except (SQLAlchemyError, OSError) as exc:
        raise ToolFailed("PostgreSQL", detail=f"{dsn}: {exc}") from None
    finally:
        await engine.dispose()
    if int(str(found)) != 0:
        raise TargetNotEmpty(dsn)


async def restore_postgres(settings_url: str, dump: Path) -> None:
    """Load ``dump`` into the (checked empty) database in one transaction: all or nothing."""
    pg_restore = find_tool("pg_restore")
    dsn, env = libpq(settings_url)
    await _run(pg_restore, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", dsn, str(dump)], env)


async def postgres_facts(settings_url: str) -> Snapshot:
    engine = _engine(settings_url)
    try:
        async with engine.connect() as conn:
            revision, counts = await _facts_postgres(conn)
    finally:
        await engine.dispose()
    return Snapshot("postgresql", revision, counts)


async def _run(tool: str, args: list[str], env: dict[str, str]) -> None:
    proc = await asyncio.create_subprocess_exec(tool, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _out, err = await proc.communicate()
    if proc.returncode != 0:
        name = Path(tool).name
        raise ToolFailed(name, detail=err.decode(errors="replace").strip()[-1500:] or f"exit {proc.returncode}")
