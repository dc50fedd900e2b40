"""A bout's stored result: the judged tie-break values are written only when there are some, so every result stored
before them reads back the same, and a performance's values come from its rule set's chain."""

from __future__ import annotations

import json
from decimal import Decimal

from tournaments.draws import Result
from tournaments.progress import performance_tiebreak, result_json, result_of

STORED_BEFORE = '{"blue_points": "0", "decision": "points", "penalties_blue": 0, "penalties_red": 0, "red_points": "81.60", "winner": null}'


def test_a_result_stored_before_the_tie_break_loads_without_one() -> None:
    assert result_of(STORED_BEFORE) == Result(red_points=Decimal("81.60"))


def test_a_result_without_tie_break_values_is_stored_exactly_as_before() -> None:
    assert result_json(Result(red_points=Decimal("81.60"))) == STORED_BEFORE


def test_tie_break_values_are_stored_as_decimal_strings_and_read_back() -> None:
    result = Result(red_points=Decimal("13.300"), tiebreak=(Decimal("8.000"), Decimal("5.3")))
    text = result_json(result)
    assert json.loads(text)["tiebreak"] == ["8.000", "5.3"]
    assert result_of(text) == result


def test_stored_tie_break_values_that_are_not_numbers_give_none() -> None:
    for bad in (["8.0", "x"], "8.0", ["NaN"], [None]):
        stored = json.dumps({**json.loads(STORED_BEFORE), "tiebreak": bad})
        result = result_of(stored)
        assert result is not None and result.tiebreak == (), bad


def test_a_performance_takes_its_components_in_the_rule_set_tie_break_order() -> None:
    assert performance_tiebreak("gymnastics-artistic-fig", {"D": "5.3", "E": "8.000"}) == (Decimal("8.000"), Decimal("5.3"))
    assert performance_tiebreak("diving-individual-7@2025", {"E": "24.0"}) == ()
    assert performance_tiebreak("no-such-rule-set", {"D": "5.3", "E": "8.000"}) == ()
    assert performance_tiebreak("", {"D": "5.3", "E": "8.000"}) == ()
