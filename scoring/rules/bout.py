"""Bouts decided by points (taekwondo, kumite, pencak silat, vovinam): rounds, penalties, point
gap, senshu, and tie-break chains ending in "tied", "lots" or "referee_decision".

The caller feeds confirmed points, penalties, adjustments and round boundaries; ``outcome`` says
who won, how, and which rule decided. Pure and O(1) per input.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from scoring.rules.explanation import Step, dec
from scoring.rules.ruleset import Bout, BoutPenalty

ZERO = Decimal(0)


@dataclass(slots=True)
class Tally:
    """One side's numbers over a round or the bout."""

    points: Decimal = ZERO
    by_category: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    count_by_category: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    penalties: int = 0

    def add(self, category: str, value: Decimal) -> None:
        self.points += value
        self.by_category[category] += value
        self.count_by_category[category] += 1


@dataclass(frozen=True, slots=True)
class Outcome:
    winner: str | None
    method: str | None
    rule: str


class BoutState:
    """Running totals per round and side, and the decisions taken so far."""

    def __init__(self, bout: Bout, sides: tuple[str, ...]) -> None:
        self.bout = bout
        self.sides = sides
        self.rounds: dict[int, dict[str, Tally]] = {}
        self.round_outcomes: dict[int, Outcome] = {}
        self.match_outcome: Outcome | None = None
        self.senshu: str | None = None
        self.senshu_revoked = False
        self.senshu_start: int | None = None
        self.last_start: dict[str, int] = {}
        self.pending_rounds: dict[int, Outcome] = {}
        self.steps: list[Step] = []

    def tally(self, round_no: int, side: str) -> Tally:
        per_round = self.rounds.get(round_no)
        if per_round is None:
            per_round = self.rounds[round_no] = {s: Tally() for s in self.sides}
        return per_round[side]

    def total(self, side: str) -> Tally:
        out = Tally()
        for per_round in self.rounds.values():
            t = per_round[side]
            out.points += t.points
            out.penalties += t.penalties
            for k, v in t.by_category.items():
                out.by_category[k] += v
            for k, n in t.count_by_category.items():
                out.count_by_category[k] += n
        return out

    def other(self, side: str) -> str:
        return next(s for s in self.sides if s != side)

    def decided(self) -> bool:
        return self.match_outcome is not None

    def score(self, round_no: int, side: str, category: str, value: Decimal, seqs: tuple[int, ...], start_us: int, window_us: int) -> None:
        """Add a confirmed score; ``start_us`` (group opening) decides whether it was unopposed."""
        if self.decided() or round_no in self.round_outcomes:
            return
        self.tally(round_no, side).add(category, value)
        if self.bout.senshu:
            self._senshu(side, seqs, start_us, window_us)
        self.last_start[side] = start_us
        self._check_gap(round_no, seqs)

    def _senshu(self, side: str, seqs: tuple[int, ...], start_us: int, window_us: int) -> None:
        # WKF Kumite rules: senshu goes to the first unopposed score; scores of both sides inside
        # one window are not unopposed, and a withdrawn senshu is not awarded again.
        other_start = self.last_start.get(self.other(side))
        opposed = other_start is not None and abs(start_us - other_start) <= window_us
        if self.senshu == self.other(side) and opposed and self.senshu_start == other_start:
            self.senshu = None
            self.steps.append(Step("senshu not given", "both sides scored inside one window", seqs=seqs))
        elif self.senshu is None and not self.senshu_revoked and not opposed:
            self.senshu, self.senshu_start = side, start_us
            self.steps.append(Step(f"senshu {side}", "first unopposed score (WKF senshu)", seqs=seqs))

    def penalise(self, round_no: int, side: str, rule: BoutPenalty, seq: int) -> None:
        if self.decided() or round_no in self.round_outcomes:
            return
        mine = self.tally(round_no, side)
        mine.penalties += rule.counts
        if rule.own_points:
            mine.add("penalty", rule.own_points)
        if rule.opponent_points:
            self.tally(round_no, self.other(side)).add("penalty", rule.opponent_points)
        self.steps.append(Step(f"penalty {rule.code} to {side}", f"penalty {rule.code}", seqs=(seq,)))
        if rule.revokes_senshu and self.senshu == side:
            self.senshu, self.senshu_revoked = None, True
            self.steps.append(Step(f"senshu withdrawn from {side}", f"penalty {rule.code} withdraws senshu"))
        if rule.disqualifies:
            self._win(self.other(side), "disqualification", f"penalty {rule.code} disqualifies")
            return
        limit = self.bout.penalty_limit
        if limit is not None:
            count = mine.penalties if self.bout.penalty_limit_scope == "round" else self.total(side).penalties
            if count >= limit:
                rule_text = f"{limit} penalties in a {self.bout.penalty_limit_scope}"
                self._lose(round_no, side, "penalties", rule_text)
        self._check_gap(round_no, (seq,))

    def _check_gap(self, round_no: int, seqs: tuple[int, ...]) -> None:
        gap = self.bout.point_gap
        if gap is None or self.decided():
            return
        a, b = self.sides
        if self.bout.point_gap_scope == "round":
            pa, pb = self.tally(round_no, a).points, self.tally(round_no, b).points
        else:
            pa, pb = self.total(a).points, self.total(b).points
        if abs(pa - pb) >= gap:
            leader = a if pa > pb else b
            self._lose(round_no, self.other(leader), "point_gap", f"point gap {gap} in the {self.bout.point_gap_scope}")

    def _lose(self, round_no: int, loser: str, method: str, rule: str) -> None:
        winner = self.other(loser)
        if self.bout.match == "rounds-won" and (method != "point_gap" or self.bout.point_gap_scope == "round"):
            self.decide_round(round_no, Outcome(winner, method, rule))
        else:
            self._win(winner, method, rule)

    def _win(self, winner: str | None, method: str, rule: str) -> None:
        self.match_outcome = Outcome(winner, method, rule)
        self.steps.append(Step(f"winner {winner}", rule, data={"method": method}))

    def decide_round(self, round_no: int, outcome: Outcome) -> None:
        if round_no in self.round_outcomes or self.decided():
            return
        self.round_outcomes[round_no] = outcome
        self.steps.append(Step(f"round {round_no} winner {outcome.winner}", outcome.rule, data={"method": outcome.method}))
        wins = {s: sum(1 for o in self.round_outcomes.values() if o.winner == s) for s in self.sides}
        need = self.bout.rounds // 2 + 1
        for side, n in wins.items():
            if n >= need:
                self._win(side, outcome.method or "points", f"won {n} of {self.bout.rounds} rounds")

    def decide(self, winner: str, method: str, round_no: int | None, reason: str, seq: int) -> None:
        """A referee's or jury's decision (superiority, withdrawal, lots...): it overrides the count."""
        rule = f"decision: {reason}" if reason else "decision"
        if round_no is not None and self.bout.match == "rounds-won":
            self.decide_round(round_no, Outcome(winner, method, rule))
        else:
            self.match_outcome = Outcome(winner, method, rule)
            self.steps.append(Step(f"winner {winner}", rule, seqs=(seq,), data={"method": method}))

    def end_round(self, round_no: int) -> None:
        if self.bout.match != "rounds-won" or round_no in self.round_outcomes or self.decided():
            return
        a, b = (self.tally(round_no, s) for s in self.sides)
        outcome = compare(self.bout.round_tiebreak, self.sides, (a, b), self, f"round {round_no}")
        if outcome.winner is not None:
            self.decide_round(round_no, outcome)
        else:
            self.pending_rounds[round_no] = outcome

    def end_match(self) -> Outcome | None:
        if self.decided() or self.bout.match == "rounds-won":
            return self.match_outcome
        a, b = (self.total(s) for s in self.sides)
        outcome = compare(self.bout.tiebreak, self.sides, (a, b), self, "bout")
        if outcome.winner is not None or outcome.method == "tied":
            self._win(outcome.winner, outcome.method or "points", outcome.rule)
        return outcome


def compare(chain: tuple[str, ...], sides: tuple[str, ...], tallies: tuple[Tally, Tally], state: BoutState, scope: str) -> Outcome:
    """Higher points win; on equal points walk the tie-break chain to its terminal."""
    (a, b), (ta, tb) = sides, tallies
    if ta.points != tb.points:
        return Outcome(a if ta.points > tb.points else b, "points", f"more points in the {scope} ({dec(ta.points)}:{dec(tb.points)})")
    for item in chain:
        name, _, arg = item.partition(":")
        cats = arg.split("+") if arg else []
        if name == "more-points":
            va, vb = (sum((t.by_category.get(c, ZERO) for c in cats), ZERO) for t in tallies)
        elif name == "more-count":
            va, vb = (Decimal(sum(t.count_by_category.get(c, 0) for c in cats)) for t in tallies)
        elif name == "fewer-penalties":
            va, vb = Decimal(-ta.penalties), Decimal(-tb.penalties)
        elif name == "senshu":
            va, vb = Decimal(state.senshu == a), Decimal(state.senshu == b)
        elif name == "more-rounds-won":
            va, vb = (Decimal(sum(1 for o in state.round_outcomes.values() if o.winner == s)) for s in sides)
        else:  # a terminal: tied, lots, referee_decision
            return Outcome(None, item, f"tie-break in the {scope}: {item}")
        if va != vb:
            return Outcome(a if va > vb else b, "tiebreak", f"tie-break in the {scope}: {item}")
    return Outcome(None, "tied", f"tie-break chain of the {scope} exhausted")
