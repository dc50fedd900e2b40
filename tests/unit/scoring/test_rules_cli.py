import json
from pathlib import Path

from click.testing import CliRunner

from scoring.cli import score

SHEETS = Path(__file__).resolve().parents[3] / "fixtures" / "score_sheets"


def run(*args: str):
    return CliRunner().invoke(score, list(args))


def test_score_csv_sheet_prints_dive_points_including_deduction_and_failed_dive():
    result = run(str(SHEETS / "diving-individual.csv"), "--ruleset", "diving-individual-7@2025")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines == [
        "PENG Jianfeng 5154B\tathlete: 81.60",
        "WU Melissa 6243D\tathlete: 49.60",
        "Failed dive 107B\tathlete: 0.00",
    ]


def test_score_json_bout_names_the_winner_and_explains():
    result = run(str(SHEETS / "kumite-bout.json"), "--explain")
    assert result.exit_code == 0, result.output
    assert "winner: red (points)" in result.output
    assert "unconfirmed (1 of 2)" in result.output


def test_score_json_output_is_machine_readable():
    result = run(str(SHEETS / "gymnastics.json"), "--format", "json")
    payload = json.loads(result.output)
    assert payload[0]["sides"]["athlete"]["total"] == "14.066"
    assert "explanation" not in payload[0]


def test_csv_without_ruleset_is_a_clear_error():
    result = run(str(SHEETS / "diving-individual.csv"))
    assert result.exit_code == 1
    assert "name the rule set" in result.output


def test_off_scale_mark_is_reported_not_scored(tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text("name,dd,J1,J2,J3,J4,J5,J6,J7\nX,2.0,8.0,8.0,8.0,8.0,8.0,8.0,8.3\n", encoding="utf-8")
    result = run(str(sheet), "--ruleset", "diving-individual-7@2025")
    assert result.exit_code == 3
    assert result.output.splitlines()[:2] == ["X\tathlete: -", "  ! line 2, column J7: E mark 8.3 is not 0..10 in steps of 0.5"]
