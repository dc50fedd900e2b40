"""Standings of a category and the medal table of a competition, from a category's bracket (pure).

The places come from the draw (``tournaments.draws.resolve``: the format's own rule for 1, 2, 3, 3,
5, 7 ...); this module adds what a results list shows beside them: the medal, the score the place
was earned with (a judged stage's total, exact ``Decimal`` summed over the stage's parts; a bracket
entrant's wins and losses; a pool's table), and, while the category runs, the provisional order.
Nothing here is typed by a person: a standing is always recomputed from the matches' results.

The medal table counts finished categories only (a place is not a medal until the category ends):
gold first, then silver, then bronze (the order of the Olympic charter's medal tables); equal
counts share a rank. Team points, when the regulations give a table (place -> points), are summed
per team and may order the table instead. The unit counted is the regulations' choice (``COUNT_BY``):
the entry's team (đoàn), the athlete's club or district, each as the entry recorded it when the
athlete was entered, so a later change of the athlete's record moves no medal of a held event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from tournaments.draws.league import rank_scores

MEDALS = {1: "gold", 2: "silver", 3: "bronze"}
MEDAL_VI = {"gold": "Huy chương Vàng", "silver": "Huy chương Bạc", "bronze": "Huy chương Đồng", "": ""}
STATUS_VI = {"not_drawn": "Chưa bốc thăm", "running": "Đang thi đấu (tạm thời)", "final": "Chính thức"}
ORDERS = ("medals", "points")
COUNT_BY = ("team", "club", "district")
COUNT_BY_VI = {"team": "Đoàn", "club": "Câu lạc bộ", "district": "Quận/huyện"}
NO_UNIT_VI = {"team": "Chưa có đoàn", "club": "Chưa có câu lạc bộ", "district": "Chưa có quận/huyện"}


class StandingsError(ValueError):
    """A points table or an order that cannot be used: a Vietnamese message naming the item."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en


@dataclass(frozen=True, slots=True)
class Line:
    """One entrant's row: ``place`` is None while the draw has not placed them."""

    place: int | None
    entrant: str
    name: str
    team: str
    medal: str = ""
    score: str = ""  # the total a judged place was earned with, or "" for bracket formats
    parts: tuple[str | None, ...] = ()  # a judged stage's part scores (dives, routines), None while not done
    stages: tuple[tuple[str, str], ...] = ()  # (stage name, total) of every judged stage the entrant performed in
    won: int = 0
    lost: int = 0
    note: str = ""  # why a judged performance stopped ("xin rút"), as the bracket says it
    club: str = ""  # the athlete's club and district as entered (the units a medal table may count by)
    district: str = ""
    note_code: str = ""  # the note's code (tournaments.labels.PERFORMANCE_DECISION), that a page names in its language


@dataclass(frozen=True, slots=True)
class PoolLine:
    rank: int
    entrant: str
    name: str
    team: str
    played: int
    won: int
    drawn: int
    lost: int
    scored: Decimal
    conceded: Decimal


@dataclass(frozen=True)
class Standing:
    category_id: int
    code: str
    name: str
    event: str
    sport: str
    status: str  # not_drawn, running, final
    lines: tuple[Line, ...]
    pools: dict[str, tuple[PoolLine, ...]] = field(default_factory=dict)
    done: int = 0  # matches decided
    matches: int = 0  # matches in the draw
    contests: tuple[int, ...] = ()  # the scoring contests it summarises

    @property
    def final(self) -> bool:
        return self.status == "final"

    @property
    def status_vi(self) -> str:
        return STATUS_VI[self.status]

    def medallists(self) -> list[Line]:
        return [ln for ln in self.lines if ln.medal]


@dataclass(frozen=True, slots=True)
class TeamLine:
    """One unit of the medal table: ``team`` is the unit's name (a team, a club or a district), "" for
    the entrants without one (shown as ``NO_UNIT_VI``)."""

    rank: int
    team: str
    gold: int
    silver: int
    bronze: int
    points: int
    entrants: int  # athletes of the team placed in finished categories

    @property
    def medals(self) -> int:
        return self.gold + self.silver + self.bronze


def medal_of(place: int | None) -> str:
    return MEDALS.get(place, "") if place is not None else ""


def _plain(d: Decimal) -> str:
    """A total as the sport writes it: no exponent, trailing zeros of the marks kept."""
    return format(d, "f")


def _dec(text: Any) -> Decimal | None:
    if text is None or text == "":
        return None
    return Decimal(str(text))


@dataclass(frozen=True, slots=True)
class _Perf:
    parts: tuple[Decimal | None, ...]
    total: Decimal | None  # None while a part is not scored (no believable total); a stopped athlete keeps what was scored
    note: str = ""
    tiebreak: tuple[Decimal, ...] = ()  # the rule set's tie-break values over the parts done (FIG E, D)
    note_code: str = ""  # the stopping decision's code (withdrawal, no_show ...)


def _judged(bracket: Mapping[str, Any], matches: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, _Perf]]:
    """stage -> entrant -> its performance: from the bracket's ``performances`` (which know who
    stopped and why) or, without them, summed from the performance matches."""
    given = bracket.get("performances")
    if given:
        return {
            stage: {
                r["key"]: _Perf(
                    tuple(_dec(x) for x in r["parts"]),
                    _dec(r["total"]) if (r.get("done") or r.get("stopped")) else None,
                    r.get("decision_vi", "") if r.get("stopped") else "",
                    _values(r.get("tiebreak")),
                    str(r.get("decision") or "") if r.get("stopped") else "",
                )
                for r in rows
            }
            for stage, rows in given.items()
        }
    raw: dict[str, dict[str, list[Decimal | None]]] = {}
    for m in sorted(matches, key=lambda m: (m["round"], m["order"])):
        if not m.get("performance") or m.get("red") is None:
            continue
        score = m.get("score")
        value = _dec(score["red"]) if score else None
        raw.setdefault(m["stage"], {}).setdefault(m["red"]["key"], []).append(value)
    return {stage: {k: _Perf(tuple(ps), _total(ps)) for k, ps in by.items()} for stage, by in raw.items()}


def _values(raw: Any) -> tuple[Decimal, ...]:
    """A performance's tie-break values as the bracket gives them (decimal strings); none when absent."""
    return tuple(Decimal(str(v)) for v in raw) if isinstance(raw, list) else ()


def _total(parts: Sequence[Decimal | None]) -> Decimal | None:
    if not parts or any(p is None for p in parts):
        return None
    return sum((p for p in parts if p is not None), Decimal(0))


def _records(matches: Sequence[Mapping[str, Any]]) -> dict[str, tuple[int, int]]:
    """entrant -> (won, lost) over the decided head-to-head matches (byes are not wins)."""
    rec: dict[str, list[int]] = {}
    for m in matches:
        if m.get("performance") or m.get("winner") is None or m.get("red") is None or m.get("blue") is None:
            continue
        win, lose = (m["red"], m["blue"]) if m["winner"] == "red" else (m["blue"], m["red"])
        rec.setdefault(win["key"], [0, 0])[0] += 1
        rec.setdefault(lose["key"], [0, 0])[1] += 1
    return {k: (v[0], v[1]) for k, v in rec.items()}


def _pool_lines(pool: str, order: Sequence[Mapping[str, Any] | None], matches: Sequence[Mapping[str, Any]]) -> tuple[PoolLine, ...]:
    stage = pool if pool.startswith("pool:") else f"pool:{pool}"
    games = [m for m in matches if m["stage"] == stage and m.get("red") and m.get("blue") and m.get("score") is not None]
    lines = []
    rank = 0
    for who in order:
        if who is None:
            continue
        rank += 1
        k = who["key"]
        played = won = drawn = lost = 0
        scored = conceded = Decimal(0)
        for m in games:
            if k not in (m["red"]["key"], m["blue"]["key"]):
                continue
            me, other = ("red", "blue") if m["red"]["key"] == k else ("blue", "red")
            played += 1
            scored += Decimal(m["score"][me])
            conceded += Decimal(m["score"][other])
            if m.get("winner") == me:
                won += 1
            elif m.get("winner") == other:
                lost += 1
            else:
                drawn += 1
        lines.append(PoolLine(rank, k, who.get("name", k), who.get("team", ""), played, won, drawn, lost, scored, conceded))
    return tuple(lines)


def standing(bracket: Mapping[str, Any], *, event: str = "", sport: str = "") -> Standing:
    """The standing of one category from its bracket view (``tournaments.views.bracket``)."""
    cat = bracket["category"]
    matches: Sequence[Mapping[str, Any]] = bracket.get("matches", [])
    row = int(cat["id"])
    if not matches:
        return Standing(row, cat["code"], cat["name"], event, sport, "not_drawn", ())
    final = bool(bracket.get("finished"))
    people: dict[str, tuple[str, str, str, str]] = {}
    for m in matches:
        for side in ("red", "blue"):
            who = m.get(side)
            if who:
                people[who["key"]] = (who.get("name", who["key"]), who.get("team", ""), who.get("club", ""), who.get("district", ""))
    judged = _judged(bracket, matches)
    records = _records(matches)
    stage_order = list(dict.fromkeys(m["stage"] for m in sorted(matches, key=lambda m: (m["round"], m["order"])) if m.get("performance")))

    def judged_bits(key: str) -> tuple[str, tuple[str | None, ...], tuple[tuple[str, str], ...], tuple[str, str]]:
        stages: list[tuple[str, str]] = []
        score, note = "", ("", "")
        parts: tuple[str | None, ...] = ()
        for st in stage_order:
            perf = judged.get(st, {}).get(key)
            if perf is None:
                continue
            total = _plain(perf.total) if perf.total is not None else ""
            stages.append((st, total))
            score, note = total, (perf.note, perf.note_code)
            parts = tuple(_plain(p) if p is not None else None for p in perf.parts)
        return score, parts, tuple(stages), note

    def line(place: int | None, key: str) -> Line:
        name, team, club, district = people.get(key, (key, "", "", ""))
        score, parts, stages, (note, code) = judged_bits(key) if judged else ("", (), (), ("", ""))
        won, lost = records.get(key, (0, 0))
        return Line(place, key, name, team, medal_of(place) if final else "", score, parts, stages, won, lost, note, club, district, code)

    placed = [(int(p["place"]), f"e{p['entry']}" if p.get("entry") is not None else "") for p in bracket.get("placements", [])]
    lines = [line(place, key) for place, key in placed if key]
    seen = {ln.entrant for ln in lines}
    rest = [k for k in people if k not in seen]
    if judged and not final:
        rest = _provisional_judged(rest, judged, stage_order)
    else:
        rest.sort(key=lambda k: people[k][0])
    lines.extend(line(None, k) for k in rest)
    pools = {
        name: _pool_lines(name, order, matches)
        for name, order in (bracket.get("standings") or {}).items()
        if any(m["stage"] == (name if name.startswith("pool:") else f"pool:{name}") for m in matches)
    }
    done = sum(1 for m in matches if m.get("status") in ("done", "bye"))
    contests = tuple(sorted({int(m["contest_id"]) for m in matches if m.get("contest_id") is not None}))
    return Standing(
        row, cat["code"], cat["name"], event, sport, "final" if final else "running", tuple(lines), pools, done, len(matches), contests
    )


def _provisional_judged(keys: list[str], judged: Mapping[str, Mapping[str, _Perf]], stage_order: Sequence[str]) -> list[str]:
    """Not yet placed performers, the furthest stage first, then by what they have scored in it so far;
    equal sums: the one with more parts done first, then the same tie-break values as the final places
    (``rank_scores``: the rule set's chain summed over the parts done, FIG E then D)."""

    def furthest(k: str) -> tuple[int, _Perf | None]:
        for i in range(len(stage_order) - 1, -1, -1):
            perf = judged.get(stage_order[i], {}).get(k)
            if perf is not None:
                return i, perf
        return -1, None

    at = {k: furthest(k) for k in keys}

    def got(k: str) -> Decimal:
        perf = at[k][1]
        return sum((p for p in perf.parts if p is not None), Decimal(0)) if perf is not None else Decimal(0)

    def done(k: str) -> int:
        perf = at[k][1]
        return sum(1 for p in perf.parts if p is not None) if perf is not None else 0

    def values(k: str) -> tuple[Decimal, ...]:
        perf = at[k][1]
        return (Decimal(done(k)), *(perf.tiebreak if perf is not None else ()))

    out: list[str] = []
    for stage in sorted({i for i, _ in at.values()}, reverse=True):
        here = [k for k in keys if at[k][0] == stage]
        for tied in rank_scores(here, got, here, values):
            out.extend(sorted(tied, key=lambda k: -done(k)))
    return out


def parse_points(text: str) -> dict[int, int]:
    """A points table as the regulations write it: "1:10, 2:8, 3:6, 5:4" (place: points)."""
    table: dict[int, int] = {}
    for n, item in enumerate((t.strip() for t in text.replace(";", ",").split(",")), start=1):
        if not item:
            continue
        place, sep, points = item.partition(":")
        if not sep or not place.strip().isdigit() or not points.strip().lstrip("-").isdigit():
            raise StandingsError(
                f"Bảng điểm, mục {n} («{item}»): cần viết dạng hạng:điểm, ví dụ 1:10",
                f"points table, item {n} ({item!r}): write place:points, e.g. 1:10",
            )
        p, v = int(place), int(points)
        if p < 1 or v < 0:
            raise StandingsError(
                f"Bảng điểm, mục {n} («{item}»): hạng từ 1 trở lên, điểm không âm", f"points table, item {n}: place >= 1, points >= 0"
            )
        if p in table:
            raise StandingsError(f"Bảng điểm, mục {n}: hạng {p} đã có điểm", f"points table, item {n}: place {p} given twice")
        table[p] = v
    return dict(sorted(table.items()))


def points_text(table: Mapping[int, int]) -> str:
    return ", ".join(f"{p}:{v}" for p, v in sorted(table.items()))


def medal_table(
    standings: Iterable[Standing],
    *,
    points: Mapping[int, int] | None = None,
    order: str = "medals",
    count_by: str = "team",
    unit: Callable[[Line], str] | None = None,
) -> list[TeamLine]:
    """Units (``count_by``: teams, clubs or districts; or any ``unit`` of a line) by medals (gold, silver,
    bronze) or by points; only finished categories count. An entrant without the unit is counted
    under "" and listed as such (``NO_UNIT_VI``: a person the regulations must place)."""
    if order not in ORDERS:
        raise StandingsError(f"Cách xếp hạng toàn đoàn không hợp lệ: {order}", f"unknown order {order!r}")
    if count_by not in COUNT_BY:
        raise StandingsError(f"Đơn vị tính toàn đoàn không hợp lệ: {count_by}", f"unknown unit {count_by!r}")
    unit = unit or unit_of(count_by)
    table = dict(points or {})
    tally: dict[str, list[int]] = {}
    for st in standings:
        if not st.final:
            continue
        for ln in st.lines:
            if ln.place is None:
                continue
            t = tally.setdefault(unit(ln), [0, 0, 0, 0, 0])
            if ln.medal:
                t[("gold", "silver", "bronze").index(ln.medal)] += 1
            t[3] += _points_for(table, ln.place)
            t[4] += 1
    rows = [TeamLine(0, team, v[0], v[1], v[2], v[3], v[4]) for team, v in tally.items() if v[0] + v[1] + v[2] or v[3]]

    def merit(r: TeamLine) -> tuple[int, ...]:
        medals = (-r.gold, -r.silver, -r.bronze)
        return (-r.points, *medals) if order == "points" else (*medals, -r.points)

    rows.sort(key=lambda r: (merit(r), r.team.casefold()))
    out: list[TeamLine] = []
    for i, r in enumerate(rows):
        rank = out[-1].rank if out and merit(r) == merit(rows[i - 1]) else i + 1
        out.append(replace(r, rank=rank))
    return out


def unit_of(count_by: str) -> Callable[[Line], str]:
    """The unit a line counts for: its team, club or district as entered."""
    if count_by == "club":
        return lambda ln: ln.club
    if count_by == "district":
        return lambda ln: ln.district
    return lambda ln: ln.team


def _points_for(table: Mapping[int, int], place: int) -> int:
    """Points of a place: a shared place (two thirds, four fifths) earns the place's points each,
    as the regulations' tables are written; a place the table does not name earns nothing."""
    return table.get(place, 0)


def totals(rows: Sequence[TeamLine]) -> tuple[int, int, int, int]:
    return (sum(r.gold for r in rows), sum(r.silver for r in rows), sum(r.bronze for r in rows), sum(r.points for r in rows))
