from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.rules import Rounding, trim, trim_groups

D = Decimal


def marks(*values: str) -> list[tuple[str, Decimal]]:
    return [(f"J{i}", D(v)) for i, v in enumerate(values, start=1)]


def test_seven_judges_drop_two_high_and_two_low():
    t = trim(marks("8.0", "8.5", "7.5", "8.5", "8.0", "7.5", "8.0"), 2, 2)
    assert t.value == D("24.0")
    assert sorted(s for s, _ in t.dropped_high + t.dropped_low) == ["J2", "J3", "J4", "J6"]


def test_middle_mark_of_three():
    assert trim(marks("9.0", "8.0", "8.5"), 1, 1).value == D("8.5")


def test_groups_trim_separately_or_pooled():
    groups = [marks("8.5", "8.0", "9.0"), [("J4", D("9.0")), ("J5", D("8.5")), ("J6", D("8.5"))]]
    assert trim_groups(groups, 1, 1).value == D("17.0")  # 8.5 + 8.5
    pooled = [marks("8.5", "8.0"), [("J3", D("9.0")), ("J4", D("9.5"))]]
    assert trim_groups(pooled, 1, 1, pooled=True).value == D("17.5")  # drop 8.0 and 9.5


def test_small_panel_is_not_trimmed_and_mean_is_exact():
    assert trim(marks("7.0", "8.0"), 0, 0, "mean").value == D("7.5")


def test_trimming_that_leaves_no_mark_is_refused():
    with pytest.raises(ValueError, match="cannot lose"):
        trim(marks("8", "9", "7"), 2, 1)


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("truncate:0.001", "8.16666", "8.166"),
        ("half-up:0.01", "7.455", "7.46"),
        ("half-even:0.01", "7.455", "7.46"),
        ("half-even:0.01", "7.445", "7.44"),
        ("none", "1.23456", "1.23456"),
    ],
)
def test_rounding_modes(text, value, expected):
    assert Rounding.parse(text).apply(D(value)) == D(expected)
    assert str(Rounding.parse(text).apply(D(value))) == expected


@pytest.mark.parametrize("text", ["round:0.01", "truncate:0.05", "truncate", "half-up:x"])
def test_bad_rounding_is_refused(text):
    with pytest.raises(ValueError):
        Rounding.parse(text)


mark_lists = st.lists(st.integers(min_value=0, max_value=20).map(lambda n: D(n) / 2), min_size=5, max_size=11)


@settings(max_examples=300, deadline=None)
@given(mark_lists, st.integers(min_value=0, max_value=2))
def test_trimming_is_symmetric(values, k):
    # Dropping k high and k low of the marks equals dropping them of the mirrored marks (10 - x).
    seat_marks = [(f"J{i}", v) for i, v in enumerate(values)]
    mirrored = [(s, 10 - v) for s, v in seat_marks]
    kept = trim(seat_marks, k, k)
    assert 10 * len(kept.kept) - kept.value == trim(mirrored, k, k).value


@settings(max_examples=300, deadline=None)
@given(mark_lists, st.randoms(use_true_random=False))
def test_trimming_does_not_depend_on_seat_order(values, rnd):
    seat_marks = [(f"J{i}", v) for i, v in enumerate(values)]
    shuffled = list(seat_marks)
    rnd.shuffle(shuffled)
    assert trim(seat_marks, 2, 2).value == trim(shuffled, 2, 2).value
