"""What a judged ranking needs from one performance's score besides its total: the values its rule
set's tie-break chain compares (``panel.tiebreak``, docs/scoring.md). The ranking itself (sums over a
stage's parts, classes, shared places) is the draw's (``tournaments.draws``); this only reads a score.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from scoring.rules.ruleset import Component, RuleSet
from scoring.rules.validation import TOP_COMPARATOR as TOP  # "top-3": the three highest judges' scores


def tiebreak_values(
    ruleset: RuleSet,
    components: Mapping[str, Decimal | str],
    marks: Mapping[str, Mapping[str, Decimal | str]] | None = None,
) -> tuple[Decimal, ...]:
    """The value of each comparator of the rule set's judged tie-break, in its order, higher ranks
    first (``components`` and ``marks`` are the folded ``detail["components"]`` and
    ``detail["marks"]``: component -> value, component -> seat -> mark; Decimals or their strings):

    - ``higher:E`` the E score, ``higher:E+D`` the sum of E and D;
    - ``marks:E`` the sum of every E judge's score, none cancelled (WT poomsae: "including the highest
      and lowest"; FIG aerobic: "all Execution judges scores");
    - ``top-3:E`` the sum of the three highest E judges' scores (FIG aerobic, then ``top-2``, ``top-1``).

    A judge's score is the mark, or ``base`` less it for a component given by deduction (FIG E).

    The values stop before the first comparator that has nothing to read: empty when the rule set
    breaks no tie (diving: equal totals share the place), when it is not a panel, or when a
    component the chain names has no value (a performance not scored); shorter when a panel's score
    was published without its judges' marks. The draw compares only values that both sides have
    as many of, and otherwise leaves the tie shared rather than ranking on a missing number.
    """
    if ruleset.panel is None:
        return ()
    comps = {c.name: c for c in ruleset.panel.components}
    out: list[Decimal] = []
    for item in ruleset.panel.tiebreak[:-1]:  # the last item is the terminal ("tied")
        kind, _, arg = item.partition(":")
        try:
            value = _value(kind, arg.split("+"), comps, components, marks or {})
        except (KeyError, InvalidOperation, ValueError):
            break
        if not value.is_finite():
            break
        out.append(value)
    return tuple(out)


def _value(
    kind: str,
    names: list[str],
    comps: Mapping[str, Component],
    components: Mapping[str, Decimal | str],
    marks: Mapping[str, Mapping[str, Decimal | str]],
) -> Decimal:
    if kind == "higher":
        return sum((Decimal(str(components[n])) for n in names), Decimal(0))
    scores: list[Decimal] = []
    for n in names:
        comp, given = comps[n], marks[n]
        if not given or comp.input == "codes":
            raise ValueError(f"{n}: no judges' scores")
        for v in given.values():
            d = Decimal(str(v))
            scores.append(comp.base - d if comp.input == "deduction" else d)
    if kind == "marks":
        return sum(scores, Decimal(0))
    top = TOP.match(kind)
    if top is None or len(scores) < int(top.group(1)):
        raise ValueError(f"{kind}: not enough judges' scores")
    return sum(sorted(scores, reverse=True)[: int(top.group(1))], Decimal(0))
