"""Providers of the scoring domain's services."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from base.db import AsyncSession
from base.settings import Settings
from scoring.live.hub import LiveHub
from scoring.pairing import PairingService
from scoring.service import CompetitionService


def provide_competitions(db_session: NamedDependency[AsyncSession]) -> CompetitionService:
    return CompetitionService(db_session)


def provide_pairing(db_session: NamedDependency[AsyncSession], settings: NamedDependency[Settings]) -> PairingService:
    return PairingService(db_session, settings.secret_key)


def provide_hub(state: State) -> LiveHub:
    hub: LiveHub = state.hub
    return hub


dependencies = {
    "competitions": Provide(provide_competitions, sync_to_thread=False),
    "pairing": Provide(provide_pairing, sync_to_thread=False),
    "hub": Provide(provide_hub, sync_to_thread=False),
}
