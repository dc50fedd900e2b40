"""Fixtures of the whole suite (builders are in arena_builders.py).

Database tests run on SQLite always and on PostgreSQL when it answers on 127.0.0.1:5432: each such
test gets a database of its own, created from scratch by the Alembic migrations and dropped after.

Time: the app under test and the test share one clock (``app.state.clock``; "today" is
``clock.today()``, the venue's date). ``ARENA_CLOCK_START=2026-12-01T23:30:00+07:00 make test`` runs
the whole suite, server processes included, from that instant.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from arena_builders import Arena, postgres_url, seed_accounts

from base.clock import Clock
from base.settings import Settings

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def _pg(sql: str) -> None:
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(PG_ADMIN, timeout=5)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Databases migrated once per run; each test starts from a copy (a file copy for SQLite,
    ``CREATE DATABASE ... TEMPLATE`` for PostgreSQL) instead of migrating again."""
    from assembly.migrate import upgrade

    folder = tmp_path_factory.mktemp("template")
    upgrade(Settings(data_dir=folder))
    templates = {"sqlite": str(folder / "arena.db")}
    name = f"arena_tpl_{uuid.uuid4().hex[:12]}"
    if postgres_url() is not None:
        _pg(f'CREATE DATABASE "{name}"')
        upgrade(Settings(data_dir=folder, database_url=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"))
        templates["postgres"] = name
    try:
        yield templates
    finally:
        if "postgres" in templates:
            _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, migrated_templates: dict[str, str]) -> Iterator[str]:
    """Empty for the embedded SQLite (a migrated copy in the test's data folder); a fresh
    PostgreSQL database otherwise."""
    if request.param == "sqlite":
        import shutil

        (tmp_path / "var").mkdir(exist_ok=True)
        shutil.copyfile(migrated_templates["sqlite"], tmp_path / "var" / "arena.db")
        yield ""
        return
    if "postgres" not in migrated_templates:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432 (SQLite variant still runs)")
    name = f"arena_t_{uuid.uuid4().hex[:12]}"
    _pg(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_templates["postgres"]}"')
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "var",
        database_url=database_url,
        secret_key="test-secret-" + "x" * 32,
        argon2_profile="CHEAPEST",
        clock_start=os.environ.get("ARENA_CLOCK_START", ""),
    )


@pytest.fixture
def venue_clock(settings: Settings) -> Clock:
    """The clock of the app under test (the system's now, or ``ARENA_CLOCK_START``), ticking."""
    return settings.clock()


@pytest.fixture
def arena(settings: Settings, venue_clock: Clock) -> Iterator[Arena]:
    from litestar.testing import TestClient

    from assembly.app import create_app
    from assembly.migrate import upgrade

    upgrade(settings)
    app = create_app(settings, clock=venue_clock, run_migrations=False)
    with TestClient(app=app) as client:
        tokens = seed_accounts(app, client.blocking_portal.call)
        yield Arena(client=client, app=app, tokens=tokens)
