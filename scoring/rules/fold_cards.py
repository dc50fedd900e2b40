"""Folds a boxing bout's log (judges' round cards, warnings, referee decisions) into a ContestScore."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.rules.bout import Outcome
from scoring.rules.cards import CardState
from scoring.rules.contest import ContestScore, LogEvent, SideScore
from scoring.rules.errors import InputInvalid
from scoring.rules.explanation import Step
from scoring.rules.fold_bout import bout_score, parse_decision, penalty_rule
from scoring.rules.rounding import plain, to_decimal
from scoring.rules.ruleset import RuleSet


class CardsFold:
    def __init__(self, rs: RuleSet, sides: tuple[str, ...]) -> None:
        assert rs.cards is not None
        if len(sides) != 2:
            raise InputInvalid("contest_created", "a boxing bout has two sides")
        self.rs, self.sides = rs, sides
        self.state = CardState(rs.cards, sides)
        self.decision: Outcome | None = None
        self.steps: list[Step] = []
        self.ended = False
        self.round = 1

    def apply(self, ev: LogEvent) -> None:
        d = ev.data
        if ev.kind == "card":
            r = d.get("round")
            if not isinstance(r, int) or isinstance(r, bool):
                raise InputInvalid("card", "round must be an integer")
            points = {s: to_decimal(d.get(s), f"card {s}") for s in self.sides}
            self.state.card(str(d.get("seat")), r, points, d.get("preferred"))
        elif ev.kind == "penalty":
            assert self.rs.cards is not None
            side, rule = penalty_rule(self.rs.cards.penalties, self.sides, d)
            self.state.penalise(side, rule)
            self.steps.append(Step(f"penalty {rule.code} to {side}", f"{rule.own_points} on every card", seqs=(ev.seq,)))
        elif ev.kind == "decision":
            winner, method, _, reason = parse_decision(self.sides, d)
            self.decision = Outcome(winner, method, f"decision: {reason}" if reason else "decision")
        elif ev.kind == "round_started":
            self.round = d.get("round", self.round)
        elif ev.kind == "contest_ended":
            self.ended = True

    def result(self, ignored: list[dict[str, Any]], last_seq: int) -> ContestScore:
        st, rs = self.state, self.rs
        steps = list(self.steps)
        votes = st.votes(steps)
        outcome = self._outcome(votes)
        if outcome is not None:
            steps.append(Step(f"winner {outcome.winner}", outcome.rule, data={"method": outcome.method}))
        sides = {}
        for s in self.sides:
            detail = {
                "cards": {seat: plain(st.totals(seat)[s]) for seat in st.cards},
                "rounds": {seat: {str(r): plain(p[s]) for r, p in sorted(rounds.items())} for seat, rounds in st.cards.items()},
            }
            won = Decimal(sum(1 for v in votes.values() if v == s))
            sides[s] = SideScore(won, Decimal(st.penalty_counts.get(s, 0)), detail)
        return bout_score(rs, sides, outcome, self.ended, self.round, steps, ignored, last_seq)

    def _outcome(self, votes: dict[str, str | None]) -> Outcome | None:
        if self.decision is not None:
            return self.decision
        if self.state.disqualified is not None:
            winner = next(s for s in self.sides if s != self.state.disqualified)
            return Outcome(winner, "disqualification", "disqualifying penalty")
        if not self.state.complete():
            return None
        counts = {s: sum(1 for v in votes.values() if v == s) for s in self.sides}
        a, b = self.sides
        if counts[a] == counts[b]:
            return Outcome(None, "tied", f"judges split {counts[a]}:{counts[b]}")
        winner = a if counts[a] > counts[b] else b
        kind = "unanimous" if counts[winner] == len(votes) else "split"
        return Outcome(winner, "points", f"{kind} decision {max(counts.values())}:{min(counts.values())} of judges' cards")
