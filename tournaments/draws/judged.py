"""Judged stages: a performance made of parts (the dives of a diving round, a gymnast's apparatus), its total and
the ranking of a stage by totals (docs/draws.md, "Judged").

A match of a performance of several parts has the key ``<slot>/<part>`` (``S1:3/2``: start slot 3 of stage 1, part
2); with one part the key is the slot's (``S1:3``). A performance's total is the exact sum of its parts' points. An
entrant stopped by a decision off the mat (withdrawal, no-show, disqualification, injury, walkover) performs none of
the stage's later parts and ranks after everyone who was not stopped, so missing parts never pass for low scores.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from tournaments.draws.league import rank_scores
from tournaments.draws.model import Match, Result

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
        if res.decision in STOPS:
            out.stopped.add(who)
    return out


def rank_tally(keys: Iterable[str], t: Tally, lot: Sequence[str]) -> list[list[str]]:
    """Higher total first, equal totals share a class (lot order inside); everyone stopped after everyone else."""
    present = [k for k in dict.fromkeys(keys) if k in t.total]
    going = [k for k in present if k not in t.stopped]
    stopped = [k for k in present if k in t.stopped]
    return rank_scores(going, lambda k: t.total[k], lot) + rank_scores(stopped, lambda k: t.total[k], lot)
