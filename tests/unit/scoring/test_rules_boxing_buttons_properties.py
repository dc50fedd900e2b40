"""Properties of the 3-of-5 boxing rule set (boxing-aiba-computer) through the bout fold: N blows,
each pressed by 3 to 5 judges inside 1 s and well apart, score N; presses by at most 2 judges per
blow never score; warnings add 2 per warning to the opponent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.rules import LogEvent, load_ruleset, score_contest
from scoring.rules.contest import ContestScore

RULESET = "boxing-aiba-computer"
SEATS = ["J1", "J2", "J3", "J4", "J5"]
T0 = datetime(2025, 5, 17, 9, 0, 0, tzinfo=UTC)

offsets = st.integers(min_value=0, max_value=1000).map(lambda ms: ms / 1000)  # 0..1.000 s, bound included


def blows(min_judges: int, max_judges: int) -> st.SearchStrategy[list[list[tuple[str, float]]]]:
    one = st.lists(st.sampled_from(SEATS), min_size=min_judges, max_size=max_judges, unique=True).flatmap(
        lambda seats: st.lists(offsets, min_size=len(seats), max_size=len(seats)).map(lambda ts: list(zip(seats, ts, strict=True)))
    )
    return st.lists(one, min_size=1, max_size=6)


def fold(groups: list[list[tuple[str, float]]], side: str = "red", warnings: int = 0) -> ContestScore:
    events: list[LogEvent] = []

    def add(kind: str, data: dict[str, Any], t: Decimal) -> None:
        events.append(LogEvent(len(events) + 1, kind, data, T0 + timedelta(microseconds=int(t * 1_000_000))))

    add("contest_created", {"ruleset": RULESET, "params": {}}, Decimal(0))
    for i, presses in enumerate(groups):
        start = Decimal(10 + 5 * i)
        # the first press opens the window: the others follow it by their offsets (at most 1.000 s)
        first, *rest = sorted(presses, key=lambda p: p[1])
        for seat, offset in [first, *rest]:
            add("press", {"seat": seat, "side": side, "value": "1"}, start + Decimal(str(offset)) - Decimal(str(first[1])))
    for w in range(warnings):
        add("penalty", {"side": "blue", "code": "warning"}, Decimal(200 + w))
    return score_contest(load_ruleset(RULESET), events)


@settings(max_examples=150, deadline=None)
@given(blows(3, 5))
def test_n_blows_each_pressed_by_three_to_five_judges_within_one_second_score_n(groups):
    assert fold(groups).sides["red"].detail["bout_points"] == str(len(groups))


@settings(max_examples=150, deadline=None)
@given(blows(1, 2))
def test_blows_pressed_by_at_most_two_judges_never_score(groups):
    assert fold(groups).sides["red"].detail["bout_points"] == "0"


@settings(max_examples=50, deadline=None)
@given(blows(3, 5), st.integers(min_value=0, max_value=2))
def test_each_warning_to_blue_adds_two_points_to_red(groups, warnings):
    score = fold(groups, warnings=warnings)
    assert score.sides["red"].detail["bout_points"] == str(len(groups) + 2 * warnings)
    assert score.winner is None  # two warnings do not disqualify; the bout is still running
