"""Judged stages: a performance made of parts (the dives of a diving round, a gymnast's apparatus), its total and
the ranking of a stage by totals (docs/draws.md, "Judged").

A match of a performance of several parts has the key ``<slot>/<part>`` (``S1:3/2``: start slot 3 of stage 1, part
2); with one part the key is the slot's (``S1:3``). A performance's total is the exact sum of its parts' points, and
each of its tie-break values (``Result.tiebreak``: FIG's E and D) the sum of the parts' values. An
entrant stopped by a decision off the mat (withdrawal, no-show, disqualification, injury, walkover) performs none of
the stage's later parts and ranks after everyone who was not stopped, so missing parts never pass for low scores.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from tournaments.draws.league import rank_scores
from tournaments.draws.model import Draw, Match, Result, State

STOPS = frozenset({"walkover", "no_show", "withdrawal", "disqualification", "injury"})


def performance_of(key: str) -> str:
    """The start slot a match belongs to: ``S1:3/2`` -> ``S1:3``; a key without a part is its own slot."""
    return key.split("/", 1)[0]


def part_of(key: str) -> int:
    """``S1:3/2`` -> 2; a key without a part is part 1."""
    return int(key.split("/", 1)[1]) if "/" in key else 1


def earlier_parts(key: str) -> list[str]:
    """The keys of the same performance's parts before this one (``S1:3/3`` -> ``S1:3/1``, ``S1:3/2``)."""
    slot = performance_of(key)
    return [f"{slot}/{q}" for q in range(1, part_of(key))]


@dataclass(slots=True)
class Tally:
    """The totals so far of a stage's performances: the exact sum of the parts done, and who was stopped."""

    total: dict[str, Decimal] = field(default_factory=dict)
    parts: dict[str, int] = field(default_factory=dict)  # parts with a result
    stopped: set[str] = field(default_factory=set)
    # each tie-break value summed over the parts done; () when a part has none or not as many
    tiebreak: dict[str, tuple[Decimal, ...]] = field(default_factory=dict)


def tally(
    matches: Iterable[Match], red: Mapping[str, str | None], done: Container[str], bye: Container[str], results: Mapping[str, Result]
) -> Tally:
    """Every entrant with at least one part done: its total and whether a decision stopped it."""
    out = Tally()
    for m in matches:
        who = red.get(m.key)
        if not who or m.key not in done or m.key in bye:
            continue
        res = results[m.key]
        out.total[who] = out.total.get(who, Decimal(0)) + res.red_points
        out.parts[who] = out.parts.get(who, 0) + 1
        before = out.tiebreak.get(who)
        if before is None:
            out.tiebreak[who] = res.tiebreak
        elif before and len(before) == len(res.tiebreak):
            out.tiebreak[who] = tuple(a + b for a, b in zip(before, res.tiebreak, strict=True))
        else:
            out.tiebreak[who] = ()
        if res.decision in STOPS:
            out.stopped.add(who)
    return out


def rank_tally(keys: Iterable[str], t: Tally, lot: Sequence[str]) -> list[list[str]]:
    """Higher total first; equal totals are ordered by the summed tie-break values (the rule set's, FIG: E then D)
    and share a class only when those are equal too, or absent (lot order inside); everyone stopped after everyone
    else."""
    present = [k for k in dict.fromkeys(keys) if k in t.total]
    going = [k for k in present if k not in t.stopped]
    stopped = [k for k in present if k in t.stopped]

    def total(k: str) -> Decimal:
        return t.total[k]

    def tiebreak(k: str) -> tuple[Decimal, ...]:
        return t.tiebreak.get(k, ())

    return rank_scores(going, total, lot, tiebreak) + rank_scores(stopped, total, lot, tiebreak)


@dataclass(frozen=True, slots=True)
class Performance:
    """One athlete's performance in a judged stage, as a results list shows it (a row with a column per part)."""

    stage: int
    stage_name: str
    slot: str  # S1:3, S1:A:3
    order: int  # start position in the stage (group) 1, 2 ...
    group: str  # "A" in a grouped first stage, else ""
    entrant: str
    parts: tuple[Decimal | None, ...]  # each part's points; None: not done yet, or not held after a stop
    total: Decimal | None  # exact sum of the parts done; None before the first
    done: bool  # every part done (performed, decided, or not held after a stop)
    stopped: bool
    decision: str  # the decision that stopped the athlete, else ""
    place: int | None  # in the stage (the group) once every performance of it is done
    tiebreak: tuple[Decimal, ...] = ()  # the tie-break values summed over the parts done (``Tally.tiebreak``)


def performances(draw: Draw, state: State, results: Mapping[str, Result]) -> list[Performance]:
    """Every judged stage's performances whose athlete is known, stage by stage in start order."""
    done = {k for k, m in state.matches.items() if m.done}
    bye = {k for k, m in state.matches.items() if m.bye}
    red = {k: m.red for k, m in state.matches.items()}
    out: list[Performance] = []
    for i, stage in enumerate(draw.options.get("stages", ()), start=1):
        matches = [m for m in draw.matches if m.round == i and m.blue is None]
        slots: dict[str, list[Match]] = {}
        for m in matches:
            slots.setdefault(performance_of(m.key), []).append(m)
        by_group: dict[str, list[str]] = {}
        for slot in slots:
            by_group.setdefault(slot.split(":")[1] if slot.count(":") == 2 else "", []).append(slot)
        for group, keys in by_group.items():
            gm = [m for k in keys for m in slots[k]]
            t = tally(gm, red, done, bye, results)
            places: dict[str, int] = {}
            if all(m.key in done for m in gm):
                place = 1
                for cls in rank_tally(t.total, t, draw.lot):
                    places.update(dict.fromkeys(cls, place))
                    place += len(cls)
            for j, slot in enumerate(keys, start=1):
                who = red.get(slots[slot][0].key)
                if not who:
                    continue
                parts = tuple(results[m.key].red_points if m.key in done and m.key not in bye else None for m in slots[slot])
                stop = next(
                    (
                        results[m.key].decision
                        for m in slots[slot]
                        if parts[part_of(m.key) - 1] is not None and results[m.key].decision in STOPS
                    ),
                    "",
                )
                out.append(
                    Performance(
                        stage=i,
                        stage_name=str(stage["name"]),
                        slot=slot,
                        order=j,
                        group=group,
                        entrant=who,
                        parts=parts,
                        total=t.total.get(who),
                        done=all(m.key in done for m in slots[slot]),
                        stopped=who in t.stopped,
                        decision=stop,
                        place=places.get(who),
                        tiebreak=t.tiebreak.get(who, ()),
                    )
                )
    return out
