"""The pure parts of the rankings: points per place, the window, the order and the seeding rules."""

from datetime import date

import pytest

from athletes.rankings import (
    DEFAULT_POINTS,
    PointsRow,
    PointsTableInvalid,
    Result,
    Standing,
    check_points_rows,
    points_for,
    rank,
    seeds,
    weight,
)

AS_OF = date(2026, 12, 1)


def result(athlete_id: int, points: int, on: date = date(2026, 6, 1), name: str = "Giải") -> Result:
    return Result(athlete_id, name, on, "city", "M-58", "Nam 58 kg", 1, points, points * weight(on, AS_OF))


def standing(athlete_id: int, total: float) -> Standing:
    return Standing(0, athlete_id, f"VĐV {athlete_id}", "", total, [result(athlete_id, int(total))])


def test_a_place_without_a_row_gets_the_next_listed_place_below_and_past_the_last_row_nothing():
    table = [PointsRow("", "city", 1, 20), PointsRow("", "city", 3, 7), PointsRow("", "city", 5, 4)]
    assert [points_for(table, "karate", "city", p) for p in (1, 2, 3, 4, 5, 6)] == [20, 7, 7, 4, 4, 0]


def test_a_sports_own_rows_win_over_the_departments_table():
    assert points_for(DEFAULT_POINTS, "taekwondo", "international", 1) == 100
    assert points_for(DEFAULT_POINTS, "karate", "international", 7) == 10
    assert points_for(DEFAULT_POINTS, "vovinam", "city", 1) == 20
    assert points_for(DEFAULT_POINTS, "vovinam", "national", 3) == 18


def test_results_count_whole_for_a_year_half_for_the_year_before_and_not_at_all_after_two():
    assert weight(date(2026, 12, 1), AS_OF) == 1.0
    assert weight(date(2025, 12, 2), AS_OF) == 1.0
    assert weight(date(2025, 12, 1), AS_OF) == 0.5
    assert weight(date(2024, 12, 2), AS_OF) == 0.5
    assert weight(date(2024, 12, 1), AS_OF) == 0.0
    assert weight(date(2026, 12, 2), AS_OF) == 0.0  # a result after the date asked for


def test_standings_sum_each_athletes_counted_points_and_share_a_rank_on_a_full_tie():
    rows = rank(
        [
            result(1, 20),
            result(1, 12, date(2025, 6, 1)),
            result(2, 20),
            result(2, 6),
            result(3, 20),
            result(3, 6),
            result(4, 7, date(2024, 1, 1)),
        ]
    )
    assert [(s.athlete_id, s.total, s.rank) for s in rows] == [(1, 26.0, 1), (2, 26.0, 1), (3, 26.0, 1)]  # 20 + 12 / 2 = 20 + 6
    assert {s.athlete_id for s in rows} == {1, 2, 3}  # athlete 4's only result is outside the window
    assert rows[0].results[0].points == 20  # best counted result first


def test_between_equal_totals_the_better_single_result_ranks_first():
    rows = rank([result(1, 10), result(1, 10), result(2, 20)])
    assert [(s.athlete_id, s.rank) for s in rows] == [(2, 1), (1, 2)]


def test_wt_passes_an_absent_athletes_seed_down_to_the_next_present():
    table = [standing(10, 90), standing(11, 80), standing(12, 70), standing(13, 60), standing(14, 50)]
    assert seeds(table, {11, 12, 13, 14}, 2, "wt") == {11: 1, 12: 2}


def test_wkf_leaves_an_absent_athletes_seed_unused_and_seeds_nobody_below_the_first_n():
    table = [standing(10, 90), standing(11, 80), standing(12, 70), standing(13, 60), standing(14, 50)]
    assert seeds(table, {11, 12, 13, 14}, 2, "wkf") == {11: 2}
    assert seeds(table, {10, 11, 12, 13, 14}, 2, "wkf") == {10: 1, 11: 2}


def test_athletes_without_points_are_never_seeded():
    table = [standing(10, 0)]
    assert seeds(table, {10}, 4, "wt") == {} == seeds(table, {10}, 4, "wkf")


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        seeds([], set(), 4, "ijf")


@pytest.mark.parametrize(
    ("rows", "row", "field"),
    [
        ([{"level": "city", "place": 1, "points": 10}, {"level": "province", "place": 1, "points": 5}], 2, "cấp giải (level)"),
        ([{"level": "city", "place": 0, "points": 10}], 1, "thứ hạng (place)"),
        ([{"level": "city", "place": 1, "points": -1}], 1, "điểm (points)"),
        ([{"level": "city", "place": 1, "points": 2.5}], 1, "điểm (points)"),
        ([{"level": "city", "place": 1, "points": 3}, {"sport": "", "level": "city", "place": 1, "points": 2}], 2, "thứ hạng (place)"),
    ],
)
def test_a_bad_points_row_is_named_by_row_and_field_in_vietnamese(rows, row, field):
    with pytest.raises(PointsTableInvalid) as caught:
        check_points_rows(rows)
    assert caught.value.values["row"] == row and caught.value.values["field"] == field
    assert caught.value.message("vi").startswith(f"Bảng điểm xếp hạng, dòng {row}, cột «{field}»")
