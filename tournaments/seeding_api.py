"""``POST /api/tournaments/categories/{id}/seed-from-ranking`` (manager): seeds from the ranking."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from base.accounts.models import Role, User
from base.auth import requires_role
from tournaments.api import dependencies
from tournaments.errors import CategoryInvalid
from tournaments.ordering import OrderService
from tournaments.seeding import seed_from_ranking


@post("/api/tournaments/categories/{category_id:int}/seed-from-ranking", guards=[requires_role(Role.MANAGER)], tags=["tournaments"])
async def seed_category(
    request: Request[User, Any, Any], category_id: FromPath[int], tournament: NamedDependency[OrderService], data: JSONBody[dict[str, Any]]
) -> dict[str, Any]:
    """``{"rule": "wt"|"wkf"|"" (the sport's), "n": 4}`` -> every present entry with its seed and points."""
    rule, n = data.get("rule", ""), data.get("n", 4)
    if not isinstance(rule, str) or not isinstance(n, int) or isinstance(n, bool):
        raise CategoryInvalid("hạt giống", 'cần {"rule": "wt" hoặc "wkf", "n": số hạt giống}')
    rows = await seed_from_ranking(tournament.session, tournament.clock, request.user, category_id, rule, n)
    return {"seeds": [{"entry_id": r.entry_id, "athlete_id": r.athlete_id, "seed": r.seed, "points": r.points} for r in rows]}


seeding_router = Router(path="/", route_handlers=[seed_category], dependencies=dependencies)
