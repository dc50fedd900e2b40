"""Seeds from the ranking: a category's present athletes get seed numbers from the athletes domain's
standings of the same sport and category code, by the sport's rule (``athletes.rankings.seeds``:
"wt" passes an absent athlete's seed down, "wkf" does not). Seeds are set through
``TournamentService.set_seed``, so they are audited and refused once the category is drawn."""

from __future__ import annotations

from dataclasses import dataclass

from athletes import rankings
from base.accounts.models import Role, User
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.errors import Forbidden
from tournaments.errors import CategoryInvalid, CategoryState
from tournaments.service import STATUS_VI, TournamentService

# The rule a sport's federation uses when none is asked for (docs/rankings.md).
SPORT_RULE = {"karate": "wkf"}
NOT_PRESENT = ("out", "moved", "withdrawn")  # weigh-in statuses of athletes who will not be drawn


@dataclass(frozen=True, slots=True)
class SeedSet:
    entry_id: int
    athlete_id: int
    seed: int | None
    points: float


def rule_for(sport: str) -> str:
    return SPORT_RULE.get(sport.strip().casefold(), "wt")


async def seed_from_ranking(
    session: AsyncSession, clock: Clock, actor: User | None, category_id: int, rule: str = "", n: int = 4
) -> list[SeedSet]:
    """Replace the category's seeds by the ranking on the competition's first day; returns every
    present entry with its new seed (None: not seeded) and its ranking points."""
    if actor is not None and not actor.has_role(Role.MANAGER):
        raise Forbidden()
    service = TournamentService(session, clock, actor)
    category = await service.category(category_id)
    if category.status not in ("open", "closed"):
        raise CategoryState(category.name, STATUS_VI[category.status], "xếp hạt giống theo bảng xếp hạng")
    event = await service._event(category.event_id)
    sport = str(event["sport"] or "")
    rule = rule.strip().casefold() or rule_for(sport)
    if rule not in rankings.RULES:
        raise CategoryInvalid("quy tắc hạt giống", f"«{rule}» không phải wt hay wkf")
    if not 1 <= n <= 64:
        raise CategoryInvalid("số hạt giống", "từ 1 đến 64")
    entries = await service.entries(category_id, ("pending", "approved"))
    approved = [e for e in entries if e.status == "approved" and e.weigh_status not in NOT_PRESENT]
    if any(e.checked_in for e in approved):  # once anyone is checked in, only those checked in are drawn
        approved = [e for e in approved if e.checked_in]
    table = await rankings.standings(session, sport, category.code, await service.competition_date(category))
    given = rankings.seeds(table, {e.athlete_id for e in approved}, n, rule)
    points = {s.athlete_id: s.total for s in table}
    for e in entries:  # clear first: set_seed refuses a number another entry still holds
        if e.seed is not None and given.get(e.athlete_id) != e.seed:
            await service.set_seed(row_id(e), None)
    for e in approved:
        seed = given.get(e.athlete_id)
        if seed is not None and e.seed != seed:
            await service.set_seed(row_id(e), seed)
    return [SeedSet(row_id(e), e.athlete_id, given.get(e.athlete_id), points.get(e.athlete_id, 0.0)) for e in approved]
