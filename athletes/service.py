"""Athlete use cases other domains call (they never read the athlete table themselves)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlmodel import select

from arena.db import AsyncSession
from arena.errors import InvalidInput, NotFound
from athletes.models import Athlete


@dataclass(frozen=True, slots=True)
class AthleteCard:
    """What a scoreboard or an entry list shows of an athlete."""

    id: int
    full_name: str
    team: str
    nation: str


def _card(a: Athlete) -> AthleteCard:
    assert a.id is not None
    return AthleteCard(id=a.id, full_name=a.full_name, team=a.team, nation=a.nation)


async def create_athlete(
    session: AsyncSession,
    full_name: str,
    *,
    team: str = "",
    gender: str = "",
    birth_date: Optional[date] = None,
    nation: str = "VIE",
) -> AthleteCard:
    name = unicodedata.normalize("NFC", full_name.strip())
    if not name:
        raise InvalidInput("athlete name is empty")
    athlete = Athlete(
        full_name=name,
        team=unicodedata.normalize("NFC", team.strip()),
        gender=gender,
        birth_date=birth_date,
        nation=nation.upper()[:3],
    )
    session.add(athlete)
    await session.flush()
    return _card(athlete)


async def athlete_cards(session: AsyncSession, ids: list[int]) -> dict[int, AthleteCard]:
    if not ids:
        return {}
    rows = await session.exec(select(Athlete).where(Athlete.id.in_(ids)))  # type: ignore[union-attr]
    return {a.id: _card(a) for a in rows.all() if a.id is not None}


async def get_athlete(session: AsyncSession, athlete_id: int) -> AthleteCard:
    athlete = await session.get(Athlete, athlete_id)
    if athlete is None:
        raise NotFound("athlete")
    return _card(athlete)


async def list_athletes(session: AsyncSession, limit: int = 500) -> list[AthleteCard]:
    rows = await session.exec(select(Athlete).order_by(Athlete.full_name).limit(limit))
    return [_card(a) for a in rows.all()]
