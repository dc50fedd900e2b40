"""WKF kata medal bouts after two groups (judged option ``bronze = "groups"``; WKF Kata Competition Rules art. 3.4):
the group winners meet for 1st and 2nd, each group's 2nd meets the other group's 3rd for the two 3rd places."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tournaments.draws import Draw, DrawError, Entrant, Result, State, make_draw, resolve

ONE_ROUND = {"groups": 5, "stages": [{"name": "Vòng bảng", "take": None}], "bronze": "groups"}


def athletes(n: int) -> list[Entrant]:
    return [Entrant(f"e{i:02d}", team=f"CLB {i % 3}") for i in range(1, n + 1)]


def group_round(draw_options: dict[str, object], n: int) -> tuple[Draw, dict[str, Result], State]:
    """Every group performance scored: the athlete ``eNN`` gets 20 + NN / 10, so a higher number ranks higher."""
    d = make_draw("judged", athletes(n), b"kata", draw_options)
    results: dict[str, Result] = {}
    for m in d.matches:
        if m.round == 1:
            results[m.key] = Result(red_points=Decimal(20) + Decimal(int(m.red.ref[1:])) / 10)
    return d, results, resolve(d, results)


def in_group(d: Draw, group: str) -> list[str]:
    """A group's athletes best first (higher number ranks higher in ``group_round``)."""
    return sorted(d.pools[f"S1:{group}"], reverse=True)


def test_the_medal_bouts_exist_from_the_draw_and_are_filled_when_the_group_round_ends() -> None:
    d = make_draw("judged", athletes(10), b"kata", ONE_ROUND)
    assert [len(d.pools["S1:A"]), len(d.pools["S1:B"])] == [5, 5]
    bouts = [m for m in d.matches if m.round == 2]
    assert [m.key for m in bouts] == ["B1:1", "B1:2", "B2:1", "B2:2", "F:1", "F:2"]  # both bronze bouts, then the final
    assert [m.label for m in bouts][:2] == ["Tranh huy chương đồng 1 - Đai đỏ", "Tranh huy chương đồng 1 - Đai xanh"]
    assert [(m.red.ref, m.red.place) for m in bouts] == [("S1:A", 2), ("S1:B", 3), ("S1:B", 2), ("S1:A", 3), ("S1:A", 1), ("S1:B", 1)]
    assert [m.order for m in d.matches] == list(range(1, 17))  # scheduled after the group round, before anyone is known
    pending = resolve(d, {})
    assert all(not pending.matches[m.key].ready and pending.matches[m.key].red is None for m in bouts)

    d, results, state = group_round(ONE_ROUND, 10)
    a, b = in_group(d, "A"), in_group(d, "B")
    assert {k: state.matches[k].red for k in ("B1:1", "B1:2", "B2:1", "B2:2", "F:1", "F:2")} == {
        "B1:1": a[1],
        "B1:2": b[2],
        "B2:1": b[1],
        "B2:2": a[2],
        "F:1": a[0],
        "F:2": b[0],
    }
    assert all(state.matches[k].ready for k in ("B1:1", "F:2")) and not state.finished and state.placements == ()


def test_the_standings_are_1_2_3_3_5_5_then_the_rest_of_the_round_by_their_totals() -> None:
    d, results, _ = group_round(ONE_ROUND, 10)
    a, b = in_group(d, "A"), in_group(d, "B")
    # B1: A2 (red) beats B3; B2: A3 (blue) beats B2; final: B1 beats A1
    for key, points in {"B1:1": "24.0", "B1:2": "23.0", "B2:1": "22.0", "B2:2": "22.4", "F:1": "24.2", "F:2": "24.6"}.items():
        results[key] = Result(red_points=Decimal(points))
    state = resolve(d, results)
    assert state.finished
    places = [(p.place, p.entrant) for p in state.placements]
    assert places[:6] == sorted([(1, b[0]), (2, a[0]), (3, a[1]), (3, a[2]), (5, b[2]), (5, b[1])])
    rest = sorted(a[3:] + b[3:], key=lambda k: -int(k[1:]))  # the 4ths and 5ths of both groups by their totals
    assert places[6:] == [(7 + i, k) for i, k in enumerate(rest)]
    # each bout's performance says who won it (the bracket marks the winner's card)
    assert state.matches["F:2"].winner == b[0] and state.matches["F:1"].loser == a[0] and state.matches["F:1"].winner is None


def test_a_tied_bout_goes_to_the_higher_athletic_score_then_to_the_lot() -> None:
    d, results, _ = group_round(ONE_ROUND, 10)
    a, b = in_group(d, "A"), in_group(d, "B")
    tie = Decimal("23.46")
    results.update(
        {
            "B1:1": Result(red_points=tie, tiebreak=(Decimal("6.9"),)),
            "B1:2": Result(red_points=tie, tiebreak=(Decimal("7.2"),)),  # B3 wins on the athletic performance
            "B2:1": Result(red_points=tie),
            "B2:2": Result(red_points=tie),  # nothing splits them: the lot
            "F:1": Result(red_points=Decimal(25)),
            "F:2": Result(red_points=Decimal(24)),
        }
    )
    state = resolve(d, results)
    bronzes = {p.entrant for p in state.placements if p.place == 3}
    first_in_lot = min((b[1], a[2]), key=d.lot.index)
    assert bronzes == {b[2], first_in_lot}


def test_a_performer_who_withdraws_from_a_bout_loses_it() -> None:
    d, results, _ = group_round(ONE_ROUND, 10)
    a, b = in_group(d, "A"), in_group(d, "B")
    results.update(
        {
            "B1:1": Result(red_points=Decimal(0), decision="withdrawal"),
            "B1:2": Result(red_points=Decimal(20)),
            "B2:1": Result(red_points=Decimal(22)),
            "B2:2": Result(red_points=Decimal(21)),
            "F:1": Result(red_points=Decimal(25)),
            "F:2": Result(red_points=Decimal(24)),
        }
    )
    places = {p.entrant: p.place for p in resolve(d, results).placements}
    assert (places[b[2]], places[a[1]]) == (3, 5)


def test_a_group_with_no_third_gives_the_bronze_without_a_bout_and_a_stopped_athlete_is_not_called() -> None:
    d, results, state = group_round({**ONE_ROUND, "groups": 3}, 5)  # groups of 3 and 2
    big, small = sorted(("A", "B"), key=lambda g: -len(d.pools[f"S1:{g}"]))
    bout = "B1" if big == "A" else "B2"  # the bout of the big group's 2nd against the small group's (missing) 3rd
    lone, empty = (f"{bout}:1", f"{bout}:2")
    assert state.matches[empty].bye and state.matches[empty].red is None
    assert state.matches[lone].bye and state.matches[lone].red == in_group(d, big)[1]  # not performed
    with pytest.raises(DrawError) as err:
        resolve(d, {**results, lone: Result(red_points=Decimal(20))})
    assert err.value.code == "draw.result_not_ready"

    # a withdrawal in the group round: the next athlete of the group takes that place in the bouts
    best = in_group(d, big)[0]
    slot = next(m.key for m in d.matches if m.round == 1 and m.red.ref == best)
    results[slot] = Result(red_points=Decimal(0), decision="withdrawal")
    state = resolve(d, results)
    final = "F:1" if big == "A" else "F:2"
    assert state.matches[final].red == in_group(d, big)[1]


@pytest.mark.parametrize(
    "options",
    [
        {"groups": 10, "stages": [{"name": "Vòng bảng", "take": None}], "bronze": "groups"},  # one group
        {"groups": 3, "stages": [{"name": "Vòng bảng", "take": None}], "bronze": "groups"},  # four groups
        {"stages": [{"name": "Vòng 1", "take": 4}, {"name": "Vòng 2", "take": None}], "bronze": "groups"},  # no groups
        {"groups": 4, "stages": [{"name": "1", "take": 4}, {"name": "2", "take": 4}, {"name": "3", "take": None}], "bronze": "groups"},
        {"stages": [{"name": "Chung kết", "take": None}], "bronze": "groups"},  # no groups
        {**ONE_ROUND, "bronze": "three"},
    ],
)
def test_medal_bouts_need_the_last_round_in_two_groups(options: dict[str, object]) -> None:
    with pytest.raises(DrawError) as err:
        make_draw("judged", athletes(10), b"kata", options)
    assert err.value.code == "draw.bad_option"


def test_the_default_ranking_keeps_a_draw_as_it_was() -> None:
    plain = {"groups": 5, "stages": [{"name": "Vòng bảng", "take": None}]}
    d = make_draw("judged", athletes(10), b"kata", plain)
    assert d.digest() == make_draw("judged", athletes(10), b"kata", {**plain, "bronze": "ranking"}).digest()
    assert "bronze" not in d.options and all(m.round == 1 for m in d.matches)


TWO_ROUNDS = {"groups": 5, "stages": [{"name": "Vòng 1", "take": 3}, {"name": "Vòng 2", "take": None}], "bronze": "groups"}


def test_after_four_groups_the_second_round_is_two_groups_of_the_halves_qualifiers_then_the_bouts() -> None:
    d, results, state = group_round(TWO_ROUNDS, 20)  # groups A-D of five, three go on from each
    assert sorted(k for k in d.pools) == ["S1:A", "S1:B", "S1:C", "S1:D"]
    second = [m for m in d.matches if m.round == 2]
    assert [m.key for m in second][:2] == ["S2:A:1", "S2:A:2"] and len(second) == 20  # a slot for anyone of each half
    assert second[0].label == "Vòng 2 - bảng A - lượt 1"
    top = {h: sorted(in_group(d, x)[:3] for x in groups) for h, groups in (("A", "AB"), ("B", "CD"))}
    for half, groups in (("A", "AB"), ("B", "CD")):
        qualified = sorted((k for x in groups for k in in_group(d, x)[:3]), key=lambda k: -int(k[1:]))
        reds = [state.matches[m.key].red for m in second if m.key.startswith(f"S2:{half}:")]
        assert reds == [None] * 4 + qualified[::-1], (half, top)  # the best performs last; four empty slots
    for m in second:  # the second round marks the reverse of the entrant's number: the order changes
        if (who := state.matches[m.key].red) is not None:
            results[m.key] = Result(red_points=Decimal(30) - Decimal(int(who[1:])) / 10)
    state = resolve(d, results)
    a2 = sorted(
        (state.matches[m.key].red for m in second if m.key.startswith("S2:A:") and state.matches[m.key].red), key=lambda k: int(k[1:])
    )
    b2 = sorted(
        (state.matches[m.key].red for m in second if m.key.startswith("S2:B:") and state.matches[m.key].red), key=lambda k: int(k[1:])
    )
    assert (state.matches["F:1"].red, state.matches["F:2"].red) == (a2[0], b2[0])
    assert (state.matches["B1:1"].red, state.matches["B1:2"].red) == (a2[1], b2[2])
    for key in ("B1:1", "B1:2", "B2:1", "B2:2", "F:1", "F:2"):
        results[key] = Result(red_points=Decimal(25) + (1 if key.endswith(":1") else 0))  # red (AKA) wins each bout
    state = resolve(d, results)
    places = [(p.place, p.entrant) for p in state.placements]
    assert sorted(places[:6]) == sorted([(1, a2[0]), (2, b2[0]), (3, a2[1]), (3, b2[1]), (5, b2[2]), (5, a2[2])])
    rest = sorted(a2[3:] + b2[3:], key=lambda k: int(k[1:]))  # the others of the second round by their scores there
    assert places[6:12] == [(7 + i, k) for i, k in enumerate(rest)]
    out = sorted((k for g in "ABCD" for k in in_group(d, g)[3:]), key=lambda k: -int(k[1:]))  # out after round 1
    assert places[12:] == [(13 + i, k) for i, k in enumerate(out)]
