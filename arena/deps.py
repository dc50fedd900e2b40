"""Providers the hall gives every domain: a database session, the clock, settings, the hub."""

from __future__ import annotations

from collections.abc import AsyncIterator

from litestar.datastructures import State

from arena.accounts.service import AccountService
from arena.clock import Clock
from arena.db import AsyncSession
from arena.settings import Settings

async def provide_db_session(state: State) -> AsyncIterator[AsyncSession]:
    async with state.db_factory() as session:
        try:
            yield session
        finally:
            if session.in_transaction():
                await session.rollback()


def provide_settings(state: State) -> Settings:
    return state.settings


def provide_clock(state: State) -> Clock:
    return state.clock


def provide_accounts(db_session: AsyncSession, state: State) -> AccountService:
    return AccountService(db_session, state.hasher)
