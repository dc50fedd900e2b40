"""Figure skating protocols as CSV sheets (docs/scoring.md, "Figure skating protocols"): one line per
element or program component, the lines of one skater together; each skater's segment is scored
with ``scoring.rules.skating`` on the rule set's edition. Pure: the caller reads the file.

Columns: ``skater``, ``season`` (the protocol's season; it must be one the rule set scores, so a
2017-18 protocol is never read on the current scale), ``element`` (an element code as printed, or a
component name of the rule set), ``base_value`` (elements, as printed), ``factor`` (components),
``goe`` (optional: the panel GOE as printed), one column per judge, optional ``deductions``.

A bad cell is a ``Problem`` of its skater (``line 5, column J4``) and that skater is not scored; a
sheet whose header cannot be read raises SheetInvalid.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from scoring.rules.catalog import list_rulesets
from scoring.rules.contest import ContestScore, SideScore
from scoring.rules.errors import SheetInvalid
from scoring.rules.explanation import Explanation, Step, dec
from scoring.rules.ruleset import RuleSet, Skating
from scoring.rules.sheet import Problem
from scoring.rules.skating import ElementScore, check_grades, component, element, element_from_panel_goe, segment, sov_row
from scoring.rules.trimming import SeatMark

REQUIRED = ("skater", "season", "element")
OPTIONAL = ("base_value", "factor", "goe", "deductions")


@dataclass(slots=True)
class SkaterSegment:
    """One skater's lines: ``where`` names them (``lines 2-13``); ``score`` is None when a cell
    was refused (``problems``)."""

    name: str
    where: str
    score: ContestScore | None = None
    problems: list[Problem] = field(default_factory=list)


def columns(rules: Skating) -> list[str]:
    return [*REQUIRED, "base_value", "factor", "goe", *rules.judges, "deductions"]


def _decimal(value: str, what: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{what} {value!r} is not a decimal number") from None
    if not number.is_finite():
        raise ValueError(f"{what} {value!r} is not a decimal number")
    return number


def places(rules: Skating) -> int:
    """Decimals a segment score is published with: those of the rule set's roundings (ISU: 2)."""
    quanta = [r.quantum for r in (rules.goe_rounding, rules.component_rounding, rules.factored_rounding) if r.quantum is not None]
    exponents = [q.normalize().as_tuple().exponent for q in quanta]
    return max([-e for e in exponents if isinstance(e, int)] + [2])


def parse_skating_sheet(text: str, origin: str, rs: RuleSet) -> list[SkaterSegment]:
    """Score every skater of a protocol sheet with ``rs`` (a skating rule set)."""
    if rs.skating is None:
        raise SheetInvalid(origin, "ruleset", f"{rs.id} is not a figure skating rule set")
    rules = rs.skating
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    lines: dict[str, list[tuple[int, dict[str, str]]]] = {}
    start = 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip() for h in row]
            _check_header(origin, rs, header)
            continue
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        if len(row) != len(header):
            cells["(cells)"] = f"{len(row)} cells, the header has {len(header)} columns"
        lines.setdefault(cells.get("skater", "") or f"line {line}", []).append((line, cells))
    if header is None:
        raise SheetInvalid(origin, "line 1 (header)", "the sheet is empty: a header line is needed")
    return [_skater(rs, rules, name, skater_lines) for name, skater_lines in lines.items()]


def _check_header(origin: str, rs: RuleSet, header: list[str]) -> None:
    assert rs.skating is not None
    expected = columns(rs.skating)
    names = [h for h in header if h]
    unknown = [h for h in names if h not in expected]
    twice = sorted({h for h in names if names.count(h) > 1})
    missing = [c for c in (*REQUIRED, *rs.skating.judges) if c not in names]
    if unknown or twice or missing:
        parts = [
            f"{label} {items}"
            for label, items in (("unknown columns", unknown), ("columns given twice", twice), ("missing columns", missing))
            if items
        ]
        raise SheetInvalid(origin, "line 1 (header)", f"{'; '.join(parts)}; the columns of {rs.id} are {expected}")


def _season_problem(rs: RuleSet, rules: Skating, season: str) -> str | None:
    if season in rules.seasons:
        return None
    others = [r.id for r in list_rulesets() if r.skating is not None and season in r.skating.seasons]
    use = f"; score it with {', '.join(others)}" if others else ""
    return f"season {season or '(empty)'} is not scored by {rs.id} (edition {rules.edition}, seasons {list(rules.seasons)}){use}"


def _skater(rs: RuleSet, rules: Skating, name: str, skater_lines: Sequence[tuple[int, dict[str, str]]]) -> SkaterSegment:
    first, last = skater_lines[0][0], skater_lines[-1][0]
    out = SkaterSegment(name, f"line {first}" if first == last else f"lines {first}-{last}")
    elements: list[ElementScore] = []
    components: list[tuple[str, Decimal, Decimal]] = []
    component_steps: list[Step] = []
    deductions = Decimal(0)
    refused_seasons: set[str] = set()
    for line, cells in skater_lines:
        where = f"line {line}"

        def bad(column: str, reason: str, where: str = where) -> None:
            out.problems.append(Problem(f"{where}, column {column}" if column else where, reason))

        if "(cells)" in cells:
            bad("", cells["(cells)"])
        season_problem = _season_problem(rs, rules, cells.get("season", ""))
        if season_problem:
            if cells.get("season", "") not in refused_seasons:  # once per skater and season
                bad("season", season_problem)
            refused_seasons.add(cells.get("season", ""))
            continue
        code = cells.get("element", "")
        if not code:
            bad("element", "an element code or a component name is needed")
            continue
        if cells.get("deductions"):
            try:
                amount = _decimal(cells["deductions"], "deductions")
                if amount < 0:
                    raise ValueError(f"deductions {amount} are points taken off: write them without a minus sign")
                deductions += amount
            except ValueError as exc:
                bad("deductions", str(exc))
        marks: list[SeatMark] = []
        for judge in rules.judges:
            if cells.get(judge):
                try:
                    marks.append((judge, _decimal(cells[judge], judge)))
                except ValueError as exc:
                    bad(judge, str(exc))
        if code in rules.components:
            for column in ("base_value", "goe"):
                if cells.get(column):
                    bad(column, f"{code} is a program component: it has no {column}")
            if any(c[0] == code for c in components):
                bad("element", f"component {code} is given twice for {name}")
            try:
                factor = _decimal(cells.get("factor", ""), "factor")
                if factor <= 0:
                    raise ValueError(f"factor {factor} must be positive")
                for judge, mark in marks:
                    try:
                        component(rules, code, [(judge, mark)])
                    except ValueError as exc:
                        bad(judge, str(exc))
                if not marks:
                    raise ValueError(f"no judge marked {code}")
                value, step = component(rules, code, marks)
            except ValueError as exc:
                bad("factor" if "factor" in str(exc) else "element", str(exc))
                continue
            components.append((code, value, factor))
            component_steps.append(step)
            continue
        scored = _element(rules, code, cells, marks, bad)
        if scored is not None:
            elements.append(scored)
    missing = [c for c in rules.components if all(name != c for name, _, _ in components)]
    if missing and not out.problems:
        out.problems.append(Problem(out.where, f"components missing for {name}: {missing} (the rule set's are {list(rules.components)})"))
    if out.problems:
        return out
    seg = segment(rules, elements, components, deductions)
    steps = (*[e.step for e in elements], *component_steps, *seg.steps[len(elements) :])
    detail = {"tes": dec(seg.tes), "pcs": dec(seg.pcs), "deductions": dec(seg.deductions), "edition": rules.edition}
    explanation = Explanation(rs.id, rs.source, tuple(steps))
    side = SideScore(seg.total, seg.deductions, detail)
    out.score = ContestScore(rs.id, {rs.sides[0]: side}, None, None, "ended", None, True, explanation)
    return out


def _element(
    rules: Skating, code: str, cells: dict[str, str], marks: list[SeatMark], bad: Callable[[str, str], None]
) -> ElementScore | None:
    """An element line: grades checked on the edition's scale; the GOE from the grades where the
    edition can compute it (a printed ``goe`` must then agree), else the printed panel GOE."""
    if cells.get("factor"):
        bad("factor", f"{code} is an element: a factor is given to program components ({list(rules.components)})")
    try:
        base = _decimal(cells.get("base_value", ""), "base_value")
    except ValueError as exc:
        bad("base_value", str(exc))
        return None
    ok = True
    for judge, grade in marks:
        try:
            check_grades(rules, [(judge, grade)])
        except ValueError as exc:
            bad(judge, str(exc))
            ok = False
    printed: Decimal | None = None
    if cells.get("goe"):
        try:
            printed = _decimal(cells["goe"], "goe")
        except ValueError as exc:
            bad("goe", str(exc))
            return None
    if not ok:
        return None
    try:
        if rules.goe_values == "table":
            sov_row(rules, code)
        if not marks:
            raise ValueError(f"no judge graded {code}")
        scored = element(rules, code, base, marks)
    except ValueError as exc:
        if printed is None:
            bad("goe", str(exc))
            return None
        return element_from_panel_goe(code, base, printed)
    if printed is not None and printed != scored.goe:
        bad("goe", f"the panel GOE printed {printed} differs from {scored.goe}, the {rules.edition} value of the judges' grades")
        return None
    return scored
