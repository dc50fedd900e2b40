"""The shapes of a draw: entrants, sources, matches, results, states, the draw and its error."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SOURCE_KINDS = ("entrant", "winner", "loser", "bye", "rank", "repechage")
DECISIONS = ("points", "walkover", "no_show", "disqualification", "withdrawal", "referee_decision", "injury", "superiority")


class DrawError(Exception):
    """A draw that cannot be made or a result that cannot be applied: a stable ``code`` and a Vietnamese message."""

    def __init__(self, code: str, message_vi: str, message_en: str = "") -> None:
        super().__init__(message_en or message_vi)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en or message_vi


@dataclass(frozen=True, slots=True)
class Entrant:
    key: str
    team: str = ""
    seed: int | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    kind: str
    ref: str = ""
    place: int = 0


@dataclass(frozen=True, slots=True)
class Match:
    key: str
    stage: str
    round: int
    order: int
    red: Source
    blue: Source | None
    label: str


@dataclass(frozen=True, slots=True)
class Result:
    winner: str | None = None
    red_points: Decimal = Decimal(0)
    blue_points: Decimal = Decimal(0)
    decision: str = "points"
    penalties_red: int = 0
    penalties_blue: int = 0
    # A judged performance: the values its rule set's tie-break compares, in the chain's order, higher
    # first (FIG artistic: E, then D). Empty: equal totals share the place. Not part of the draw.
    tiebreak: tuple[Decimal, ...] = ()


@dataclass(frozen=True, slots=True)
class MatchState:
    key: str
    red: str | None
    blue: str | None
    ready: bool
    done: bool
    bye: bool
    winner: str | None
    loser: str | None


@dataclass(frozen=True, slots=True)
class Placement:
    place: int
    entrant: str


@dataclass(frozen=True, slots=True)
class State:
    matches: dict[str, MatchState]
    placements: tuple[Placement, ...]
    finished: bool
    standings: dict[str, tuple[str, ...]]


def canonical_json(value: Any) -> str:
    """sort_keys, no spaces, UTF-8 kept, Decimal written as its string."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | frozenset | set):
        return list(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def entrant_dict(e: Entrant) -> dict[str, Any]:
    return {"key": e.key, "team": e.team, "seed": e.seed, "name": e.name}


def _source_dict(s: Source) -> dict[str, Any]:
    return {"kind": s.kind, "ref": s.ref, "place": s.place}


def _source(d: dict[str, Any]) -> Source:
    return Source(str(d["kind"]), str(d.get("ref", "")), int(d.get("place", 0)))


@dataclass(frozen=True)
class Draw:
    format: str
    options: dict[str, Any]
    entrants: tuple[Entrant, ...]
    matches: tuple[Match, ...]
    positions: tuple[str | None, ...]
    pools: dict[str, tuple[str, ...]]
    lot: tuple[str, ...] = ()  # every entrant in an order drawn by lot: the last tie-break (earlier ranks higher)
    commitment: str = ""  # SHA-256 hex of the seed the draw was made with
    _index: dict[str, Match] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        self._index.update({m.key: m for m in self.matches})

    def match(self, key: str) -> Match:
        return self._index[key]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "options": self.options,
            "entrants": [entrant_dict(e) for e in self.entrants],
            "matches": [
                {
                    "key": m.key,
                    "stage": m.stage,
                    "round": m.round,
                    "order": m.order,
                    "red": _source_dict(m.red),
                    "blue": None if m.blue is None else _source_dict(m.blue),
                    "label": m.label,
                }
                for m in self.matches
            ],
            "positions": list(self.positions),
            "pools": {k: list(v) for k, v in self.pools.items()},
            "lot": list(self.lot),
            "commitment": self.commitment,
        }

    def to_json(self) -> str:
        return canonical_json(self.to_dict())

    @staticmethod
    def from_json(text: str) -> Draw:
        try:
            d = json.loads(text)
            return Draw(
                format=str(d["format"]),
                options=dict(d["options"]),
                entrants=tuple(Entrant(str(e["key"]), str(e["team"]), e["seed"], str(e["name"])) for e in d["entrants"]),
                matches=tuple(
                    Match(
                        key=str(m["key"]),
                        stage=str(m["stage"]),
                        round=int(m["round"]),
                        order=int(m["order"]),
                        red=_source(m["red"]),
                        blue=None if m["blue"] is None else _source(m["blue"]),
                        label=str(m["label"]),
                    )
                    for m in d["matches"]
                ),
                positions=tuple(d["positions"]),
                pools={str(k): tuple(v) for k, v in d["pools"].items()},
                lot=tuple(d.get("lot", ())),
                commitment=str(d.get("commitment", "")),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DrawError("draw.bad_json", "Dữ liệu bốc thăm không hợp lệ", f"Invalid draw JSON: {exc}") from exc

    def digest(self) -> str:
        return hashlib.sha256(self.to_json().encode()).hexdigest()
