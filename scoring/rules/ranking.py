"""What a judged ranking needs from one performance's score besides its total: the values its rule
set's tie-break chain compares (``panel.tiebreak``, docs/scoring.md). The ranking itself (sums over a
stage's parts, classes, shared places) is the draw's (``tournaments.draws``); this only reads a score.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from scoring.rules.ruleset import RuleSet


def tiebreak_values(ruleset: RuleSet, components: Mapping[str, Decimal | str]) -> tuple[Decimal, ...]:
    """The value of each comparator of the rule set's judged tie-break, in its order, higher ranks
    first: ``higher:E`` is the E score, ``higher:E+D`` the sum of E and D (``components`` is the
    folded ``detail["components"]``, component -> value, Decimals or their strings).

    Empty when the rule set breaks no tie (diving: equal totals share the place), when it is not a
    panel, or when a component the chain names has no value (a performance not scored): the draw
    then leaves the tie shared rather than ranking on a missing number.
    """
    if ruleset.panel is None:
        return ()
    out: list[Decimal] = []
    for item in ruleset.panel.tiebreak[:-1]:  # the last item is the terminal ("tied")
        names = item.partition(":")[2].split("+")
        try:
            value = sum((Decimal(str(components[n])) for n in names), Decimal(0))
        except (KeyError, InvalidOperation):
            return ()
        if not value.is_finite():
            return ()
        out.append(value)
    return tuple(out)
