from decimal import Decimal

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.rules import parse_ruleset
from scoring.rules.consensus import ConsensusFold, Press
from scoring.rules.errors import RuleSetInvalid
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


def test_second_press_by_same_judge_alone_never_scores():
    # One judge alone never scores, however often it presses: each press is its own group of 1.
    for anchor in ("first", "pairwise"):
        assert fold(rules(anchor), [("J1", "red", "1", "0"), ("J1", "red", "1", "0.5")]) == []


def test_double_press_within_debounce_is_kept_as_duplicate_in_the_confirmed_group():
    # Was a re-press at 0.2 s (then absorbed as a duplicate); 0.2 s is now past the 0.1 s debounce,
    # so the bounce is at 0.05 s and the 0.2 s re-press is tested below as a second action.
    for anchor in ("first", "pairwise"):
        c = rules(anchor)
        f = ConsensusFold(c)
        b = c.buttons[0]
        for seq, (seat, t) in enumerate([("J1", 0), ("J1", 50_000), ("J2", 400_000)], start=2):
            f.feed(Press(seq, seat, "red", b, t, 1))
        (group,) = f.all_groups()
        assert group.confirmed and [p.seat for p in group.counted] == ["J1", "J2"]
        assert [p.seq for p in group.duplicates] == [3]


@pytest.mark.parametrize("anchor", ["first", "pairwise"])
def test_second_press_after_debounce_opens_a_new_group(anchor):
    c = rules(anchor)
    f = ConsensusFold(c)
    b = c.buttons[0]
    for seq, (seat, t) in enumerate([("J1", 0), ("J1", 200_000), ("J2", 400_000)], start=2):
        f.feed(Press(seq, seat, "red", b, t, 1))
    groups = f.all_groups()
    # J2's one press confirms the oldest group it is not in; J1's re-press waits for a second judge.
    assert [(g.confirmed, [p.seq for p in g.counted]) for g in groups] == [(True, [2, 4]), (False, [3])]
    assert all(not g.duplicates for g in groups)


@pytest.mark.parametrize("anchor", ["first", "pairwise"])
def test_two_techniques_in_quick_succession_each_confirmed_score_twice(anchor):
    # The defect: J1 and J2 each press twice for two punches 0.3 s apart; that is 2 points, not 1.
    presses = [("J1", "red", "1", "0"), ("J2", "red", "1", "0.1"), ("J1", "red", "1", "0.3"), ("J2", "red", "1", "0.4")]
    groups = fold(rules(anchor), presses)
    assert [[p.seat for p in g.counted] for g in groups] == [["J1", "J2"], ["J1", "J2"]]


@pytest.mark.parametrize("anchor", ["first", "pairwise"])
def test_debounce_bound_is_exclusive_and_zero_turns_it_off(anchor):
    def counted(debounce: str, second: str) -> int:
        c = msgspec.structs.replace(rules(anchor, quorum=1), debounce=Decimal(debounce))
        return len(fold(c, [("J1", "red", "1", "0"), ("J1", "red", "1", second)]))

    assert counted("0.1", "0.099999") == 1  # a bounce
    assert counted("0.1", "0.1") == 2  # exactly the debounce later: another press
    assert counted("0", "0") == 2  # no debounce: every press is an action


def test_bounce_is_measured_from_the_last_counted_press_not_chained():
    # As the device intake does: 0, 0.09 (bounce), 0.18 (0.18 after the counted press: counts).
    c = rules(quorum=1)
    assert len(fold(c, [("J1", "red", "1", "0"), ("J1", "red", "1", "0.09"), ("J1", "red", "1", "0.18")])) == 2


def test_bounce_in_a_later_round_is_a_press_of_its_own():
    c = rules(quorum=1)
    f = ConsensusFold(c)
    b = c.buttons[0]
    assert f.feed(Press(2, "J1", "red", b, 0, 1)) is not None
    assert f.feed(Press(3, "J1", "red", b, 10_000, 2)) is not None


@pytest.mark.parametrize(
    ("debounce", "window", "ok"),
    [("0", "1", True), ("0.1", "1", True), ("0.99", "1", True), ("1", "1", False), ("-0.1", "1", False)],
)
def test_debounce_is_validated_on_load(debounce, window, ok):
    text = BUTTON_TOML.format(anchor="first", bound="inclusive", quorum=2).replace(
        'window = "1"', f'window = "{window}"\ndebounce = "{debounce}"'
    )
    if ok:
        rs = parse_ruleset(text, "test")
        assert rs.consensus is not None and rs.consensus.debounce == Decimal(debounce)
    else:
        with pytest.raises(RuleSetInvalid, match="consensus.debounce"):
            parse_ruleset(text, "test")


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


@pytest.mark.parametrize("ruleset_id", ["taekwondo-wt", "karate-kumite-wkf", "vovinam", "pencak-silat"])
def test_two_real_techniques_in_one_window_score_twice_through_the_bout_fold(contest_log, ruleset_id):
    log = contest_log(ruleset_id)
    for seat, t in [("J1", 10.0), ("J2", 10.15), ("J1", 10.4), ("J2", 10.5)]:
        log.press(seat, "red", "2", t)
    score = log.score()
    assert score.sides["red"].detail["bout_points"] == "4"
    confirmed = [s.data for s in score.explanation.steps if s.data and s.data.get("confirmed")]
    assert [g["seats"] for g in confirmed] == [["J1", "J2"], ["J1", "J2"]]


@pytest.mark.parametrize("ruleset_id", ["taekwondo-wt", "karate-kumite-wkf", "vovinam", "pencak-silat"])
def test_a_double_press_inside_the_debounce_scores_once_through_the_bout_fold(contest_log, ruleset_id):
    log = contest_log(ruleset_id)
    for seat, t in [("J1", 10.0), ("J1", 10.03), ("J2", 10.2), ("J2", 10.25)]:
        log.press(seat, "red", "2", t)
    score = log.score()
    assert score.sides["red"].detail["bout_points"] == "2"
    (group,) = [s.data for s in score.explanation.steps if s.data and "confirmed" in s.data]
    assert group["confirmed"] and [d["seq"] for d in group["duplicates"]] == [3, 5]
