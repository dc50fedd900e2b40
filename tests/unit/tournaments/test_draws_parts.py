"""Judged performances made of several parts (dives of a diving round): keys, part-major order, exact totals, ties,
a withdrawn diver, and random results resolved to the end."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tournaments.draws import Draw, DrawError, Entrant, Result, Source, make_draw, performances, resolve

PRELIM_FINAL = [{"name": "Sơ loại", "take": 4}, {"name": "Chung kết", "take": None}]


def divers(n: int, teams: int = 3) -> list[Entrant]:
    return [Entrant(f"e{i:02}", team=f"t{i % teams}" if teams else "") for i in range(n)]


def dives(d: Draw, points: dict[str, list[str]], stage: int = 1, state: Any = None) -> dict[str, Result]:
    """Each diver's points per part (as typed) for the performances of ``stage`` whose diver is known."""
    st_ = state or resolve(d, {})
    out = {}
    for m in d.matches:
        who = st_.matches[m.key].red
        if m.round == stage and who is not None and not st_.matches[m.key].bye:
            part = int(m.key.split("/")[1]) if "/" in m.key else 1
            out[m.key] = Result(red_points=Decimal(points[who][part - 1]))
    return out


def test_three_parts_make_three_matches_per_diver_part_major_with_vietnamese_labels() -> None:
    d = make_draw("judged", divers(5), b"dive", {"stages": PRELIM_FINAL, "parts": 3})
    prelim = [m for m in d.matches if m.round == 1]
    assert len(prelim) == 15 and len([m for m in d.matches if m.round == 2]) == 15
    start = list(d.pools["S1"])
    assert [m.key for m in prelim] == [f"S1:{j}/{p}" for p in (1, 2, 3) for j in range(1, 6)]
    assert [m.red for m in prelim] == [Source("entrant", k) for _ in range(3) for k in start]
    assert [m.order for m in d.matches] == list(range(1, 16)) * 2
    assert d.match("S1:3/2").label == "Sơ loại - bài 2 - lượt 3"
    assert d.match("S2:5/3").label == "Chung kết - bài 3 - lượt 5"
    assert all(m.blue is None and m.stage == ("Sơ loại" if m.round == 1 else "Chung kết") for m in d.matches)
    # every part of the final is in the reverse order of the preliminary's ranking: the best dives last
    assert [d.match(f"S2:{j}/2").red for j in (1, 5)] == [Source("rank", "S1", 5), Source("rank", "S1", 1)]
    assert d.options == {"stages": [{"name": "Sơ loại", "take": 4, "parts": 3}, {"name": "Chung kết", "take": None, "parts": 3}]}
    assert make_draw("judged", divers(5), b"dive", d.options) == d


def test_a_stage_may_say_its_own_parts_over_the_draw_wide_default() -> None:
    stages = [{"name": "Sơ loại", "take": 4, "parts": 2}, {"name": "Chung kết", "take": None}]
    d = make_draw("judged", divers(4), b"s", {"stages": stages, "parts": 3})
    assert [m.key for m in d.matches if m.round == 1][-1] == "S1:4/2"
    assert [m.key for m in d.matches if m.round == 2][-1] == "S2:4/3"
    grouped = make_draw("judged", divers(6), b"g", {"groups": 3, "stages": PRELIM_FINAL, "parts": 2})
    assert grouped.match("S1:B:2/2").label == "Sơ loại - bảng B - bài 2 - lượt 2"
    assert [m.order for m in grouped.matches if m.round == 1] == list(range(1, 13))


def test_one_part_keeps_the_keys_labels_and_digests_of_draws_made_before_parts() -> None:
    people = [Entrant(f"e{i:02}", team=f"t{i % 3}") for i in range(7)]
    plain = make_draw("judged", people, bytes(range(32)), {"stages": PRELIM_FINAL})
    # digests of the same draws made by the code before parts existed
    assert plain.digest() == "02a820aeef617d51850282030024e8129f78090ce2081bd562a3015f20df0776"
    groups = {"groups": 4, "stages": [{"name": "Vòng bảng", "take": 2}, {"name": "Chung kết", "take": None}]}
    assert (
        make_draw("judged", people, bytes(range(32)), groups).digest() == "a53252b250eb5ecd4cb4622bd2666b426b46a13999930090bd7e014c5eabb75c"
    )
    one = [{**s, "parts": 1} for s in PRELIM_FINAL]
    assert make_draw("judged", people, bytes(range(32)), {"stages": one, "parts": 1}).to_json() == plain.to_json()
    assert plain.match("S1:1").label == "Sơ loại - lượt 1"


@pytest.mark.parametrize("bad", [0, -1, 21, True, "3", 2.0, None])
def test_parts_must_be_a_whole_number_from_1_to_20(bad: Any) -> None:
    for opts in ({"stages": [{"name": "A", "take": None, "parts": bad}]}, {"parts": bad}):
        with pytest.raises(DrawError) as err:
            make_draw("judged", divers(3), b"s", opts)
        assert err.value.code == "draw.bad_option" and err.value.message_vi.startswith("Tuỳ chọn")
    with pytest.raises(DrawError):
        make_draw("single", divers(4), b"s", {"parts": 2})


def test_the_stage_total_is_the_exact_sum_of_the_dives_and_ranks_only_when_every_dive_is_done() -> None:
    d = make_draw("judged", divers(3), b"exact", {"stages": [{"name": "Chung kết", "take": None, "parts": 3}]})
    # the same three dives in another order: exactly 220.35 both times (in binary floating point they differ)
    points = {"e00": ["81.60", "72.45", "66.30"], "e01": ["66.30", "72.45", "81.60"], "e02": ["70", "75.5", "74.84"]}
    results = dives(d, points)
    partial = resolve(d, {k: r for k, r in results.items() if not k.endswith("/3")})
    assert not partial.finished and partial.placements == ()
    assert partial.standings["S1"] == ("e00", "e02", "e01")  # running totals after two dives: 154.05, 145.5, 138.75
    st_ = resolve(d, results)
    assert st_.finished
    assert [(p.place, p.entrant) for p in st_.placements] == [(1, "e00"), (1, "e01"), (3, "e02")]
    assert 81.60 + 72.45 + 66.30 != 66.30 + 72.45 + 81.60


def test_totals_tied_at_the_cut_off_all_go_through_to_the_final_in_every_part() -> None:
    d = make_draw(
        "judged", divers(5), b"tie", {"stages": [{"name": "Sơ loại", "take": 2}, {"name": "Chung kết", "take": None}], "parts": 2}
    )
    points = {"e00": ["50", "50"], "e01": ["40", "45.5"], "e02": ["45.5", "40"], "e03": ["30", "30"], "e04": ["1", "2"]}
    st_ = resolve(d, dives(d, points))
    assert st_.standings["S1"][0] == "e00" and set(st_.standings["S1"][1:3]) == {"e01", "e02"}
    for part in (1, 2):
        assert [st_.matches[f"S2:{j}/{part}"].bye for j in range(1, 6)] == [True, True, False, False, False]
        assert st_.matches[f"S2:5/{part}"].red == "e00"  # the best dives last in every part
    final = dives(d, {"e00": ["1", "1"], "e01": ["2", "2"], "e02": ["2", "2"]}, stage=2, state=st_)
    done = resolve(d, {**dives(d, points), **final})
    assert done.finished
    assert [(p.place, p.entrant) for p in done.placements] == [(1, "e01"), (1, "e02"), (3, "e00"), (4, "e03"), (5, "e04")]


def test_a_diver_who_withdraws_does_not_dive_again_ranks_after_every_finisher_and_does_not_go_on() -> None:
    d = make_draw("judged", divers(6), b"wd", {"stages": PRELIM_FINAL, "parts": 3})
    start = list(d.pools["S1"])
    quitter = start[0]
    points = {k: ["50", "50", "50"] for k in start}
    points[start[-1]] = ["10", "10", "10"]  # the one diver out on points: 30 in all
    results = dives(d, points)
    results["S1:1/1"] = Result(red_points=Decimal("90"))  # the best first dive of all ...
    results["S1:1/2"] = Result(red_points=Decimal(0), decision="withdrawal")  # ... then an injury
    del results["S1:1/3"]
    st_ = resolve(d, results)
    assert st_.matches["S1:1/3"].bye and st_.matches["S1:1/3"].red == quitter and st_.matches["S1:1/3"].done
    assert st_.standings["S1"][-1] == quitter and st_.standings["S1"][-2] == start[-1]  # 90 after 30: stopped ranks last
    finalists = {st_.matches[f"S2:{j}/1"].red for j in range(1, 7)} - {None}
    assert quitter not in finalists and len(finalists) == 4
    held = resolve(d, {**results, "S1:1/3": Result(red_points=Decimal(80))})  # a dive held after all counts, the rank stays last
    assert not held.matches["S1:1/3"].bye and held.standings["S1"][-1] == quitter
    final = dives(d, {k: ["1", "2", "3"] for k in finalists}, stage=2, state=st_)
    done = resolve(d, {**results, **final})
    assert done.finished
    assert [p.place for p in done.placements] == [1, 1, 1, 1, 5, 6]
    assert done.placements[-2].entrant == start[-1] and done.placements[-1].entrant == quitter


def test_with_one_part_a_withdrawal_ranks_after_everyone_who_performed_whatever_its_points() -> None:
    d = make_draw("judged", divers(3), b"one", {"stages": [{"name": "Sơ loại", "take": 2}, {"name": "Chung kết", "take": None}]})
    first = {m.key: Result(red_points=Decimal(5 + i)) for i, m in enumerate(d.matches[:3])}
    first["S1:3"] = Result(red_points=Decimal(99), decision="no_show")
    st_ = resolve(d, first)
    assert st_.standings["S1"] == (d.match("S1:2").red.ref, d.match("S1:1").red.ref, d.match("S1:3").red.ref)
    assert [st_.matches[f"S2:{j}"].bye for j in (1, 2, 3)] == [True, False, False]


def _random_play(d: Draw, rnd: random.Random) -> tuple[dict[str, Result], set[tuple[int, str]]]:
    """Random dives wave by wave until nothing is ready; about one performance in eight stops by a decision."""
    results: dict[str, Result] = {}
    stops: set[tuple[int, str]] = set()
    while True:
        state = resolve(d, results)
        ready = [k for k, m in state.matches.items() if m.ready]
        if not ready:
            return results, stops
        for key in ready:
            who = state.matches[key].red
            assert who is not None
            if rnd.random() < 0.04:
                results[key] = Result(red_points=Decimal(rnd.randint(0, 3)), decision=rnd.choice(["withdrawal", "disqualification"]))
                stops.add((d.match(key).round, who))
            else:
                results[key] = Result(red_points=Decimal(rnd.randint(0, 2000)) / 20)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 24),
    st.sampled_from(
        [
            {"stages": PRELIM_FINAL, "parts": 3},
            {"stages": [{"name": "Sơ loại", "take": 6, "parts": 5}, {"name": "Bán kết", "take": 3}, {"name": "Chung kết", "take": None}]},
            {"groups": 4, "stages": [{"name": "Vòng bảng", "take": 2, "parts": 2}, {"name": "Chung kết", "take": None, "parts": 3}]},
            {"stages": [{"name": "Chung kết", "take": None}], "parts": 6},
        ]
    ),
    st.integers(0, 2**32),
)
def test_random_dives_resolved_to_the_end_place_everyone_once_with_exact_totals(n: int, opts: dict[str, Any], salt: int) -> None:
    d = make_draw("judged", divers(n, teams=4), salt.to_bytes(8, "big"), opts)
    results, stops = _random_play(d, random.Random(salt))
    state = resolve(d, results)
    assert state.finished
    assert sorted(p.entrant for p in state.placements) == sorted(e.key for e in d.entrants)
    places = sorted(p.place for p in state.placements)
    assert all(p == 1 + sum(1 for q in places if q < p) for p in places)
    for key, m in state.matches.items():
        assert m.done and (key in results) != m.bye
    for i, stage in enumerate(d.options["stages"], start=1):
        parts = stage.get("parts", 1)
        totals: dict[str, Decimal] = {}
        counted: dict[str, int] = {}
        for m in d.matches:
            who = state.matches[m.key].red
            if m.round == i and m.key in results and who is not None:
                totals[who] = totals.get(who, Decimal(0)) + results[m.key].red_points
                counted[who] = counted.get(who, 0) + 1
        ranked = state.standings[f"S{i}"]
        stopped = {k for r, k in stops if r == i}
        assert set(ranked) == set(totals)
        assert all(counted[k] == parts for k in ranked if k not in stopped)  # every dive of a finisher counts
        going = [k for k in ranked if k not in stopped]
        assert list(ranked) == going + [k for k in ranked if k in stopped]
        assert all(totals[a] >= totals[b] for a, b in zip(going, going[1:], strict=False))
        if i > 1:
            assert not set(ranked) & {k for r, k in stops if r < i}  # nobody stopped earlier performs later
    assert resolve(Draw.from_json(d.to_json()), results) == state


def test_the_performance_list_has_a_row_per_diver_in_start_order_with_each_dive_and_the_total() -> None:
    d = make_draw("judged", divers(3), b"rows", {"stages": PRELIM_FINAL, "parts": 2})
    start = list(d.pools["S1"])
    results = {"S1:1/1": Result(red_points=Decimal("40.50")), "S1:2/1": Result(red_points=Decimal("0"), decision="no_show")}
    rows = performances(d, resolve(d, results), results)
    assert [(r.entrant, r.slot, r.order) for r in rows] == [(k, f"S1:{j}", j) for j, k in enumerate(start, start=1)]
    first, second, third = rows
    assert first.parts == (Decimal("40.50"), None) and first.total == Decimal("40.50") and not first.done
    assert second.stopped and second.done and second.decision == "no_show" and second.parts == (Decimal(0), None)
    assert third.total is None and third.parts == (None, None) and all(r.place is None for r in rows)
    results.update(
        {"S1:1/2": Result(red_points=Decimal("30.25")), "S1:3/1": Result(red_points=Decimal(70)), "S1:3/2": Result(red_points=Decimal(1))}
    )
    state = resolve(d, results)
    rows = performances(d, state, results)
    assert [(r.entrant, r.total, r.place) for r in rows if r.stage == 1] == [
        (start[0], Decimal("70.75"), 2),
        (start[1], Decimal(0), 3),  # stopped: after every finisher
        (start[2], Decimal(71), 1),
    ]
    # the final: its slots in the reverse order of the preliminary (the stopped diver's slot is empty)
    assert [(r.entrant, r.order, r.parts, r.total) for r in rows if r.stage == 2] == [
        (start[0], 2, (None, None), None),
        (start[2], 3, (None, None), None),
    ]
