"""Providers the base gives every domain: a database session, the clock, settings, accounts, the
register of issued documents, the sandbox that decodes uploaded files."""

from __future__ import annotations

from collections.abc import AsyncIterator

from litestar.datastructures import State
from litestar.di import NamedDependency

from base.accounts.service import AccountService
from base.clock import Clock
from base.db import AsyncSession
from base.register import DocumentStore, Register
from base.sandbox import Sandbox
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


def provide_sandbox(state: State, settings: NamedDependency[Settings]) -> Sandbox:
    """The app's one sandbox, made at first use: every domain's uploads share its workers (the
    module stays free of the web stack, which each child would otherwise import)."""
    if "media_sandbox" not in state:
        state["media_sandbox"] = Sandbox(memory_bytes=settings.media_memory_mb << 20, workers=settings.media_workers)
    sandbox: Sandbox = state["media_sandbox"]
    return sandbox
