"""Draw formats (pure): brackets, pools and start orders as functions of an entry list and a seed.

``make_draw(fmt, entrants, seed, options)`` is a pure function of its inputs (entrants sorted by key), so anyone
holding the revealed seed can recompute a draw; ``resolve(draw, results)`` turns results into match states, standings
and places. The algorithm, the order in which the seed stream is used and every format's rules: docs/draws.md.
"""

from tournaments.draws.judged import STOPS, Performance, part_of, performances
from tournaments.draws.make import DEFAULT_TIEBREAKS, FORMATS, MAX_PARTS, TIEBREAKS, entries_digest, make_draw, stage_parts
from tournaments.draws.model import (
    DECISIONS,
    Draw,
    DrawError,
    Entrant,
    Match,
    MatchState,
    Placement,
    Result,
    Source,
    State,
    canonical_json,
    entrant_dict,
)
from tournaments.draws.resolve import resolve
from tournaments.draws.stream import SeedStream, commitment, new_seed

__all__ = [
    "DECISIONS",
    "DEFAULT_TIEBREAKS",
    "FORMATS",
    "MAX_PARTS",
    "TIEBREAKS",
    "Draw",
    "DrawError",
    "Entrant",
    "Match",
    "MatchState",
    "Performance",
    "Placement",
    "Result",
    "STOPS",
    "SeedStream",
    "Source",
    "State",
    "canonical_json",
    "commitment",
    "entrant_dict",
    "entries_digest",
    "make_draw",
    "new_seed",
    "part_of",
    "performances",
    "resolve",
    "stage_parts",
]
