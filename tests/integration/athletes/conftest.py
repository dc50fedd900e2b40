"""The real app on SQLite and on PostgreSQL (a fresh database per session, migrated by Alembic)."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from arena_builders import Arena, postgres_url
from athletes_helpers import run_in_session

from base.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
RATES = ROOT / "fixtures" / "athletes" / "rates.toml"


async def _pg_exec(dsn: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of our own (``arena_athletes_<random>``), migrated to head, dropped at the end."""
    base = postgres_url()
    if base is None:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432 (start it to run the PostgreSQL half)")
    server = base.rsplit("/", 1)[0]
    name = f"arena_athletes_{secrets.token_hex(4)}"
    asyncio.run(_pg_exec(_plain(server) + "/postgres", f'CREATE DATABASE "{name}"'))
    url = f"{server}/{name}"
    try:
        from assembly.migrate import upgrade

        upgrade(Settings(data_dir=tmp_path_factory.mktemp("pg"), database_url=url))
        yield url
    finally:
        asyncio.run(_pg_exec(_plain(server) + "/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _truncate(url: str) -> None:
    from assembly.registry import metadata

    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    await _pg_exec(_plain(url), f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def _seed(settings: Settings) -> dict[str, str]:
    async def work(session: Any, hasher: Any) -> dict[str, str]:
        fake = SimpleNamespace(state=SimpleNamespace(db_factory=lambda: _Same(session), hasher=hasher))
        return await _seed_async(fake)

    return run_in_session(settings, work)


class _Same:
    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc: object) -> None:
        return None


async def _seed_async(app: Any) -> dict[str, str]:
    from arena_builders import PASSWORD, ROLES

    from base.accounts.models import Role
    from base.accounts.service import AccountService

    tokens = {}
    async with app.state.db_factory() as session:
        accounts = AccountService(session, app.state.hasher)
        for role in ROLES:
            user = await accounts.create_user(role, PASSWORD, [Role(role)], full_name=f"Người dùng {role}")
            tokens[role] = await accounts.issue_token(user, "test")
    return tokens


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head; each test starts from a copy (a migration costs ~1 s)."""
    from assembly.migrate import upgrade

    folder = tmp_path_factory.mktemp("sqlite-template")
    upgrade(Settings(data_dir=folder))
    return folder / "arena.db"


def fresh_sqlite(template: Path, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, data_dir / "arena.db")


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Settings:
    base = dict(
        data_dir=tmp_path / "var",
        secret_key="test-secret-" + "x" * 32,
        argon2_profile="CHEAPEST",
        clock_start=os.environ.get("ARENA_CLOCK_START", ""),
    )
    if request.param == "sqlite":
        fresh_sqlite(sqlite_template, tmp_path / "var")
        return Settings(**base)
    url = request.getfixturevalue("pg_url")
    asyncio.run(_truncate(url))
    return Settings(**base, database_url=url)


def load_rates(settings: Settings) -> int:
    from athletes.payments import PaymentService

    async def work(session: Any, _hasher: Any) -> int:
        return await PaymentService(session, None).load_rate_book(RATES)

    return run_in_session(settings, work)


@pytest.fixture
def app(backend: Settings) -> Iterator[Arena]:
    """The whole app on ``backend`` with one user per role and the shipped rate book loaded."""
    from litestar.testing import TestClient

    from assembly.app import create_app

    tokens = _seed(backend)
    load_rates(backend)
    application = create_app(backend, run_migrations=False)
    with TestClient(app=application) as client:
        yield Arena(client=client, app=application, tokens=tokens)


@pytest.fixture
def database_url() -> str:
    """The root ``arena`` fixture on SQLite only here: role and page checks do not depend on the
    database, and the ``app`` fixture above covers both databases for the behaviour that does."""
    return ""


@pytest.fixture
def settings(tmp_path: Path, database_url: str, sqlite_template: Path) -> Settings:
    """The root ``settings``, starting from a copy of the migrated SQLite file."""
    fresh_sqlite(sqlite_template, tmp_path / "var")
    return Settings(data_dir=tmp_path / "var", database_url=database_url, secret_key="test-secret-" + "x" * 32, argon2_profile="CHEAPEST")
