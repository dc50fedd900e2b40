"""The medal table and team points by the regulations' unit: the entry's team (đoàn), the athlete's
club or district as entered; an entrant without the unit is counted under "" (listed as "Chưa có câu
lạc bộ"), and the unit travels from the bracket's entrants onto each standing line."""

from __future__ import annotations

import pytest

from results import standings as st

# (place, team, club, district) of each placed entrant
CAT_1 = [
    (1, "Đoàn A", "CLB Phú Thọ", "Quận 1"),
    (2, "Đoàn B", "CLB Phú Thọ", "Quận 3"),
    (3, "Đoàn A", "", "Quận 3"),
    (3, "Đoàn B", "CLB Hòa Hưng", ""),
]
CAT_2 = [
    (1, "Đoàn B", "CLB Hòa Hưng", "Quận 3"),
    (2, "Đoàn A", "CLB Phú Thọ", "Quận 1"),
    (3, "Đoàn A", "", "Quận 1"),
    (5, "Đoàn B", "CLB Hòa Hưng", ""),
]


def _final(cid, lines):
    placed = [
        st.Line(p, f"e{cid}{i}", f"VĐV {cid}{i}", team, st.medal_of(p), club=club, district=d) for i, (p, team, club, d) in enumerate(lines)
    ]
    return st.Standing(cid, f"C{cid}", f"Hạng {cid}", "", "", "final", tuple(placed))


STANDINGS = [_final(1, CAT_1), _final(2, CAT_2)]


def _rows(count_by, **kw):
    return [(r.rank, r.team, r.gold, r.silver, r.bronze, r.points) for r in st.medal_table(STANDINGS, count_by=count_by, **kw)]


def test_the_same_placings_tallied_by_team_club_and_district():
    points = st.parse_points("1:10, 2:8, 3:6, 5:4")
    assert _rows("team", points=points) == [(1, "Đoàn A", 1, 1, 2, 30), (2, "Đoàn B", 1, 1, 1, 28)]
    assert _rows("club", points=points) == [
        (1, "CLB Phú Thọ", 1, 2, 0, 26),
        (2, "CLB Hòa Hưng", 1, 0, 1, 20),
        (3, "", 0, 0, 2, 12),  # the two bronzes of entrants without a club: counted, not dropped
    ]
    # Quận 1 and Quận 3: the same medals and the same points share the rank
    assert _rows("district", points=points) == [(1, "Quận 1", 1, 1, 1, 24), (1, "Quận 3", 1, 1, 1, 24), (3, "", 0, 0, 1, 10)]


def test_by_points_the_club_with_more_points_leads_even_with_fewer_medals():
    points = st.parse_points("1:1, 2:1, 3:20")
    by_medals = st.medal_table(STANDINGS, points=points, count_by="club")
    by_points = st.medal_table(STANDINGS, points=points, order="points", count_by="club")
    assert [r.team for r in by_medals] == ["CLB Phú Thọ", "CLB Hòa Hưng", ""]
    assert [(r.team, r.points) for r in by_points] == [("", 40), ("CLB Hòa Hưng", 21), ("CLB Phú Thọ", 3)]


def test_every_medal_is_counted_once_whatever_the_unit():
    for count_by in st.COUNT_BY:
        assert st.totals(st.medal_table(STANDINGS, count_by=count_by))[:3] == (2, 2, 3)


def test_an_unknown_unit_is_refused_in_vietnamese():
    with pytest.raises(st.StandingsError) as info:
        st.medal_table(STANDINGS, count_by="province")
    assert "Đơn vị tính toàn đoàn" in info.value.message_vi


def test_labels_of_the_units_and_of_an_entrant_without_one():
    assert st.COUNT_BY_VI == {"team": "Đoàn", "club": "Câu lạc bộ", "district": "Quận/huyện"}
    assert st.NO_UNIT_VI["club"] == "Chưa có câu lạc bộ"


def test_a_standing_line_carries_the_club_and_district_the_bracket_gives():
    who = {"key": "e1", "name": "An", "team": "Đoàn A", "club": "CLB Phú Thọ", "district": "Quận 1"}
    other = {"key": "e2", "name": "Bình", "team": "Đoàn B"}  # a bracket without the units: empty, not an error
    bracket = {
        "category": {"id": 1, "code": "M-58", "name": "Nam 58 kg"},
        "finished": True,
        "matches": [{"key": "F", "stage": "main", "round": 1, "order": 1, "red": who, "blue": other, "winner": "red", "status": "done"}],
        "placements": [{"place": 1, "entry": 1}, {"place": 2, "entry": 2}],
    }
    s = st.standing(bracket)
    assert [(ln.name, ln.club, ln.district) for ln in s.lines] == [("An", "CLB Phú Thọ", "Quận 1"), ("Bình", "", "")]
    assert [r.team for r in st.medal_table([s], count_by="club")] == ["CLB Phú Thọ", ""]
