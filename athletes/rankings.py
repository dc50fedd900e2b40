"""Rankings across competitions: points per place by sport and competition level, earned in the
athletes domain, summed over a window into standings, published, and used for seeding.

- The points table (``athlete_ranking_points``) has rows (sport, level, place) -> points; while it
  is empty the shipped defaults below apply. Sport "" is the department's own table, used for
  every sport without rows of its own at that level.
- ``award_category`` writes one ``athlete_ranking_entry`` per placed athlete of a finished
  category; awarding the same competition and category again replaces its rows (idempotent).
- ``standings`` sums the points of a sport's category (by its code) within a window: results in
  the last 2 years count, those older than 1 year count half.
- ``seeds`` turns standings into seed numbers by the sport's rule ("wt" or "wkf").

Rules and their sources, with what is still to be checked: docs/rankings.md.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import col, delete, select

from athletes.errors import AthletesError, PersonNotFound
from athletes.models import Athlete, RankingEntry, RankingPoints
from base.accounts.models import Role, User
from base.audit import audit
from base.db import AsyncSession, row_id
from base.errors import Forbidden
from base.rows import storable_id

LEVELS = ("city", "national", "international")
LEVEL_VI = {"city": "cấp thành phố", "national": "cấp quốc gia", "international": "quốc tế"}
RULES = ("wt", "wkf")
RULE_VI = {
    "wt": "WT: hạt giống 1..n theo điểm xếp hạng trong số vận động viên có mặt",
    "wkf": "WKF: chỉ những vận động viên trong nhóm n người đứng đầu bảng xếp hạng được làm hạt giống; "
    "quyền hạt giống của người vắng mặt không chuyển xuống người xếp sau",
}
WINDOW_DAYS = 730  # results of the last 2 years count ...
HALF_AFTER_DAYS = 365  # ... those older than 1 year count half (to be checked against each federation's bylaw)
MAX_PLACE = 128
MAX_POINTS = 10_000


class PointsTableInvalid(AthletesError):
    """A row of the points table the manager sent cannot be saved; nothing was saved."""

    code, status, fields = "athletes.points_table_invalid", 400, ("row", "field", "problem")
    vi = "Bảng điểm xếp hạng, dòng {row}, cột «{field}»: {problem}"
    en = "Ranking points table, row {row}, field '{field}': {problem}"


class AwardInvalid(AthletesError):
    code, status, fields = "athletes.award_invalid", 400, ("field", "problem")
    vi = "Không ghi được điểm xếp hạng, mục «{field}»: {problem}"
    en = "Ranking points not recorded, field '{field}': {problem}"


@dataclass(frozen=True, slots=True)
class PointsRow:
    sport: str  # "" = every sport without rows of its own at this level
    level: str
    place: int
    points: int
    note: str = ""


def _rows(sport: str, level: str, note: str, points: dict[int, int]) -> tuple[PointsRow, ...]:
    return tuple(PointsRow(sport, level, place, pts, note) for place, pts in points.items())


# Points are whole numbers; WT's figures are multiplied by 10 so that its G-1 table stays exact.
# Places: ties share their place (two 3rd, four 5th in a repechage or elimination bracket).
DEFAULT_POINTS: tuple[PointsRow, ...] = (
    # The department's own tables, every sport (to be confirmed by the department's decision).
    *_rows("", "city", "Bảng điểm của Sở (mặc định, cần Sở xác nhận)", {1: 20, 2: 12, 3: 7, 5: 4, 9: 2}),
    *_rows("", "national", "Bảng điểm của Sở cho giải quốc gia (mặc định, cần Sở xác nhận)", {1: 50, 2: 30, 3: 18, 5: 11, 9: 6}),
    *_rows("", "international", "Như WT G-1 x10 (mặc định, cần Sở xác nhận)", {1: 100, 2: 60, 3: 36, 5: 22, 9: 13, 17: 8}),
    # WT Ranking Bylaws: a G-1 event gives 10 / 6 / 3.6 / 2.16 / 1.30 / 0.78 points to places
    # 1 / 2 / 3 / 5 / 9 / 17, a G-n event n times as much (G-2 open, G-4 continental, G-12 world
    # championships, G-20 Olympic Games). Shipped: G-1 x 10. To be checked against the bylaw in force.
    *_rows(
        "taekwondo",
        "international",
        "WT Ranking Bylaws, hạng sự kiện G-1, x10 (cần đối chiếu)",
        {1: 100, 2: 60, 3: 36, 5: 22, 9: 13, 17: 8},
    ),
    # WKF ranking: places 1, 2, 3 (two), 5 (two), 7 (two) of a repechage. The WKF figures could not
    # be checked here: the proportions below are a placeholder, to be replaced from WKF's ranking rules.
    *_rows("karate", "international", "Theo mẫu bảng xếp hạng WKF (chưa đối chiếu, cần kiểm tra)", {1: 100, 2: 60, 3: 40, 5: 20, 7: 10}),
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def sport_key(sport: str) -> str:
    return nfc(sport).casefold()


def code_key(code: str) -> str:
    return nfc(code).upper()


def points_for(table: Sequence[PointsRow], sport: str, level: str, place: int) -> int:
    """What ``place`` is worth: the sport's rows at the level, else the department's ("" sport).

    A place that has no row of its own gets the points of the next listed place below it (4th in a
    round robin gets what 5th gets); a place below the last row gets nothing."""
    rows = [r for r in table if r.sport == sport and r.level == level] or [r for r in table if r.sport == "" and r.level == level]
    below = [r for r in rows if r.place >= place]
    return min(below, key=lambda r: r.place).points if below else 0


def weight(result_date: date, as_of: date, window_days: int = WINDOW_DAYS, half_after_days: int = HALF_AFTER_DAYS) -> float:
    """1 for a result of the last year, 0.5 for one of the year before, 0 outside the window or in the future."""
    age = (as_of - result_date).days
    if age < 0 or age >= window_days:
        return 0.0
    return 1.0 if age < half_after_days else 0.5


@dataclass(frozen=True, slots=True)
class Result:
    athlete_id: int
    competition_name: str
    competition_date: date
    level: str
    category_code: str
    category_name: str
    place: int
    points: int
    counted: float  # the points after the window's weight


@dataclass(slots=True)
class Standing:
    rank: int
    athlete_id: int
    name: str
    team: str
    total: float
    results: list[Result] = field(default_factory=list)  # counted results, best first


def rank(results: Sequence[Result], names: dict[int, tuple[str, str]] | None = None) -> list[Standing]:
    """Sum each athlete's counted points; order by total, then best single result, then latest
    result, then id. Equal totals and bests share a rank number (1, 2, 2, 4)."""
    by: dict[int, list[Result]] = {}
    for r in results:
        if r.counted > 0:
            by.setdefault(r.athlete_id, []).append(r)
    names = names or {}
    rows = []
    for athlete_id, own in by.items():
        own.sort(key=lambda r: (-r.counted, -r.competition_date.toordinal(), r.competition_name))
        name, team = names.get(athlete_id, ("", ""))
        rows.append(Standing(0, athlete_id, name, team, sum(r.counted for r in own), own))

    def order(s: Standing) -> tuple[float, float, int, int]:
        return (-s.total, -s.results[0].counted, -max(r.competition_date for r in s.results).toordinal(), s.athlete_id)

    rows.sort(key=order)
    for i, s in enumerate(rows):
        prev = rows[i - 1] if i else None
        tied = prev is not None and (prev.total, prev.results[0].counted) == (s.total, s.results[0].counted)
        s.rank = prev.rank if tied and prev is not None else i + 1
    return rows


def seeds(standings: Sequence[Standing], present: Collection[int], n: int, rule: str) -> dict[int, int]:
    """Seed numbers (athlete id -> seed) for the athletes ``present`` in a category.

    "wt": the present athletes with points, in ranking order, get seeds 1..n (an absent ranked
    athlete's seed goes to the next one present).
    "wkf": the seed rights belong to the first n of the ranking; a present one keeps the number of
    their place in it, an absent one's seed stays unused and is not passed down to a lower-placed
    athlete (so fewer than n may be seeded)."""
    if rule not in RULES:
        raise ValueError(rule)
    if n <= 0:
        return {}
    here = set(present)
    if rule == "wt":
        ranked = [s.athlete_id for s in standings if s.athlete_id in here and s.total > 0]
        return {athlete_id: i + 1 for i, athlete_id in enumerate(ranked[:n])}
    return {s.athlete_id: i + 1 for i, s in enumerate(standings[:n]) if s.athlete_id in here and s.total > 0}


class RankingService:
    """The points table, awards and standings, in one session's transaction; ``actor`` is the caller
    (None: the system, e.g. the tournament when a category finishes)."""

    def __init__(self, session: AsyncSession, actor: User | None) -> None:
        self.session = session
        self.actor = actor

    def _manager_only(self) -> None:
        if self.actor is not None and not self.actor.has_role(Role.MANAGER):
            raise Forbidden()

    @property
    def actor_name(self) -> str:
        return self.actor.username if self.actor is not None else "system"

    # ---- the points table ------------------------------------------------------------------
    async def points_table(self) -> tuple[list[PointsRow], bool]:
        """The rows in force and whether they are the shipped defaults (the table is empty)."""
        stored = (
            await self.session.exec(
                select(RankingPoints).order_by(col(RankingPoints.sport), col(RankingPoints.level), col(RankingPoints.place))
            )
        ).all()
        if not stored:
            return list(DEFAULT_POINTS), True
        return [PointsRow(r.sport, r.level, r.place, r.points, r.note) for r in stored], False

    async def set_points_table(self, rows: Any) -> list[PointsRow]:
        """Replace the whole table (an empty list goes back to the defaults); every row is checked
        first and the first bad one is named (row from 1, field, what is wrong)."""
        self._manager_only()
        table = check_points_rows(rows)
        old, was_default = await self.points_table()
        await self.session.exec(delete(RankingPoints))
        for r in table:
            self.session.add(RankingPoints(sport=r.sport, level=r.level, place=r.place, points=r.points, note=r.note))
        audit(
            self.session,
            actor=self.actor,
            action="athletes.ranking.points",
            subject="ranking:points",
            detail={"rows": len(table), "replaced": 0 if was_default else len(old)},
        )
        await self.session.commit()
        return table

    # ---- awards ----------------------------------------------------------------------------
    async def award_category(
        self,
        *,
        sport: str,
        level: str,
        competition_name: str,
        competition_date: date,
        category_code: str,
        category_name: str,
        placements: Sequence[tuple[int, int]],
        commit: bool = True,
    ) -> list[RankingEntry]:
        self._manager_only()
        sport, code, competition, name = sport_key(sport), code_key(category_code), nfc(competition_name), nfc(category_name)
        for label, value, limit in (("môn", sport, 40), ("giải", competition, 200), ("mã hạng", code, 40)):
            if not value:
                raise AwardInvalid(label, "chưa nhập")
            if len(value) > limit:
                raise AwardInvalid(label, f"dài quá {limit} ký tự")
        if level not in LEVELS:
            raise AwardInvalid("cấp giải", f"«{level}» không phải cấp thành phố, cấp quốc gia hay quốc tế")
        seen: set[int] = set()
        for place, athlete_id in placements:
            if not isinstance(place, int) or isinstance(place, bool) or not 1 <= place <= MAX_PLACE:
                raise AwardInvalid("thứ hạng", f"{place} không phải thứ hạng từ 1 đến {MAX_PLACE}")
            if athlete_id in seen:
                raise AwardInvalid("thứ hạng", f"hồ sơ số {athlete_id} có hai thứ hạng")
            seen.add(athlete_id)
        for athlete_id in seen:
            if not storable_id(athlete_id):
                raise PersonNotFound(athlete_id)
        known = set((await self.session.exec(select(Athlete.id).where(col(Athlete.id).in_(sorted(seen))))).all()) if seen else set()
        for _, athlete_id in placements:
            if athlete_id not in known:
                raise PersonNotFound(athlete_id)
        table, _ = await self.points_table()
        key = (
            RankingEntry.sport == sport,
            RankingEntry.competition_name == competition,
            RankingEntry.competition_date == competition_date,
            RankingEntry.category_code == code,
        )
        old = list((await self.session.exec(select(RankingEntry).where(*key))).all())
        for row in old:
            await self.session.delete(row)
        await self.session.flush()
        made = [
            RankingEntry(
                athlete_id=athlete_id,
                sport=sport,
                category_code=code,
                category_name=(name or code)[:200],
                competition_name=competition,
                competition_date=competition_date,
                level=level,
                place=place,
                points=points_for(table, sport, level, place),
                awarded_by=self.actor_name,
            )
            for place, athlete_id in sorted(placements)
        ]
        self.session.add_all(made)
        audit(
            self.session,
            actor=self.actor,
            action="athletes.ranking.award",
            subject=f"ranking:{sport}:{code}",
            detail={
                "competition": competition,
                "date": competition_date.isoformat(),
                "level": level,
                "placements": [[p, a] for p, a in sorted(placements)],
                "replaced": len(old),
            },
        )
        if commit:
            await self.session.commit()
        else:
            await self.session.flush()
        return made

    # ---- standings ---------------------------------------------------------------------------
    async def results(self, sport: str, category_code: str, *, prefix: bool = False) -> list[RankingEntry]:
        code = code_key(category_code)
        q = select(RankingEntry).where(RankingEntry.sport == sport_key(sport))
        q = q.where(col(RankingEntry.category_code).startswith(code, autoescape=True) if prefix else RankingEntry.category_code == code)
        return list((await self.session.exec(q.order_by(col(RankingEntry.id)))).all())

    async def standings(
        self,
        sport: str,
        category_code: str,
        as_of: date,
        *,
        prefix: bool = False,
        window_days: int = WINDOW_DAYS,
        half_after_days: int = HALF_AFTER_DAYS,
    ) -> list[Standing]:
        rows = await self.results(sport, category_code, prefix=prefix)
        results = [
            Result(
                athlete_id=r.athlete_id,
                competition_name=r.competition_name,
                competition_date=r.competition_date,
                level=r.level,
                category_code=r.category_code,
                category_name=r.category_name,
                place=r.place,
                points=r.points,
                counted=r.points * weight(r.competition_date, as_of, window_days, half_after_days),
            )
            for r in rows
        ]
        ids = sorted({r.athlete_id for r in results if r.counted > 0})
        people = (await self.session.exec(select(Athlete).where(col(Athlete.id).in_(ids)))).all() if ids else []
        return rank(results, {row_id(p): (p.full_name, p.team) for p in people})

    async def sports(self) -> list[str]:
        return sorted(set((await self.session.exec(select(RankingEntry.sport).distinct())).all()))

    async def categories(self, sport: str) -> list[tuple[str, str]]:
        """(code, latest name) of the sport's categories with results."""
        q = select(col(RankingEntry.category_code), col(RankingEntry.category_name), col(RankingEntry.competition_date))
        rows = (await self.session.exec(q.where(RankingEntry.sport == sport_key(sport)))).all()
        latest: dict[str, tuple[date, str]] = {}
        for code, name, on in rows:
            if code not in latest or on >= latest[code][0]:
                latest[code] = (on, name)
        return sorted(((code, name) for code, (_, name) in latest.items()), key=lambda c: c[0])


def check_points_rows(rows: Any) -> list[PointsRow]:
    """The rows of a points table as sent, checked one by one (Vietnamese, naming row and field)."""
    if not isinstance(rows, list | tuple):
        raise PointsTableInvalid("-", "rows", "phải là một danh sách dòng")
    out: list[PointsRow] = []
    seen: dict[tuple[str, str, int], int] = {}
    for n, raw in enumerate(rows, start=1):
        if not isinstance(raw, dict):
            raise PointsTableInvalid(n, "dòng", "phải có các cột sport, level, place, points")
        sport = raw.get("sport", "")
        if not isinstance(sport, str) or len(sport_key(sport)) > 40:
            raise PointsTableInvalid(n, "môn (sport)", "phải là tên môn tối đa 40 ký tự, hoặc để trống cho mọi môn")
        level = raw.get("level")
        if level not in LEVELS:
            raise PointsTableInvalid(
                n, "cấp giải (level)", f"«{level}» không phải city (cấp thành phố), national (cấp quốc gia) hay international (quốc tế)"
            )
        place = raw.get("place")
        if not isinstance(place, int) or isinstance(place, bool) or not 1 <= place <= MAX_PLACE:
            raise PointsTableInvalid(n, "thứ hạng (place)", f"{place!r} không phải số nguyên từ 1 đến {MAX_PLACE}")
        points = raw.get("points")
        if not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= MAX_POINTS:
            raise PointsTableInvalid(n, "điểm (points)", f"{points!r} không phải số nguyên từ 0 đến {MAX_POINTS}")
        note = raw.get("note", "")
        if not isinstance(note, str) or len(note) > 200:
            raise PointsTableInvalid(n, "nguồn (note)", "tối đa 200 ký tự")
        key = (sport_key(sport), str(level), place)
        if key in seen:
            raise PointsTableInvalid(n, "thứ hạng (place)", f"trùng với dòng {seen[key]} (cùng môn, cấp giải và thứ hạng)")
        seen[key] = n
        out.append(PointsRow(key[0], key[1], place, points, nfc(note)))
    return out


# ---- module-level use cases (plain data in, for other domains) ---------------------------------
async def award_category(
    session: AsyncSession,
    *,
    sport: str,
    level: str,
    competition_name: str,
    competition_date: date,
    category_code: str,
    category_name: str,
    placements: Sequence[tuple[int, int]],
    actor: User | None = None,
    commit: bool = True,
) -> list[RankingEntry]:
    """Ranking points for a finished category: ``placements`` are (place, athlete id). Awarding the
    same competition (name, date) and category again replaces its rows; audited. ``commit=False``
    only flushes, so a caller's transaction (the tournament's ``advance``) commits it with its own."""
    return await RankingService(session, actor).award_category(
        sport=sport,
        level=level,
        competition_name=competition_name,
        competition_date=competition_date,
        category_code=category_code,
        category_name=category_name,
        placements=placements,
        commit=commit,
    )


async def standings(
    session: AsyncSession,
    sport: str,
    category_code: str,
    as_of: date,
    *,
    prefix: bool = False,
    window_days: int = WINDOW_DAYS,
    half_after_days: int = HALF_AFTER_DAYS,
) -> list[Standing]:
    """The ranking of a sport's category (by its code, or every code starting with it) on ``as_of``."""
    return await RankingService(session, None).standings(
        sport, category_code, as_of, prefix=prefix, window_days=window_days, half_after_days=half_after_days
    )


def window_start(as_of: date, window_days: int = WINDOW_DAYS) -> date:
    """The first day whose results still count on ``as_of``."""
    return as_of - timedelta(days=window_days - 1)
