"""make_draw: checks the entry list and the options, then builds one format from one seed stream."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from tournaments.draws.bracket import bracket_size, double_matches, line_sources, place_lines, repechage_matches, single_matches
from tournaments.draws.league import fill_groups, group_letter, pool_matches, start_order
from tournaments.draws.model import Draw, DrawError, Entrant, Match, Source, canonical_json, entrant_dict
from tournaments.draws.stream import SeedStream, commitment

FORMATS: dict[str, str] = {
    "single": "Loại trực tiếp",
    "repechage": "Loại trực tiếp có vớt",
    "double": "Loại kép (thua hai trận mới bị loại)",
    "round_robin": "Vòng tròn",
    "pools": "Chia bảng rồi loại trực tiếp",
    "judged": "Chấm điểm theo lượt thi",
}

TIEBREAKS = ("wins", "head_to_head", "points_difference", "points_for", "fewer_penalties", "lot")
DEFAULT_TIEBREAKS = ["wins", "head_to_head", "points_difference", "points_for", "lot"]

_KNOWN: dict[str, set[str]] = {
    "single": {"bronze"},
    "repechage": {"repechage"},
    "double": {"reset"},
    "round_robin": {"tiebreaks"},
    "pools": {"pool_size", "pools", "advance", "then", "bronze", "tiebreaks"},
    "judged": {"stages", "groups", "parts", "bronze"},
}
MAX_PARTS = 20  # contests in one performance (World Aquatics: 5 or 6 dives; FIG all-around: 6 apparatus)
# Judged medals: "ranking" (the last stage's ranking gives the places) or "groups" (WKF Kata Competition Rules,
# art. 3.4: the last round in two groups; the two group winners meet for 1st and 2nd place, each group's 2nd meets
# the other group's 3rd for the two 3rd places). Each medal bout is two performances, one per athlete.
JUDGED_BRONZE = ("ranking", "groups")
MEDAL_BOUTS = (  # key, label, (group, place) of the red (AKA) performer, (group, place) of the blue (AO) one
    ("B1", "Tranh huy chương đồng 1", ("A", 2), ("B", 3)),
    ("B2", "Tranh huy chương đồng 2", ("B", 2), ("A", 3)),
    ("F", "Chung kết", ("A", 1), ("B", 1)),
)
MEDAL_STAGE = "Tranh huy chương"


def _bad_option(name: str, value: Any) -> DrawError:
    return DrawError("draw.bad_option", f"Tuỳ chọn {name} không hợp lệ: {value!r}", f"Bad option {name}: {value!r}")


def _choice(opts: Mapping[str, Any], name: str, allowed: Sequence[str], default: str) -> str:
    value = opts.get(name, default)
    if not isinstance(value, str) or value not in allowed:
        raise _bad_option(name, value)
    return value


def _int(opts: Mapping[str, Any], name: str, default: int | None, low: int) -> int | None:
    value = opts.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _bad_option(name, value)
    return value


def _tiebreaks(opts: Mapping[str, Any]) -> list[str]:
    value = opts.get("tiebreaks", DEFAULT_TIEBREAKS)
    if not isinstance(value, list | tuple) or not value or any(v not in TIEBREAKS for v in value) or len(set(value)) != len(value):
        raise _bad_option("tiebreaks", value)
    return [str(v) for v in value]


def entries_digest(entrants: Sequence[Entrant]) -> str:
    """SHA-256 hex of the canonical JSON list of the entrants (key, team, seed, name) sorted by key."""
    return hashlib.sha256(canonical_json([entrant_dict(e) for e in sorted(entrants, key=lambda e: e.key)]).encode()).hexdigest()


def _check_entrants(fmt: str, entrants: Sequence[Entrant]) -> tuple[Entrant, ...]:
    least = 1 if fmt == "judged" else 2
    if len(entrants) < least:
        raise DrawError(
            "draw.too_few", f"Cần ít nhất {least} vận động viên để bốc thăm", f"At least {least} entrants are needed for a draw"
        )
    keys = [e.key for e in entrants]
    if any(not isinstance(k, str) or not k for k in keys):
        raise DrawError("draw.bad_entrant", "Mã vận động viên không được để trống", "An entrant key is empty")
    if len(set(keys)) != len(keys):
        dup = sorted({k for k in keys if keys.count(k) > 1})
        raise DrawError("draw.duplicate_entrant", f"Vận động viên bị trùng: {', '.join(dup)}", f"Duplicate entrants: {', '.join(dup)}")
    seeds = [e.seed for e in entrants if e.seed is not None]
    if any(isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in seeds):
        raise DrawError("draw.bad_seed", "Hạt giống phải là số nguyên từ 1", "A seed must be an integer from 1")
    if len(set(seeds)) != len(seeds):
        raise DrawError("draw.duplicate_seed", "Hai vận động viên cùng một hạt giống", "Two entrants have the same seed")
    return tuple(sorted(entrants, key=lambda e: e.key))


def make_draw(fmt: str, entrants: Sequence[Entrant], seed: bytes, options: Mapping[str, Any] | None = None) -> Draw:
    """A pure function of (fmt, entrants sorted by key, seed, options). See docs/draws.md for every rule and the stream order."""
    if fmt not in FORMATS:
        raise DrawError("draw.unknown_format", f"Không có thể thức bốc thăm {fmt!r}", f"Unknown draw format {fmt!r}")
    if not isinstance(seed, bytes | bytearray) or not seed:
        raise DrawError("draw.bad_seed_bytes", "Chuỗi hạt bốc thăm không hợp lệ", "The draw seed must be non-empty bytes")
    opts = dict(options or {})
    unknown = sorted(set(opts) - _KNOWN[fmt])
    if unknown:
        raise _bad_option(unknown[0], opts[unknown[0]])
    people = _check_entrants(fmt, entrants)
    stream = SeedStream(bytes(seed))
    positions: tuple[str | None, ...] = ()
    pools: dict[str, tuple[str, ...]] = {}
    norm: dict[str, Any]
    matches: list[Match]
    if fmt in ("single", "repechage", "double"):
        if fmt == "single":
            norm = {"bronze": _choice(opts, "bronze", ("two", "one", "none"), "two")}
        elif fmt == "repechage":
            norm = {"repechage": _choice(opts, "repechage", ("finalists", "quarterfinal"), "finalists")}
        else:
            reset = opts.get("reset", False)
            if not isinstance(reset, bool):
                raise _bad_option("reset", reset)
            norm = {"reset": reset}
        lines = place_lines(people, bracket_size(len(people)), stream)
        positions = tuple(lines)
        sources = line_sources(lines)
        if fmt == "single":
            matches = single_matches(sources, norm["bronze"])
        elif fmt == "repechage":
            matches = repechage_matches(sources, norm["repechage"])
        else:
            matches = double_matches(sources, norm["reset"])
    elif fmt == "round_robin":
        norm = {"tiebreaks": _tiebreaks(opts)}
        order = [e.key for e in people]
        stream.shuffle(order)
        pools = {"pool:A": tuple(order)}
        matches = [m for rnd in pool_matches("pool:A", order, "Vòng tròn") for m in rnd]
    elif fmt == "pools":
        matches, pools, norm = _pools(people, opts, stream)
    else:
        matches, pools, norm = _judged(people, opts, stream)
    lot = [e.key for e in people]
    stream.shuffle(lot)
    return Draw(
        format=fmt,
        options=norm,
        entrants=people,
        matches=tuple(matches),
        positions=positions,
        pools=pools,
        lot=tuple(lot),
        commitment=commitment(bytes(seed)),
    )


def _pools(
    people: tuple[Entrant, ...], opts: Mapping[str, Any], stream: SeedStream
) -> tuple[list[Match], dict[str, tuple[str, ...]], dict[str, Any]]:
    n = len(people)
    then = _choice(opts, "then", ("single",), "single")
    bronze = _choice(opts, "bronze", ("two", "one", "none"), "two")
    advance = _int(opts, "advance", 2, 1)
    assert advance is not None
    if "pools" in opts:  # a count wins over a size (a recorded draw's options carry both)
        count = _int(opts, "pools", None, 1)
        assert count is not None
        size = _int(opts, "pool_size", None, 2)
    else:
        size = _int(opts, "pool_size", 4, 2)
        assert size is not None
        count = -(-n // size)
    if count > n // 2:
        raise _bad_option("pools", count)
    groups = fill_groups(people, count, stream)
    pools = {f"pool:{group_letter(i)}": tuple(g) for i, g in enumerate(groups)}
    qualifiers: list[Entrant] = []
    for i, pool in enumerate(pools):
        for place in range(1, min(advance, len(pools[pool])) + 1):
            qualifiers.append(Entrant(f"{pool}#{place}", team=pool, seed=i + 1 if place == 1 else None))
    if len(qualifiers) < 2:
        raise _bad_option("advance", advance)
    norm: dict[str, Any] = {"then": then, "bronze": bronze, "advance": advance, "pools": count, "tiebreaks": _tiebreaks(opts)}
    if size is not None:
        norm["pool_size"] = size
    rounds = [pool_matches(pool, keys, f"Bảng {pool.split(':', 1)[1]}") for pool, keys in pools.items()]
    matches = [m for r in range(max(len(x) for x in rounds)) for x in rounds if r < len(x) for m in x[r]]
    qualifiers.sort(key=lambda e: e.key)
    lines = place_lines(qualifiers, bracket_size(len(qualifiers)), stream)
    sources: list[Source] = []
    for x in lines:
        if x is None:
            sources.append(Source("bye"))
        else:
            pool_key, rank = x.split("#")
            sources.append(Source("rank", pool_key, int(rank)))
    matches.extend(single_matches(sources, bronze))
    return matches, pools, norm


def _stages(opts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The stages as recorded: name, take, and parts only when more than one (a draw made before parts existed
    keeps its options, hence its digest)."""
    raw = opts.get("stages", [{"name": "Chung kết", "take": None}])
    if not isinstance(raw, list | tuple) or not raw:
        raise _bad_option("stages", raw)
    default_parts = opts.get("parts", 1)
    if isinstance(default_parts, bool) or not isinstance(default_parts, int) or not 1 <= default_parts <= MAX_PARTS:
        raise _bad_option("parts", default_parts)
    stages: list[dict[str, Any]] = []
    for st in raw:
        if not isinstance(st, Mapping) or set(st) - {"name", "take", "parts"} or not isinstance(st.get("name"), str) or not st["name"]:
            raise _bad_option("stages", raw)
        take = st.get("take")
        if take is not None and (isinstance(take, bool) or not isinstance(take, int) or take < 1):
            raise _bad_option("stages", raw)
        parts = st.get("parts", default_parts)
        if isinstance(parts, bool) or not isinstance(parts, int) or not 1 <= parts <= MAX_PARTS:
            raise _bad_option("stages", raw)
        stages.append({"name": st["name"], "take": take, **({"parts": parts} if parts > 1 else {})})
    return stages


def stage_parts(options: Mapping[str, Any], stage: int) -> int:
    """How many contests make one performance in judged stage ``stage`` (1-based) of a draw's options."""
    return int(options["stages"][stage - 1].get("parts", 1))


def _performances(stage: int, name: str, parts: int, slots: Sequence[tuple[str, str, Source]], first_order: int = 1) -> list[Match]:
    """One match per part per start slot, part-major: every slot's part 1 in start order, then part 2 ...
    ``slots`` are (key, label, red source); with one part the key and label are kept as they are."""
    out: list[Match] = []
    for p in range(1, parts + 1):
        for j, (key, label, red) in enumerate(slots):
            order = first_order + (p - 1) * len(slots) + j
            if parts == 1:
                out.append(Match(key, name, stage, order, red, None, label))
            else:
                head, _, turn = label.rpartition(" - ")
                out.append(Match(f"{key}/{p}", name, stage, order, red, None, f"{head} - bài {p} - {turn}"))
    return out


def _judged(
    people: tuple[Entrant, ...], opts: Mapping[str, Any], stream: SeedStream
) -> tuple[list[Match], dict[str, tuple[str, ...]], dict[str, Any]]:
    stages = _stages(opts)
    groups_size = _int(opts, "groups", None, 1)
    team_of = {e.key: e.team for e in people}
    pools: dict[str, tuple[str, ...]] = {}
    first = stages[0]["name"]
    slots: list[tuple[str, str, Source]] = []
    if groups_size is None:
        order = start_order([e.key for e in people], team_of, stream)
        pools["S1"] = tuple(order)
        slots = [(f"S1:{j}", f"{first} - lượt {j}", Source("entrant", k)) for j, k in enumerate(order, start=1)]
    else:
        count = -(-len(people) // groups_size)
        filled = fill_groups(people, count, stream)
        for i, g in enumerate(filled):
            letter = group_letter(i)
            order = start_order(sorted(g), team_of, stream)
            pools[f"S1:{letter}"] = tuple(order)
            slots += [
                (f"S1:{letter}:{jj}", f"{first} - bảng {letter} - lượt {jj}", Source("entrant", k)) for jj, k in enumerate(order, start=1)
            ]
    matches = _performances(1, first, stage_parts({"stages": stages}, 1), slots)
    bronze = _choice(opts, "bronze", JUDGED_BRONZE, "ranking")
    # medal bouts need the last round in two groups: one stage in exactly two groups, or two stages after groups
    if bronze == "groups" and not (len(stages) == 1 and len(pools) == 2 or len(stages) == 2 and len(pools) >= 2 and groups_size):
        raise _bad_option("bronze", bronze)
    n = len(people)
    for i in range(2, len(stages) + 1):
        name = stages[i - 1]["name"]
        # reverse of the previous stage's ranking: its best performs last (in every part)
        later = [(f"S{i}:{j}", f"{name} - lượt {j}", Source("rank", f"S{i - 1}", n - j + 1)) for j in range(1, n + 1)]
        if bronze == "groups":  # WKF: the qualifiers of the first half of the groups in group A, of the second in B
            later = []
            for half, size in zip("AB", half_sizes(pools), strict=True):
                later += [
                    (f"S2:{half}:{j}", f"{name} - bảng {half} - lượt {j}", Source("rank", f"S1>{half}", size - j + 1))
                    for j in range(1, size + 1)
                ]
        matches += _performances(i, name, stage_parts({"stages": stages}, i), later)
    norm: dict[str, Any] = {"stages": stages}
    if groups_size is not None:
        norm["groups"] = groups_size
    if bronze == "groups":
        matches += medal_bouts(len(stages), len(matches) + 1)
        norm["bronze"] = bronze  # recorded only when not the default, so older draws keep their digest
    return matches, pools, norm


def group_halves(pools: Mapping[str, Sequence[str]]) -> tuple[list[str], list[str]]:
    """The first stage's groups (``S1:A`` ...) split in two halves in order, the first half the larger: the groups
    whose qualifiers make group A of the next round, and those that make group B."""
    groups = [g for g in pools if g.startswith("S1:")]
    half = -(-len(groups) // 2)
    return groups[:half], groups[half:]


def half_sizes(pools: Mapping[str, Sequence[str]]) -> tuple[int, int]:
    """How many could qualify from each half (everyone: athletes tied at the cut-off all go through)."""
    a, b = group_halves(pools)
    return sum(len(pools[g]) for g in a), sum(len(pools[g]) for g in b)


def medal_bouts(last: int, first_order: int) -> list[Match]:
    """WKF kata medal bouts after the last stage's two groups: both bronze bouts, then the final. Bout ``B1`` is the
    performances ``B1:1`` (red, AKA) and ``B1:2`` (blue, AO); each side is a place of a group (``rank S1:A 2``)."""
    out: list[Match] = []
    for key, label, *sides in MEDAL_BOUTS:
        for n, ((group, place), belt) in enumerate(zip(sides, ("Đai đỏ", "Đai xanh"), strict=True), start=1):
            red = Source("rank", f"S{last}:{group}", place)
            out.append(Match(f"{key}:{n}", MEDAL_STAGE, last + 1, first_order + len(out), red, None, f"{label} - {belt}"))
    return out
