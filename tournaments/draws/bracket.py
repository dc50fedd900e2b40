"""Elimination brackets: seeded lines, byes, teammates apart; single, repechage and double elimination matches."""

from __future__ import annotations

from collections.abc import Sequence

from tournaments.draws.model import Entrant, Match, Source
from tournaments.draws.stream import SeedStream


def bracket_size(n: int) -> int:
    size = 1
    while size < n:
        size *= 2
    return max(size, 2)


def _bitrev(j: int, bits: int) -> int:
    out = 0
    for _ in range(bits):
        out = (out << 1) | (j & 1)
        j >>= 1
    return out


def _group_ends(size: int, g: int, occupied: set[int]) -> list[int]:
    """The end line of every block of size ``size >> g`` that holds no occupied line, in line order.

    The end of a block is its top line in the top half of the bracket and its bottom line in the bottom half."""
    block = size >> g
    ends = []
    for j in range(1 << g):
        lo, hi = j * block, (j + 1) * block
        if any(lo <= x < hi for x in occupied):
            continue
        ends.append(lo if lo < size // 2 else hi - 1)
    return ends


def place_lines(entrants: Sequence[Entrant], size: int, stream: SeedStream) -> list[str | None]:
    """Bracket lines (entrant key or None for a bye) for entrants sorted by key. See docs/draws.md, "Single elimination"."""
    n = len(entrants)
    depth = size.bit_length() - 1
    lines: list[str | None] = [None] * size
    taken: set[int] = set()
    seeded = sorted((e for e in entrants if e.seed is not None), key=lambda e: (e.seed, e.key))
    # 1. Seeds: rank 1 top line, rank 2 bottom line; ranks 2^(g-1)+1..2^g drawn by lot among the group's block ends.
    seed_lines: list[int] = []
    if seeded:
        seed_lines.append(0)
    if len(seeded) > 1:
        seed_lines.append(size - 1)
    taken.update(seed_lines)
    g = 2
    while len(seed_lines) < len(seeded):
        ends = _group_ends(size, g, taken)
        if (size >> g) == 1:  # more seeds than pairs: keep the lines beside the seeds that get a bye free for the bye
            reserved = {x ^ 1 for x in seed_lines[: size - n]}
            ends = [x for x in ends if x not in reserved]
        stream.shuffle(ends)
        count = min(len(ends), len(seeded) - len(seed_lines))
        seed_lines.extend(ends[:count])
        taken.update(ends[:count])
        g += 1
    for e, x in zip(seeded, seed_lines, strict=True):
        lines[x] = e.key
    # 2. Byes: to the partners of the seeds in seed order, then of the virtual seed lines (balanced order).
    byes = size - n
    bye_lines: set[int] = set()
    if byes:
        per_block = [[0] * (1 << lv) for lv in range(depth + 1)]

        def give(line: int) -> None:
            bye_lines.add(line)
            for lv in range(depth + 1):
                per_block[lv][line >> (depth - lv)] += 1

        for x in seed_lines:
            if len(bye_lines) < byes and (x ^ 1) not in taken:
                give(x ^ 1)
        occupied = set(seed_lines)
        g = 1
        while (size >> g) >= 2 and len(bye_lines) < byes:
            ends = _group_ends(size, g, occupied)
            block, bits = size >> g, g - 1
            ends.sort(key=lambda x: _bitrev((x // block) >> 1, bits))  # one free block per parent: alternate halves, then quarters
            occupied.update(ends)
            cands = [x for x in ends if x not in taken and (x ^ 1) not in taken and (x ^ 1) not in bye_lines]
            while cands and len(bye_lines) < byes:
                # the line whose half, then quarter, then eighth... has the fewest byes so far (first in the order on a tie)
                best = min(cands, key=lambda x: [per_block[lv][(x ^ 1) >> (depth - lv)] for lv in range(1, depth)])
                cands.remove(best)
                give(best ^ 1)
            g += 1
    # 3. Unseeded: teams largest first, each member down the tree to the half with fewer teammates (then more room, then lot).
    free = [[0] * (1 << lv) for lv in range(depth + 1)]
    counts: list[list[dict[str, int]]] = [[{} for _ in range(1 << lv)] for lv in range(depth + 1)]
    for x in range(size):
        if x not in taken and x not in bye_lines:
            for lv in range(depth + 1):
                free[lv][x >> (depth - lv)] += 1
    for e, x in zip(seeded, seed_lines, strict=True):
        if e.team:
            for lv in range(depth + 1):
                c = counts[lv][x >> (depth - lv)]
                c[e.team] = c.get(e.team, 0) + 1
    unseeded = [e for e in entrants if e.seed is None]
    teams: dict[str, list[Entrant]] = {}
    loners: list[Entrant] = []
    for e in unseeded:
        (teams.setdefault(e.team, []) if e.team else loners).append(e)
    sizes = {e.team: 0 for e in entrants if e.team}
    for e in entrants:
        if e.team:
            sizes[e.team] += 1
    team_order = sorted(teams)
    stream.shuffle(team_order)
    team_order.sort(key=lambda t: -sizes[t])
    for t in team_order:
        members = teams[t]
        stream.shuffle(members)
        for e in members:
            lv, idx = 0, 0
            while lv < depth:
                a, b = 2 * idx, 2 * idx + 1
                fa, fb = free[lv + 1][a], free[lv + 1][b]
                if fb == 0:
                    idx = a
                elif fa == 0:
                    idx = b
                else:
                    ka = (counts[lv + 1][a].get(t, 0), -fa)
                    kb = (counts[lv + 1][b].get(t, 0), -fb)
                    idx = a if ka < kb else b if kb < ka else (a if stream.below(2) == 0 else b)
                lv += 1
            x = idx
            lines[x] = e.key
            for lv2 in range(depth + 1):
                j = x >> (depth - lv2)
                free[lv2][j] -= 1
                c = counts[lv2][j]
                c[t] = c.get(t, 0) + 1
    rest = [x for x in range(size) if x not in taken and x not in bye_lines and lines[x] is None]
    stream.shuffle(loners)
    for e, x in zip(loners, rest, strict=True):
        lines[x] = e.key
    return lines


def round_label(participants: int, i: int) -> str:
    if participants == 2:
        return "Chung kết"
    if participants == 4:
        return f"Bán kết {i}"
    if participants == 8:
        return f"Tứ kết {i}"
    return f"Vòng 1/{participants // 2} - trận {i}"


def line_sources(lines: Sequence[str | None]) -> list[Source]:
    return [Source("bye") if x is None else Source("entrant", x) for x in lines]


def main_rounds(sources: Sequence[Source], prefix: str = "R", stage: str = "main", label_prefix: str = "") -> list[list[Match]]:
    """The rounds of a knockout over ``sources`` (a power of two); the last round's one match is ``F`` when prefix is "R"."""
    size = len(sources)
    rounds: list[list[Match]] = []
    depth = size.bit_length() - 1
    for r in range(1, depth + 1):
        count = size >> r
        matches = []
        for i in range(1, count + 1):
            if r == 1:
                red, blue = sources[2 * i - 2], sources[2 * i - 1]
            else:
                prev = rounds[-1]
                red, blue = Source("winner", prev[2 * i - 2].key), Source("winner", prev[2 * i - 1].key)
            key = "F" if (r == depth and prefix == "R") else f"{prefix}{r}-{i}"
            matches.append(Match(key, stage, r, i, red, blue, label_prefix + round_label(size >> (r - 1), i)))
        rounds.append(matches)
    return rounds


def single_matches(sources: Sequence[Source], bronze: str) -> list[Match]:
    rounds = main_rounds(sources)
    out = [m for rnd in rounds[:-1] for m in rnd]
    if bronze == "one" and len(rounds) >= 2:
        semis = rounds[-2]
        out.append(Match("B1", "bronze", 1, 1, Source("loser", semis[0].key), Source("loser", semis[1].key), "Tranh hạng ba"))
    out.extend(rounds[-1])
    return out


def repechage_matches(sources: Sequence[Source], mode: str) -> list[Match]:
    rounds = main_rounds(sources)
    depth = len(rounds)
    out = [m for rnd in rounds[:-1] for m in rnd]
    halves = (("top", "T", "nhánh trên"), ("bottom", "B", "nhánh dưới"))
    if mode == "finalists":
        # losers to each finalist, in round order: depth - 1 athletes, depth - 2 ladder matches
        for k in range(1, depth - 1):
            for order, (half, letter, words) in enumerate(halves, start=1):
                red = Source("repechage", half, 1) if k == 1 else Source("winner", f"R{letter}{k - 1}")
                out.append(Match(f"R{letter}{k}", "repechage", k, order, red, Source("repechage", half, k + 1), f"Vớt {k} - {words}"))
    elif depth >= 3:
        qf, sf = rounds[-3], rounds[-2]
        for order, (_half, letter, words) in enumerate(halves, start=1):
            a, b = qf[2 * order - 2], qf[2 * order - 1]
            out.append(Match(f"R{letter}1", "repechage", 1, order, Source("loser", a.key), Source("loser", b.key), f"Vớt 1 - {words}"))
        for order, (_half, letter, _words) in enumerate(halves, start=1):
            other_sf = sf[1] if order == 1 else sf[0]
            red, blue = Source("winner", f"R{letter}1"), Source("loser", other_sf.key)
            out.append(Match(f"B{order}", "bronze", 1, order, red, blue, f"Tranh hạng ba {order}"))
    out.extend(rounds[-1])
    return out


def double_matches(sources: Sequence[Source], reset: bool) -> list[Match]:
    wb = main_rounds(sources, prefix="W", label_prefix="Nhánh thắng - ")
    depth = len(wb)
    lb: list[list[Match]] = []
    out = list(wb[0])
    if depth == 1:
        final_red, final_blue = Source("winner", wb[0][0].key), Source("loser", wb[0][0].key)
    else:
        for k in range(1, depth):
            out.extend(wb[k])  # winners round k + 1
            if k == 1:
                w1 = wb[0]
                r1 = [
                    Match(
                        f"L1-{j}",
                        "losers",
                        1,
                        j,
                        Source("loser", w1[2 * j - 2].key),
                        Source("loser", w1[2 * j - 1].key),
                        f"Nhánh thua - vòng 1 - trận {j}",
                    )
                    for j in range(1, len(w1) // 2 + 1)
                ]
            else:
                prev = lb[-1]
                rn = 2 * k - 1
                r1 = [
                    Match(
                        f"L{rn}-{j}",
                        "losers",
                        rn,
                        j,
                        Source("winner", prev[2 * j - 2].key),
                        Source("winner", prev[2 * j - 1].key),
                        f"Nhánh thua - vòng {rn} - trận {j}",
                    )
                    for j in range(1, len(prev) // 2 + 1)
                ]
            lb.append(r1)
            drop = wb[k]
            cnt = len(drop)
            rn = 2 * k
            r2 = []
            for j in range(1, cnt + 1):
                jj = cnt - j + 1 if k % 2 == 1 else j
                r2.append(
                    Match(
                        f"L{rn}-{j}",
                        "losers",
                        rn,
                        j,
                        Source("winner", r1[j - 1].key),
                        Source("loser", drop[jj - 1].key),
                        f"Nhánh thua - vòng {rn} - trận {j}",
                    )
                )
            lb.append(r2)
            out.extend(r1)
            out.extend(r2)
        final_red, final_blue = Source("winner", wb[-1][0].key), Source("winner", lb[-1][0].key)
    out.append(Match("GF", "final", 1, 1, final_red, final_blue, "Chung kết tổng"))
    if reset:
        out.append(Match("GF2", "final", 2, 1, Source("winner", "GF"), Source("loser", "GF"), "Chung kết phụ"))
    return out
