"""Hand cases of tournaments.draws: the seed stream's known answers, seeding lines, tie-breaks, repechage, double
elimination, judged cut-offs, errors and the canonical JSON."""

from __future__ import annotations

import hashlib
import hmac
import json
from decimal import Decimal

import pytest

from tournaments.draws import (
    FORMATS,
    Draw,
    DrawError,
    Entrant,
    Result,
    SeedStream,
    Source,
    commitment,
    entries_digest,
    make_draw,
    new_seed,
    resolve,
)

RED, BLUE = Result(winner="red"), Result(winner="blue")


def people(n: int, seeds: int = 0, teams: int = 0) -> list[Entrant]:
    return [Entrant(f"e{i:02}", team=f"t{i % teams}" if teams else "", seed=i + 1 if i < seeds else None) for i in range(n)]


# --- the seed stream ---------------------------------------------------------------------------------------


def test_seed_stream_known_answers_catch_any_change_of_algorithm() -> None:
    s = SeedStream(bytes(range(32)))
    assert [s.word() for _ in range(5)] == [
        0x9F0CD9B94097FE49,
        0x29918D2B8942B344,
        0x39574261A35DC501,
        0x63F06C67D4E48899,
        0xC432E059C378EEF7,
    ]
    digest = hmac.new(bytes(range(32)), (0).to_bytes(8, "big"), hashlib.sha256).digest()
    assert int.from_bytes(digest[:8], "big") == 0x9F0CD9B94097FE49
    s = SeedStream(b"arena")
    assert [s.below(10) for _ in range(10)] == [9, 5, 8, 2, 7, 1, 2, 0, 1, 3]
    items = list(range(10))
    s.shuffle(items)
    assert items == [1, 6, 3, 8, 5, 9, 2, 4, 7, 0]


def test_a_known_draw_keeps_its_digest() -> None:
    d = make_draw("single", people(12, seeds=4, teams=3), bytes(range(32)))
    # seeds 1-4 on lines 1, 16, 5 and 12 with the byes beside them; each team of four has two in each half
    assert d.positions == ("e00", None, "e04", "e05", "e02", None, "e10", "e09", "e11", "e07", None, "e03", "e06", "e08", None, "e01")
    assert d.digest() == "437f75ba0300975c477d036a8f7395be5b1e9e68e5c611a30544788525a94570"
    assert d.digest() == hashlib.sha256(d.to_json().encode()).hexdigest()


def test_below_rejects_words_above_the_last_multiple_and_needs_a_positive_bound() -> None:
    s = SeedStream(b"k")
    assert all(0 <= s.below(3) < 3 for _ in range(200))
    with pytest.raises(ValueError):
        s.below(0)


def test_commitment_new_seed_and_entries_digest() -> None:
    seed = new_seed()
    assert len(seed) == 32 and seed != new_seed()
    assert commitment(seed) == hashlib.sha256(seed).hexdigest()
    es = people(5, teams=2)
    assert entries_digest(es) == entries_digest(list(reversed(es)))
    assert entries_digest(es) != entries_digest(es[:4])
    assert set(FORMATS) == {"single", "repechage", "double", "round_robin", "pools", "judged"}


# --- single elimination ------------------------------------------------------------------------------------


def test_sixteen_line_bracket_puts_seeds_on_the_standard_lines() -> None:
    for salt in range(6):
        d = make_draw("single", people(16, seeds=8), bytes([salt]) * 8)
        line = {k: i for i, k in enumerate(d.positions)}
        assert line["e00"] == 0 and line["e01"] == 15
        assert {line["e02"], line["e03"]} == {4, 11}
        assert {line["e04"], line["e05"], line["e06"], line["e07"]} == {2, 6, 9, 13}


def test_byes_go_to_the_top_seeds_and_the_bracket_names_its_rounds() -> None:
    d = make_draw("single", people(13, seeds=4), b"s")
    line = {k: i for i, k in enumerate(d.positions) if k}
    for k in ("e00", "e01", "e02"):
        assert d.positions[line[k] ^ 1] is None
    assert d.positions[line["e03"] ^ 1] is not None
    labels = [m.label for m in d.matches]
    assert labels[0] == "Vòng 1/8 - trận 1" and "Tứ kết 4" in labels and "Bán kết 2" in labels and labels[-1] == "Chung kết"
    state = resolve(d, {})
    bye = state.matches["R1-1"]
    assert bye.bye and bye.done and not bye.ready and bye.winner == "e00" and bye.loser is None
    with pytest.raises(DrawError) as err:
        resolve(d, {"R1-1": RED})
    assert err.value.code == "draw.result_not_ready"
    with pytest.raises(DrawError) as err:
        resolve(d, {"F": RED})
    assert err.value.code == "draw.result_not_ready"


def test_a_teammate_of_each_seed_is_drawn_into_the_other_half() -> None:
    es = [Entrant("a1", "HN", 1), Entrant("a2", "HN"), Entrant("b1", "HCM", 2), Entrant("b2", "HCM"), *people(4)]
    for salt in range(8):
        d = make_draw("single", es, bytes([salt]))
        line = {k: i for i, k in enumerate(d.positions) if k}
        assert (line["a1"] < 4) != (line["a2"] < 4)
        assert (line["b1"] < 4) != (line["b2"] < 4)


def test_a_draw_needs_a_winner_outside_round_robin() -> None:
    d = make_draw("single", people(2), b"s")
    with pytest.raises(DrawError) as err:
        resolve(d, {"F": Result(winner=None)})
    assert err.value.code == "draw.bad_result"
    with pytest.raises(DrawError):
        resolve(d, {"F": Result(winner="green")})
    with pytest.raises(DrawError):
        resolve(d, {"F": Result(winner="red", decision="nap")})
    with pytest.raises(DrawError) as err:
        resolve(d, {"nope": RED})
    assert err.value.code == "draw.bad_result"
    st = resolve(d, {"F": Result(winner="blue", decision="walkover")})
    assert st.finished and [p.place for p in st.placements] == [1, 2]


# --- repechage ---------------------------------------------------------------------------------------------


def _play_red(d: Draw) -> dict[str, Result]:
    results: dict[str, Result] = {}
    while True:
        st = resolve(d, results)
        ready = [k for k, m in st.matches.items() if m.ready]
        if not ready:
            return results
        results.update({k: RED for k in ready})


def test_finalists_repechage_ladders_hold_everyone_the_finalist_beat_in_round_order() -> None:
    d = make_draw("repechage", people(16), b"r")
    rt = [m for m in d.matches if m.key.startswith("RT")]
    assert [m.key for m in rt] == ["RT1", "RT2"]
    assert rt[0].red == Source("repechage", "top", 1) and rt[0].blue == Source("repechage", "top", 2)
    assert rt[1].red == Source("winner", "RT1") and rt[1].blue == Source("repechage", "top", 3)
    assert rt[0].label == "Vớt 1 - nhánh trên"
    before = resolve(d, {})
    assert not before.matches["RT1"].ready and before.matches["RT1"].red is None
    results = _play_red(d)
    st = resolve(d, results)
    finalist = st.matches["F"].red
    beaten = [st.matches[k].loser for k in ("R1-1", "R2-1", "R3-1") if st.matches[k].winner == finalist]
    assert [st.matches["RT1"].red, st.matches["RT1"].blue, st.matches["RT2"].blue] == beaten
    places = {p.entrant: p.place for p in st.placements}
    assert sorted(places.values())[:6] == [1, 2, 3, 3, 5, 5]
    assert places[st.matches["RT2"].winner or ""] == 3 and places[st.matches["RT2"].loser or ""] == 5


def test_quarterfinal_repechage_meets_the_other_halfs_semifinal_loser() -> None:
    d = make_draw("repechage", people(8), b"q", {"repechage": "quarterfinal"})
    b1 = d.match("B1")
    assert b1.red == Source("winner", "RT1") and b1.blue == Source("loser", "R2-2")
    assert d.match("RT1").red == Source("loser", "R1-1") and d.match("RB1").blue == Source("loser", "R1-4")
    st = resolve(d, _play_red(d))
    assert sorted(p.place for p in st.placements) == [1, 2, 3, 3, 5, 5, 7, 7]


def test_a_ladder_with_one_athlete_resolves_as_byes() -> None:
    d = make_draw("repechage", people(5, seeds=2), b"x")  # 8 lines, 3 byes: seeds 1, 2 and one more win by bye
    st = resolve(d, _play_red(d))
    assert st.finished
    assert sorted(p.place for p in st.placements)[:4] == [1, 2, 3, 3]
    assert any(m.bye for k, m in st.matches.items() if k.startswith("R") and k[1] in "TB")


# --- double elimination ------------------------------------------------------------------------------------


def test_double_elimination_second_final_only_when_the_losers_bracket_winner_wins() -> None:
    d = make_draw("double", people(4), b"d", {"reset": True})
    assert [m.key for m in d.matches] == ["W1-1", "W1-2", "W2-1", "L1-1", "L2-1", "GF", "GF2"]
    base = {"W1-1": RED, "W1-2": RED, "W2-1": RED, "L1-1": RED, "L2-1": RED}
    st = resolve(d, {**base, "GF": RED})
    assert st.matches["GF2"].bye and st.matches["GF2"].done and st.finished
    with pytest.raises(DrawError):
        resolve(d, {**base, "GF": RED, "GF2": RED})
    st = resolve(d, {**base, "GF": BLUE})
    assert st.matches["GF2"].ready and not st.finished
    st = resolve(d, {**base, "GF": BLUE, "GF2": BLUE})
    champion = st.matches["GF2"].winner
    assert champion == st.matches["W2-1"].winner
    assert [p.place for p in st.placements] == [1, 2, 3, 4] and st.placements[0].entrant == champion


# --- round robin and tie-breaks ----------------------------------------------------------------------------


def _league(
    keys: list[str], games: dict[frozenset[str], tuple[str | None, int, int]], options: dict[str, object] | None = None
) -> tuple[Draw, list[str]]:
    """games: {frozenset(a, b): (winner key or None, points of the winner or of a, points of the other)}"""
    d = make_draw("round_robin", [Entrant(k) for k in keys], b"league", options)
    results = {}
    for m in d.matches:
        red, blue = m.red.ref, m.blue.ref if m.blue else ""
        w, p1, p2 = games[frozenset((red, blue))]
        if w is None:
            results[m.key] = Result(winner=None, red_points=Decimal(p1), blue_points=Decimal(p1))
        elif w == red:
            results[m.key] = Result(winner="red", red_points=Decimal(p1), blue_points=Decimal(p2))
        else:
            results[m.key] = Result(winner="blue", red_points=Decimal(p2), blue_points=Decimal(p1))
    st = resolve(d, results)
    assert st.finished
    return d, list(st.standings["pool:A"])


def g(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def test_three_way_tie_on_wins_is_settled_by_the_head_to_head_mini_league() -> None:
    games = {
        g("A", "B"): ("A", 1, 0),
        g("A", "C"): ("A", 1, 0),
        g("B", "C"): ("B", 1, 0),
        g("D", "A"): ("D", 1, 0),
        g("E", "A"): ("E", 1, 0),
        g("B", "D"): ("B", 1, 0),
        g("E", "B"): ("E", 1, 0),
        g("C", "D"): ("C", 9, 0),
        g("C", "E"): ("C", 9, 0),
        g("E", "D"): ("E", 1, 0),
    }
    _, order = _league(["A", "B", "C", "D", "E"], games)
    assert order == ["E", "A", "B", "C", "D"]  # C has the best points overall, but only A, B, C's games count


def test_circular_three_way_tie_falls_to_points_difference_inside_the_mini_league_then_restarts() -> None:
    games = {
        g("A", "B"): ("A", 5, 0),
        g("B", "C"): ("B", 3, 2),
        g("C", "A"): ("C", 4, 1),
        g("A", "D"): ("A", 1, 0),
        g("B", "D"): ("B", 10, 0),
        g("C", "D"): ("C", 1, 0),
    }
    _, order = _league(["A", "B", "C", "D"], games)
    # mini-league differences A +2, B -4, C +2 (B's +10 against D does not count); A and C start again: C beat A
    assert order == ["C", "A", "B", "D"]


def test_a_tie_nothing_splits_falls_to_the_drawn_lot_and_without_lot_shares_the_place() -> None:
    games = {g("A", "B"): ("A", 1, 0), g("B", "C"): ("B", 1, 0), g("C", "A"): ("C", 1, 0)}
    d, order = _league(["A", "B", "C"], games)
    assert order == [k for k in d.lot if k in "ABC"]
    d2, again = _league(["A", "B", "C"], games)
    assert again == order and d2.lot == d.lot
    d3 = make_draw("round_robin", [Entrant(k) for k in "ABC"], b"league", {"tiebreaks": ["wins", "head_to_head"]})
    st = resolve(
        d3,
        {m.key: (RED if (m.red.ref, m.blue.ref if m.blue else "") in {("A", "B"), ("B", "C"), ("C", "A")} else BLUE) for m in d3.matches},
    )
    assert [p.place for p in st.placements] == [1, 1, 1]


def test_a_drawn_bout_counts_half_a_win_to_each() -> None:
    games = {g("A", "B"): (None, 2, 2), g("A", "C"): ("C", 1, 0), g("B", "C"): ("B", 1, 0)}
    d, order = _league(["A", "B", "C"], games, {"tiebreaks": ["wins", "lot"]})
    # B 1.5 wins, C 1, A 0.5
    assert order == ["B", "C", "A"]


def test_round_robin_order_avoids_fighting_twice_in_a_row() -> None:
    for n in range(5, 11):
        d = make_draw("round_robin", people(n), b"o")
        assert len(d.matches) == n * (n - 1) // 2
        pairs = [{m.red.ref, m.blue.ref if m.blue else ""} for m in d.matches]
        assert all(not (a & b) for a, b in zip(pairs, pairs[1:], strict=False)), n
        assert all(len(p) == 2 for p in pairs)
        assert len({frozenset(p) for p in pairs}) == len(pairs)


# --- pools -------------------------------------------------------------------------------------------------


def test_pools_cross_in_the_elimination_and_keep_teammates_apart() -> None:
    es = [Entrant(f"e{i}", team="HN" if i < 2 else "", seed=i + 1 if i in (2, 3) else None) for i in range(8)]
    d = make_draw("pools", es, b"p")
    assert list(d.pools) == ["pool:A", "pool:B"]
    a, b = d.pools["pool:A"], d.pools["pool:B"]
    assert ("e2" in a) != ("e2" in b) and ("e2" in a) == ("e3" in b)  # seeds snake
    assert ("e0" in a) != ("e1" in a)
    r1 = [m for m in d.matches if m.stage == "main" and m.round == 1]
    assert [(m.red, m.blue) for m in r1] == [
        (Source("rank", "pool:A", 1), Source("rank", "pool:B", 2)),
        (Source("rank", "pool:A", 2), Source("rank", "pool:B", 1)),
    ]
    assert d.match("P:A:1").label == "Bảng A - lượt 1 - trận 1"
    state = resolve(d, {})
    assert not state.matches["R1-1"].ready and state.matches["R1-1"].red is None


def test_pool_options_are_checked() -> None:
    with pytest.raises(DrawError) as err:
        make_draw("pools", people(6), b"p", {"pools": 4})
    assert err.value.code == "draw.bad_option"
    with pytest.raises(DrawError):
        make_draw("pools", people(6), b"p", {"then": "double"})
    with pytest.raises(DrawError):
        make_draw("pools", people(3), b"p", {"pool_size": 4, "advance": 1})


# --- judged ------------------------------------------------------------------------------------------------

STAGES = [{"name": "Sơ loại", "take": 2}, {"name": "Chung kết", "take": None}]


def test_judged_cut_off_tie_takes_everyone_tied_and_the_best_performs_last() -> None:
    d = make_draw("judged", people(5), b"j", {"stages": STAGES})
    assert [m.key for m in d.matches[:5]] == [f"S1:{j}" for j in range(1, 6)]
    final = [m for m in d.matches if m.round == 2]
    assert final[-1].red == Source("rank", "S1", 1) and final[0].red == Source("rank", "S1", 5) and final[0].blue is None
    scores = {"e00": "9", "e01": "8", "e02": "8", "e03": "5", "e04": "1"}
    first = {m.key: Result(red_points=Decimal(scores[m.red.ref])) for m in d.matches if m.round == 1}
    st = resolve(d, first)
    assert st.standings["S1"][0] == "e00" and set(st.standings["S1"][1:3]) == {"e01", "e02"}
    ready = [m for m in final if st.matches[m.key].ready]
    assert [st.matches[m.key].red for m in ready][-1] == "e00" and len(ready) == 3
    assert all(st.matches[m.key].bye for m in final[:2])
    last = {m.key: Result(red_points=Decimal(3 - i)) for i, m in enumerate(ready)}
    st = resolve(d, {**first, **last})
    assert st.finished
    assert [(p.place, p.entrant) for p in st.placements][3:] == [(4, "e03"), (5, "e04")]
    assert {p.entrant for p in st.placements[:3]} == {"e00", "e01", "e02"}
    with pytest.raises(DrawError) as err:
        resolve(d, {"S2:5": Result(red_points=Decimal(1))})
    assert err.value.code == "draw.result_not_ready"
    with pytest.raises(DrawError):
        resolve(d, {"S1:1": RED})


def test_judged_groups_spread_teams_and_teammates_do_not_perform_one_after_another() -> None:
    es = [Entrant(f"x{i}", team="X") for i in range(4)] + [Entrant(f"y{i}", team=f"Y{i}") for i in range(12)]
    for salt in range(5):
        d = make_draw("judged", es, bytes([salt]), {"groups": 8, "stages": STAGES})
        assert list(d.pools) == ["S1:A", "S1:B"]
        for keys in d.pools.values():
            assert sum(k.startswith("x") for k in keys) == 2
            assert all(not (a.startswith("x") and b.startswith("x")) for a, b in zip(keys, keys[1:], strict=False))
        assert d.match("S1:B:1").label.startswith("Sơ loại - bảng B - lượt 1")


def test_a_single_judged_athlete_is_enough() -> None:
    d = make_draw("judged", people(1), b"j")
    st = resolve(d, {"S1:1": Result(red_points=Decimal("7.5"))})
    assert st.finished and [(p.place, p.entrant) for p in st.placements] == [(1, "e00")]


# --- errors and JSON ---------------------------------------------------------------------------------------


def test_errors_have_codes_and_vietnamese_messages() -> None:
    cases = [
        (lambda: make_draw("single", people(1), b"s"), "draw.too_few"),
        (lambda: make_draw("judged", [], b"s"), "draw.too_few"),
        (lambda: make_draw("single", [Entrant("a"), Entrant("a")], b"s"), "draw.duplicate_entrant"),
        (lambda: make_draw("single", [Entrant("a", seed=1), Entrant("b", seed=1)], b"s"), "draw.duplicate_seed"),
        (lambda: make_draw("swiss", people(4), b"s"), "draw.unknown_format"),
        (lambda: make_draw("single", people(4), b"s", {"bronze": "three"}), "draw.bad_option"),
        (lambda: make_draw("single", people(4), b"s", {"colour": "red"}), "draw.bad_option"),
        (lambda: make_draw("repechage", people(4), b"s", {"repechage": "all"}), "draw.bad_option"),
        (lambda: make_draw("double", people(4), b"s", {"reset": "yes"}), "draw.bad_option"),
        (lambda: make_draw("round_robin", people(4), b"s", {"tiebreaks": ["height"]}), "draw.bad_option"),
        (lambda: make_draw("judged", people(4), b"s", {"stages": [{"name": "A", "take": 0}]}), "draw.bad_option"),
    ]
    for call, code in cases:
        with pytest.raises(DrawError) as err:
            call()
        assert err.value.code == code
        assert err.value.message_vi
    with pytest.raises(DrawError) as err:
        make_draw("single", people(1), b"s")
    assert err.value.message_vi == "Cần ít nhất 2 vận động viên để bốc thăm"


def test_json_is_canonical_and_round_trips() -> None:
    d = make_draw("judged", [Entrant("e1", "Hà Nội", name="Nguyễn Thị Ánh")], b"s", {"stages": [{"name": "Chung kết", "take": None}]})
    text = d.to_json()
    assert "Hà Nội" in text and ": " not in text and ", " not in text
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert Draw.from_json(text) == d and Draw.from_json(text).to_json() == text
    assert d.digest() == hashlib.sha256(text.encode()).hexdigest()
    assert d.commitment == commitment(b"s")
    with pytest.raises(DrawError):
        Draw.from_json("{}")
