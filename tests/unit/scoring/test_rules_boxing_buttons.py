"""Boxing, AIBA computer scoring (boxing-aiba-computer): 3 of 5 judges within 1 s score a blow,
a warning gives the opponent 2 points, the third warning disqualifies, the referee's decision
overrides the count, a tie waits for the jury's decision."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from scoring.appeals.policy import policy_for
from scoring.cli import score
from scoring.rules import input_spec, list_rulesets, load_ruleset

RULESET = "boxing-aiba-computer"
ROOT = Path(__file__).resolve().parents[3]
PO = ROOT / "scoring" / "locale" / "vi" / "LC_MESSAGES" / "rulesets.po"
SHEET = ROOT / "fixtures" / "score_sheets" / "boxing-computer-bout.json"


def blow(log, side: str, seats_and_times: list[tuple[str, float | str]]) -> None:
    for seat, t in seats_and_times:
        log.press(seat, side, "1", t)


def points(log, side: str) -> str:
    return log.score().sides[side].detail["bout_points"]


def test_the_rule_set_loads_validated_with_five_judges_quorum_three_and_a_one_second_window():
    rs = load_ruleset(RULESET)
    assert (rs.kind, rs.sport, rs.sides) == ("buttons", "boxing", ("red", "blue"))
    assert rs.consensus is not None and rs.bout is not None
    c = rs.consensus
    assert (c.seats, c.quorum, c.window, c.bound, c.anchor) == (("J1", "J2", "J3", "J4", "J5"), 3, Decimal("1.0"), "inclusive", "first")
    assert (rs.bout.rounds, rs.bout.match, rs.bout.penalty_limit, rs.bout.tiebreak) == (3, "total", 3, ("referee_decision",))
    assert "AIBA Technical & Competition Rules" in rs.source


def test_the_rule_set_is_in_the_list_the_pages_use_and_the_tablet_shows_a_red_and_a_blue_button():
    assert RULESET in [r.id for r in list_rulesets()]
    spec = input_spec(load_ruleset(RULESET))
    assert spec["mode"] == "buttons" and spec["seats"] == ["J1", "J2", "J3", "J4", "J5"]
    assert [(b["side"], b["value"]) for b in spec["buttons"]] == [("red", "1"), ("blue", "1")]
    assert (spec["quorum"], spec["window"], spec["rounds"]) == (3, "1.0", 3)
    assert [p["code"] for p in spec["penalties"]] == ["warning", "disqualification"]


def test_every_label_of_the_rule_set_has_its_vietnamese_in_rulesets_po():
    with PO.open("rb") as fh:
        translated = {m.id: m.string for m in read_po(fh) if m.id and m.string}
    spec = input_spec(load_ruleset(RULESET))
    labels = {item["label"] for item in [*spec["buttons"], *spec["penalties"]]}
    assert labels == {"Scoring blow", "Warning (2 points to the opponent)", "Disqualification"}
    assert {label: translated.get(label) for label in labels} == {
        "Scoring blow": "Đòn ghi điểm",
        "Warning (2 points to the opponent)": "Cảnh cáo (đối phương được 2 điểm)",
        "Disqualification": "Truất quyền thi đấu",
    }


def test_the_boxing_appeal_policy_applies_by_the_sport_name():
    assert policy_for(load_ruleset(RULESET).sport) is not None


def test_three_of_five_judges_within_the_window_score_one_point(contest_log):
    log = contest_log(RULESET)
    blow(log, "red", [("J1", 10.0), ("J4", 10.3), ("J2", 10.6)])
    assert points(log, "red") == "1"
    assert points(log, "blue") == "0"
    confirmed = [s.data for s in log.score().explanation.steps if s.data and s.data.get("confirmed")]
    assert [g["seats"] for g in confirmed] == [["J1", "J4", "J2"]]


def test_two_of_five_judges_do_not_score_and_the_group_is_kept_unconfirmed(contest_log):
    log = contest_log(RULESET)
    blow(log, "red", [("J1", 10.0), ("J2", 10.2)])
    score = log.score()
    assert score.sides["red"].detail["bout_points"] == "0"
    assert any("unconfirmed (2 of 3)" in s.what for s in score.explanation.steps)


def test_three_presses_spread_beyond_the_window_do_not_score(contest_log):
    log = contest_log(RULESET)
    blow(log, "red", [("J1", 10.0), ("J2", 10.6), ("J3", 11.2)])
    assert points(log, "red") == "0"


@pytest.mark.parametrize(("third", "scores"), [("10.999", True), ("11.0", True), ("11.001", False)])
def test_the_window_bound_is_inclusive_as_declared(contest_log, third, scores):
    # A press exactly 1 s after the group's first press is in (bound = "inclusive").
    log = contest_log(RULESET)
    blow(log, "blue", [("J1", 10.0), ("J2", 10.5), ("J3", third)])
    assert points(log, "blue") == ("1" if scores else "0")


def test_the_fourth_and_fifth_judges_add_no_second_point(contest_log):
    log = contest_log(RULESET)
    blow(log, "red", [("J1", 10.0), ("J2", 10.1), ("J3", 10.2), ("J4", 10.4), ("J5", 10.8)])
    assert points(log, "red") == "1"


def test_red_and_blue_blows_in_one_window_score_separately(contest_log):
    log = contest_log(RULESET)
    for seat, t in [("J1", 10.0), ("J2", 10.1), ("J3", 10.2)]:
        log.press(seat, "red", "1", t)
        log.press(seat, "blue", "1", t + 0.05)
    assert (points(log, "red"), points(log, "blue")) == ("1", "1")


def test_a_warning_gives_the_opponent_two_points(contest_log):
    log = contest_log(RULESET)
    log.add("penalty", {"side": "red", "code": "warning"}, 30)
    score = log.score()
    assert score.sides["blue"].detail["bout_points"] == "2"
    assert score.sides["red"].detail["bout_points"] == "0"
    assert score.sides["red"].penalties == Decimal(1)
    assert score.winner is None


def test_the_third_warning_disqualifies(contest_log):
    log = contest_log(RULESET)
    for t in (30, 60):
        log.add("penalty", {"side": "blue", "code": "warning"}, t)
    assert log.score().winner is None
    log.add("penalty", {"side": "blue", "code": "warning"}, 90)
    score = log.score()
    assert (score.winner, score.method, score.state) == ("red", "penalties", "decided")


def test_a_referee_disqualification_ends_the_bout(contest_log):
    log = contest_log(RULESET)
    log.add("penalty", {"side": "red", "code": "disqualification"}, 30)
    score = log.score()
    assert (score.winner, score.method) == ("blue", "disqualification")


def play_three_rounds(log, red_blows: int, blue_blows: int) -> None:
    t = 0.0
    for rnd in (1, 2, 3):
        log.add("round_started", {"round": rnd}, t)
        for side, n in (("red", red_blows), ("blue", blue_blows)):
            for _ in range(n if rnd == 1 else 0):
                t += 5
                blow(log, side, [("J1", t), ("J3", t + 0.2), ("J5", t + 0.4)])
        t += 180
        log.add("round_ended", {"round": rnd}, t)
        t += 60


def test_the_winner_on_points_after_three_rounds(contest_log):
    log = contest_log(RULESET)
    play_three_rounds(log, red_blows=2, blue_blows=3)
    score = log.score()
    assert (score.winner, score.method, score.state) == ("blue", "points", "decided")
    assert (score.sides["red"].total, score.sides["blue"].total) == (Decimal(2), Decimal(3))


def test_a_warning_can_turn_the_result_on_points(contest_log):
    log = contest_log(RULESET)
    log.add("round_started", {"round": 1}, 0)
    blow(log, "red", [("J1", 5), ("J2", 5.2), ("J3", 5.4)])
    log.add("penalty", {"side": "red", "code": "warning"}, 20)
    log.add("contest_ended", {}, 200)
    score = log.score()
    assert (score.winner, score.method) == ("blue", "points")
    assert (score.sides["red"].total, score.sides["blue"].total) == (Decimal(1), Decimal(2))


@pytest.mark.parametrize("method", ["RSC", "KO", "walkover"])
def test_a_referee_decision_overrides_the_points(contest_log, method):
    log = contest_log(RULESET)
    blow(log, "red", [("J1", 5), ("J2", 5.2), ("J3", 5.4)])
    log.add("decision", {"winner": "blue", "method": method, "reason": "referee"}, 60)
    score = log.score()
    assert (score.winner, score.method, score.state) == ("blue", method, "decided")


def test_a_tie_on_points_waits_for_the_jurys_decision(contest_log):
    log = contest_log(RULESET)
    play_three_rounds(log, red_blows=1, blue_blows=1)
    log.add("contest_ended", {}, 800)
    score = log.score()
    assert (score.winner, score.state) == (None, "ended")
    assert any("awaits referee_decision" in s.what for s in score.explanation.steps)
    log.add("decision", {"winner": "red", "method": "tiebreak", "reason": "count-back"}, 900)
    assert (log.score().winner, log.score().method) == ("red", "tiebreak")


def test_the_fixture_sheet_scores_through_arena_score():
    result = CliRunner().invoke(score, [str(SHEET), "--explain"])
    assert result.exit_code == 0, result.output
    # red: 2 blows and blue's warning (2); blue: 1 blow, and 2 presses that stay unconfirmed
    assert "red: 4  blue: 1  winner: red (points)" in result.output
    assert "unconfirmed (2 of 3)" in result.output
    assert "presses between rounds" not in result.output
