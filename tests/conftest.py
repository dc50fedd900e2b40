"""Fixtures of the whole suite (builders are in arena_builders.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from arena.settings import Settings
from arena_builders import Arena, seed_accounts


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", secret_key="test-secret-" + "x" * 32, argon2_profile="CHEAPEST")


@pytest.fixture
def arena(settings: Settings) -> Iterator[Arena]:
    from litestar.testing import TestClient

    from arena.app import create_app
    from arena.migrate import upgrade

    upgrade(settings)
    app = create_app(settings, run_migrations=False)
    tokens = seed_accounts(app)
    with TestClient(app=app) as client:
        yield Arena(client=client, app=app, tokens=tokens)


