"""Rankings across competitions: the public standings (page ``/rankings`` and ``GET /api/rankings``),
the points table (manager: ``GET``/``PUT /api/rankings/points``) and results entered by hand
(manager: ``POST /api/rankings/awards``, e.g. a national championship). Controllers stay thin."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, Router, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, JSONBody
from litestar.response import Template

from athletes.rankings import HALF_AFTER_DAYS, LEVEL_VI, WINDOW_DAYS, AwardInvalid, PointsRow, RankingService, Standing, window_start
from base.accounts.models import Role
from base.auth import current_user, requires_role
from base.clock import Clock
from base.db import AsyncSession

MANAGER = requires_role(Role.MANAGER)
PUBLIC = {"public": True}
SPORT_VI = {"taekwondo": "Taekwondo", "karate": "Karate", "vovinam": "Vovinam", "pencak-silat": "Pencak silat", "boxing": "Quyền anh"}


def provide_rankings(db_session: NamedDependency[AsyncSession], request: Request[Any, Any, Any]) -> RankingService:
    return RankingService(db_session, current_user(request))


def points_text(value: float) -> str:
    """12.5 -> "12,5"; 12.0 -> "12" (Vietnamese decimal comma)."""
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def row_out(r: PointsRow) -> dict[str, Any]:
    return {"sport": r.sport, "level": r.level, "level_vi": LEVEL_VI[r.level], "place": r.place, "points": r.points, "note": r.note}


def standing_out(s: Standing, best: int = 3) -> dict[str, Any]:
    return {
        "rank": s.rank,
        "athlete_id": s.athlete_id,
        "name": s.name,
        "team": s.team,
        "points": s.total,
        "points_text": points_text(s.total),
        "best_results": [
            {
                "competition": r.competition_name,
                "date": r.competition_date.isoformat(),
                "date_vi": r.competition_date.strftime("%d/%m/%Y"),
                "level": r.level,
                "level_vi": LEVEL_VI.get(r.level, r.level),
                "category": r.category_name,
                "place": r.place,
                "points": r.points,
                "counted": r.counted,
                "counted_text": points_text(r.counted),
            }
            for r in s.results[:best]
        ],
    }


async def _standings(rankings: RankingService, today: date, sport: str, category: str, *, page: bool = False) -> dict[str, Any]:
    sports = await rankings.sports()
    sport = sport.strip().casefold() or (sports[0] if sports else "")
    categories = await rankings.categories(sport) if sport else []
    codes = [c for c, _ in categories]
    category = category.strip().upper()
    if not category or (page and category not in codes):  # the page: none asked for, or one of the previous sport
        category = codes[0] if codes else ""
    rows = await rankings.standings(sport, category, today) if sport and category else []
    return {
        "sport": sport,
        "category": category,
        "category_name": dict(categories).get(category, category),
        "as_of": today.isoformat(),
        "counted_from": window_start(today).isoformat(),
        "rule": (
            f"Cộng điểm các kết quả trong {WINDOW_DAYS // 365} năm gần nhất; kết quả cũ hơn {HALF_AFTER_DAYS // 365} năm được tính một nửa."
        ),
        "sports": [{"code": s, "name": SPORT_VI.get(s, s.capitalize())} for s in sports],
        "categories": [{"code": c, "name": n} for c, n in categories],
        "standings": [standing_out(s) for s in rows],
    }


@get("/api/rankings", opt=PUBLIC, tags=["rankings"])
async def rankings_json(
    rankings: NamedDependency[RankingService], clock: NamedDependency[Clock], sport: FromQuery[str] = "", category: FromQuery[str] = ""
) -> dict[str, Any]:
    """The published standings of a sport's category on today's date (names and teams, no ids needed)."""
    return await _standings(rankings, clock.today(), sport, category)


@get("/rankings", opt=PUBLIC, include_in_schema=False)
async def rankings_page(
    request: Request[Any, Any, Any],
    rankings: NamedDependency[RankingService],
    clock: NamedDependency[Clock],
    sport: FromQuery[str] = "",
    category: FromQuery[str] = "",
) -> Template:
    context = await _standings(rankings, clock.today(), sport, category, page=True)
    return Template("athletes/rankings.html", context={"user": current_user(request), "r": context})


@get("/api/rankings/points", guards=[MANAGER], tags=["rankings"])
async def points_get(rankings: NamedDependency[RankingService]) -> dict[str, Any]:
    rows, default = await rankings.points_table()
    return {"default": default, "levels": LEVEL_VI, "rows": [row_out(r) for r in rows]}


@put("/api/rankings/points", guards=[MANAGER], tags=["rankings"])
async def points_put(rankings: NamedDependency[RankingService], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
    """Replace the whole points table with ``{"rows": [{"sport", "level", "place", "points", "note"}]}``
    (an empty list goes back to the shipped defaults)."""
    saved = await rankings.set_points_table(data.get("rows"))
    rows, default = await rankings.points_table()
    return {"default": default, "levels": LEVEL_VI, "rows": [row_out(r) for r in rows], "saved": len(saved)}


@post("/api/rankings/awards", guards=[MANAGER], tags=["rankings"])
async def award(rankings: NamedDependency[RankingService], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
    """Points for a category of a competition held elsewhere (placements: [[place, athlete_id], ...])."""
    try:
        placements = [(int(p), int(a)) for p, a in data.get("placements", [])]
        on = date.fromisoformat(str(data.get("competition_date", "")))
    except (TypeError, ValueError):
        raise AwardInvalid("placements/competition_date", "cần [[thứ hạng, mã vận động viên], ...] và ngày dạng YYYY-MM-DD") from None
    made = await rankings.award_category(
        sport=str(data.get("sport", "")),
        level=str(data.get("level", "")),
        competition_name=str(data.get("competition_name", "")),
        competition_date=on,
        category_code=str(data.get("category_code", "")),
        category_name=str(data.get("category_name", "")),
        placements=placements,
    )
    return {"awarded": [{"athlete_id": e.athlete_id, "place": e.place, "points": e.points} for e in made]}


rankings_router = Router(
    path="/",
    route_handlers=[rankings_json, rankings_page, points_get, points_put, award],
    dependencies={"rankings": Provide(provide_rankings, sync_to_thread=False)},
)
