"""The value a contest's fold produces (ContestScore, SideScore) and the log event it reads.

Also the shared reading of a log: which events a correction voids, and receipt times (or a late
keypad press's press time) as integer microseconds so window comparisons are exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from scoring.rules.errors import InputInvalid
from scoring.rules.explanation import Explanation
from scoring.rules.rounding import plain

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICRO = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class LogEvent:
    seq: int  # 1.. position in the contest's event log
    kind: str
    data: Mapping[str, Any]  # JSON payload as stored (decimals as strings)
    at: datetime  # server receipt time, tz-aware UTC


@dataclass(frozen=True, slots=True)
class SideScore:
    """``total`` is None while a judged performance cannot be scored yet; ``penalties`` is a count
    or points, as the sport counts them; ``detail`` is JSON-able."""

    total: Decimal | None
    penalties: Decimal
    detail: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": None if self.total is None else plain(self.total),
            "penalties": plain(self.penalties),
            "detail": dict(self.detail),
        }


@dataclass(frozen=True, slots=True)
class ContestScore:
    """The state of a contest after folding its log: scores per side, winner and why."""

    ruleset: str
    sides: dict[str, SideScore]
    winner: str | None
    method: str | None
    state: str  # "created" | "running" | "ended" | "decided"
    round: int | None
    complete: bool
    explanation: Explanation
    ignored: tuple[Mapping[str, Any], ...] = ()  # events the rule set refused, with the reason
    last_seq: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-able (Decimals as strings) for scoreboards."""
        return {
            "ruleset": self.ruleset,
            "sides": {k: v.as_dict() for k, v in self.sides.items()},
            "winner": self.winner,
            "method": self.method,
            "state": self.state,
            "round": self.round,
            "complete": self.complete,
            "last_seq": self.last_seq,
            "ignored": [dict(i) for i in self.ignored],
            "explanation": self.explanation.as_dict(),
        }


def micros(at: datetime) -> int:
    """Exact microseconds since the epoch; a naive datetime is refused."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InputInvalid("event time", f"{at.isoformat()} has no time zone")
    return (at - EPOCH) // ONE_MICRO


def pressed_at(ev: LogEvent) -> datetime | None:
    """A late keypad press's press time (``pressed_at``, stored by the hub when the bridge said the
    press was made well before it arrived), or None (a press on time, another event, a bad value)."""
    raw = ev.data.get("pressed_at") if ev.kind == "press" else None
    if not isinstance(raw, str):
        return None
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return at if at.tzinfo is not None and at.utcoffset() is not None else None


def effect_us(ev: LogEvent) -> int:
    """When an event takes effect (microseconds): a late press's press time, else its receipt time."""
    pressed = pressed_at(ev)
    return micros(pressed if pressed is not None else ev.at)


def voided_seqs(events: Sequence[LogEvent]) -> set[int]:
    """Seqs made void by corrections. A voided correction voids nothing, so walk backwards."""
    void: set[int] = set()
    for ev in reversed(events):
        if ev.seq in void or ev.kind != "correction":
            continue
        target = ev.data.get("corrects")
        if isinstance(target, int) and not isinstance(target, bool) and 1 < target < ev.seq:
            void.add(target)
    return void


def ignored_entry(ev: LogEvent, error: InputInvalid) -> dict[str, Any]:
    return {"seq": ev.seq, "kind": ev.kind, "reason": error.message("en")}
