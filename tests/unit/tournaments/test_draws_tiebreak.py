"""The judged ranking's tie-break (FIG artistic: equal totals ordered by the higher E score, then the higher D score,
then shared): places, a stage of several parts, the qualifiers at the cut-off, and ties that stay shared."""

from __future__ import annotations

from decimal import Decimal

from tournaments.draws import Draw, Entrant, Result, make_draw, performances, resolve

FINAL = [{"name": "Chung kết", "take": None}]


def gymnasts(*keys: str) -> list[Entrant]:
    return [Entrant(k) for k in keys]


def routine(total: str, e: str | None = None, d: str | None = None) -> Result:
    """A routine's result as the hub records it: its total and, when scored by a panel, its (E, D) tie-break values."""
    return Result(red_points=Decimal(total), tiebreak=() if e is None or d is None else (Decimal(e), Decimal(d)))


def performed(d: Draw, scores: dict[str, list[Result]], stage: int = 1) -> dict[str, Result]:
    """Each gymnast's results per part for the performances of ``stage`` whose gymnast is known."""
    state = resolve(d, {})
    out = {}
    for m in d.matches:
        who = state.matches[m.key].red
        if m.round == stage and who is not None:
            part = int(m.key.split("/")[1]) if "/" in m.key else 1
            out[m.key] = scores[who][part - 1]
    return out


def places(d: Draw, results: dict[str, Result]) -> list[tuple[int, str]]:
    state = resolve(d, results)
    assert state.finished
    return [(p.place, p.entrant) for p in state.placements]


def test_equal_totals_are_ranked_by_the_higher_e_score() -> None:
    d = make_draw("judged", gymnasts("visser", "zhou", "jones"), b"fx", {"stages": FINAL})
    scores = {
        "zhou": [routine("13.300", e="7.900", d="5.4")],
        "visser": [routine("13.300", e="8.000", d="5.6")],  # 5.6 + 8.000 - 0.3 neutral
        "jones": [routine("13.666", e="8.166", d="5.5")],
    }
    assert places(d, performed(d, scores)) == [(1, "jones"), (2, "visser"), (3, "zhou")]


def test_a_higher_d_score_ranks_first_when_the_totals_and_e_scores_are_equal() -> None:
    d = make_draw("judged", gymnasts("a", "b"), b"d", {"stages": FINAL})
    scores = {"a": [routine("13.500", e="8.000", d="5.5")], "b": [routine("13.500", e="8.000", d="5.8")]}  # b: 5.8 + 8.000 - 0.3 neutral
    assert places(d, performed(d, scores)) == [(1, "b"), (2, "a")]


def test_equal_totals_e_and_d_scores_share_the_place() -> None:
    d = make_draw("judged", gymnasts("a", "b", "c", "e"), b"shared", {"stages": FINAL})
    scores = {
        "a": [routine("14.000", e="8.4", d="5.6")],
        "b": [routine("13.500", e="8.0", d="5.5")],
        "c": [routine("13.500", e="8.0", d="5.5")],
        "e": [routine("13.000", e="8.0", d="5.0")],
    }
    assert places(d, performed(d, scores)) == [(1, "a"), (2, "b"), (2, "c"), (4, "e")]


def test_over_several_parts_each_component_is_summed_before_the_comparison() -> None:
    d = make_draw("judged", gymnasts("a", "b"), b"parts", {"stages": [{"name": "Chung kết", "take": None, "parts": 2}]})
    scores = {
        # a has the better E in part 1, b the better E summed: 8.0 + 7.6 = 15.6 against 8.5 + 7.0 = 15.5
        "a": [routine("13.000", e="8.5", d="4.5"), routine("13.000", e="7.0", d="6.0")],
        "b": [routine("13.000", e="8.0", d="5.0"), routine("13.000", e="7.6", d="5.4")],
    }
    results = performed(d, scores)
    assert places(d, results) == [(1, "b"), (2, "a")]
    rows = {p.entrant: p for p in performances(d, resolve(d, results), results)}
    assert (rows["b"].place, rows["a"].place) == (1, 2) and rows["a"].total == rows["b"].total == Decimal("26.000")


def test_a_result_without_tie_break_values_leaves_the_tie_shared() -> None:
    d = make_draw("judged", gymnasts("hub", "paper", "third"), b"paper", {"stages": FINAL})
    scores = {
        "hub": [routine("13.300", e="8.000", d="5.6")],
        "paper": [routine("13.300")],  # a score sheet entered by hand: the total only
        "third": [routine("12.000", e="7.0", d="5.0")],
    }
    assert places(d, performed(d, scores)) == [(1, "hub"), (1, "paper"), (3, "third")]


def test_diving_totals_carry_no_tie_break_and_equal_totals_share_the_place() -> None:
    d = make_draw("judged", gymnasts("a", "b", "c"), b"dive", {"stages": FINAL})
    scores = {"a": [routine("300.50")], "b": [routine("300.50")], "c": [routine("310.00")]}
    assert places(d, performed(d, scores)) == [(1, "c"), (2, "a"), (2, "b")]


def test_the_tie_break_decides_who_qualifies_at_the_cut_off_and_the_final_start_order() -> None:
    stages = [{"name": "Vòng loại", "take": 2}, {"name": "Chung kết", "take": None}]
    d = make_draw("judged", gymnasts("a", "b", "c", "e"), b"qual", {"stages": stages})
    scores = {
        "a": [routine("14.000", e="8.5", d="5.5")],
        "b": [routine("13.500", e="8.1", d="5.4")],  # second on the E score
        "c": [routine("13.500", e="7.9", d="5.6")],  # third: out, though equal on the total
        "e": [routine("12.000", e="7.0", d="5.0")],
    }
    state = resolve(d, performed(d, scores))
    assert state.standings["S1"] == ("a", "b", "c", "e")
    final = [state.matches[m.key].red for m in d.matches if m.round == 2]
    assert [k for k in final if k is not None] == ["b", "a"]  # reverse order of the ranking, the best last
    assert sum(1 for m in d.matches if m.round == 2 and state.matches[m.key].bye) == 2


def test_a_full_tie_at_the_cut_off_still_sends_both_through() -> None:
    stages = [{"name": "Vòng loại", "take": 2}, {"name": "Chung kết", "take": None}]
    d = make_draw("judged", gymnasts("a", "b", "c", "e"), b"qual", {"stages": stages})
    scores = {
        "a": [routine("14.000", e="8.5", d="5.5")],
        "b": [routine("13.500", e="8.0", d="5.5")],
        "c": [routine("13.500", e="8.0", d="5.5")],
        "e": [routine("12.000", e="7.0", d="5.0")],
    }
    state = resolve(d, performed(d, scores))
    final = {state.matches[m.key].red for m in d.matches if m.round == 2} - {None}
    assert final == {"a", "b", "c"}
