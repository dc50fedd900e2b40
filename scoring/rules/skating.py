"""Figure skating (ISU judging system): panel GOE per element, program components with factors,
segment score = TES + PCS - deductions. Trimmed means use the same primitive as every panel.

ISU Special Regulations rule 353: judges' grades/marks, highest and lowest deleted, the mean of
the rest rounded to two decimals. Since 2018/19 a GOE grade (-5..+5) is worth 10% of the base
value per grade; before, each grade (-3..+3) was read from the Scale of Values table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.rules.explanation import Step, dec
from scoring.rules.ruleset import Skating
from scoring.rules.trimming import SeatMark, drops_for, trim

TEN_PERCENT = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class ElementScore:
    code: str
    base_value: Decimal
    goe: Decimal
    score: Decimal
    step: Step


def _trimmed_mean(rules: Skating, marks: Sequence[SeatMark]) -> tuple[Decimal, tuple[SeatMark, ...], tuple[SeatMark, ...]]:
    present = [(s, v) for s, v in marks]
    small = {int(k): v for k, v in rules.small_panel.items()}
    high, low = drops_for(len(present), rules.drop_high, rules.drop_low, small)
    t = trim(present, high, low, "mean")
    return t.value, t.kept, t.dropped_high + t.dropped_low


def element(rules: Skating, code: str, base_value: Decimal, grades: Sequence[SeatMark]) -> ElementScore:
    """Score an element from the judges' GOE grades (current scale: grade x 10% of base value)."""
    for seat, g in grades:
        if not (rules.goe_min <= g <= rules.goe_max) or g != g.to_integral_value():
            raise ValueError(f"GOE grade {g} of {seat} is not an integer {rules.goe_min}..{rules.goe_max}")
    values = [(s, g * TEN_PERCENT * base_value) for s, g in grades]
    mean, kept, dropped = _trimmed_mean(rules, values)
    goe = rules.goe_rounding.apply(mean)
    step = Step(f"{code} GOE", f"trimmed mean of grade x 10% of {base_value}, {rules.goe_rounding}", dec(goe), kept, dropped)
    return ElementScore(code, base_value, goe, base_value + goe, step)


def element_from_panel_goe(code: str, base_value: Decimal, goe: Decimal) -> ElementScore:
    """An element whose panel GOE is already known (e.g. read from a published protocol)."""
    step = Step(f"{code}", "element score = base value + panel GOE", dec(base_value + goe))
    return ElementScore(code, base_value, goe, base_value + goe, step)


def component(rules: Skating, name: str, marks: Sequence[SeatMark]) -> tuple[Decimal, Step]:
    """A program component: the trimmed mean of the marks present, rounded (a missing judge shrinks
    the panel: ISU protocols print such a mark as 0.0)."""
    for seat, m in marks:
        if not (rules.component_min <= m <= rules.component_max) or (m - rules.component_min) % rules.component_step:
            raise ValueError(f"component mark {m} of {seat} is off the {rules.component_step} scale")
    mean, kept, dropped = _trimmed_mean(rules, marks)
    value = rules.component_rounding.apply(mean)
    return value, Step(f"{name}", f"trimmed mean, {rules.component_rounding}", dec(value), kept, dropped)


@dataclass(frozen=True, slots=True)
class SegmentScore:
    tes: Decimal
    pcs: Decimal
    deductions: Decimal
    total: Decimal
    steps: tuple[Step, ...]


def segment(
    rules: Skating,
    elements: Sequence[ElementScore],
    components: Sequence[tuple[str, Decimal, Decimal]],
    deductions: Decimal,
) -> SegmentScore:
    """TES = sum of element scores; PCS = sum of (component x factor, each rounded); TSS = TES + PCS - ded."""
    steps = [e.step for e in elements]
    tes = sum((e.score for e in elements), Decimal(0))
    steps.append(Step("TES", "sum of element scores", dec(tes)))
    factored = [(name, rules.factored_rounding.apply(value * factor)) for name, value, factor in components]
    for name, value in factored:
        steps.append(Step(f"{name} x factor", f"component x factor, {rules.factored_rounding}", dec(value)))
    pcs = sum((v for _, v in factored), Decimal(0))
    steps.append(Step("PCS", "sum of factored components", dec(pcs)))
    total = tes + pcs - deductions
    steps.append(Step("TSS", "TES + PCS - deductions", dec(total), data={"deductions": dec(deductions)}))
    return SegmentScore(tes, pcs, deductions, total, tuple(steps))
