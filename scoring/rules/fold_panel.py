"""Folds a judged performance's log (diving, gymnastics, kata, wushu) into a ContestScore.
A later mark of the same seat and component replaces the earlier one (a judge re-entering).
A ``panel_score`` event {"component", "value"} gives a panel's published score (a result book's
E or D) instead of its judges' marks; a component takes one or the other, never both.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from scoring.rules.contest import ContestScore, LogEvent, SideScore
from scoring.rules.errors import InputInvalid
from scoring.rules.explanation import Explanation, Step
from scoring.rules.panel import GivenPenalty, check_code, check_mark, check_published, score_panel
from scoring.rules.rounding import plain, to_decimal
from scoring.rules.ruleset import Component, RuleSet


def component_for(rs: RuleSet, seat: Any, name: Any) -> Component:
    """The component a mark is for: named, or the only one the seat sits on."""
    assert rs.panel is not None
    comps = [c for c in rs.panel.components if seat in c.all_seats]
    if name is not None:
        comps = [c for c in comps if c.name == name]
    if len(comps) != 1:
        known = [c.name for c in rs.panel.components]
        why = "needs a component" if len(comps) > 1 else "is not on the panel for that component"
        raise InputInvalid("mark", f"seat {seat!r} {why} (components {known})")
    return comps[0]


def published_component(rs: RuleSet, data: Mapping[str, Any]) -> tuple[Component, Decimal]:
    """The component and value of a ``panel_score`` payload, checked (``check_published``)."""
    assert rs.panel is not None
    name = data.get("component")
    comp = next((c for c in rs.panel.components if c.name == name), None)
    if comp is None:
        raise InputInvalid("panel score", f"{name!r} is not a component of {rs.id} (components {[c.name for c in rs.panel.components]})")
    value = to_decimal(data.get("value"), f"{comp.name} score")
    check_published(comp, value)
    return comp, value


def contest_params(rs: RuleSet, params: Mapping[str, Any]) -> dict[str, Decimal]:
    """The per-contest numbers the rule set multiplies in (e.g. dd), as exact Decimals."""
    assert rs.panel is not None
    out = {}
    for name in rs.panel.multipliers:
        if name in params:
            out[name] = to_decimal(params[name], f"contest param {name}")
            if out[name] <= 0:
                raise InputInvalid(f"contest param {name}", "must be positive")
    return out


class PanelFold:
    def __init__(self, rs: RuleSet, side: str, params: Mapping[str, Any]) -> None:
        assert rs.panel is not None
        self.rs, self.side = rs, side
        self.params = contest_params(rs, params)
        self.marks: dict[str, dict[str, tuple[Decimal, int]]] = {}
        self.published: dict[str, tuple[Decimal, int]] = {}
        self.codes: dict[str, dict[str, list[str]]] = {}  # component -> seat -> codes recorded, in order
        self.penalties: list[GivenPenalty] = []
        self.adjustments: list[tuple[Decimal, int, str]] = []
        self.ended = False

    def apply(self, ev: LogEvent) -> None:
        """Apply one event; raises InputInvalid (the event changes nothing) for a refused payload."""
        d = ev.data
        if ev.kind == "mark":
            comp = component_for(self.rs, d.get("seat"), d.get("component"))
            if comp.input == "codes" or d.get("code") is not None:  # {"seat", "code"}: one recorded error; they accumulate
                check_code(comp, str(d.get("seat")), d.get("code"))
                if comp.name in self.published:
                    raise InputInvalid("mark", f"{comp.name} has a published score: its judges' codes are not taken as well")
                self.codes.setdefault(comp.name, {}).setdefault(d["seat"], []).append(d["code"])
                return
            value = to_decimal(d.get("value"), "mark value")
            check_mark(comp, d["seat"], value)
            if comp.name in self.published:
                raise InputInvalid("mark", f"{comp.name} has a published score: its judges' marks are not taken as well")
            self.marks.setdefault(comp.name, {})[d["seat"]] = (value, ev.seq)
        elif ev.kind == "panel_score":
            comp, value = published_component(self.rs, d)
            if self.marks.get(comp.name) or self.codes.get(comp.name):
                raise InputInvalid("panel score", f"{comp.name} has judges' marks: a published {comp.name} score is not taken as well")
            self.published[comp.name] = (value, ev.seq)
        elif ev.kind == "penalty":
            assert self.rs.panel is not None
            codes = [p.code for p in self.rs.panel.penalties]
            if d.get("code") not in codes:
                raise InputInvalid("penalty", f"code {d.get('code')!r} is not one of {codes}")
            amount = to_decimal(d["value"], "penalty value") if d.get("value") is not None else None
            self.penalties.append(GivenPenalty(d["code"], amount, ev.seq))
        elif ev.kind == "score_adjusted":
            self.adjustments.append((to_decimal(d.get("delta"), "score_adjusted delta"), ev.seq, str(d.get("reason", ""))))
        elif ev.kind == "contest_ended":
            self.ended = True

    def result(self, ignored: list[dict[str, Any]], last_seq: int) -> ContestScore:
        rs = self.rs
        assert rs.panel is not None
        marks = {c: {s: v for s, (v, _) in seats.items()} for c, seats in self.marks.items()}
        steps: list[Step] = []
        missing = [m for m in rs.panel.multipliers if m not in self.params]
        if missing:
            steps.append(Step(f"waiting for contest params {missing}", "rule set multipliers"))
            res = None
        else:
            published = {c: v for c, (v, _) in self.published.items()}
            res = score_panel(rs.panel, marks, self.params, self.penalties, closed=self.ended, published=published, codes=self.codes)
            steps.extend(res.steps)
        total = res.total if res is not None else None
        if total is not None:
            for delta, seq, reason in self.adjustments:
                total += delta
                steps.append(Step(f"adjusted {delta:+}", f"head referee correction: {reason}", plain(total), seqs=(seq,)))
        detail = {
            "components": {k: plain(v) for k, v in (res.components if res else {}).items()},
            "marks": {c: {s: plain(v) for s, v in seats.items()} for c, seats in marks.items()},
            **({"codes": {c: {s: list(v) for s, v in seats.items()} for c, seats in self.codes.items()}} if self.codes else {}),
            **({"published": {c: plain(v) for c, (v, _) in self.published.items()}} if self.published else {}),
            "params": {k: plain(v) for k, v in self.params.items()},
        }
        deducted = res.deducted if res is not None else Decimal(0)
        side = SideScore(total, deducted, detail)
        complete = res is not None and res.complete
        state = "ended" if self.ended else "running"
        return ContestScore(
            rs.id,
            {self.side: side},
            None,
            None,
            state,
            None,
            complete,
            Explanation(rs.id, rs.source, tuple(steps)),
            tuple(ignored),
            last_seq,
        )
