"""Judged performances: marks of each component trimmed, weighted, multiplied, penalised.

Diving (sum of the kept awards x DD [x 0.6 synchro]), FIG (D + E - neutral deductions), kata
(0.7 technical + 0.3 athletic), wushu (A + B + C - deductions): one function, the rule set decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from scoring.rules.errors import InputInvalid
from scoring.rules.explanation import Step, dec
from scoring.rules.rounding import on_step
from scoring.rules.ruleset import Component, Panel, PanelPenalty
from scoring.rules.trimming import drops_for, trim_groups


@dataclass(frozen=True, slots=True)
class GivenPenalty:
    """A penalty the referee gave: its code, an amount when the code takes one, its event seq."""

    code: str
    amount: Decimal | None = None
    seq: int = 0


@dataclass(frozen=True, slots=True)
class PanelResult:
    """``total`` is None when the marks cannot yet give a score; ``complete`` when every seat marked."""

    total: Decimal | None
    components: Mapping[str, Decimal]
    deducted: Decimal
    complete: bool
    steps: tuple[Step, ...]


def check_mark(component: Component, seat: str, value: Decimal) -> None:
    """Raise InputInvalid unless ``seat`` sits on this component and ``value`` is on its scale."""
    if seat not in component.all_seats:
        raise InputInvalid("mark", f"seat {seat} does not judge {component.name}")
    if component.input == "codes":
        raise InputInvalid("mark", f"{component.name} judges record deduction codes ({[c.code for c in component.codes]}), not marks")
    if not on_step(value, component.min, component.max, component.step):
        step = f" in steps of {component.step}" if component.step else ""
        raise InputInvalid("mark", f"{component.name} mark {value} is not {component.min}..{component.max}{step}")


def check_code(component: Component, seat: str, code: object) -> None:
    """Raise InputInvalid unless ``seat`` sits on this codes component and ``code`` is one of its codes."""
    if seat not in component.all_seats:
        raise InputInvalid("mark", f"seat {seat} does not judge {component.name}")
    if component.input != "codes":
        raise InputInvalid("mark", f"{component.name} takes marks, not deduction codes")
    known = [c.code for c in component.codes]
    if code is None:
        raise InputInvalid("mark", f"{component.name} judges record deduction codes ({known}), not marks: give a code")
    if code not in known:
        raise InputInvalid("mark", f"{component.name} deduction code {code!r} is not one of {known}")


def published_range(component: Component) -> tuple[Decimal, Decimal, Decimal | None]:
    """What a panel score of ``component`` can be (low, high, precision): a deduction component
    ``base - max .. base``, a mean ``min .. max``, a sum of the kept marks ``k x min .. k x max``;
    its precision is the component's rounding quantum (FIG E truncate:0.001: 3 decimals), else the
    step of its marks (FIG D: tenths), else any."""
    if component.input in ("deduction", "codes"):
        low, high = max(Decimal(0), component.base - component.max), component.base - component.min
    elif component.aggregate == "mean":
        low, high = component.min, component.max
    else:
        groups = component.seat_groups
        kept = sum(len(g) for g in groups) - len(groups) * (component.drop_high + component.drop_low)
        low, high = component.min * kept, component.max * kept
    return low, high, component.rounding.quantum or component.step


def check_published(component: Component, value: Decimal) -> None:
    """Raise InputInvalid unless ``value`` can be ``component``'s published panel score: in its
    range and with no more decimals than the rule set keeps (``published_range``). A published
    score is taken as printed, never rounded again: one off the rule set's precision is refused."""
    low, high, quantum = published_range(component)
    if value < low or value > high:
        raise InputInvalid("panel score", f"{component.name} score {value} is not {low}..{high}")
    if quantum is not None and value % quantum != 0:
        kept = f"rounding {component.rounding}" if component.rounding.quantum is not None else f"marks in steps of {quantum}"
        raise InputInvalid("panel score", f"{component.name} score {value} has more decimals than the rule set keeps ({kept})")


def score_panel(
    panel: Panel,
    marks: Mapping[str, Mapping[str, Decimal]],
    params: Mapping[str, Decimal],
    penalties: Sequence[GivenPenalty] = (),
    closed: bool = True,
    published: Mapping[str, Decimal] | None = None,
    codes: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
) -> PanelResult:
    """Score one performance from ``marks`` (component -> seat -> mark) and contest ``params``.

    Marks are checked against the component scale (InputInvalid). While the panel is open
    (``closed`` False) a missing mark means "not yet": no total. Once closed, a seat without a mark
    shrinks the panel or is replaced by the mean of the others, as the rule set says.
    ``published`` (component -> score) gives a panel's score as a result book prints it (FIG E,
    D): checked by ``check_published`` and taken as it is, instead of that component's marks
    (InputInvalid when both are given). ``codes`` (component -> seat -> codes recorded) feeds an
    ``input = "codes"`` component, scored once the panel is closed (``_score_codes``).
    """
    steps: list[Step] = []
    rules = {p.code: p for p in panel.penalties}
    effects = _penalty_effects(penalties, rules, steps)
    values: dict[str, Decimal] = {}
    complete = True
    for comp in panel.components:
        given = marks.get(comp.name, {})
        recorded = (codes or {}).get(comp.name, {})
        if published and comp.name in published:
            if given or any(recorded.values()):
                raise InputInvalid("panel score", f"{comp.name} is given both as a published score and as judges' marks")
            check_published(comp, published[comp.name])
            values[comp.name] = published[comp.name]
            steps.append(Step(f"{comp.name}", "published panel score, as printed", dec(published[comp.name])))
            continue
        if comp.input == "codes":
            if not closed:
                complete = False
                continue
            values[comp.name] = _score_codes(comp, recorded, steps)
            continue
        for seat, mark in given.items():
            check_mark(comp, seat, mark)
        if not closed and len(given) < len(comp.all_seats):
            complete = False
            continue
        value, full = _score_component(comp, given, panel.missing, effects, steps)
        complete = complete and full
        if value is not None:
            values[comp.name] = value
    if len(values) < len(panel.components):
        return PanelResult(None, values, Decimal(0), False, tuple(steps))
    return _combine(panel, values, params, penalties, rules, effects, complete, steps)


def _penalty_effects(
    penalties: Sequence[GivenPenalty], rules: Mapping[str, PanelPenalty], steps: list[Step]
) -> list[tuple[PanelPenalty, Decimal | None, int]]:
    out = []
    for given in penalties:
        rule = rules.get(given.code)
        if rule is None:
            raise InputInvalid("penalty", f"code {given.code!r} is not one of {sorted(rules)}")
        amount = rule.amount if rule.amount is not None else given.amount
        if amount is None and rule.effect == "subtract":
            raise InputInvalid("penalty", f"{given.code} needs a value")
        out.append((rule, amount, given.seq))
        steps.append(Step(f"penalty {rule.code}", f"penalty effect {rule.effect}", dec(amount), seqs=(given.seq,)))
    return out


def _score_component(
    comp: Component,
    given: Mapping[str, Decimal],
    missing: str,
    effects: Sequence[tuple[PanelPenalty, Decimal | None, int]],
    steps: list[Step],
) -> tuple[Decimal | None, bool]:
    marks = {s: _adjust(comp, v, effects) for s, v in given.items()}
    absent = [s for s in comp.all_seats if s not in marks]
    if absent and marks and missing == "replace-mean":
        mean = sum(marks.values(), Decimal(0)) / len(marks)
        step = comp.step or Decimal("0.01")
        # The replacement is itself a mark on the scale: the mean rounded to the nearest step.
        fill = (mean / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
        marks.update({s: fill for s in absent})
        steps.append(Step(f"{comp.name} missing {','.join(absent)}", "missing judge replaced by mean", dec(fill)))
    groups = [[(s, marks[s]) for s in g if s in marks] for g in comp.seat_groups]
    groups = [g for g in groups if g]
    count = sum(len(g) for g in groups) if (comp.pooled or len(groups) == 1) else min(len(g) for g in groups) if groups else 0
    small = {int(k): v for k, v in comp.small_panel.items()}
    high, low = drops_for(count, comp.drop_high, comp.drop_low, small)
    if not groups or count - high - low < 1 or (len(groups) < len(comp.seat_groups)):
        return None, False
    trimmed = trim_groups(groups, high, low, comp.aggregate, comp.pooled)
    value = comp.base - trimmed.value if comp.input == "deduction" else trimmed.value
    value = comp.rounding.apply(value)
    how = f"drop {high} high/{low} low{' pooled' if comp.pooled else ''}, {comp.aggregate}"
    if comp.input == "deduction":
        how += f", {comp.base} minus deductions"
    if str(comp.rounding) != "none":
        how += f", {comp.rounding}"
    steps.append(Step(f"{comp.name}", how, dec(value), kept=trimmed.kept, dropped=trimmed.dropped_high + trimmed.dropped_low))
    return value, not absent or missing == "replace-mean"


def _score_codes(comp: Component, recorded: Mapping[str, Sequence[str]], steps: list[Step]) -> Decimal:
    """A deduction code counts as many times as ``quorum`` of the component's judges recorded it
    (the quorum-th highest count among them); value = base - the confirmed deductions."""
    for seat, seat_codes in recorded.items():
        for code in seat_codes:
            check_code(comp, seat, code)
    confirmed: dict[str, dict[str, object]] = {}
    deducted = Decimal(0)
    for rule in comp.codes:
        counts = sorted((list(recorded.get(s, ())).count(rule.code) for s in comp.all_seats), reverse=True)
        times = counts[comp.quorum - 1]
        if any(counts):
            by_seat = {s: list(recorded.get(s, ())).count(rule.code) for s in comp.all_seats if rule.code in recorded.get(s, ())}
            confirmed[rule.code] = {"times": times, "amount": dec(rule.amount), "seats": by_seat}
        deducted += rule.amount * times
    value = comp.rounding.apply(max(comp.base - deducted, comp.base - comp.max, Decimal(0)))
    how = f"a code counts as often as {comp.quorum} of {len(comp.all_seats)} judges recorded it, {comp.base} minus confirmed deductions"
    if str(comp.rounding) != "none":
        how += f", {comp.rounding}"
    counted = [f"{code} x{c['times']}" for code, c in confirmed.items() if c["times"]]
    alone = [code for code, c in confirmed.items() if not c["times"]]
    what = f"{comp.name} (confirmed: {', '.join(counted) or 'none'}" + (f"; not confirmed: {', '.join(alone)})" if alone else ")")
    steps.append(Step(what, how, dec(value), data={"deducted": dec(deducted), "codes": confirmed}))
    return value


def _adjust(comp: Component, value: Decimal, effects: Sequence[tuple[PanelPenalty, Decimal | None, int]]) -> Decimal:
    for rule, amount, _ in effects:
        if rule.effect == "marks-minus" and amount is not None:
            value = max(comp.min, value - amount)
        elif rule.effect == "marks-cap" and amount is not None:
            value = min(value, amount)
    return value


def _combine(
    panel: Panel,
    values: Mapping[str, Decimal],
    params: Mapping[str, Decimal],
    penalties: Sequence[GivenPenalty],
    rules: Mapping[str, PanelPenalty],
    effects: Sequence[tuple[PanelPenalty, Decimal | None, int]],
    complete: bool,
    steps: list[Step],
) -> PanelResult:
    total = sum((c.weight * values[c.name] for c in panel.components), Decimal(0))
    if any(c.weight != 1 for c in panel.components):
        weights = " + ".join(f"{c.weight} x {c.name}" for c in panel.components)
        steps.append(Step("weighted sum", weights, dec(total)))
    for name in panel.multipliers:
        if name not in params:
            raise InputInvalid("contest params", f"{name!r} is required by this rule set")
        total *= params[name]
        steps.append(Step(f"x {name} {params[name]}", f"multiplier {name}", dec(total)))
    if panel.factor != 1:
        total *= panel.factor
        steps.append(Step(f"x {panel.factor}", "factor", dec(total)))
    deducted = sum((a for r, a, _ in effects if r.effect == "subtract" and a is not None), Decimal(0))
    total -= deducted
    if any(r.effect == "zero" for r, _, _ in effects):
        total = Decimal(0)
        steps.append(Step("score", "failed: the score is zero", "0"))
    total = panel.rounding.apply(total)
    if panel.floor is not None and total < panel.floor:
        total = panel.floor
    steps.append(Step("score", f"final ({panel.rounding})", dec(total)))
    return PanelResult(total, values, deducted, complete, tuple(steps))
