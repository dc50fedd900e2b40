"""Folds a button-scored bout's log (taekwondo, kumite, pencak silat, vovinam) into a ContestScore:
presses -> consensus groups -> points per round -> penalties, gap, tie-breaks, decisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from scoring.rules.bout import BoutState, Outcome, Tally
from scoring.rules.consensus import ConsensusFold, Group, Press
from scoring.rules.contest import ContestScore, LogEvent, SideScore, effect_us, micros, pressed_at
from scoring.rules.errors import InputInvalid
from scoring.rules.explanation import Explanation, Step, dec
from scoring.rules.rounding import plain, to_decimal
from scoring.rules.ruleset import BoutPenalty, Button, RuleSet


def button_index(rs: RuleSet, sides: Sequence[str]) -> dict[tuple[str, Any], Button]:
    """(side, value) or (side, code) -> button, as the rule set's match key says."""
    assert rs.consensus is not None
    by_code = rs.consensus.match == "side-code"
    return {(s, b.code if by_code else b.value): b for b in rs.consensus.buttons for s in (b.sides or sides)}


def parse_press(rs: RuleSet, sides: Sequence[str], index: Mapping[tuple[str, Any], Button], ev: LogEvent, round_no: int) -> Press:
    """A press event as a Press; raises InputInvalid for an unknown seat, side or button."""
    assert rs.consensus is not None
    d = ev.data
    seat, side = d.get("seat"), d.get("side")
    if not isinstance(seat, str) or seat not in rs.consensus.seats:
        raise InputInvalid("press", f"seat {seat!r} is not one of {list(rs.consensus.seats)}")
    if not isinstance(side, str) or side not in sides:
        raise InputInvalid("press", f"side {side!r} is not one of {list(sides)}")
    if rs.consensus.match == "side-code":
        ident: Any = d.get("code")
    else:
        ident = to_decimal(d.get("value"), "press value")
    button = index.get((side, ident))
    if button is None:
        raise InputInvalid("press", f"no button {ident} for {side}")
    if d.get("pressed_at") is not None and pressed_at(ev) is None:
        raise InputInvalid("press", f"pressed_at {d.get('pressed_at')!r} is not a time with a zone")
    return Press(ev.seq, seat, side, button, effect_us(ev), round_no, d.get("t_device"))


def penalty_rule(penalties: Sequence[BoutPenalty], sides: Sequence[str], data: Mapping[str, Any]) -> tuple[str, BoutPenalty]:
    side, code = data.get("side"), data.get("code")
    if not isinstance(side, str) or side not in sides:
        raise InputInvalid("penalty", f"side {side!r} is not one of {list(sides)}")
    for rule in penalties:
        if rule.code == code:
            return side, rule
    raise InputInvalid("penalty", f"code {code!r} is not one of {[p.code for p in penalties]}")


def parse_decision(sides: Sequence[str], data: Mapping[str, Any]) -> tuple[str, str, int | None, str]:
    winner, method = data.get("winner"), data.get("method")
    if not isinstance(winner, str) or winner not in sides:
        raise InputInvalid("decision", f"winner {winner!r} is not one of {list(sides)}")
    if not isinstance(method, str) or not method:
        raise InputInvalid("decision", "a decision names its method")
    round_no = data.get("round")
    if round_no is not None and (not isinstance(round_no, int) or isinstance(round_no, bool)):
        raise InputInvalid("decision", "round must be an integer")
    return winner, method, round_no, str(data.get("reason", ""))


class BoutFold:
    """Feed a bout's events one by one (``apply``); ``result`` builds the ContestScore."""

    def __init__(self, rs: RuleSet, sides: tuple[str, ...]) -> None:
        assert rs.consensus is not None and rs.bout is not None
        self.rs, self.sides = rs, sides
        self.index = button_index(rs, sides)
        self.consensus = ConsensusFold(rs.consensus)
        self.state = BoutState(rs.bout, sides)
        self.round, self.in_round, self.ended = 1, True, False
        self.origin_us: int | None = None
        self.outside: list[int] = []

    def apply(self, ev: LogEvent) -> None:
        """Apply one event; raises InputInvalid (the event changes nothing) for a refused payload."""
        kind, d = ev.kind, ev.data
        if self.origin_us is None:
            self.origin_us = micros(ev.at)
        if kind == "press":
            self._press(ev)
        elif kind == "round_started":
            self.round, self.in_round = _round(d, self.rs), True
        elif kind == "round_ended":
            self.in_round = False
            self.state.end_round(_round(d, self.rs))
            if self.state.bout.match == "total" and _round(d, self.rs) >= self.state.bout.rounds:
                self.state.end_match()
        elif kind == "contest_ended":
            self.ended = True
            self.state.end_match()
        elif kind == "penalty":
            side, rule = penalty_rule(self.state.bout.penalties, self.sides, d)
            self.state.penalise(self.round, side, rule, ev.seq)
        elif kind == "score_adjusted":
            adjusted = d.get("side")
            if not isinstance(adjusted, str) or adjusted not in self.sides:
                raise InputInvalid("score_adjusted", f"side {adjusted!r} is not one of {list(self.sides)}")
            delta = to_decimal(d.get("delta"), "score_adjusted delta")
            named = d.get("round")
            if named is not None and named != self.round:
                # Only an ended round can be named (it is then replayed into that round).
                raise InputInvalid("score_adjusted", f"round {named!r} has not been played yet")
            self.state.tally(self.round, adjusted).add("adjustment", delta)
            self.state.steps.append(Step(f"{adjusted} {delta:+}", f"head referee correction: {d.get('reason', '')}", seqs=(ev.seq,)))
        elif kind == "decision":
            winner, method, round_no, reason = parse_decision(self.sides, d)
            self.state.decide(winner, method, round_no, reason, ev.seq)

    def _press(self, ev: LogEvent) -> None:
        press = parse_press(self.rs, self.sides, self.index, ev, self.round)
        if not self.in_round:
            self.outside.append(ev.seq)
            return
        group = self.consensus.feed(press)
        if group is not None:
            seqs = tuple(p.seq for p in group.counted)
            self.state.score(
                group.round, group.side, group.button.category, group.button.value, seqs, group.start_us, self.consensus.window_us
            )

    def result(self, ignored: list[dict[str, Any]], last_seq: int) -> ContestScore:
        st, rs = self.state, self.rs
        outcome = st.match_outcome
        rounds_won = {s: sum(1 for o in st.round_outcomes.values() if o.winner == s) for s in self.sides}
        sides = {s: self._side(s, rounds_won[s]) for s in self.sides}
        steps = [self._cached_step(g) for g in self.consensus.all_groups()]
        if self.outside:
            steps.append(Step("presses between rounds", "presses outside a round do not score", seqs=tuple(self.outside)))
        steps.extend(st.steps)
        steps.extend(Step(f"round {r} awaits {o.method}", o.rule) for r, o in st.pending_rounds.items() if r not in st.round_outcomes)
        if outcome is None and self.ended:
            pending = st.end_match()
            if pending is not None and pending.winner is None:
                steps.append(Step(f"bout awaits {pending.method}", pending.rule))
        return bout_score(rs, sides, outcome, self.ended, self.round, steps, ignored, last_seq)

    def _side(self, side: str, rounds_won: int) -> SideScore:
        per_round = {str(r): _tally_dict(t[side]) for r, t in sorted(self.state.rounds.items())}
        total = self.state.total(side)
        current = self.state.rounds.get(self.round, {}).get(side, Tally())
        by_rounds = self.state.bout.match == "rounds-won"
        shown = current if by_rounds else total
        detail = {"rounds": per_round, "rounds_won": rounds_won, "senshu": self.state.senshu == side, "bout_points": plain(total.points)}
        return SideScore(shown.points, Decimal(shown.penalties), detail)

    def _cached_step(self, g: Group) -> Step:
        # A closed group never changes: its step is built once, so result() stays cheap per event.
        shape = (len(g.counted), len(g.duplicates), g.confirmed)
        if g.explained is None or g.explained[0] != shape:
            g.explained = (shape, self._group_step(g))
        step: Step = g.explained[1]
        return step

    def _group_step(self, g: Group) -> Step:
        c = self.rs.consensus
        assert c is not None
        rule = f"{c.quorum} of {len(c.seats)} seats within {c.window}s ({c.anchor}, {c.bound})"
        label = f"{g.side} +{g.button.value} {g.button.label}"
        what = label if g.confirmed else f"{label} unconfirmed ({len(g.counted)} of {c.quorum})"
        return Step(
            what,
            rule,
            dec(g.button.value) if g.confirmed else "0",
            seqs=tuple(p.seq for p in g.counted + g.duplicates),
            data=g.as_dict(self.origin_us or 0),
        )


def _round(d: Mapping[str, Any], rs: RuleSet) -> int:
    r = d.get("round")
    if not isinstance(r, int) or isinstance(r, bool) or r < 1:
        raise InputInvalid("round", f"round {r!r} must be a positive integer")
    return r


def _tally_dict(t: Tally) -> dict[str, Any]:
    return {"points": plain(t.points), "penalties": t.penalties, "by_category": {k: plain(v) for k, v in t.by_category.items()}}


__all__ = ["BoutFold", "Outcome", "parse_press", "penalty_rule", "parse_decision"]


def bout_score(
    rs: RuleSet,
    sides: dict[str, SideScore],
    outcome: Outcome | None,
    ended: bool,
    round_no: int | None,
    steps: Sequence[Step],
    ignored: Sequence[Mapping[str, Any]],
    last_seq: int,
) -> ContestScore:
    """The score of a two-sided contest (buttons or cards): decided once it has an outcome."""
    state = "decided" if outcome is not None else "ended" if ended else "running"
    return ContestScore(
        rs.id,
        sides,
        outcome.winner if outcome else None,
        outcome.method if outcome else None,
        state,
        round_no,
        outcome is not None,
        Explanation(rs.id, rs.source, tuple(steps)),
        tuple(ignored),
        last_seq,
    )
