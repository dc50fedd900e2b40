"""Wushu sanda (wushu-sanda-iwuf): 3 of 5 side judges within 1 s score a 1- or 2-point technique,
the platform judge's calls give the opponent points, a tied round goes to fewer warnings, two
rounds won win the bout; the window bound is inclusive, and exclusive when a rule set says so."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest

from scoring.rules import input_spec, load_ruleset
from scoring.rules.consensus import MICROS, ConsensusFold, Press

RULESET = "wushu-sanda-iwuf"


def technique(log, side: str, value: str, seats_and_times: list[tuple[str, float | str]]) -> None:
    for seat, t in seats_and_times:
        log.press(seat, side, value, t)


def round_points(log, side: str, rnd: int = 1) -> str:
    return log.score().sides[side].detail["rounds"].get(str(rnd), {}).get("points", "0")


def test_the_rule_set_loads_with_five_side_judges_quorum_three_and_rounds_won():
    rs = load_ruleset(RULESET)
    assert (rs.kind, rs.sport, rs.sides) == ("buttons", "wushu", ("red", "blue"))
    assert rs.consensus is not None and rs.bout is not None
    c = rs.consensus
    assert (c.seats, c.quorum, c.window, c.bound) == (("J1", "J2", "J3", "J4", "J5"), 3, Decimal("1.0"), "inclusive")
    assert (rs.bout.rounds, rs.bout.match) == (3, "rounds-won")
    assert "IWUF Wushu Sanda" in rs.source and "Art. 21" in rs.source
    spec = input_spec(rs)
    assert sorted({(b["side"], b["value"]) for b in spec["buttons"]}) == [("blue", "1"), ("blue", "2"), ("red", "1"), ("red", "2")]
    assert [p["code"] for p in spec["penalties"]] == [
        "admonition",
        "warning",
        "warning-disqualification",
        "fall-off-platform",
        "forced-count",
    ]


def test_three_of_five_side_judges_score_a_kick_to_the_trunk_two_of_five_do_not(contest_log):
    log = contest_log(RULESET)
    log.add("round_started", {"round": 1}, 0)
    technique(log, "red", "2", [("J1", 10.0), ("J3", 10.4), ("J5", 10.7)])
    technique(log, "blue", "1", [("J2", 20.0), ("J4", 20.3)])
    assert (round_points(log, "red"), round_points(log, "blue")) == ("2", "0")


@pytest.mark.parametrize(("third", "scores"), [("10.999999", True), ("11.0", True), ("11.000001", False)])
def test_the_window_bound_is_inclusive_at_exactly_one_second(contest_log, third, scores):
    log = contest_log(RULESET)
    log.add("round_started", {"round": 1}, 0)
    technique(log, "red", "1", [("J1", 10.0), ("J2", 10.5), ("J3", third)])
    assert round_points(log, "red") == ("1" if scores else "0")


def fold_at_bound(bound: str, gap_us: int) -> bool:
    """Three judges, the third ``gap_us`` after the first, on the sanda consensus with ``bound``."""
    rules = load_ruleset(RULESET).consensus
    assert rules is not None
    fold = ConsensusFold(msgspec.structs.replace(rules, bound=bound))
    button = rules.buttons[0]
    t0 = 1_000 * int(MICROS)
    confirmed = [
        fold.feed(Press(i + 1, seat, "red", button, t0 + at, 1)) for i, (seat, at) in enumerate([("J1", 0), ("J2", 1), ("J3", gap_us)])
    ]
    return confirmed[-1] is not None


@pytest.mark.parametrize("gap_us", [999_999, 1_000_000, 1_000_001])
def test_an_exclusive_bound_refuses_exactly_the_window_and_nothing_else_changes(gap_us):
    # "within 1 s" read strictly: a press exactly 1 s after the first is out; 1 microsecond less is in.
    assert fold_at_bound("inclusive", gap_us) is (gap_us <= 1_000_000)
    assert fold_at_bound("exclusive", gap_us) is (gap_us < 1_000_000)


def test_the_platform_judges_calls_give_the_opponent_points(contest_log):
    log = contest_log(RULESET)
    log.add("round_started", {"round": 1}, 0)
    log.add("penalty", {"side": "blue", "code": "admonition"}, 5)
    log.add("penalty", {"side": "blue", "code": "fall-off-platform"}, 15)
    log.add("penalty", {"side": "red", "code": "warning"}, 25)
    log.add("penalty", {"side": "red", "code": "forced-count"}, 35)
    assert (round_points(log, "red"), round_points(log, "blue")) == ("3", "4")


def test_a_tied_round_goes_to_the_fighter_with_fewer_warnings_admonitions_do_not_count(contest_log):
    log = contest_log(RULESET)
    log.add("round_started", {"round": 1}, 0)
    log.add("penalty", {"side": "red", "code": "warning"}, 5)  # blue +2
    log.add("penalty", {"side": "blue", "code": "admonition"}, 10)  # red +1
    log.add("penalty", {"side": "blue", "code": "admonition"}, 11)  # red +1: 2 - 2
    log.add("round_ended", {"round": 1}, 120)
    score = log.score()
    assert score.explanation.as_dict()["steps"][-1]["what"] == "round 1 winner blue"


def test_two_rounds_won_win_the_bout(contest_log):
    log = contest_log(RULESET)
    for r in (1, 2):
        log.add("round_started", {"round": r}, r * 200)
        technique(log, "blue", "2", [("J1", r * 200 + 5), ("J2", r * 200 + 5.2), ("J4", r * 200 + 5.5)])
        log.add("round_ended", {"round": r}, r * 200 + 120)
    score = log.score()
    assert (score.winner, score.state) == ("blue", "decided")
    assert score.sides["blue"].detail["rounds_won"] == 2


def test_the_example_bout_sheet_scores_through_arena_score():
    from pathlib import Path

    from click.testing import CliRunner

    from scoring.cli import score

    sheet = Path(__file__).resolve().parents[3] / "fixtures" / "score_sheets" / "wushu-sanda-bout.json"
    result = CliRunner().invoke(score, [str(sheet), "--explain"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("winner: red (points)")
    assert [line.strip().split("  [")[0] for line in lines if line.strip().startswith("round ") and "winner" in line] == [
        "round 1 winner red",
        "round 2 winner blue",  # red fell off the platform: blue 1 + 2 = 3
        "round 3 winner red",
    ]
