"""Figure skating (ISU judging system): panel GOE per element, program components with factors,
segment score = TES + PCS - deductions. Trimmed means use the same primitive as every panel.

ISU Special Regulations rule 353: judges' grades/marks, highest and lowest deleted, the mean of
the rest rounded to two decimals. Since 2018/19 a GOE grade (-5..+5) is worth 10% of the base
value per grade; before, each grade (-3..+3) was read from the Scale of Values table of the
season (``goe_values = "table"``). A grade off the edition's scale is an error: a 2017-18 grade
is never read on the current scale, nor the reverse.

Which table row an element reads (``sov_row``): a jump by its code with the calls stripped
(``<``, ``e``, ``!``; a downgrade ``<<`` reads the jump of one revolution less); a combination or
sequence (``3Lz+3T``, ``4T+REP``) the row of its jump of highest base value (rule 353: the GOE of
the most difficult jump); any other element by its code as printed. An element the table does
not hold is an error naming it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.rules.explanation import Step, dec
from scoring.rules.ruleset import Skating, SovRow
from scoring.rules.trimming import SeatMark, drops_for, trim

TEN_PERCENT = Decimal("0.1")
_JUMP = re.compile(r"^([1-4])(T|S|Lo|F|Lz|A|Eu)((?:<<|<|e|!|\*|q)*)$")


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


def check_grades(rules: Skating, grades: Sequence[SeatMark]) -> None:
    """Every grade an integer on the edition's scale; raises ValueError naming the judge."""
    for seat, g in grades:
        if not (rules.goe_min <= g <= rules.goe_max) or g != g.to_integral_value():
            raise ValueError(f"GOE grade {g} of {seat} is not an integer {rules.goe_min}..{rules.goe_max} (the {rules.edition} scale)")


def sov_row(rules: Skating, code: str) -> SovRow:
    """The Scale of Values row an element's GOE grades are read from; raises ValueError when the
    edition's table does not hold it."""
    rows = {r.element: r for r in rules.table}
    parts = [p for p in code.split("+") if p and p != "REP"]
    best: SovRow | None = None
    for part in parts:
        m = _JUMP.match(part)
        if m is None:
            best = rows.get(part) if len(parts) == 1 else None
            break
        revolutions, jump, calls = m.groups()
        if "<<" in calls:
            revolutions = str(int(revolutions) - 1)
        row = rows.get(f"{revolutions}{jump}")
        if row is None:
            best = None
            break
        if best is None or row.base > best.base:
            best = row
    if best is None:
        shipped = ", ".join(r.element for r in rules.table)
        raise ValueError(f"element {code} is not in the {rules.edition} Scale of Values shipped here ({shipped}): give its panel GOE")
    return best


def element(rules: Skating, code: str, base_value: Decimal, grades: Sequence[SeatMark]) -> ElementScore:
    """Score an element from the judges' GOE grades: grade x 10% of the base value (2018/19 on),
    or each grade's value from the edition's Scale of Values (``goe_values = "table"``)."""
    check_grades(rules, grades)
    if rules.goe_values == "table":
        row = sov_row(rules, code)
        values = [(s, row.goe[int(g) - rules.goe_min]) for s, g in grades]
        how = f"trimmed mean of the {rules.edition} Scale of Values ({row.element}) for each grade"
    else:
        values = [(s, g * TEN_PERCENT * base_value) for s, g in grades]
        how = f"trimmed mean of grade x 10% of {base_value}"
    mean, kept, dropped = _trimmed_mean(rules, values)
    goe = rules.goe_rounding.apply(mean)
    step = Step(f"{code} GOE", f"{how}, {rules.goe_rounding}", dec(goe), kept, dropped)
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
