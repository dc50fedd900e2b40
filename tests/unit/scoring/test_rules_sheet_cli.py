"""`arena score` over bad sheets: a bad cell is a "-" row naming its line and column (exit 3), a
header typo is one error about the header (exit 1, nothing scored), --ruleset-file, decimals."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli import score

RULESETS = Path(__file__).resolve().parents[3] / "scoring" / "rules" / "rulesets"
DIVING = "name,dd,J1,J2,J3,J4,J5,J6,J7,penalty\n"
KATA = "name," + ",".join(f"{c}.J{i}" for c in ("technical", "athletic") for i in range(1, 8)) + "\n"
GOOD = "PENG Jianfeng 5154B,3.4,8.0,8.5,7.5,8.5,8.0,7.5,8.0,\n"


def run(tmp_path: Path, text: str, *args: str, name: str = "sheet.csv"):
    sheet = tmp_path / name
    sheet.write_text(text, encoding="utf-8")
    return CliRunner().invoke(score, [str(sheet), *args])


def dive(tmp_path: Path, bad_row: str, *args: str):
    return run(tmp_path, DIVING + GOOD + bad_row + GOOD, "--ruleset", "diving-individual-7@2025", *args)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("10.5", "E mark 10.5 is not 0..10 in steps of 0.5"),
        ("7.25", "E mark 7.25 is not 0..10 in steps of 0.5"),
        ("abc", "'abc' is not a decimal number"),
        ("-1", "E mark -1 is not 0..10 in steps of 0.5"),
    ],
)
def test_a_bad_mark_makes_its_row_a_dash_naming_line_and_column_and_the_others_still_score(tmp_path, cell, reason):
    result = dive(tmp_path, f"WU Melissa 6243D,3.2,7.5,7.5,7.0,{cell},8.0,7.0,6.5,\n")
    assert result.exit_code == 3, result.output
    assert result.stdout.splitlines() == [
        "PENG Jianfeng 5154B\tathlete: 81.60",
        "WU Melissa 6243D\tathlete: -",
        f"  ! line 3, column J4: {reason}",
        "PENG Jianfeng 5154B\tathlete: 81.60",
    ]
    assert "1 of 3 rows not scored" in result.stderr


def test_the_missing_judge_is_not_filled_in_when_a_mark_is_bad(tmp_path):
    """Today's bug: the bad mark was dropped and replace-mean gave a believable total."""
    result = dive(tmp_path, "X,2.0,8.0,8.0,8.0,8.0,8.0,8.0,10.5,\n")
    assert "X\tathlete: -" in result.stdout and "48" not in result.stdout


@pytest.mark.parametrize(
    ("row", "where", "reason"),
    [
        ("X,,8,8,8,8,8,8,8,\n", "line 3, column dd", "dd is required by diving-individual-7@2025"),
        ("X,abc,8,8,8,8,8,8,8,\n", "line 3, column dd", "'abc' is not a decimal number"),
        ("X,-2.0,8,8,8,8,8,8,8,\n", "line 3, column dd", "dd -2.0 must be positive"),
        ("X,2.0,8,8,8,8,8,8,8,bogus\n", "line 3, column penalty", "code 'bogus' is not one of ['2pt-deduction', 'max-2', 'failed-dive']"),
        ("X,2.0,8,8,8,8,8,8,8\n", "line 3", "9 cells, the header has 10 columns"),
        ("X,2.0,8,8,8,8,8,8,8,,8\n", "line 3", "11 cells, the header has 10 columns"),
    ],
)
def test_bad_params_penalties_and_row_lengths_are_bad_cells_too(tmp_path, row, where, reason):
    result = dive(tmp_path, row)
    assert result.exit_code == 3, result.output
    assert f"X\tathlete: -\n  ! {where}: {reason}\n" in result.stdout


def test_line_numbers_are_the_files_lines_with_blank_lines_and_quoted_newlines(tmp_path):
    text = DIVING + '"PENG\nJianfeng",3.4,8.0,8.5,7.5,8.5,8.0,7.5,8.0,\n\nX,2.0,8,8,8,8,8,8,11,\n'
    result = run(tmp_path, text, "--ruleset", "diving-individual-7@2025")
    assert "  ! line 5, column J7: E mark 11 is not 0..10 in steps of 0.5" in result.stdout


def test_a_panel_penalty_that_needs_a_value_without_one_is_a_bad_cell(tmp_path):
    text = "name,D1,D2,E1,E2,E3,E4,E5,penalty\nG,6.2,6.2,1.8,1.9,1.8,1.7,2.0,neutral\n"
    result = run(tmp_path, text, "--ruleset", "gymnastics-artistic-fig")
    assert result.exit_code == 3
    assert "  ! line 2, column penalty: neutral needs a value, e.g. neutral=0.3" in result.stdout


@pytest.mark.parametrize(
    ("header", "unknown", "missing"),
    [
        ("name,dd,J1,J2,J3,J4,J5,J6,J 7,penalty", "unknown columns ['J 7']", "missing columns ['J7']"),
        ("name,DD,J1,J2,J3,J4,J5,J6,J7,penalty", "unknown columns ['DD']", "missing columns ['dd']"),
        ("name,dd,J1,J2,J3,J4,J5,J6,J7,penalties", "unknown columns ['penalties']", ""),
        ("name,dd,J1,J2,J3,J4,J5,J6,J7,E.J7", "columns given twice ['J7/E.J7']", ""),
    ],
)
def test_a_header_typo_is_one_error_about_the_header_and_nothing_is_scored(tmp_path, header, unknown, missing):
    result = run(tmp_path, header + "\n" + GOOD, "--ruleset", "diving-individual-7@2025")
    assert result.exit_code == 1
    assert "PENG" not in result.output
    assert "Score sheet sheet.csv is invalid at line 1 (header): " in result.output
    assert unknown in result.output and missing in result.output
    assert (
        "the columns of diving-individual-7@2025 are ['name', 'dd', 'J1', 'J2', 'J3', 'J4', 'J5', 'J6', 'J7', 'penalty']" in result.output
    )


def test_a_seat_on_two_components_needs_the_component_in_its_column(tmp_path):
    result = run(tmp_path, "name,J1\nK,8.0\n", "--ruleset", "karate-kata-wkf")
    assert result.exit_code == 1
    assert "unknown columns ['J1']" in result.output and "'technical.J1'" in result.output


def test_a_csv_for_a_bout_rule_set_is_refused(tmp_path):
    result = run(tmp_path, "name,J1\nK,8.0\n", "--ruleset", "karate-kumite-wkf")
    assert result.exit_code == 1
    assert "a CSV sheet holds judged panels" in result.output


def test_json_bad_cells_name_their_json_path(tmp_path):
    marks = {"D": {"D1": "6.2", "D2": "6.25"}, "E": {"E1": "1.8", "E2": "x", "E3": "1.8", "E4": "1.7", "E5": "2.0"}}
    good = {"D": {"D1": "6.2", "D2": "6.2"}, "E": {"E1": "1.8", "E2": "1.9", "E3": "1.8", "E4": "1.7", "E5": "2.0"}}
    doc = {"ruleset": "gymnastics-artistic-fig", "contests": [{"name": "bad", "marks": marks}, {"name": "ok", "marks": good}]}
    result = run(tmp_path, json.dumps(doc), name="sheet.json")
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        "bad\tathlete: -",
        "  ! contests[0].marks.D.D2: D mark 6.25 is not 0..20 in steps of 0.1",
        "  ! contests[0].marks.E.E2: 'x' is not a decimal number",
        "ok\tathlete: 14.366",
    ]


def test_json_press_refused_by_the_rule_set_names_the_press_not_an_event_number(tmp_path):
    doc = {"ruleset": "karate-kumite-wkf", "contests": [{"name": "b", "presses": [["1", "J1", "blue", "1"], ["1.2", "J9", "blue", "1"]]}]}
    result = run(tmp_path, json.dumps(doc), name="sheet.json")
    assert result.exit_code == 3
    assert "  ! contests[0].presses[1]: seat 'J9' is not one of ['J1', 'J2', 'J3', 'J4']" in result.stdout
    assert "event" not in result.stdout


def test_json_event_refused_by_the_fold_names_its_path(tmp_path):
    doc = {"ruleset": "karate-kumite-wkf", "contests": [{"name": "b", "events": [["round_ended", {"round": "a"}, "5"]]}]}
    result = run(tmp_path, json.dumps(doc), name="sheet.json")
    assert result.exit_code == 3
    assert "  ! contests[0].events[0]: " in result.stdout


def test_json_unknown_contest_key_is_one_error_and_nothing_is_scored(tmp_path):
    doc = {"ruleset": "gymnastics-artistic-fig", "contests": [{"name": "x", "mark": {}}]}
    result = run(tmp_path, json.dumps(doc), name="sheet.json")
    assert result.exit_code == 1
    assert "invalid at contests[0]: unknown keys ['mark']" in result.output


def test_json_output_lists_the_errors_and_no_total(tmp_path):
    result = dive(tmp_path, "X,2.0,8,8,8,8,8,8,10.5,\n", "--format", "json")
    assert result.exit_code == 3
    payload = json.loads(result.stdout)
    assert payload[1] == {
        "name": "X",
        "where": "line 3",
        "errors": [{"where": "line 3, column J7", "reason": "E mark 10.5 is not 0..10 in steps of 0.5"}],
        "sides": {"athlete": {"total": None}},
    }
    assert payload[0]["errors"] == [] and payload[0]["sides"]["athlete"]["total"] == "81.60"


@pytest.mark.parametrize(
    ("ruleset", "header", "row", "total"),
    [
        ("diving-individual-7@2025", DIVING, "Failed,3.1,2.0,2.5,2.0,2.0,1.5,2.0,2.0,failed-dive", "0.00"),
        ("diving-individual-7@2025", DIVING, "X,2.0,8,8,8,8,8,8,8,", "48.00"),
        ("gymnastics-artistic-fig", "name,D1,D2,E1,E2,E3,E4,E5,penalty\n", "G,6.0,6.0,2.0,2.0,2.0,2.0,2.0,", "14.000"),
        ("karate-kata-wkf", KATA, "K" + ",8.0" * 14, "24.00"),
    ],
)
def test_totals_print_with_the_sports_decimals(tmp_path, ruleset, header, row, total):
    result = run(tmp_path, header + row + "\n", "--ruleset", ruleset)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith(f"athlete: {total}")
    json_result = run(tmp_path, header + row + "\n", "--ruleset", ruleset, "--format", "json")
    assert json.loads(json_result.stdout)[0]["sides"]["athlete"]["total"] == total


def test_ruleset_file_scores_with_a_custom_rule_set(tmp_path):
    text = (RULESETS / "diving-individual-7@2025.toml").read_text(encoding="utf-8")
    custom = text.replace('id = "diving-individual-7@2025"', 'id = "club-diving"').replace('step = "0.5"', 'step = "0.25"')
    path = tmp_path / "club-diving.toml"
    path.write_text(custom, encoding="utf-8")
    row = "X,2.0,8.25,8.25,8.25,9,9,7,7,\n"
    result = run(tmp_path, DIVING + row, "--ruleset-file", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "X\tathlete: 49.500\n"  # quarter points x dd in tenths: 3 decimals
    shipped = run(tmp_path, DIVING + row, "--ruleset", "diving-individual-7@2025")
    assert shipped.exit_code == 3


def test_ruleset_file_is_validated_as_the_shipped_ones(tmp_path):
    text = (RULESETS / "diving-individual-7@2025.toml").read_text(encoding="utf-8")
    path = tmp_path / "club-diving.toml"
    path.write_text(text.replace('id = "diving-individual-7@2025"', 'id = "club-diving"').replace("drop_high = 2", "drop_high = 5"))
    result = run(tmp_path, DIVING + GOOD, "--ruleset-file", str(path))
    assert result.exit_code == 1
    assert "is invalid at panel.components[E].drop_high: dropping 5+2 leaves no mark of 7" in result.output
    path.write_text(text)  # the shipped text under another file name: its id is not the file's
    result = run(tmp_path, DIVING + GOOD, "--ruleset-file", str(path))
    assert result.exit_code == 1
    assert "id 'diving-individual-7@2025' differs from the file name 'club-diving'" in result.output
    path.write_text(text.replace('kind = "panel"', 'kind = "panels"'))
    result = run(tmp_path, DIVING + GOOD, "--ruleset-file", str(path))
    assert result.exit_code == 1 and "is invalid at $.kind: Invalid enum value 'panels'" in result.output


def test_ruleset_and_ruleset_file_together_is_a_usage_error(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text("")
    result = run(tmp_path, DIVING + GOOD, "--ruleset", "diving-individual-7@2025", "--ruleset-file", str(path))
    assert result.exit_code == 2
    assert "--ruleset or --ruleset-file, not both" in result.output


def test_the_bad_cells_fixture_prints_as_docs_scoring_md_shows():
    sheet = Path(__file__).resolve().parents[3] / "fixtures" / "score_sheets" / "diving-bad-cells.csv"
    result = CliRunner().invoke(score, [str(sheet), "--ruleset", "diving-individual-7@2025"])
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        "PENG Jianfeng 5154B\tathlete: 81.60",
        "WU Melissa 6243D\tathlete: -",
        "  ! line 3, column J4: E mark 10.5 is not 0..10 in steps of 0.5",
        "  ! line 3, column J6: 'abc' is not a decimal number",
        "Failed dive 107B\tathlete: 0.00",
    ]


def test_a_spreadsheet_bom_is_not_a_header_typo(tmp_path):
    result = run(tmp_path, "\ufeff" + DIVING + GOOD, "--ruleset", "diving-individual-7@2025")
    assert result.exit_code == 0, result.output
    assert result.stdout == "PENG Jianfeng 5154B\tathlete: 81.60\n"


def test_a_figure_skating_rule_set_is_a_clear_error(tmp_path):
    result = run(tmp_path, '{"contests": []}', "--ruleset", "figure-skating-isu", name="s.json")
    assert result.exit_code == 1
    assert "figure skating rule set" in result.output


def test_an_empty_trailing_column_of_a_spreadsheet_is_allowed_while_it_stays_empty(tmp_path):
    header = DIVING.rstrip("\n") + ",\n"
    result = run(tmp_path, header + GOOD.rstrip("\n") + ",\nX,2.0,8,8,8,8,8,8,8,,oops\n", "--ruleset", "diving-individual-7@2025")
    assert result.exit_code == 3, result.output
    assert result.stdout.splitlines() == [
        "PENG Jianfeng 5154B\tathlete: 81.60",
        "X\tathlete: -",
        "  ! line 3, column 11: a value in a column without a header",
    ]
