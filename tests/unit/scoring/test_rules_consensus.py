from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.rules import parse_ruleset
from scoring.rules.consensus import ConsensusFold, Press
from scoring.rules.ruleset import Consensus

BUTTON_TOML = """
id = "test-buttons"
name = "t"
version = "1"
sport = "test"
source = "test"
kind = "buttons"
sides = ["red", "blue"]
[consensus]
seats = ["J1", "J2", "J3"]
quorum = {quorum}
window = "1"
anchor = "{anchor}"
bound = "{bound}"
[[consensus.buttons]]
value = "1"
label = "one"
[[consensus.buttons]]
value = "2"
label = "two"
[bout]
rounds = 1
match = "total"
"""


def rules(anchor: str = "first", bound: str = "inclusive", quorum: int = 2) -> Consensus:
    rs = parse_ruleset(BUTTON_TOML.format(anchor=anchor, bound=bound, quorum=quorum), "test")
    assert rs.consensus is not None
    return rs.consensus


def fold(c: Consensus, presses: list[tuple[str, str, str, str]]) -> list:
    f = ConsensusFold(c)
    buttons = {b.value: b for b in c.buttons}
    confirmed = []
    for seq, (seat, side, value, t) in enumerate(presses, start=2):
        p = Press(seq, seat, side, buttons[Decimal(value)], int(Decimal(t) * 1_000_000), 1)
        if f.feed(p) is not None:
            confirmed.append(p)
    return [g for g in f.all_groups() if g.confirmed]


@pytest.mark.parametrize("anchor", ["first", "pairwise"])
@pytest.mark.parametrize(
    ("second", "inclusive_scores", "exclusive_scores"),
    [("0.00", True, True), ("0.99", True, True), ("1.00", True, False), ("1.01", False, False)],
)
def test_second_judge_at_window_bound(anchor, second, inclusive_scores, exclusive_scores):
    presses = [("J1", "red", "1", "0"), ("J2", "red", "1", second)]
    assert bool(fold(rules(anchor, "inclusive"), presses)) is inclusive_scores
    assert bool(fold(rules(anchor, "exclusive"), presses)) is exclusive_scores


def test_second_press_by_same_judge_in_window_counts_once():
    groups = fold(rules(), [("J1", "red", "1", "0"), ("J1", "red", "1", "0.5")])
    assert groups == []


def test_double_press_is_kept_as_duplicate_in_the_confirmed_group():
    c = rules()
    f = ConsensusFold(c)
    b = c.buttons[0]
    for seq, (seat, t) in enumerate([("J1", 0), ("J1", 200_000), ("J2", 400_000)], start=2):
        f.feed(Press(seq, seat, "red", b, t, 1))
    (group,) = f.all_groups()
    assert group.confirmed and [p.seat for p in group.counted] == ["J1", "J2"]
    assert [p.seq for p in group.duplicates] == [3]


def test_both_sides_inside_one_window_score_separately():
    groups = fold(rules(), [("J1", "red", "1", "0"), ("J2", "blue", "1", "0.1"), ("J2", "red", "1", "0.2"), ("J1", "blue", "1", "0.3")])
    assert sorted(g.side for g in groups) == ["blue", "red"]


def test_same_side_different_values_do_not_confirm_each_other():
    assert fold(rules(), [("J1", "red", "1", "0"), ("J2", "red", "2", "0.1")]) == []


def test_third_judge_joins_confirmed_group_without_a_second_point():
    groups = fold(rules(), [("J1", "red", "1", "0"), ("J2", "red", "1", "0.2"), ("J3", "red", "1", "0.6")])
    assert len(groups) == 1 and len(groups[0].counted) == 3


def test_unconfirmed_group_is_kept_for_audit_but_never_scores():
    c = rules()
    f = ConsensusFold(c)
    f.feed(Press(2, "J1", "red", c.buttons[0], 0, 1))
    f.feed(Press(3, "J2", "red", c.buttons[0], 3_000_000, 1))
    groups = f.all_groups()
    assert len(groups) == 2 and not any(g.confirmed for g in groups)


def test_pairwise_confirms_presses_close_to_each_other_after_an_expired_one():
    presses = [("J1", "red", "1", "0"), ("J2", "red", "1", "1.5"), ("J3", "red", "1", "2.0")]
    assert len(fold(rules("pairwise"), presses)) == 1
    # first-anchored: the group opened at 0 closes at 1; J2 and J3 open the next one
    assert len(fold(rules("first"), presses)) == 1


def test_clock_skew_decides_on_server_time_and_keeps_device_time_as_evidence(contest_log):
    log = contest_log("taekwondo-wt")
    log.press("J1", "red", "2", 10.0, t_device="2025-05-17T08:59:57.000Z")  # device 3 s behind
    log.press("J2", "red", "2", 10.4, t_device="2025-05-17T09:00:02.400Z")  # device 2 s ahead
    score = log.score()
    assert score.sides["red"].total == Decimal("2")
    presses = score.explanation.steps[0].data["presses"]
    assert [p["t_device"] for p in presses] == ["2025-05-17T08:59:57.000Z", "2025-05-17T09:00:02.400Z"]


def test_press_between_rounds_does_not_score(contest_log):
    log = contest_log("taekwondo-wt")
    log.add("round_started", {"round": 1}, 0)
    log.add("round_ended", {"round": 1}, 120)
    log.press("J1", "red", "2", 121)
    log.press("J2", "red", "2", 121.2)
    assert log.score().sides["red"].detail["bout_points"] == "0"


press_lists = st.lists(
    st.tuples(st.sampled_from(["J1", "J2", "J3"]), st.sampled_from(["red", "blue"]), st.sampled_from(["1", "2"])),
    min_size=1,
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(press_lists, st.randoms(use_true_random=False), st.sampled_from(["first", "pairwise"]))
def test_order_of_presses_inside_one_window_does_not_change_the_outcome(presses, rnd, anchor):
    at_once = [(seat, side, value, "0") for seat, side, value in presses]
    shuffled = list(at_once)
    rnd.shuffle(shuffled)
    key = lambda groups: sorted((g.side, g.button.value) for g in groups)  # noqa: E731
    assert key(fold(rules(anchor), at_once)) == key(fold(rules(anchor), shuffled))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=3), st.lists(st.decimals(min_value=0, max_value=5, places=2), min_size=1, max_size=8))
def test_presses_by_fewer_seats_than_quorum_never_score(quorum, times):
    seats = ["J1", "J2", "J3"][: quorum - 1]
    presses = [(seats[i % len(seats)], "red", "1", str(t)) for i, t in enumerate(sorted(times))]
    assert fold(rules(quorum=quorum), presses) == []
