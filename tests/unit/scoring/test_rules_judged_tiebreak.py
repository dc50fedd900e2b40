from decimal import Decimal

import pytest

from scoring.rules import RuleSetInvalid, list_rulesets, load_ruleset, parse_ruleset, tiebreak_values

GYM = """
id = "g"
name = "g"
version = "1"
sport = "gymnastics"
source = "test"
kind = "panel"
sides = ["athlete"]
[panel]
tiebreak = ["higher:E", "higher:D", "tied"]
[[panel.components]]
name = "D"
seats = ["D1"]
max = "20"
[[panel.components]]
name = "E"
seats = ["E1"]
"""


def test_artistic_gymnastics_breaks_equal_totals_by_the_e_score_then_the_d_score():
    for ruleset_id in ("gymnastics-artistic-fig", "gymnastics-artistic-rounded"):
        panel = load_ruleset(ruleset_id).panel
        assert panel is not None and panel.tiebreak == ("higher:E", "higher:D", "tied"), ruleset_id


def test_karate_kata_breaks_equal_totals_by_the_athletic_score(contest_log):
    assert load_ruleset("karate-kata-wkf").panel.tiebreak == ("higher:athletic", "tied")
    totals = []
    for technical, athletic in (("8.0", "7.4"), ("7.4", "8.8")):
        log = contest_log("karate-kata-wkf")
        log.marks("technical", **{f"J{i}": technical for i in range(1, 8)})
        log.marks("athletic", **{f"J{i}": athletic for i in range(1, 8)})
        log.add("contest_ended")
        side = log.score().sides["athlete"]
        totals.append((side.total, tiebreak_values(log.ruleset, side.detail["components"])))
    (a_total, a_break), (b_total, b_break) = totals
    assert a_total == b_total == Decimal("23.46")  # 3 x 8.0 x 0.7 + 3 x 7.4 x 0.3 = 3 x 7.4 x 0.7 + 3 x 8.8 x 0.3
    assert b_break > a_break  # the higher athletic score ranks first


def test_every_other_shipped_panel_shares_the_place_on_equal_totals():
    broken = ("gymnastics-artistic", "karate-kata", "gymnastics-aerobic", "taekwondo-poomsae")
    others = [rs for rs in list_rulesets() if rs.panel is not None and not rs.id.startswith(broken)]
    assert {"diving-individual-7@2025", "diving-synchro-9@2025"} <= {rs.id for rs in others}
    assert all(rs.panel is not None and rs.panel.tiebreak == ("tied",) for rs in others)


def test_a_folded_gymnastics_score_gives_its_e_then_its_d_score(contest_log):
    log = contest_log("gymnastics-artistic-fig")
    log.marks("D", D1="5.6", D2="5.6")
    log.marks("E", E1="2.0", E2="2.0", E3="2.0", E4="1.9", E5="2.1")
    log.add("penalty", {"side": "athlete", "code": "neutral", "value": "0.3"})
    log.add("contest_ended")
    side = log.score().sides["athlete"]
    assert side.total == Decimal("13.300")
    assert tiebreak_values(log.ruleset, side.detail["components"]) == (Decimal("8.000"), Decimal("5.6"))


def test_a_diving_score_gives_no_tie_break_values():
    assert tiebreak_values(load_ruleset("diving-individual-7@2025"), {"E": "24.0"}) == ()


def test_a_component_without_a_value_gives_no_tie_break_values():
    rs = load_ruleset("gymnastics-artistic-fig")
    assert tiebreak_values(rs, {"D": "5.6"}) == ()
    assert tiebreak_values(rs, {"D": "5.6", "E": ""}) == ()


def test_a_comparator_may_sum_components():
    rs = parse_ruleset(GYM.replace('"higher:E", "higher:D"', '"higher:E+D"'), "g.toml")
    assert tiebreak_values(rs, {"D": Decimal("5.5"), "E": Decimal("8.2")}) == (Decimal("13.7"),)


@pytest.mark.parametrize(
    ("chain", "why"),
    [
        ('["higher:E", "higher:D"]', "must end with one of ['tied']"),
        ('["higher:E", "lots"]', "must end with one of ['tied']"),
        ('["higher:E", "referee_decision"]', "must end with one of ['tied']"),
        ('["higher-dropped-sum", "tied"]', "unknown comparator"),
        ('["higher", "tied"]', "names no component"),
        ('["higher:X", "tied"]', "'X' is not one of ['D', 'E']"),
        ('["higher:E", "higher:E", "tied"]', "appears twice"),
        ('["top-2:E", "tied"]', "E has 1 judges, not 2"),
        ('["top-0:E", "tied"]', "unknown comparator"),
        ('["marks", "tied"]', "names no component"),
    ],
)
def test_a_judged_tie_break_the_ranking_cannot_apply_is_refused_naming_the_field(chain, why):
    with pytest.raises(RuleSetInvalid, match="panel.tiebreak") as info:
        parse_ruleset(GYM.replace('["higher:E", "higher:D", "tied"]', chain), "g.toml")
    assert why in str(info.value)
