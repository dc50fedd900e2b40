"""The contest envelope (pure): phase, round, clock and review flag, folded from the event log.

The score itself comes from the rule set (``scoring.rules``); the envelope is what every sport
shares. The clock is server-side: it is a running flag, the remaining time when it last changed,
and the server time of that change, so every client shows the same time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from scoring.lifecycle import Phase, next_phase
from scoring.live.chain import iso


@dataclass(frozen=True, slots=True)
class Clock:
    round_ms: int
    remaining_ms: int
    running: bool = False
    since: datetime | None = None  # when the clock last started running

    def remaining_at(self, now: datetime) -> int:
        if not self.running or self.since is None:
            return self.remaining_ms
        elapsed = int((now - self.since).total_seconds() * 1000)
        return max(0, self.remaining_ms - elapsed)

    def started(self, at: datetime) -> Clock:
        return replace(self, running=True, since=at)

    def paused(self, at: datetime) -> Clock:
        return replace(self, running=False, since=None, remaining_ms=self.remaining_at(at))

    def as_dict(self) -> dict[str, Any]:
        return {
            "round_ms": self.round_ms,
            "remaining_ms": self.remaining_ms,
            "running": self.running,
            "since": iso(self.since) if self.since else None,
        }


@dataclass(frozen=True, slots=True)
class Envelope:
    phase: Phase = Phase.SCHEDULED
    round: int = 0
    clock: Clock = field(default_factory=lambda: Clock(round_ms=120_000, remaining_ms=120_000))
    open_appeals: frozenset[str] = frozenset()
    last_seq: int = 0
    ended_at: datetime | None = None

    @property
    def under_review(self) -> bool:
        return bool(self.open_appeals)

    def apply(self, seq: int, kind: str, data: Mapping[str, Any], at: datetime) -> Envelope:
        """The envelope after one event; raises ``IllegalTransition`` for a refused event."""
        phase = next_phase(self.phase, kind, under_review=self.under_review)
        env = replace(self, phase=phase, last_seq=seq)
        clock = env.clock
        if kind == "contest_created":
            params = data.get("params") or {}
            round_ms = int(params.get("round_seconds") or 0) * 1000
            if round_ms:
                clock = Clock(round_ms=round_ms, remaining_ms=round_ms)
        elif kind == "round_started":
            clock = Clock(round_ms=clock.round_ms, remaining_ms=clock.round_ms)
            env = replace(env, round=int(data.get("round", self.round + 1)))
        elif kind == "clock_started":
            clock = clock.started(at)
        elif kind in ("clock_paused", "round_ended", "contest_ended"):
            clock = clock.paused(at) if clock.running else clock
            if kind == "contest_ended":
                env = replace(env, ended_at=at)
        elif kind == "clock_set":
            remaining = max(0, min(int(data["remaining_ms"]), clock.round_ms))
            clock = replace(clock, remaining_ms=remaining, since=at if clock.running else None)
        elif kind == "appeal_opened":
            clock = clock.paused(at) if clock.running else clock  # a review stops time (lifecycle Rule 3)
            env = replace(env, open_appeals=env.open_appeals | {str(data.get("appeal_id", seq))})
        elif kind == "appeal_closed":
            env = replace(env, open_appeals=env.open_appeals - {str(data.get("appeal_id", ""))})
        return replace(env, clock=clock)

    def as_dict(self) -> dict[str, Any]:
        return {
            "phase": self.phase.value,
            "round": self.round,
            "clock": self.clock.as_dict(),
            "under_review": self.under_review,
            "last_seq": self.last_seq,
        }
