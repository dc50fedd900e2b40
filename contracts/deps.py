"""Providers of the contracts domain for its routers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from arena.clock import Clock
from arena.db import AsyncSession
from arena.settings import Settings
from contracts.runtime import runtime_for
from contracts.service import ContractService


def provide_contracts(db_session: AsyncSession, settings: Settings, clock: Clock) -> ContractService:
    return ContractService(db_session, runtime_for(settings), clock)
