import asyncio
import uuid

import pytest
from arena_builders import postgres_url
from sqlalchemy import text

from assembly.migrate import upgrade
from athletes.search import search
from base.db import create_engine, session_factory
from base.settings import Settings

BEFORE = "0004"  # the revision 0003 (athletes) follows in the chain


async def _sql(settings: Settings, statement: str) -> None:
    engine = create_engine(settings)
    async with engine.begin() as conn:
        await conn.execute(text(statement))
    await engine.dispose()


async def _search(settings: Settings, q: str) -> list[str]:
    engine = create_engine(settings)
    async with session_factory(engine)() as session:
        hits = [h.label for h in await search(session, q)]
    await engine.dispose()
    return hits


def _existing_athletes_become_searchable(settings: Settings) -> None:
    upgrade(settings, BEFORE)
    asyncio.run(
        _sql(
            settings,
            "INSERT INTO athlete (full_name, gender, team, nation, created_at) "
            "VALUES ('Đặng Thị Bích', 'F', 'Thủ Đức', 'VIE', CURRENT_TIMESTAMP)",
        )
    )
    upgrade(settings)
    assert asyncio.run(_search(settings, "dang bich")) == ["Đặng Thị Bích"]


def test_athletes_entered_before_the_migration_are_searchable_after_it_on_sqlite(tmp_path):
    _existing_athletes_become_searchable(Settings(data_dir=tmp_path))


@pytest.mark.postgres
def test_athletes_entered_before_the_migration_are_searchable_after_it_on_postgresql(tmp_path):
    if postgres_url() is None:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    import asyncpg

    name = f"arena_athletes_mig_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        _existing_athletes_become_searchable(
            Settings(data_dir=tmp_path, database_url=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}")
        )
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_the_voucher_counter_continues_after_the_vouchers_issued_before_it(tmp_path):
    settings = Settings(data_dir=tmp_path)
    upgrade(settings, "0005")
    for number in ("PC-2025-00001", "PC-2026-00002", "PC-2026-00003"):
        asyncio.run(
            _sql(
                settings,
                "INSERT INTO athlete_voucher (number, title, period_from, period_to, total, created_at, created_by) "
                f"VALUES ('{number}', 'x', '2026-01-01', '2026-01-31', 0, CURRENT_TIMESTAMP, '')",
            )
        )
    upgrade(settings)

    async def counters() -> list[tuple[str, int, int]]:
        engine = create_engine(settings)
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT book, year, last FROM athlete_voucher_counter ORDER BY year"))).all()
        await engine.dispose()
        return [tuple(r) for r in rows]

    assert asyncio.run(counters()) == [("PC", 2025, 1), ("PC", 2026, 3)]
