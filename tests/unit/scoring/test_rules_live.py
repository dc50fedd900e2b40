import json
from decimal import Decimal

import pytest

from scoring.rules import ContestFold, InputInvalid, check_payload, input_spec, load_ruleset, score_contest

SEVEN = dict(J1="8.0", J2="8.5", J3="7.5", J4="8.5", J5="8.0", J6="7.5", J7="8.0")


def test_dive_marks_give_official_dive_points(contest_log):
    log = contest_log("diving-individual-7@2025", dd="3.4", dive_code="5154B")
    log.marks(None, **SEVEN)
    score = log.score()
    assert score.sides["athlete"].total == Decimal("81.60")
    assert score.complete and score.winner is None


def test_dive_is_provisional_until_every_judge_marked(contest_log):
    log = contest_log("diving-individual-7@2025", dd="3.4")
    log.marks(None, J1="8.0", J2="8.5")
    score = log.score()
    assert not score.complete
    assert score.sides["athlete"].total is None


def test_judge_re_entering_a_mark_replaces_the_earlier_one(contest_log):
    log = contest_log("diving-individual-7@2025", dd="2.0")
    log.marks(None, **SEVEN)
    log.mark("J4", "5.0")  # J4 corrects 8.5 -> 5.0 before the panel closes
    assert log.score().sides["athlete"].total == Decimal("47.00")  # 7.5+8.0+8.0 x 2.0


def test_two_point_deduction_lowers_each_award_before_cancellation(contest_log):
    log = contest_log("diving-individual-7@2025", dd="3.2")
    log.marks(None, J1="7.5", J2="7.5", J3="7.0", J4="7.0", J5="8.0", J6="7.0", J7="6.5")
    log.add("penalty", {"side": "athlete", "code": "2pt-deduction"})
    assert log.score().sides["athlete"].total == Decimal("49.60")


def test_failed_dive_scores_zero(contest_log):
    log = contest_log("diving-individual-7@2025", dd="3.2")
    log.marks(None, **SEVEN)
    log.add("penalty", {"side": "athlete", "code": "failed-dive"})
    assert log.score().sides["athlete"].total == Decimal("0")


def test_synchro_11_uses_middle_of_each_execution_group(contest_log):
    log = contest_log("diving-synchro-11@2025", dd="2.0")
    log.marks(None, E1="8.5", E2="8.0", E3="9.0", E4="9.0", E5="8.5", E6="8.5")
    log.marks(None, S1="8.5", S2="8.5", S3="8.0", S4="8.0", S5="8.0")
    assert log.score().sides["athlete"].total == Decimal("49.80")


def test_gymnastics_e_score_is_truncated_and_neutral_deduction_subtracted(contest_log):
    log = contest_log("gymnastics-artistic-fig")
    log.marks("D", D1="6.2", D2="6.2")
    log.marks("E", E1="1.8", E2="1.9", E3="1.8", E4="1.7", E5="2.0")  # mean 1.8333.. -> 8.166
    log.add("penalty", {"side": "athlete", "code": "neutral", "value": "0.3"})
    side = log.score().sides["athlete"]
    assert side.detail["components"]["E"] == "8.166"
    assert side.total == Decimal("14.066")


def test_mark_off_the_scale_is_ignored_with_reason(contest_log):
    log = contest_log("diving-individual-7@2025", dd="3.4")
    log.mark("J1", "8.3")
    score = log.score()
    assert score.ignored[0]["seq"] == 2
    assert "8.3" in score.ignored[0]["reason"]
    assert score.sides["athlete"].detail["marks"] == {}


def test_corrected_mark_is_void_and_replay_restores_the_score(contest_log):
    log = contest_log("diving-individual-7@2025", dd="2.0")
    log.marks(None, **SEVEN)
    bad = log.mark("J4", "0.0")
    log.add("correction", {"corrects": bad.seq, "reason": "typed on the wrong seat"})
    assert log.score().sides["athlete"].total == Decimal("48.0")


def test_kata_weights_technical_and_athletic(contest_log):
    log = contest_log("karate-kata-wkf")
    for seat in ("J1", "J2", "J3", "J4", "J5", "J6", "J7"):
        log.mark(seat, "8.0", "technical")
        log.mark(seat, "7.0", "athletic")
    assert log.score().sides["athlete"].total == Decimal("23.1")  # 0.7*24 + 0.3*21


def test_kata_mark_without_component_is_refused(contest_log):
    log = contest_log("karate-kata-wkf")
    log.mark("J1", "8.0")
    assert "component" in log.score().ignored[0]["reason"]


def test_taekwondo_point_needs_two_of_three_judges(contest_log):
    log = contest_log("taekwondo-wt")
    log.add("round_started", {"round": 1}, 0)
    log.press("J1", "red", "3", 10.0)
    log.press("J2", "red", "3", 10.4)
    log.press("J1", "blue", "2", 12.0)
    score = log.score()
    assert score.sides["red"].total == Decimal("3")
    assert score.sides["blue"].total == Decimal("0")


def test_gam_jeom_gives_the_opponent_a_point(contest_log):
    log = contest_log("taekwondo-wt")
    log.add("penalty", {"side": "blue", "code": "gam-jeom"}, 3)
    score = log.score()
    assert score.sides["red"].total == Decimal("1")
    assert score.sides["blue"].penalties == Decimal("1")


def test_taekwondo_two_rounds_won_win_the_bout(contest_log):
    log = contest_log("taekwondo-wt")
    for r in (1, 2):
        log.add("round_started", {"round": r}, r * 100)
        log.press("J1", "red", "2", r * 100 + 5)
        log.press("J3", "red", "2", r * 100 + 5.5)
        log.add("round_ended", {"round": r}, r * 100 + 90)
    score = log.score()
    assert (score.winner, score.method, score.state) == ("red", "points", "decided")
    assert score.sides["red"].detail["rounds_won"] == 2


def test_taekwondo_tied_round_goes_to_turning_kick_points(contest_log):
    log = contest_log("taekwondo-wt")
    log.add("round_started", {"round": 1}, 0)
    for seat, t in (("J1", 5), ("J2", 5.2)):
        log.press(seat, "red", "4", t)  # turning trunk kick
    for seat, t in (("J1", 9), ("J2", 9.2)):
        log.press(seat, "blue", "3", t)
    log.add("penalty", {"side": "red", "code": "gam-jeom"}, 20)  # blue 3+1 = red 4
    log.add("round_ended", {"round": 1}, 90)
    score = log.score()
    assert score.sides["red"].detail["rounds"]["1"]["points"] == "4"
    assert score.sides["blue"].detail["rounds"]["1"]["points"] == "4"
    assert score.explanation.as_dict()["steps"][-1]["what"] == "round 1 winner red"


def test_kumite_senshu_wins_a_tie_and_referee_decision_overrides(contest_log):
    log = contest_log("karate-kumite-wkf")
    log.press("J1", "blue", "1", 10)
    log.press("J2", "blue", "1", 10.3)
    log.press("J3", "red", "1", 40)
    log.press("J4", "red", "1", 40.2)
    log.add("contest_ended", {}, 180)
    score = log.score()
    assert (score.winner, score.method) == ("blue", "tiebreak")
    log.add("decision", {"winner": "red", "method": "withdrawal", "reason": "blue injured"}, 181)
    assert (log.score().winner, log.score().method) == ("red", "withdrawal")


def test_kumite_eight_point_gap_ends_the_bout(contest_log):
    log = contest_log("karate-kumite-wkf")
    for i in range(3):
        log.press("J1", "red", "3", 10 * i)
        log.press("J2", "red", "3", 10 * i + 0.1)
    score = log.score()
    assert (score.winner, score.method) == ("red", "point_gap")


def test_boxing_cards_unanimous_decision(contest_log):
    log = contest_log("boxing-10pm")
    for r in (1, 2, 3):
        for seat in ("J1", "J2", "J3", "J4", "J5"):
            log.add("card", {"seat": seat, "round": r, "red": "10", "blue": "9"})
    score = log.score()
    assert (score.winner, score.method) == ("red", "points")
    assert score.sides["red"].total == Decimal("5")
    assert score.sides["red"].detail["cards"]["J1"] == "30"


def test_boxing_warning_costs_a_point_on_every_card(contest_log):
    log = contest_log("boxing-10pm")
    for r, red, blue in ((1, "10", "9"), (2, "9", "10"), (3, "10", "9")):
        for seat in ("J1", "J2", "J3", "J4", "J5"):
            log.add("card", {"seat": seat, "round": r, "red": red, "blue": blue})
    log.add("penalty", {"side": "red", "code": "warning"})
    log.add("penalty", {"side": "red", "code": "warning"})
    score = log.score()
    assert score.sides["red"].detail["cards"]["J1"] == "27"
    assert score.winner == "blue"


def test_as_dict_is_json_with_decimal_strings(contest_log):
    log = contest_log("taekwondo-wt")
    log.press("J1", "red", "2", 1, t_device=123.4)
    log.press("J2", "red", "2", 1.5)
    out = json.loads(json.dumps(log.score().as_dict()))
    assert out["sides"]["red"]["total"] == "2"
    group = out["explanation"]["steps"][0]["data"]
    assert group["presses"][0]["t_device"] == 123.4


def test_incremental_fold_matches_full_fold(contest_log):
    log = contest_log("taekwondo-wt")
    for i in range(40):
        log.press(f"J{i % 3 + 1}", "red" if i % 4 else "blue", str(i % 5 + 1), i * 0.4)
    fold = ContestFold(log.ruleset)
    for ev in log.events:
        fold.apply(ev)
    assert fold.result() == score_contest(log.ruleset, log.events)


def test_strict_apply_refuses_bad_press_and_changes_nothing(contest_log):
    log = contest_log("taekwondo-wt")
    fold = ContestFold(log.ruleset)
    fold.apply(log.events[0])
    bad = log.press("J9", "red", "2", 1)
    with pytest.raises(InputInvalid, match="J9"):
        fold.apply(bad, strict=True)
    assert fold.result().last_seq == 1


def test_check_payload_refuses_unknown_button_and_penalty():
    rs = load_ruleset("taekwondo-wt")
    with pytest.raises(InputInvalid, match="no button 7"):
        check_payload(rs, ["red", "blue"], "press", {"seat": "J1", "side": "red", "value": "7"})
    with pytest.raises(InputInvalid, match="kyong-go"):
        check_payload(rs, ["red", "blue"], "penalty", {"side": "red", "code": "kyong-go"})
    check_payload(rs, ["red", "blue"], "press", {"seat": "J1", "side": "red", "value": "2"})


def test_log_must_start_with_contest_created():
    rs = load_ruleset("taekwondo-wt")
    with pytest.raises(InputInvalid, match="contest_created"):
        score_contest(rs, [])


def test_input_spec_for_buttons_marks_and_cards():
    buttons = input_spec(load_ruleset("taekwondo-wt"))
    assert buttons["mode"] == "buttons" and buttons["seats"] == ["J1", "J2", "J3"]
    assert {"side": "red", "value": "1", "label": "Punch", "code": None, "category": "punch"} in buttons["buttons"]
    marks = input_spec(load_ruleset("diving-synchro-11@2025"))
    assert marks["mode"] == "marks" and marks["step"] == "0.5" and "S5" in marks["seats"]
    assert marks["components"][0]["seats"] == ["E1", "E2", "E3", "E4", "E5", "E6"]
    cards = input_spec(load_ruleset("boxing-10pm"))
    assert cards["mode"] == "cards" and cards["must"] == "10"
    json.dumps([buttons, marks, cards])
