"""Helpers of the athletes integration tests: run a coroutine on a fresh engine of the app's database."""

from __future__ import annotations

import asyncio
from typing import Any

from base.settings import Settings


def run_in_session(settings: Settings, work: Any) -> Any:
    """Run ``await work(session, hasher)`` on a fresh engine (its own event loop), then dispose it."""
    from base.accounts.service import password_hasher
    from base.db import create_engine, session_factory

    async def go() -> Any:
        engine = create_engine(settings)
        try:
            async with session_factory(engine)() as session:
                return await work(session, password_hasher(settings.argon2_profile))
        finally:
            await engine.dispose()

    return asyncio.run(go())


def audit_actions(app: Any, subject: str) -> list[tuple[str, str]]:
    from base.audit import audit_trail

    async def work(session: Any, _h: Any) -> list[tuple[str, str]]:
        return [(e.actor, e.action) for e in await audit_trail(session, subject)]

    return run_in_session(app.app.state.settings, work)


def count_rows(app: Any, model: Any) -> int:
    from sqlalchemy import func
    from sqlmodel import select

    async def work(session: Any, _h: Any) -> int:
        return int((await session.exec(select(func.count()).select_from(model))).one())

    return run_in_session(app.app.state.settings, work)
