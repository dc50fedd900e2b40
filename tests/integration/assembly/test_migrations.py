"""The migrations and the models describe the same database, and the next migration is written
where the chain expects it."""

import asyncio
import shutil

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy.ext.asyncio import create_async_engine

from assembly.migrate import MIGRATIONS, revision, revision_slug
from assembly.registry import metadata


def test_a_database_at_head_has_exactly_the_tables_and_columns_of_the_models(settings):
    from assembly.migrate import upgrade

    upgrade(settings)

    async def differences() -> list:
        engine = create_async_engine(settings.resolved_database_url())
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(
                    lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True}), metadata)
                )
        finally:
            await engine.dispose()

    assert asyncio.run(differences()) == []


def test_the_next_migration_is_numbered_after_the_last_and_revises_it(settings, tmp_path):
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    last = max(p.name[:4] for p in (migrations / "versions").glob("[0-9]*.py"))
    path = revision(settings, "tournaments tables", migrations=migrations)
    expected = f"{int(last) + 1:04d}"
    assert path.name == f"{expected}_tournaments_tables.py"
    text = path.read_text()
    assert f'revision = "{expected}"' in text and f'down_revision = "{last}"' in text
    assert "op." not in text.split("def upgrade")[1].split("def downgrade")[0]  # nothing differs today


def test_arena_db_revision_needs_a_message():
    from assembly.cli import main

    result = CliRunner().invoke(main, ["db", "revision"])
    assert result.exit_code != 0 and "--message" in result.output


def test_a_migrations_file_name_keeps_only_ascii_letters_and_digits():
    assert revision_slug("athletes: voucher counter (per year)") == "athletes_voucher_counter_per_year"
    assert revision_slug("Đăng ký thi đấu/hạng cân") == "dang_ky_thi_dau_hang_can"
    assert revision_slug("::") == "change"
