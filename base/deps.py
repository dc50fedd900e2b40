"""Providers the base gives every domain: a database session, the clock, settings, accounts, the
register of issued documents."""

from __future__ import annotations

from collections.abc import AsyncIterator

from litestar.datastructures import State
from litestar.di import NamedDependency

from base.accounts.service import AccountService
from base.clock import Clock
from base.db import AsyncSession
from base.register import DocumentStore, Register
from base.settings import Settings


async def provide_db_session(state: State) -> AsyncIterator[AsyncSession]:
    async with state.db_factory() as session:
        try:
            yield session
        finally:
            if session.in_transaction():
                await session.rollback()


def provide_settings(state: State) -> Settings:
    settings: Settings = state.settings
    return settings


def provide_clock(state: State) -> Clock:
    clock: Clock = state.clock
    return clock


def provide_accounts(db_session: NamedDependency[AsyncSession], state: State) -> AccountService:
    return AccountService(db_session, state.hasher)


def provide_register(db_session: NamedDependency[AsyncSession], state: State) -> Register:
    """The register of issued documents for this request (its session, the store, the clock, the
    public address printed in QR codes)."""
    settings: Settings = state.settings
    return Register(db_session, DocumentStore.for_settings(settings), state.clock, settings.resolved_public_url())
