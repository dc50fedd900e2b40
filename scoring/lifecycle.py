"""The contest lifecycle as a table: which event may follow in which phase.

Rule 1: every transition of a contest lives in this table; the hub refuses anything else.
Rule 2: judges' inputs are self-loops: presses only while a round is on, marks and cards while the
        contest runs. Corrections, adjustments and decisions stay possible after the end, because
        appeals are decided after a contest ends.
Rule 3: a review stops time. An appeal opened while the clock runs stops it (CLOCK -> ROUND), and
        the clock may not start again while any review is open: the jury decides with the clock
        stopped (WT Competition Rules art. 21: the referee declares "Kal-yeo" for a video replay
        request; the same holds for any review filed during a round).
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    SCHEDULED = "scheduled"  # not started
    READY = "ready"  # started, between rounds
    ROUND = "round"  # a round is on, clock stopped
    CLOCK = "clock"  # a round is on, clock running
    ENDED = "ended"


_OFFICIAL = ("penalty", "score_adjusted", "correction", "decision", "appeal_opened", "appeal_closed", "clock_set")

TRANSITIONS: dict[Phase, dict[str, Phase]] = {
    Phase.SCHEDULED: {"contest_started": Phase.READY},
    Phase.READY: {
        "round_started": Phase.ROUND,
        "contest_ended": Phase.ENDED,
        "mark": Phase.READY,
        "card": Phase.READY,
        **{k: Phase.READY for k in _OFFICIAL},
    },
    Phase.ROUND: {
        "clock_started": Phase.CLOCK,
        "round_ended": Phase.READY,
        "contest_ended": Phase.ENDED,
        "press": Phase.ROUND,
        "mark": Phase.ROUND,
        "card": Phase.ROUND,
        **{k: Phase.ROUND for k in _OFFICIAL},
    },
    Phase.CLOCK: {
        "clock_paused": Phase.ROUND,
        "round_ended": Phase.READY,
        "contest_ended": Phase.ENDED,
        "press": Phase.CLOCK,
        "mark": Phase.CLOCK,
        "card": Phase.CLOCK,
        **{k: Phase.CLOCK for k in _OFFICIAL},
    },
    Phase.ENDED: {
        "score_adjusted": Phase.ENDED,
        "correction": Phase.ENDED,
        "decision": Phase.ENDED,
        "appeal_opened": Phase.ENDED,
        "appeal_closed": Phase.ENDED,
    },
}

TRANSITIONS[Phase.CLOCK]["appeal_opened"] = Phase.ROUND  # Rule 3: the filing stops the clock

# Rule 3: kinds refused while a review is open, whatever the phase.
REFUSED_UNDER_REVIEW = frozenset({"clock_started"})

JUDGE_INPUTS = frozenset({"press", "mark", "card"})


class IllegalTransition(Exception):
    """``kind`` may not happen in ``phase`` (a caller maps this to a domain error)."""

    def __init__(self, phase: Phase, kind: str) -> None:
        self.phase = phase
        self.kind = kind
        super().__init__(f"{kind} is not allowed when the contest is {phase.value}")


def next_phase(phase: Phase, kind: str, *, under_review: bool = False) -> Phase:
    """The phase after an event of ``kind``; ``contest_created`` and unknown bookkeeping keep it.
    ``under_review``: an appeal is open on the contest (Rule 3)."""
    if kind == "contest_created":
        return phase
    if under_review and kind in REFUSED_UNDER_REVIEW:
        raise IllegalTransition(phase, kind)
    try:
        return TRANSITIONS[phase][kind]
    except KeyError:
        raise IllegalTransition(phase, kind) from None


def allowed(phase: Phase) -> frozenset[str]:
    return frozenset(TRANSITIONS[phase])
