"""Providers of the contracts domain for its routers."""

from __future__ import annotations

from litestar.di import NamedDependency

from base.clock import Clock
from base.db import AsyncSession
from base.register import Register
from base.settings import Settings
from contracts.runtime import runtime_for
from contracts.service import ContractService


def provide_contracts(
    db_session: NamedDependency[AsyncSession],
    settings: NamedDependency[Settings],
    clock: NamedDependency[Clock],
    register: NamedDependency[Register],
) -> ContractService:
    return ContractService(db_session, runtime_for(settings), clock, register)
