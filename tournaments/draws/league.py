"""Pools and leagues: filling pools, the circle method, start orders of judged stages, and ranking with tie-breaks."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from tournaments.draws.model import Entrant, Match, Result, Source
from tournaments.draws.stream import SeedStream

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def group_letter(i: int) -> str:
    """A, B, ..., Z, AA, AB, ... for the i-th (0-based) pool or group."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = LETTERS[r] + out
    return out


def fill_groups(entrants: Sequence[Entrant], count: int, stream: SeedStream) -> list[list[str]]:
    """``count`` groups: seeds by snake, then teams largest first into the group with fewest teammates, then fewest members."""
    n = len(entrants)
    snake = []
    for k in range(n):
        row, col = divmod(k, count)
        snake.append(col if row % 2 == 0 else count - 1 - col)
    capacity = [snake.count(p) for p in range(count)]
    groups: list[list[str]] = [[] for _ in range(count)]
    tcount: list[dict[str, int]] = [{} for _ in range(count)]

    def put(e: Entrant, p: int) -> None:
        groups[p].append(e.key)
        if e.team:
            tcount[p][e.team] = tcount[p].get(e.team, 0) + 1

    seeded = sorted((e for e in entrants if e.seed is not None), key=lambda e: (e.seed, e.key))
    for k, e in enumerate(seeded):
        put(e, snake[k])
    teams: dict[str, list[Entrant]] = {}
    loners: list[Entrant] = []
    for e in entrants:
        if e.seed is None:
            (teams.setdefault(e.team, []) if e.team else loners).append(e)
    sizes: dict[str, int] = {}
    for e in entrants:
        if e.team:
            sizes[e.team] = sizes.get(e.team, 0) + 1
    order = sorted(teams)
    stream.shuffle(order)
    order.sort(key=lambda t: -sizes[t])
    queue: list[Entrant] = []
    for t in order:
        members = teams[t]
        stream.shuffle(members)
        queue.extend(members)
    stream.shuffle(loners)
    queue.extend(loners)
    for e in queue:
        room = [p for p in range(count) if len(groups[p]) < capacity[p]]
        best = min((tcount[p].get(e.team, 0) if e.team else 0, len(groups[p])) for p in room)
        cands = [p for p in room if ((tcount[p].get(e.team, 0) if e.team else 0), len(groups[p])) == best]
        put(e, cands[stream.below(len(cands))] if len(cands) > 1 else cands[0])
    return groups


def circle_rounds(keys: Sequence[str]) -> list[list[tuple[str, str]]]:
    """Everyone meets everyone (circle method: first fixed, the others turn); within a round, nobody twice in a row when avoidable."""
    arr: list[str | None] = list(keys)
    if len(arr) % 2:
        arr.append(None)
    n = len(arr)
    rounds: list[list[tuple[str, str]]] = []
    last: tuple[str, ...] = ()
    for r in range(n - 1):
        pairs: list[tuple[str, str]] = []
        for i in range(n // 2):
            a, b = arr[i], arr[n - 1 - i]
            if a is None or b is None:
                continue
            pairs.append((b, a) if (i == 0 and r % 2 == 1) or (i > 0 and i % 2 == 1) else (a, b))
        ordered: list[tuple[str, str]] = []
        while pairs:
            pick = next((p for p in pairs if p[0] not in last and p[1] not in last), pairs[0])
            pairs.remove(pick)
            ordered.append(pick)
            last = pick
        rounds.append(ordered)
        arr = [arr[0], arr[-1], *arr[1:-1]]
    return rounds


def pool_matches(pool: str, keys: Sequence[str], label: str) -> list[list[Match]]:
    """The rounds of a pool's league as matches keyed ``P:<pool>:<k>`` (k counts the pool's matches in playing order)."""
    letter = pool.split(":", 1)[1]
    out: list[list[Match]] = []
    k = 0
    for r, pairs in enumerate(circle_rounds(keys), start=1):
        rnd = []
        for i, (a, b) in enumerate(pairs, start=1):
            k += 1
            rnd.append(Match(f"P:{letter}:{k}", pool, r, i, Source("entrant", a), Source("entrant", b), f"{label} - lượt {r} - trận {i}"))
        out.append(rnd)
    return out


def start_order(keys: list[str], team_of: Mapping[str, str], stream: SeedStream) -> list[str]:
    """Drawn by lot (shuffle), then rebuilt so that teammates do not follow each other when avoidable."""
    pool = list(keys)
    stream.shuffle(pool)
    out: list[str] = []
    while pool:
        prev = team_of.get(out[-1], "") if out else ""
        counts: dict[str, int] = {}
        for k in pool:
            t = team_of.get(k, "")
            if t:
                counts[t] = counts.get(t, 0) + 1
        urgent = [t for t, c in counts.items() if 2 * c > len(pool) and t != prev]
        if urgent:
            pick = next(k for k in pool if team_of.get(k, "") == urgent[0])
        else:
            pick = next((k for k in pool if not prev or team_of.get(k, "") != prev), pool[0])
        pool.remove(pick)
        out.append(pick)
    return out


# --- ranking ------------------------------------------------------------------------------------------------

Played = tuple[str, str, Result]  # red key, blue key, result


def _metric(crit: str, who: str, group: set[str], games: Sequence[Played]) -> Decimal:
    total = Decimal(0)
    for red, blue, res in games:
        if who not in (red, blue):
            continue
        other = blue if who == red else red
        if crit == "wins":
            pass
        elif other not in group:
            continue
        mine = "red" if who == red else "blue"
        if crit in ("wins", "head_to_head"):
            total += 2 if res.winner == mine else 1 if res.winner is None else 0
        elif crit == "points_difference":
            diff = res.red_points - res.blue_points
            total += diff if mine == "red" else -diff
        elif crit == "points_for":
            total += res.red_points if mine == "red" else res.blue_points
        elif crit == "fewer_penalties":
            total -= res.penalties_red if mine == "red" else res.penalties_blue
    return total


def rank_league(keys: Sequence[str], games: Sequence[Played], tiebreaks: Sequence[str], lot: Sequence[str]) -> list[list[str]]:
    """Classes of equal rank, best first. Each criterion but "wins" is counted in the mini-league of the tied group only;
    after a criterion splits a group, every tied subgroup starts again from the first criterion. "lot" orders by ``lot``."""
    lot_index = {k: i for i, k in enumerate(lot)}

    def order(group: list[str]) -> list[list[str]]:
        if len(group) == 1:
            return [group]
        members = set(group)
        for crit in tiebreaks:
            if crit == "lot":
                return [[k] for k in sorted(group, key=lambda k: lot_index.get(k, len(lot_index)))]
            values = {k: _metric(crit, k, members, games) for k in group}
            if len(set(values.values())) > 1:
                out: list[list[str]] = []
                for v in sorted(set(values.values()), reverse=True):
                    out.extend(order(sorted(k for k in group if values[k] == v)))
                return out
        return [sorted(group)]

    return order(sorted(keys))


def rank_scores(
    keys: Sequence[str],
    score: Callable[[str], Decimal],
    lot: Sequence[str],
    tiebreak: Callable[[str], tuple[Decimal, ...]] | None = None,
) -> list[list[str]]:
    """Judged: higher score first; equal scores share a class (listed in lot order) unless ``tiebreak``
    splits it: its values are compared in order, higher first (the rule set's chain, FIG: E then D),
    and only members equal in all of them share the class. A tie stands when a member has no values
    or not as many as the others (a result entered from paper): nothing is ranked on a missing number."""
    lot_index = {k: i for i, k in enumerate(lot)}
    by: dict[Decimal, list[str]] = {}
    for k in keys:
        by.setdefault(score(k), []).append(k)
    out: list[list[str]] = []
    for s in sorted(by, reverse=True):
        tied = sorted(by[s], key=lambda k: lot_index.get(k, 0))
        values = {k: tiebreak(k) for k in tied} if tiebreak is not None and len(tied) > 1 else {}
        if not values or len({len(v) for v in values.values()}) > 1 or not next(iter(values.values())):
            out.append(tied)
            continue
        split: dict[tuple[Decimal, ...], list[str]] = {}
        for k in tied:
            split.setdefault(values[k], []).append(k)
        out.extend(split[v] for v in sorted(split, reverse=True))
    return out
