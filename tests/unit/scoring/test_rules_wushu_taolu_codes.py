"""Wushu taolu panel A by deduction codes (wushu-taolu-iwuf-codes): each A judge records codes as it
sees the errors; a code counts as often as 2 of the 3 judges recorded it; A = 5 minus them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli import score
from scoring.rules import input_spec, load_ruleset
from scoring.rules.errors import InputInvalid, RuleSetInvalid
from scoring.rules.live import check_payload
from scoring.rules.ruleset import parse_ruleset

RULESET = "wushu-taolu-iwuf-codes"
ROOT = Path(__file__).resolve().parents[3]
SHEET = ROOT / "fixtures" / "score_sheets" / "wushu-taolu-codes.csv"
RULESET_FILE = ROOT / "scoring" / "rules" / "rulesets" / f"{RULESET}.toml"
HEADER = "name,A1,A2,A3,B1,B2,B3,B4,B5,C1,C2,C3,penalty\n"
BC = "2.80,2.80,2.80,2.80,2.80,1.80,1.80,1.80"


def a_score(contest_log, **codes: list[str]) -> Decimal | None:
    log = contest_log(RULESET)
    for seat, seat_codes in codes.items():
        for code in seat_codes:
            log.add("mark", {"seat": seat, "component": "A", "code": code})
    for seat, value in zip(["B1", "B2", "B3", "B4", "B5", "C1", "C2", "C3"], BC.split(","), strict=True):
        log.mark(seat, value)
    log.add("contest_ended", {}, 1)
    score = log.score()
    components = score.sides["athlete"].detail["components"]
    return Decimal(components["A"]) if "A" in components else None


@pytest.mark.parametrize(
    ("codes", "a"),
    [
        ({}, "5"),
        ({"A1": ["fall"]}, "5"),  # one judge alone: not confirmed
        ({"A1": ["fall"], "A3": ["fall"]}, "4.7"),  # 2 of 3: 0.3
        ({"A1": ["fall"], "A2": ["fall"], "A3": ["fall"]}, "4.7"),  # 3 of 3 still one fall
        ({"A1": ["balance-shift", "balance-shift"], "A2": ["balance-shift"]}, "4.9"),  # twice by one, once by another: once
        ({"A1": ["balance-shift", "balance-shift"], "A2": ["balance-shift", "balance-shift"], "A3": []}, "4.8"),
        ({"A1": ["fall", "extra-step"], "A2": ["fall", "balance-support"], "A3": ["balance-support"]}, "4.5"),  # 0.3 + 0.2
    ],
)
def test_a_code_counts_only_as_often_as_two_of_three_judges_recorded_it(contest_log, codes, a):
    assert a_score(contest_log, **codes) == Decimal(a)


def test_the_rule_set_loads_and_the_tablet_lists_the_codes_with_their_amounts():
    rs = load_ruleset(RULESET)
    assert rs.panel is not None
    comp = rs.panel.components[0]
    assert (comp.name, comp.input, comp.quorum, comp.base) == ("A", "codes", 2, Decimal(5))
    spec = input_spec(rs)
    a = spec["components"][0]
    assert (a["input"], a["quorum"]) == ("codes", 2)
    assert {c["code"]: c["amount"] for c in a["codes"]}["fall"] == "0.3"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"seat": "A1", "component": "A", "code": "somersault"}, "A deduction code 'somersault' is not one of"),
        ({"seat": "A1", "component": "A", "value": "0.3"}, "A judges record deduction codes"),
        ({"seat": "B1", "component": "B", "code": "fall"}, "B takes marks, not deduction codes"),
    ],
)
def test_the_hub_refuses_an_unknown_code_a_mark_on_a_codes_panel_and_a_code_elsewhere(data, reason):
    rs = load_ruleset(RULESET)
    with pytest.raises(InputInvalid) as err:
        check_payload(rs, ["athlete"], "mark", data)
    assert reason in str(err.value)


def test_the_a_score_waits_for_the_end_of_the_routine(contest_log):
    log = contest_log(RULESET)
    log.add("mark", {"seat": "A1", "component": "A", "code": "fall"})
    assert log.score().sides["athlete"].total is None


def test_the_example_sheet_scores_through_arena_score_with_the_confirmed_codes_explained():
    result = CliRunner().invoke(score, [str(SHEET), "--ruleset", RULESET, "--explain"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "LI Wei changquan\tathlete: 9.250"  # A 5 - 0.1 - 0.3, B 2.85, C 1.8
    assert lines[1].startswith("    A (confirmed: balance-shift x1, fall x1; not confirmed: extra-step): 4.600")
    assert "NGUYEN Thi nanquan\tathlete: 9.216" in lines


def test_an_unknown_code_in_a_sheet_is_a_bad_cell(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text(HEADER + "X,fall;flip,fall,," + BC + ",\n", encoding="utf-8")
    result = CliRunner().invoke(score, [str(sheet), "--ruleset", RULESET])
    assert result.exit_code == 3
    assert "  ! line 2, column A1: A deduction code 'flip' is not one of" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("quorum = 2", "quorum = 4", "panel.components[A].quorum"),
        ('amount = "0.3"', 'amount = "0"', "panel.components[A].codes"),
        ('input = "codes"', 'input = "deduction"', "panel.components[A].codes"),
    ],
)
def test_a_bad_codes_component_is_refused_on_load(old, new, where):
    text = RULESET_FILE.read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(RuleSetInvalid) as err:
        parse_ruleset(text, "x.toml")
    assert where in str(err.value)
