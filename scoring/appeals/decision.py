"""A jury decision (pure): votes decide the outcome; an upheld appeal becomes log events.

Rules it keeps:
1. Every vote names its jury member and gives a reason; a member votes once.
2. An appeal is upheld only by a majority of the votes cast; a tie rejects it (the call stands).
   With a known jury (``settled``) the votes are counted against the whole jury: a strict majority
   of the jury upholds, half of it or more rejecting makes the call stand, and the decision is
   taken as soon as the votes cast settle it, at the latest when every member has voted.
3. An upheld appeal names at least one remedy, and each remedy is one new event in the contest's
   log (a correction voids an event; an adjustment or a decision is added): scores are never edited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from scoring.appeals.wording import REMEDIES, SIDES, Label, Reason

REMEDY_KINDS = ("void", "adjust", "decide")


class DecisionInvalid(ValueError):
    """The decision form breaks a rule above: ``reason`` says which (wording.REASONS), ``str()``
    in English."""

    def __init__(self, code: str, **values: object) -> None:
        self.reason = Reason(code, values)
        super().__init__(self.reason.text("en"))


@dataclass(frozen=True, slots=True)
class Vote:
    member_id: int
    uphold: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Remedy:
    kind: str
    corrects: int | None = None
    side: str | None = None
    delta: str | None = None
    winner: str | None = None
    method: str | None = None
    round: int | None = None


def outcome(votes: Sequence[Vote]) -> bool:
    """True (upheld) when more than half of the votes uphold; raises DecisionInvalid for bad votes."""
    if not votes:
        raise DecisionInvalid("no_votes")
    members = [v.member_id for v in votes]
    if len(set(members)) != len(members):
        raise DecisionInvalid("votes_once")
    if any(not v.reason.strip() for v in votes):
        raise DecisionInvalid("vote_reason")
    return 2 * sum(v.uphold for v in votes) > len(votes)


def settled(votes: Sequence[Vote], jury_size: int) -> bool | None:
    """The jury's decision once the votes cast settle it: True upheld, False rejected, None not yet.

    Upheld when more than half of the jury's ``jury_size`` members uphold; rejected as soon as the
    remaining members can no longer make such a majority (half of the jury or more rejects: a tie
    rejects, as in ``outcome``). Either way the result is the one all members' votes would give.
    """
    if jury_size < 1:
        raise DecisionInvalid("no_jury")
    if votes:
        outcome(votes)  # the checks: members vote once, each with a reason
    if len(votes) > jury_size:
        raise DecisionInvalid("too_many_votes")
    uphold = sum(v.uphold for v in votes)
    if 2 * uphold > jury_size:
        return True
    if 2 * (len(votes) - uphold) >= jury_size:
        return False
    return None


def _sides(sides: Sequence[str]) -> tuple[Label, ...]:
    return tuple(SIDES.get(s, Label(s, s)) for s in sides)


def _delta(value: str | None) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DecisionInvalid("delta_not_number", value=value) from None
    if not number.is_finite() or number == 0:
        raise DecisionInvalid("delta_zero")
    return str(number)


def remedy_event(remedy: Remedy, sides: Sequence[str], appeal_id: int, reason: str) -> tuple[str, dict[str, Any]]:
    """The (kind, payload) one remedy appends to the contest log."""
    why = f"khiếu nại số {appeal_id}: {reason}"  # read in the log and the explanation
    if remedy.kind == "void":
        if remedy.corrects is None or remedy.corrects < 2:
            raise DecisionInvalid("void_needs_event")
        return "correction", {"corrects": remedy.corrects, "reason": why, "appeal_id": appeal_id}
    if remedy.side not in sides and remedy.kind == "adjust":
        raise DecisionInvalid("side_unknown", sides=_sides(sides))
    if remedy.kind == "adjust":
        data = {"side": remedy.side, "delta": _delta(remedy.delta), "reason": why, "appeal_id": appeal_id}
        if remedy.round is not None:
            data["round"] = remedy.round  # counts in that (ended) round: its winner is decided again
        return "score_adjusted", data
    if remedy.kind == "decide":
        method = (remedy.method or "").strip()
        if remedy.winner not in sides or not method:
            raise DecisionInvalid("decide_needs_winner")
        return "decision", {"winner": remedy.winner, "method": method, "reason": why, "appeal_id": appeal_id}
    raise DecisionInvalid("remedy_unknown", remedies=tuple(REMEDIES[k] for k in REMEDY_KINDS))


def decision_events(
    upheld: bool, remedies: Sequence[Remedy], sides: Sequence[str], appeal_id: int, reason: str
) -> list[tuple[str, dict[str, Any]]]:
    """The events an outcome appends before ``appeal_closed``: the remedies if upheld, else none."""
    if not reason.strip():
        raise DecisionInvalid("decision_reason")
    if not upheld:
        if remedies:
            raise DecisionInvalid("rejected_no_remedy")
        return []
    if not remedies:
        raise DecisionInvalid("upheld_needs_remedy")
    return [remedy_event(r, sides, appeal_id, reason.strip()) for r in remedies]
