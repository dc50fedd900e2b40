"""10-point-must cards (boxing, IBA / World Boxing): each judge gives the round winner ``must``
points and the other fewer; each judge's totals after penalties pick a winner; most judges win.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from scoring.rules.errors import InputInvalid
from scoring.rules.explanation import Step, dec
from scoring.rules.ruleset import BoutPenalty, Cards


@dataclass(slots=True)
class CardState:
    rules: Cards
    sides: tuple[str, ...]
    # seat -> round -> (side -> points); the last card of a seat and round replaces an earlier one
    cards: dict[str, dict[int, dict[str, Decimal]]] = field(default_factory=dict)
    preferred: dict[str, str] = field(default_factory=dict)  # seat -> side, for an even total
    deductions: dict[str, Decimal] = field(default_factory=dict)
    penalty_counts: dict[str, int] = field(default_factory=dict)
    disqualified: str | None = None

    def card(self, seat: str, round_no: int, points: dict[str, Decimal], preferred: str | None) -> None:
        """Record a judge's round card; raises InputInvalid for a card the 10-point-must refuses."""
        c = self.rules
        if seat not in c.seats:
            raise InputInvalid("card", f"seat {seat} is not one of {list(c.seats)}")
        if not 1 <= round_no <= c.rounds:
            raise InputInvalid("card", f"round {round_no} is not 1..{c.rounds}")
        if set(points) != set(self.sides):
            raise InputInvalid("card", f"a card scores exactly {list(self.sides)}")
        if max(points.values()) != c.must or min(points.values()) < c.min:
            raise InputInvalid("card", f"the round winner gets {c.must}, the other {c.min}..{c.must}")
        if preferred is not None and preferred not in self.sides:
            raise InputInvalid("card", f"preferred {preferred!r} is not a side")
        self.cards.setdefault(seat, {})[round_no] = points
        if preferred is not None:
            self.preferred[seat] = preferred

    def penalise(self, side: str, rule: BoutPenalty) -> None:
        # A referee's warning costs one point on every judge's card (IBA Technical Rules).
        self.deductions[side] = self.deductions.get(side, Decimal(0)) - rule.own_points
        self.penalty_counts[side] = self.penalty_counts.get(side, 0) + rule.counts
        if rule.disqualifies:
            self.disqualified = side

    def totals(self, seat: str) -> dict[str, Decimal]:
        rounds = self.cards.get(seat, {})
        return {s: sum((r[s] for r in rounds.values()), Decimal(0)) - self.deductions.get(s, Decimal(0)) for s in self.sides}

    def complete(self) -> bool:
        return all(len(self.cards.get(seat, {})) == self.rules.rounds for seat in self.rules.seats)

    def votes(self, steps: list[Step]) -> dict[str, str | None]:
        """Each judge's winner by total points; an even total goes to the judge's preferred side."""
        out: dict[str, str | None] = {}
        for seat in self.rules.seats:
            totals = self.totals(seat)
            best = max(totals.values())
            leaders = [s for s, v in totals.items() if v == best]
            vote = leaders[0] if len(leaders) == 1 else self.preferred.get(seat)
            out[seat] = vote
            shown = ":".join(dec(totals[s]) or "" for s in self.sides)
            steps.append(Step(f"{seat} card {shown}", "10-point-must: judge's total after warnings", vote))
        return out
