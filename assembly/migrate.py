"""Alembic migrations run from code: ``arena db upgrade`` and every server start call ``upgrade``;
``arena db revision`` writes the next numbered migration from the difference between the tables
(every domain's ``models.py``, via the registry) and a database at head."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

from alembic import command
from alembic.config import Config

from base.settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(settings: Settings, migrations: Path = MIGRATIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("sqlalchemy.url", settings.resolved_database_url().replace("%", "%%"))
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Bring the database to ``revision``; safe to call on every start (a no-op when current)."""
    if settings.resolved_database_url().startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings), revision)


def next_revision_id(migrations: Path = MIGRATIONS) -> str:
    """The next four-digit id (``0006`` after ``0005``): the ids say the order the files were made."""
    numbers = [int(p.name[:4]) for p in (migrations / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
    return f"{max(numbers, default=0) + 1:04d}"


def revision_slug(message: str) -> str:
    """The file-name part of a message: ASCII letters and digits joined by ``_`` (accents folded,
    ``đ`` as ``d``), at most 40 characters; ``change`` when nothing is left."""
    folded = unicodedata.normalize("NFD", message.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", ascii_only).strip("_")[:40].rstrip("_") or "change"


def revision(settings: Settings, message: str, *, autogenerate: bool = True, migrations: Path = MIGRATIONS) -> Path:
    """Write the next migration (compared against ``settings``' database, brought to head first)
    and return its path; review it before committing, as Alembic's autogenerate asks."""
    config = alembic_config(settings, migrations)
    if settings.resolved_database_url().startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(config, "head")
    rev_id = next_revision_id(migrations)
    slug = revision_slug(message)
    script = command.revision(config, message=message, autogenerate=autogenerate, rev_id=rev_id, head="head")
    made = Path(script.path) if script is not None and not isinstance(script, list) else None
    if made is None:
        raise RuntimeError("alembic wrote no revision")
    target = made.with_name(f"{rev_id}_{slug}.py")
    made.rename(target)
    if importlib.util.find_spec("ruff") is not None:  # a development install: the file is born lint-clean
        for args in (["check", "--fix", "--quiet"], ["format", "--quiet"]):
            subprocess.run([sys.executable, "-m", "ruff", *args, str(target)], check=False)
    return target
