import pytest

from scoring.rules import RuleSetInvalid, RuleSetNotFound, list_rulesets, load_ruleset, parse_ruleset

MINIMAL = """
id = "t"
name = "t"
version = "1"
sport = "diving"
source = "test"
kind = "panel"
sides = ["athlete"]
[[panel.components]]
name = "E"
seats = ["J1", "J2", "J3"]
drop_high = 1
drop_low = 1
"""


def test_every_shipped_rule_set_loads_with_name_version_sport_and_source():
    rulesets = list_rulesets()
    assert {"diving-individual-7@2025", "taekwondo-wt", "karate-kumite-wkf", "boxing-10pm", "figure-skating-isu"} <= {
        r.id for r in rulesets
    }
    for rs in rulesets:
        assert rs.name and rs.version and rs.sport and rs.source


def test_unknown_rule_set_is_not_found():
    with pytest.raises(RuleSetNotFound, match="no-such"):
        load_ruleset("no-such")


def test_minimal_panel_rule_set_parses():
    assert parse_ruleset(MINIMAL, "mini.toml").panel is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("drop_high = 1", "drop_high = 2"), "panel.components[E].drop_high"),
        (('kind = "panel"', 'kind = "dance"'), "$.kind"),
        (('seats = ["J1", "J2", "J3"]', 'seats = ["J1", "J1", "J3"]'), "panel.components[E].seats"),
        (("drop_low = 1", 'drop_low = 1\nrounding = "round:0.01"'), "$.panel.components[0].rounding"),
        (("drop_low = 1", "drop_low = 1\nwieght = 2"), "$.panel.components[0]"),
        (('kind = "panel"', 'kind = "buttons"'), "consensus"),
    ],
)
def test_bad_rule_set_error_names_file_and_field(change, field):
    with pytest.raises(RuleSetInvalid) as info:
        parse_ruleset(MINIMAL.replace(*change), "bad.toml")
    assert info.value.values["origin"] == "bad.toml"
    assert info.value.values["field"] == field
    assert "bad.toml" in str(info.value)


def test_toml_syntax_error_is_a_clear_error():
    with pytest.raises(RuleSetInvalid, match="bad.toml"):
        parse_ruleset("id = ", "bad.toml")


def test_tie_break_chain_must_end_in_a_terminal():
    text = load_ruleset_text("karate-kumite-wkf").replace('tiebreak = ["senshu", "referee_decision"]', 'tiebreak = ["senshu"]')
    with pytest.raises(RuleSetInvalid, match="bout.tiebreak"):
        parse_ruleset(text, "k.toml")


def test_quorum_above_seat_count_is_refused():
    text = load_ruleset_text("taekwondo-wt").replace("quorum = 2", "quorum = 4")
    with pytest.raises(RuleSetInvalid, match="consensus.quorum"):
        parse_ruleset(text, "t.toml")


def load_ruleset_text(ruleset_id: str) -> str:
    from importlib import resources

    return resources.files("scoring.rules").joinpath("rulesets", f"{ruleset_id}.toml").read_text(encoding="utf-8")
