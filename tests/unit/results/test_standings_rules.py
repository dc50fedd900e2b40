"""The standings rules by hand cases: medals only at the end, judged totals summed exactly over the
parts, provisional order while a stage runs, the medal table's order and shared ranks, points tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from results import standings as st


def _cat(cid=1, code="M-58", name="Nam 58 kg"):
    return {"id": cid, "code": code, "name": name}


def _who(k, team="Quận 1"):
    return {"key": k, "name": f"VĐV {k}", "team": team}


def _perf(key, stage, rnd, order, who, score):
    return {"key": key, "stage": stage, "round": rnd, "order": order, "performance": True, "red": _who(who), "blue": None,
            "score": None if score is None else {"red": score, "blue": "0"}, "winner": None, "status": "done" if score else "ready",
            "contest_id": None}  # fmt: skip


def _bout(key, red, blue, winner, status="done", stage="main"):
    return {"key": key, "stage": stage, "round": 1, "order": 1, "performance": False, "red": _who(red), "blue": _who(blue),
            "winner": winner, "score": {"red": "5", "blue": "3"} if winner else None, "status": status, "contest_id": 7}  # fmt: skip


def test_judged_parts_are_summed_exactly_and_the_places_come_from_the_draw():
    b = {
        "category": _cat(),
        "finished": True,
        "matches": [
            _perf("S1:1/1", "Chung kết", 1, 1, "e1", "45.60"),
            _perf("S1:2/1", "Chung kết", 1, 2, "e2", "50.05"),
            _perf("S1:1/2", "Chung kết", 1, 3, "e1", "61.20"),
            _perf("S1:2/2", "Chung kết", 1, 4, "e2", "56.70"),
        ],
        "placements": [{"place": 1, "entry": 2}, {"place": 2, "entry": 1}],
    }
    s = st.standing(b)
    assert s.final and [ln.place for ln in s.lines] == [1, 2]
    first = s.lines[0]
    assert first.entrant == "e2" and first.score == "106.75" and first.parts == ("50.05", "56.70") and first.medal == "gold"
    assert s.lines[1].score == "106.80"  # the draw placed e2 first (here by hand); the score is shown as the log says


def test_while_running_no_medal_and_the_furthest_stage_leads_the_provisional_order():
    b = {
        "category": _cat(),
        "finished": False,
        "matches": [
            _perf("S1:1", "Sơ loại", 1, 1, "e1", "40"),
            _perf("S1:2", "Sơ loại", 1, 2, "e2", "30"),
            _perf("S1:3", "Sơ loại", 1, 3, "e3", "35"),
            _perf("S2:1", "Chung kết", 2, 1, "e2", None),
            _perf("S2:2", "Chung kết", 2, 2, "e1", "20"),
        ],
        "placements": [],
    }
    s = st.standing(b)
    assert s.status == "running" and not any(ln.medal for ln in s.lines)
    assert [ln.entrant for ln in s.lines] == ["e1", "e2", "e3"]  # finalists first (scored part first), then the rest
    assert s.lines[0].stages == (("Sơ loại", "40"), ("Chung kết", "20"))
    assert s.lines[1].score == ""  # a part not yet scored: no believable total


def test_a_bracket_counts_wins_and_losses_and_ignores_byes():
    b = {
        "category": _cat(),
        "finished": True,
        "matches": [_bout("R1-1", "e1", "e2", "red"), _bout("F", "e1", "e3", "blue"), _bout("R1-2", "e3", "e4", None, status="bye")],
        "placements": [{"place": 1, "entry": 3}, {"place": 2, "entry": 1}, {"place": 3, "entry": 2}],
    }
    s = st.standing(b)
    assert [(ln.entrant, ln.won, ln.lost, ln.medal) for ln in s.lines[:3]] == [
        ("e3", 1, 0, "gold"),
        ("e1", 1, 1, "silver"),
        ("e2", 0, 1, "bronze"),
    ]
    assert s.lines[3].place is None and s.lines[3].entrant == "e4"
    assert s.contests == (7,)


def test_not_drawn():
    s = st.standing({"category": _cat(), "matches": []})
    assert s.status == "not_drawn" and s.lines == () and s.status_vi == "Chưa bốc thăm"


def _final(cid, *lines):
    return st.Standing(
        cid,
        f"C{cid}",
        f"Hạng {cid}",
        "",
        "",
        "final",
        tuple(st.Line(p, f"e{i}", f"A{i}", team, st.medal_of(p)) for i, (p, team) in enumerate(lines)),
    )


def test_medal_table_gold_first_then_silver_then_bronze_and_equal_counts_share_a_rank():
    standings = [
        _final(1, (1, "A"), (2, "B"), (3, "C"), (3, "C")),
        _final(2, (1, "B"), (2, "A"), (3, "C"), (3, "D")),
        _final(3, (1, "C"), (2, "D"), (3, "A"), (3, "B")),
        st.Standing(4, "C4", "Hạng 4", "", "", "running", (st.Line(1, "e9", "X", "D", ""),)),  # not counted while running
    ]
    rows = st.medal_table(standings)
    assert [(r.rank, r.team, r.gold, r.silver, r.bronze) for r in rows] == [
        (1, "A", 1, 1, 1),
        (1, "B", 1, 1, 1),
        (3, "C", 1, 0, 3),  # a silver outweighs any number of bronzes
        (4, "D", 0, 1, 1),
    ]
    assert st.totals(rows)[:3] == (3, 3, 6)


def test_points_table_can_order_the_ranking_and_a_shared_place_earns_its_points_each():
    standings = [_final(1, (1, "A"), (2, "B"), (3, "C"), (3, "C"), (5, "B"))]
    table = st.parse_points("1:10, 2:8; 3:6, 5:4")
    rows = st.medal_table(standings, points=table, order="points")
    assert [(r.team, r.points) for r in rows] == [("B", 12), ("C", 12), ("A", 10)]
    assert [r.rank for r in rows] == [1, 2, 3]  # B and C tie on points; B's silver breaks it
    assert st.points_text(table) == "1:10, 2:8, 3:6, 5:4"


@pytest.mark.parametrize(
    ("text", "words"),
    [("1:10, hai:8", "mục 2"), ("0:5", "hạng từ 1"), ("1:10, 1:8", "hạng 1 đã có điểm"), ("1:-3", "điểm không âm"), ("1=10", "mục 1")],
)
def test_a_bad_points_table_names_the_item(text, words):
    with pytest.raises(st.StandingsError) as info:
        st.parse_points(text)
    assert words in info.value.message_vi


def test_an_unknown_order_is_refused():
    with pytest.raises(st.StandingsError):
        st.medal_table([], order="alphabet")


def test_totals_are_decimal_exact():
    assert st._total([Decimal("0.1"), Decimal("0.2")]) == Decimal("0.3")
    assert st._total([Decimal("1"), None]) is None


def test_a_stopped_diver_keeps_what_was_scored_and_says_why_from_the_brackets_performances():
    perf = [
        {"key": "e1", "parts": ["40.5", "38"], "total": "78.5", "done": True, "stopped": False, "decision_vi": ""},
        {"key": "e2", "parts": ["41", None], "total": "41", "done": False, "stopped": True, "decision_vi": "xin rút"},
    ]
    b = {
        "category": _cat(),
        "finished": True,
        "matches": [
            _perf("S1:1/1", "Chung kết", 1, 1, "e1", "40.5"),
            _perf("S1:2/1", "Chung kết", 1, 2, "e2", "41"),
            _perf("S1:1/2", "Chung kết", 1, 3, "e1", "38"),
            _perf("S1:2/2", "Chung kết", 1, 4, "e2", None),
        ],
        "placements": [{"place": 1, "entry": 1}, {"place": 2, "entry": 2}],
        "performances": {"Chung kết": perf},
    }
    s = st.standing(b)
    assert [(ln.entrant, ln.score, ln.note) for ln in s.lines] == [("e1", "78.5", ""), ("e2", "41", "xin rút")]
    assert s.lines[1].parts == ("41", None)
