"""Checks a parsed rule set for what a schema cannot say: sections per kind, seat lists, quorum,
trimming that leaves marks, tie-break chains that end in a terminal. Errors name the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from scoring.rules.errors import RuleSetInvalid

if TYPE_CHECKING:
    from scoring.rules.ruleset import Bout, Component, Consensus, Panel, RuleSet

TERMINALS = ("tied", "lots", "referee_decision")
BOUT_COMPARATORS = ("more-points", "more-count", "fewer-penalties", "senshu", "more-rounds-won")
# A judged ranking (tournaments.draws) compares performances by their components or their judges'
# scores (``scoring.rules.ranking``) and then shares the place: nothing else is applied there, so
# nothing else may be declared. "top-<n>": the n highest judges' scores.
PANEL_COMPARATORS = ("higher", "marks")
TOP_COMPARATOR = re.compile(r"^top-([1-9][0-9]?)$")
PANEL_TERMINALS = ("tied",)
_SECTION = {"panel": "panel", "buttons": "consensus", "cards": "cards", "skating": "skating"}


def check_ruleset(rs: RuleSet, origin: str) -> None:
    """Raise RuleSetInvalid for the first inconsistency found, naming the field."""

    def fail(field: str, detail: str) -> None:
        raise RuleSetInvalid(origin, field, detail)

    _unique(rs.sides, "sides", fail)
    if not rs.sides:
        fail("sides", "at least one side is needed")
    section = _SECTION[rs.kind]
    if getattr(rs, section) is None:
        fail(section, f"a rule set of kind {rs.kind!r} needs a [{section}] table")
    if rs.panel is not None:
        _check_panel(rs.panel, fail)
    if rs.consensus is not None:
        _check_consensus(rs.consensus, rs.sides, fail)
        if rs.bout is None:
            fail("bout", "button scoring needs a [bout] table (rounds, tie-breaks)")
    if rs.bout is not None:
        categories = {b.category for b in rs.consensus.buttons} if rs.consensus else set()
        _check_bout(rs.bout, categories, fail)
    if rs.cards is not None:
        c = rs.cards
        _unique(c.seats, "cards.seats", fail)
        if not c.seats or c.rounds < 1:
            fail("cards", "needs seats and at least one round")
        if not c.min < c.must:
            fail("cards.min", f"min {c.min} must be below must {c.must}")
        _unique([p.code for p in c.penalties], "cards.penalties", fail)
    if rs.skating is not None:
        k = rs.skating
        _unique(k.judges, "skating.judges", fail)
        if len(k.judges) - k.drop_high - k.drop_low < 1:
            fail("skating.drop_high", "trimming leaves no judge")
        if not k.goe_min < 0 < k.goe_max:
            fail("skating.goe_min", "the GOE scale runs from a negative to a positive grade")
        if not k.edition.strip() or not k.seasons:
            fail("skating.edition", "a skating rule set names its edition and the seasons it scores")
        _unique(k.seasons, "skating.seasons", fail)
        if k.goe_values == "table" and not k.table:
            fail("skating.table", "goe_values = 'table' needs the edition's Scale of Values")
        if k.goe_values == "percent" and k.table:
            fail("skating.table", "a Scale of Values table is read only with goe_values = 'table'")
        _unique([r.element for r in k.table], "skating.table", fail)
        grades = k.goe_max - k.goe_min + 1
        for row in k.table:
            where = f"skating.table[{row.element}].goe"
            if len(row.goe) != grades:
                fail(where, f"{len(row.goe)} values for the {grades} grades {k.goe_min}..{k.goe_max}")
            elif row.goe[-k.goe_min] != 0 or list(row.goe) != sorted(row.goe):
                fail(where, "grade 0 is worth 0 and a higher grade is worth no less")


def _unique(items: Sequence[Any], field: str, fail: Any) -> None:
    seen = set()
    for item in items:
        if item in seen:
            fail(field, f"{item!r} appears twice")
        seen.add(item)


def _check_panel(panel: Panel, fail: Any) -> None:
    if not panel.components:
        fail("panel.components", "at least one component is needed")
    for comp in panel.components:
        where = f"panel.components[{comp.name}]"
        if comp.input == "codes":
            if not comp.codes:
                fail(f"{where}.codes", "input = 'codes' needs the deduction codes")
            _unique([c.code for c in comp.codes], f"{where}.codes", fail)
            if not 1 <= comp.quorum <= len(comp.all_seats):
                fail(f"{where}.quorum", f"a code is confirmed by 1..{len(comp.all_seats)} judges, not {comp.quorum}")
            if any(c.amount <= 0 for c in comp.codes):
                fail(f"{where}.codes", "a deduction amount is positive")
        elif comp.codes or comp.quorum:
            fail(f"{where}.codes", "codes and quorum are read only with input = 'codes'")
    _unique([c.name for c in panel.components], "panel.components.name", fail)
    for c in panel.components:
        _check_component(c, f"panel.components[{c.name}]", fail)
    _unique([p.code for p in panel.penalties], "panel.penalties.code", fail)
    for p in panel.penalties:
        if p.effect in ("marks-minus", "marks-cap") and p.amount is None:
            fail(f"panel.penalties[{p.code}].amount", f"effect {p.effect!r} needs an amount")
    names = {c.name for c in panel.components}
    tops = tuple(k for item in panel.tiebreak[:-1] if TOP_COMPARATOR.match(k := item.partition(":")[0]))
    _check_chain(panel.tiebreak, "panel.tiebreak", PANEL_COMPARATORS + tops, names, fail, PANEL_TERMINALS)
    _unique(panel.tiebreak, "panel.tiebreak", fail)
    by_name = {c.name: c for c in panel.components}
    for i, item in enumerate(panel.tiebreak[:-1]):
        kind, _, arg = item.partition(":")
        if not arg:
            fail(f"panel.tiebreak[{i}]", f"{item!r} names no component: write higher:<component>[+<component>], e.g. higher:E")
        if kind == "higher":
            continue
        judged = [by_name[n] for n in arg.split("+")]
        if any(c.input == "codes" for c in judged):
            fail(f"panel.tiebreak[{i}]", f"{item!r}: a component scored from deduction codes has no judges' scores to compare")
        top = TOP_COMPARATOR.match(kind)
        seats = sum(len(c.all_seats) for c in judged)
        if top is not None and int(top.group(1)) > seats:
            fail(f"panel.tiebreak[{i}]", f"{item!r}: {arg} has {seats} judges, not {top.group(1)}")


def _check_component(c: Component, field: str, fail: Any) -> None:
    if bool(c.seats) == bool(c.groups):
        fail(field, "give either seats or groups")
    _unique(c.all_seats, f"{field}.seats", fail)
    if not c.min < c.max:
        fail(f"{field}.min", f"min {c.min} must be below max {c.max}")
    if c.step is not None and c.step <= 0:
        fail(f"{field}.step", "step must be positive")
    sizes = [len(c.all_seats)] if c.pooled or len(c.seat_groups) == 1 else [len(g) for g in c.seat_groups]
    if min(sizes) - c.drop_high - c.drop_low < 1:
        fail(f"{field}.drop_high", f"dropping {c.drop_high}+{c.drop_low} leaves no mark of {min(sizes)}")
    for key, (high, low) in c.small_panel.items():
        if not key.isdigit() or int(key) - high - low < 1 or high < 0 or low < 0:
            fail(f"{field}.small_panel.{key}", "needs a mark count and drops that leave a mark")


def _check_consensus(c: Consensus, sides: Sequence[str], fail: Any) -> None:
    _unique(c.seats, "consensus.seats", fail)
    if not 1 <= c.quorum <= len(c.seats):
        fail("consensus.quorum", f"quorum {c.quorum} must be between 1 and {len(c.seats)} seats")
    if c.window <= 0:
        fail("consensus.window", "window must be a positive number of seconds")
    if not 0 <= c.debounce < c.window:
        fail("consensus.debounce", f"debounce {c.debounce} must be 0 or more seconds and below the window {c.window}")
    if not c.buttons:
        fail("consensus.buttons", "at least one button is needed")
    keys: list[tuple[str, str | Decimal | None]] = []
    for b in c.buttons:
        for side in b.sides:
            if side not in sides:
                fail(f"consensus.buttons[{b.label}].sides", f"{side!r} is not one of {list(sides)}")
        if c.match == "side-code" and b.code is None:
            fail(f"consensus.buttons[{b.label}].code", "match 'side-code' needs a code on every button")
        ident = b.code if c.match == "side-code" else b.value
        keys.extend((s, ident) for s in (b.sides or sides))
    _unique(keys, "consensus.buttons", fail)


def _check_bout(b: Bout, categories: Iterable[str], fail: Any) -> None:
    if b.rounds < 1:
        fail("bout.rounds", "at least one round")
    _unique([p.code for p in b.penalties], "bout.penalties.code", fail)
    if b.point_gap is not None and b.point_gap <= 0:
        fail("bout.point_gap", "a point gap must be positive")
    _check_chain(b.tiebreak, "bout.tiebreak", BOUT_COMPARATORS, set(categories), fail)
    if b.round_tiebreak:
        _check_chain(b.round_tiebreak, "bout.round_tiebreak", BOUT_COMPARATORS, set(categories), fail)
    elif b.match == "rounds-won":
        fail("bout.round_tiebreak", "a rounds-won bout needs a round tie-break chain")


def _check_chain(
    chain: Sequence[str], field: str, known: Sequence[str], args: set[str], fail: Any, terminals: Sequence[str] = TERMINALS
) -> None:
    """A chain is comparators ("more-points:head+turning-head") ending in one terminal."""
    if not chain or chain[-1] not in terminals:
        fail(field, f"must end with one of {list(terminals)}")
    for i, item in enumerate(chain[:-1]):
        name, _, arg = item.partition(":")
        if name not in known:
            fail(f"{field}[{i}]", f"unknown comparator {item!r}; known: {list(known)}")
        for part in filter(None, arg.split("+")):
            if part not in args:
                fail(f"{field}[{i}]", f"{part!r} is not one of {sorted(args)}")
