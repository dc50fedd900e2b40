"""The provisional order of a judged stage that runs: equal running totals are ordered by the same tie-break values
as the final places (the rule set's chain, summed over the parts done), by hand."""

from results.standings import standing


def _bracket(rows):
    """rows: (key, parts, tiebreak); one stage, nobody placed yet (the stage runs)."""
    matches, perfs = [], []
    for i, (key, parts, tiebreak) in enumerate(rows, start=1):
        matches.append(
            {
                "key": f"S1:{i}",
                "stage": "Chung kết",
                "round": 1,
                "order": i,
                "performance": True,
                "red": {"key": key, "name": key, "team": ""},
                "score": None,
                "status": "ready",
            }
        )
        done = [p for p in parts if p is not None]
        perfs.append(
            {
                "key": key,
                "parts": list(parts),
                "total": str(sum(float(p) for p in done)) if done else None,
                "done": all(p is not None for p in parts),
                "stopped": False,
                "tiebreak": list(tiebreak),
            }
        )
    return {
        "category": {"id": 1, "code": "C", "name": "C"},
        "matches": matches,
        "placements": [],
        "finished": False,
        "performances": {"Chung kết": perfs},
    }


def _order(rows):
    return [ln.name for ln in standing(_bracket(rows)).lines]


def test_two_tied_while_running_go_by_the_higher_e_then_the_higher_d():
    assert _order([("An", ["13.300"], ["7.900", "5.4"]), ("Bình", ["13.300"], ["8.000", "5.3"])]) == ["Bình", "An"]
    assert _order([("An", ["13.300"], ["8.000", "5.4"]), ("Bình", ["13.300"], ["8.000", "5.3"])]) == ["An", "Bình"]


def test_three_tied_while_running_follow_the_chain_and_an_equal_pair_keeps_its_start_order():
    rows = [
        ("An", ["7.5"], ["4.0", "52.5"]),
        ("Bảo", ["7.5"], ["3.9", "52.5"]),
        ("Cường", ["7.5"], ["4.0", "52.6"]),
        ("Dũng", ["7.5"], ["4.0", "52.5"]),
    ]
    assert _order(rows) == ["Cường", "An", "Dũng", "Bảo"]


def test_more_parts_done_comes_before_the_tie_break_and_a_tie_without_values_stays_in_start_order():
    rows = [("An", ["9.0", "4.0", None], ["9.0"]), ("Bình", ["6.5", "6.5", "0.0"], ["1.0"]), ("Chi", ["13.0", None, None], ["13.0"])]
    assert _order(rows) == ["Bình", "An", "Chi"]  # 13.0 each: three parts, then two, then one
    assert _order([("An", ["7.5"], []), ("Bình", ["7.5"], [])]) == ["An", "Bình"]  # diving: shared, in start order
