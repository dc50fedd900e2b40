"""The tournaments domain listens to the live hub: a contest of a draw that starts or ends moves
its bracket on, the contests whose athletes changed are shown again, and at start-up any end the
bracket missed (a crash between the end and the move) is taken in again."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select

from base.clock import Clock
from base.db import AsyncSession
from scoring.live.hub import ContestOutcome, LiveHub, outcome_of
from scoring.service import CompetitionService
from tournaments.models import Bout
from tournaments.ordering import OrderService

log = logging.getLogger(__name__)


class BracketFollower:
    def __init__(self, factory: async_sessionmaker[AsyncSession], clock: Clock, hub: LiveHub) -> None:
        self.factory = factory
        self.clock = clock
        self.hub = hub

    async def __call__(self, outcome: ContestOutcome) -> None:
        async with self.factory() as session:
            service = OrderService(session, self.clock, None)
            fields = await service.contest_outcome(
                outcome.contest_id,
                outcome.status,
                outcome.winner,
                outcome.method,
                outcome.totals,
                outcome.penalties,
                outcome.at,
                components=outcome.components,
                ruleset=outcome.ruleset,
                marks=outcome.marks,
            )
        for fop_id in fields:
            await self.refresh_field(fop_id)

    async def refresh_field(self, fop_id: int) -> None:
        for contest_id, rt in list(self.hub.runtimes.items()):
            if rt.fop_id == fop_id:
                await self.hub.refresh_info(contest_id)

    async def catch_up(self) -> int:
        """Take in every ended contest of a draw whose bout has no result yet; returns how many."""
        async with self.factory() as session:
            rows = (
                await session.exec(select(Bout).where(col(Bout.contest_id).is_not(None), col(Bout.status).in_(("ready", "running"))))
            ).all()
            ids = [b.contest_id for b in rows if b.contest_id is not None]
            facts = await CompetitionService(session).contest_facts(ids)
        ended = [i for i, f in facts.items() if f.status == "ended"]
        for contest_id in ended:
            rt = await self.hub.runtime(contest_id)
            await self(outcome_of(rt))
        return len(ended)


async def open_new_contests(hub: LiveHub, contest_ids: list[int], actor: str) -> int:
    """Start the log of each contest that has none yet (its rule set, sides and parameters)."""
    opened = 0
    for contest_id in contest_ids:
        rt = await hub.runtime(contest_id)
        if not rt.events:
            await hub.open_contest(contest_id, actor)
            opened += 1
        else:
            await hub.refresh_info(contest_id)
    return opened


async def open_called(hub: LiveHub, service: OrderService, contest_id: int, actor: str) -> None:
    """A contest its field calls (the console's next contest): a performance gets its part's parameters from the
    athlete's program (``OrderService.call_up``, which refuses a missing dd) and its log is opened now."""
    rt = await hub.runtime(contest_id)
    if rt.events:
        return
    await service.call_up(contest_id)
    await hub.refresh_info(contest_id)
    await hub.open_contest(contest_id, actor)
