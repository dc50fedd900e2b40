"""Results of a competition: each category's standing, the medal table, and the regulations' settings.

Every number is recomputed from the draws and the contests' results (``tournaments``' services and
bracket view); nothing here stores a place or a score. The settings (organiser, how the team
ranking is ordered, the points per place) are the results domain's own table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import select

from base.accounts.models import User
from base.audit import audit
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.errors import NotFound
from results import standings as st
from results.errors import SettingsInvalid
from results.models import ResultsSettings
from tournaments.drawing import DrawService
from tournaments.models import Category
from tournaments.views import bracket

DEFAULT_ORGANISER = "Sở Văn hóa và Thể thao"
ORDER_VI = {"medals": "Theo huy chương (Vàng, Bạc, Đồng)", "points": "Theo điểm toàn đoàn"}
COUNT_BY_TITLE_VI = {"team": "Tính theo đoàn", "club": "Tính theo câu lạc bộ", "district": "Tính theo quận/huyện"}


@dataclass(frozen=True, slots=True)
class CompetitionInfo:
    id: int
    name: str
    venue: str
    starts_on: date | None
    ends_on: date | None
    organiser: str
    order: str
    points: dict[int, int]
    count_by: str = "team"  # the unit the medal table and the team points count

    @property
    def dates(self) -> str:
        if self.starts_on is None:
            return ""
        if self.ends_on is None or self.ends_on == self.starts_on:
            return self.starts_on.strftime("%d/%m/%Y")
        return f"{self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"


@dataclass(frozen=True)
class MedalTable:
    competition: CompetitionInfo
    rows: list[st.TeamLine]
    finished: int
    categories: int
    count_by: str = "team"

    @property
    def final(self) -> bool:
        return self.categories > 0 and self.finished == self.categories

    @property
    def totals(self) -> tuple[int, int, int, int]:
        return st.totals(self.rows)


class ResultsService:
    def __init__(self, session: AsyncSession, clock: Clock, actor: User | None = None) -> None:
        self.session = session
        self.clock = clock
        self.actor = actor
        self.draws = DrawService(session, clock, actor)

    # ---- the competition and its settings ----------------------------------------------------
    async def _settings_row(self, competition_id: int) -> ResultsSettings | None:
        q = select(ResultsSettings).where(ResultsSettings.competition_id == competition_id)
        return (await self.session.exec(q)).first()

    async def competition(self, competition_id: int) -> CompetitionInfo:
        comp = next((c for c in await self.draws.competitions.competitions() if c.id == competition_id), None)
        if comp is None:
            raise NotFound("giải")
        s = await self._settings_row(competition_id)
        return CompetitionInfo(
            id=competition_id,
            name=comp.name,
            venue=comp.venue,
            starts_on=comp.starts_on,
            ends_on=comp.ends_on,
            organiser=(s.organiser if s and s.organiser else DEFAULT_ORGANISER),
            order=s.rank_order if s else "medals",
            points=st.parse_points(s.points) if s and s.points else {},
            count_by=s.count_by if s and s.count_by in st.COUNT_BY else "team",
        )

    async def save_settings(
        self, competition_id: int, *, organiser: str, order: str, points: str, count_by: str | None = None
    ) -> CompetitionInfo:
        """Save the regulations' choices; ``count_by`` None keeps the unit already set."""
        current = await self.competition(competition_id)
        count_by = current.count_by if count_by is None else count_by
        if count_by not in st.COUNT_BY:
            raise SettingsInvalid("tính toàn đoàn theo", "chọn Đoàn, Câu lạc bộ hoặc Quận/huyện")
        organiser = " ".join(organiser.split())
        if not organiser or len(organiser) > 200:
            raise SettingsInvalid("đơn vị tổ chức", "cần ghi tên (tối đa 200 ký tự)")
        if order not in st.ORDERS:
            raise SettingsInvalid("cách xếp hạng toàn đoàn", "chọn theo huy chương hoặc theo điểm")
        try:
            table = st.parse_points(points)
        except st.StandingsError as exc:
            raise SettingsInvalid("bảng điểm", exc.message_vi) from None
        if order == "points" and not table:
            raise SettingsInvalid("bảng điểm", "xếp theo điểm cần bảng điểm cho từng hạng")
        row = await self._settings_row(competition_id) or ResultsSettings(competition_id=competition_id)
        row.organiser, row.rank_order, row.points, row.count_by = organiser, order, st.points_text(table), count_by
        row.updated_at = self.clock()
        row.updated_by = self.actor.username if self.actor else "system"
        self.session.add(row)
        audit(
            self.session,
            actor=self.actor,
            action="results.settings",
            subject=f"competition:{competition_id}",
            detail={"organiser": organiser, "order": order, "points": row.points, "count_by": count_by},
        )
        await self.session.commit()
        return await self.competition(competition_id)

    # ---- standings ---------------------------------------------------------------------------
    async def _events(self, competition_id: int) -> dict[int, tuple[str, str]]:
        return {row_id(e): (e.name, e.sport) for e in await self.draws.competitions.events(competition_id)}

    async def category(self, category_id: int) -> Category:
        row = await self.draws.category(category_id)
        if row.status == "cancelled":
            raise NotFound("hạng thi đấu")
        return row

    async def standing_and_bracket(
        self, category: Category, events: dict[int, tuple[str, str]] | None = None
    ) -> tuple[st.Standing, dict[str, Any]]:
        """The standing and the bracket view it was computed from (the protocol and the check read it too)."""
        events = events if events is not None else await self._events(category.competition_id)
        name, sport = events.get(category.event_id, ("", ""))
        view = await bracket(self.draws, category)
        return st.standing(view, event=name, sport=sport), view

    async def standing_of(self, category: Category, events: dict[int, tuple[str, str]] | None = None) -> st.Standing:
        return (await self.standing_and_bracket(category, events))[0]

    async def standing(self, category_id: int) -> st.Standing:
        return await self.standing_of(await self.category(category_id))

    async def categories(self, competition_id: int) -> list[Category]:
        await self.competition(competition_id)
        return [c for c in await self.draws.categories(competition_id=competition_id) if c.status != "cancelled"]

    async def standings(self, competition_id: int) -> list[st.Standing]:
        events = await self._events(competition_id)
        return [await self.standing_of(c, events) for c in await self.categories(competition_id)]

    async def medal_table(self, competition_id: int, standings: list[st.Standing] | None = None, count_by: str | None = None) -> MedalTable:
        """The medal table by the competition's unit, or by ``count_by`` (the check of an issued table
        recomputes it by the unit it was printed with)."""
        info = await self.competition(competition_id)
        count_by = count_by or info.count_by
        standings = standings if standings is not None else await self.standings(competition_id)
        rows = st.medal_table(standings, points=info.points, order=info.order, count_by=count_by)
        drawn = [s for s in standings if s.status != "not_drawn"]
        return MedalTable(info, rows, sum(1 for s in drawn if s.final), len(standings), count_by)


def standing_out(s: st.Standing) -> dict[str, Any]:
    """A standing as the JSON export and the pages read it (Decimals as strings, words in Vietnamese)."""
    return {
        "category_id": s.category_id,
        "code": s.code,
        "name": s.name,
        "event": s.event,
        "sport": s.sport,
        "status": s.status,
        "status_vi": s.status_vi,
        "final": s.final,
        "done": s.done,
        "matches": s.matches,
        "lines": [
            {
                "place": ln.place,
                "name": ln.name,
                "team": ln.team,
                "club": ln.club,
                "district": ln.district,
                "medal": ln.medal,
                "medal_vi": st.MEDAL_VI[ln.medal],
                "score": ln.score,
                "parts": list(ln.parts),
                "stages": [{"stage": a, "total": b} for a, b in ln.stages],
                "won": ln.won,
                "lost": ln.lost,
                "note": ln.note,
                "note_code": ln.note_code,
            }
            for ln in s.lines
        ],
        "pools": {
            name.removeprefix("pool:"): [
                {
                    "rank": p.rank,
                    "name": p.name,
                    "team": p.team,
                    "played": p.played,
                    "won": p.won,
                    "drawn": p.drawn,
                    "lost": p.lost,
                    "scored": format(p.scored, "f"),
                    "conceded": format(p.conceded, "f"),
                }
                for p in lines
            ]
            for name, lines in s.pools.items()
        },
    }


def unit_name(count_by: str, name: str) -> str:
    """A unit's name as the medal table prints it: "Chưa có câu lạc bộ" for the entrants without one."""
    return name or st.NO_UNIT_VI[count_by]


def medal_out(t: MedalTable) -> dict[str, Any]:
    g, s, b, p = t.totals
    return {
        "count_by": t.count_by,
        "unit_vi": st.COUNT_BY_VI[t.count_by],  # the heading of the units' column: Đoàn, Câu lạc bộ, Quận/huyện
        "count_by_vi": COUNT_BY_TITLE_VI[t.count_by],
        "competition": {"id": t.competition.id, "name": t.competition.name, "venue": t.competition.venue, "dates": t.competition.dates},
        "order": t.competition.order,
        "order_vi": ORDER_VI[t.competition.order],
        "points_table": {str(k): v for k, v in t.competition.points.items()},
        "final": t.final,
        "finished": t.finished,
        "categories": t.categories,
        "rows": [
            {
                "rank": r.rank,
                "team": unit_name(t.count_by, r.team),
                "no_unit": not r.team,
                "gold": r.gold,
                "silver": r.silver,
                "bronze": r.bronze,
                "medals": r.medals,
                "points": r.points,
            }
            for r in t.rows
        ],
        "totals": {"gold": g, "silver": s, "bronze": b, "points": p},
    }
