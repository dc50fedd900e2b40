"""Figure skating across editions: a rule set names its edition and seasons; the 2016-17 and 2017-18
Scales of Values (GOE -3..+3, jumps) are shipped beside the current -5..+5 rule; a grade off the
edition's scale is an error; `arena score` scores a protocol sheet (CSV) on the named edition."""

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli import score
from scoring.rules import load_ruleset
from scoring.rules.errors import RuleSetInvalid
from scoring.rules.ruleset import parse_ruleset
from scoring.rules.skating import element, sov_row

ROOT = Path(__file__).resolve().parents[3]
RULESETS = ROOT / "scoring" / "rules" / "rulesets"
FIXTURE = ROOT / "fixtures" / "score_sheets" / "skating-2017-18-ladies-sp.csv"
SAMPLE = ROOT / ".." / "shared" / "scoring-samples" / "figure_skating_isu_protocol_sample.csv"
JUDGES = [f"J{i}" for i in range(1, 10)]
HEADER = "skater,season,element,base_value,factor,goe," + ",".join(JUDGES) + ",deductions\n"
OLD_PCS = ["Skating Skills", "Transitions", "Performance", "Composition", "Interpretation of the Music"]


def run(tmp_path: Path, text: str, *args: str):
    sheet = tmp_path / "protocol.csv"
    sheet.write_text(text, encoding="utf-8")
    return CliRunner().invoke(score, [str(sheet), *args])


def line(skater: str, season: str, code: str, base: str = "", factor: str = "", goe: str = "", marks: str = "", ded: str = "") -> str:
    cells = (marks.split(",") + [""] * 9)[:9]
    return ",".join([skater, season, code, base, factor, goe, *cells, ded]) + "\n"


def components(skater: str, season: str, names: list[str], mark: str = "8.0") -> str:
    return "".join(line(skater, season, n, factor="0.8", marks=",".join([mark] * 9)) for n in names)


def grades(*values: int) -> list[tuple[str, Decimal]]:
    return [(f"J{i + 1}", Decimal(v)) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("ruleset_id", "edition", "scale"),
    [
        ("figure-skating-isu", "2018-19", (-5, 5)),
        ("figure-skating-isu-2017-18", "2017-18", (-3, 3)),
        ("figure-skating-isu-2016-17", "2016-17", (-3, 3)),
    ],
)
def test_every_skating_rule_set_names_its_edition_its_seasons_and_its_scale(ruleset_id, edition, scale):
    rules = load_ruleset(ruleset_id).skating
    assert rules is not None
    assert (rules.edition, (rules.goe_min, rules.goe_max)) == (edition, scale)
    assert edition in rules.seasons
    assert (rules.goe_values == "table") is (scale == (-3, 3))


def test_the_old_scales_hold_every_jump_with_the_communications_values():
    for ruleset_id in ("figure-skating-isu-2016-17", "figure-skating-isu-2017-18"):
        rules = load_ruleset(ruleset_id).skating
        assert rules is not None
        table = {r.element: r for r in rules.table}
        assert sorted(table) == sorted(f"{n}{j}" for n in "1234" for j in ("T", "S", "Lo", "F", "Lz", "A"))
        # Communication 2089 / 2000, "Triple Lutz 3Lz 2,1 1,4 0,7 6,0 4,2 3,6 -0,7 -1,4 -2,1".
        assert table["3Lz"].base == Decimal("6.0") and table["3Lz"].reduced == (Decimal("4.2"), Decimal("3.6"))
        assert table["3Lz"].goe == tuple(Decimal(v) for v in ("-2.1", "-1.4", "-0.7", "0", "0.7", "1.4", "2.1"))
        assert table["4T"].goe[0] == Decimal("-4.0") and table["4A"].goe[-1] == Decimal("3.6")


def test_a_grade_reads_the_editions_table_not_ten_percent_of_the_base_value():
    old = load_ruleset("figure-skating-isu-2017-18").skating
    new = load_ruleset("figure-skating-isu").skating
    assert old is not None and new is not None
    # 3A, base 8.5, every judge +1: 1.00 on the 2017-18 table; 0.85 on the current 10% rule.
    assert element(old, "3A", Decimal("8.5"), grades(*[1] * 9)).goe == Decimal("1.00")
    assert element(new, "3A", Decimal("8.5"), grades(*[1] * 9)).goe == Decimal("0.85")
    # Quad falls: -3 on a quad is -4.0 in this edition (not -3 x 1.0).
    assert element(old, "4T", Decimal("10.3"), grades(*[-3] * 9)).goe == Decimal("-4.00")


@pytest.mark.parametrize("grade", [4, -4, 5])
def test_a_grade_off_the_2017_18_scale_is_an_error_never_read_on_another_scale(grade):
    old = load_ruleset("figure-skating-isu-2017-18").skating
    assert old is not None
    with pytest.raises(ValueError, match=rf"GOE grade {grade} of J5 is not an integer -3..3 \(the 2017-18 scale\)"):
        element(old, "3Lz", Decimal("6.0"), grades(1, 1, 1, 1, grade, 1, 1, 1, 1))


@pytest.mark.parametrize(
    ("code", "row"),
    [("3Lz+3T", "3Lz"), ("3F<+3T<", "3F"), ("4T<<", "3T"), ("4T<<+REP", "3T"), ("3A<+REP", "3A"), ("3Lz!", "3Lz"), ("3A+1Lo+3F", "3A")],
)
def test_a_protocol_code_reads_the_row_of_its_hardest_jump(code, row):
    rules = load_ruleset("figure-skating-isu-2017-18").skating
    assert rules is not None
    assert sov_row(rules, code).element == row


@pytest.mark.parametrize("code", ["FCSp4", "StSq4", "ChSq1", "3LoTh", "3Tw3", "3Lz+FCSp4"])
def test_an_element_the_shipped_table_lacks_is_an_error_naming_it(code):
    rules = load_ruleset("figure-skating-isu-2017-18").skating
    assert rules is not None
    with pytest.raises(ValueError, match=rf"element {code.replace('+', '.')} is not in the 2017-18 Scale of Values shipped here"):
        sov_row(rules, code)


def rule_set(skating: str) -> str:
    return f'id = "x"\nname = "x"\nversion = "1"\nsport = "figure-skating"\nsource = "s"\nkind = "skating"\nsides = ["athlete"]\n[skating]\njudges = ["J1", "J2", "J3"]\n{skating}'


@pytest.mark.parametrize(
    ("skating", "where"),
    [
        ('seasons = ["2017-18"]\n', "$.skating"),  # no edition
        ('edition = "2017-18"\nseasons = []\n', "skating.edition"),
        ('edition = "e"\nseasons = ["e"]\ngoe_min = -3\ngoe_max = 3\ngoe_values = "table"\n', "skating.table"),
        (
            'edition = "e"\nseasons = ["e"]\ngoe_min = -3\ngoe_max = 3\ngoe_values = "table"\n[[skating.table]]\nelement = "3T"\nbase = "4.3"\ngoe = ["-2.1", "0", "2.1"]\n',
            "skating.table[3T].goe",
        ),
        ('edition = "e"\nseasons = ["e"]\n[[skating.table]]\nelement = "3T"\nbase = "4.3"\ngoe = ["0"]\n', "skating.table"),
    ],
)
def test_a_skating_rule_set_without_an_edition_or_with_a_bad_table_is_refused_on_load(skating, where):
    with pytest.raises(RuleSetInvalid) as err:
        parse_ruleset(rule_set(skating), "x.toml")
    assert err.value.values["field"] == where if "field" in err.value.values else where in str(err.value)


# --- arena score -------------------------------------------------------------------------------


def test_arena_score_scores_the_example_protocol_sheet_on_its_edition():
    result = CliRunner().invoke(score, [str(FIXTURE), "--ruleset", "figure-skating-isu-2017-18", "--format", "json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    assert row["name"] == "Satoko MIYAHARA" and row["where"] == "lines 2-13"
    assert row["sides"]["athlete"]["total"] == "74.61"  # the GPF 2017 protocol: TES 39.39 + PCS 35.22
    assert row["sides"]["athlete"]["detail"] == {"tes": "39.39", "pcs": "35.22", "deductions": "0", "edition": "2017-18"}


def test_a_2017_18_protocol_given_to_the_current_rule_set_is_refused_naming_the_edition_to_use(tmp_path):
    result = run(tmp_path, FIXTURE.read_text(encoding="utf-8"), "--ruleset", "figure-skating-isu")
    assert result.exit_code == 3, result.output
    assert result.stdout.splitlines()[:2] == [
        "Satoko MIYAHARA\tathlete: -",
        "  ! line 2, column season: season 2017-18 is not scored by figure-skating-isu (edition 2018-19, seasons "
        "['2018-19', '2019-20', '2020-21', '2021-22', '2022-23', '2023-24', '2024-25', '2025-26']); "
        "score it with figure-skating-isu-2017-18",
    ]


def test_a_plus_four_on_a_2017_18_protocol_is_a_bad_cell_and_the_other_skaters_score(tmp_path):
    text = HEADER + line("A", "2017-18", "3Lz", "6.0", marks="1,1,1,1,4,1,1,1,1") + components("A", "2017-18", OLD_PCS)
    text += line("B", "2017-18", "3Lz", "6.0", marks="1,1,1,1,1,1,1,1,1", ded="1") + components("B", "2017-18", OLD_PCS)
    result = run(tmp_path, text, "--ruleset", "figure-skating-isu-2017-18")
    assert result.exit_code == 3, result.output
    assert result.stdout.splitlines() == [
        "A\tathlete: -",
        "  ! line 2, column J5: GOE grade 4 of J5 is not an integer -3..3 (the 2017-18 scale)",
        "B\tathlete: 37.70",  # 6.0 + 0.70 + 5 x 8.0 x 0.8 - 1
    ]


def test_the_same_grades_on_the_current_edition_read_ten_percent(tmp_path):
    text = (
        HEADER
        + line("A", "2024-25", "3A", "8.0", marks="4,4,4,4,4,4,4,4,4")
        + components("A", "2024-25", ["Composition", "Presentation", "Skating Skills"])
    )
    result = run(tmp_path, text, "--ruleset", "figure-skating-isu")
    assert result.exit_code == 0, result.output
    assert result.stdout == "A\tathlete: 30.40\n"  # 8.0 + 3.20 + 3 x 6.40


@pytest.mark.parametrize(
    ("bad_line", "cell", "reason"),
    [
        (
            line("A", "2017-18", "FCSp4", "3.2", marks="1,1,1,1,1,1,1,1,1"),
            "line 2, column goe",
            "element FCSp4 is not in the 2017-18 Scale of Values",
        ),
        (
            line("A", "2017-18", "3Lz", "6.0", goe="0.80", marks="1,1,1,1,1,1,1,1,1"),
            "line 2, column goe",
            "the panel GOE printed 0.80 differs from 0.70",
        ),
        (line("A", "2017-18", "3Lz", "", marks="1,1,1,1,1,1,1,1,1"), "line 2, column base_value", "base_value '' is not a decimal number"),
        (line("A", "2017-18", "3Lz", "6.0", marks="1,1,x,1,1,1,1,1,1"), "line 2, column J3", "J3 'x' is not a decimal number"),
        (
            line("A", "2017-18", "3Lz", "6.0", marks="1,1,1,1,1,1,1,1,1", ded="-1"),
            "line 2, column deductions",
            "write them without a minus sign",
        ),
    ],
)
def test_a_bad_protocol_cell_names_its_line_and_column(tmp_path, bad_line, cell, reason):
    result = run(tmp_path, HEADER + bad_line + components("A", "2017-18", OLD_PCS), "--ruleset", "figure-skating-isu-2017-18")
    assert result.exit_code == 3, result.output
    assert f"  ! {cell}: " in result.stdout and reason in result.stdout


def test_a_printed_panel_goe_scores_an_element_the_table_lacks_with_its_grades_still_checked(tmp_path):
    good = line("A", "2017-18", "FCSp4", "3.2", goe="0.79", marks="1,1,2,1,2,2,2,1,2") + components("A", "2017-18", OLD_PCS)
    assert run(tmp_path, HEADER + good, "--ruleset", "figure-skating-isu-2017-18").stdout == "A\tathlete: 35.99\n"
    bad = line("A", "2017-18", "FCSp4", "3.2", goe="0.79", marks="1,1,5,1,2,2,2,1,2") + components("A", "2017-18", OLD_PCS)
    assert (
        "column J3: GOE grade 5 of J3 is not an integer -3..3"
        in run(tmp_path, HEADER + bad, "--ruleset", "figure-skating-isu-2017-18").stdout
    )


def test_a_protocol_header_with_an_unknown_or_missing_column_is_one_error(tmp_path):
    result = run(tmp_path, HEADER.replace("J9", "J 9") + line("A", "2017-18", "3T", "4.3"), "--ruleset", "figure-skating-isu-2017-18")
    assert result.exit_code == 1
    assert "unknown columns ['J 9']; missing columns ['J9']" in result.output


def test_a_missing_component_is_a_problem_of_its_skater(tmp_path):
    text = HEADER + line("A", "2017-18", "3T", "4.3", marks="0,0,0,0,0,0,0,0,0") + components("A", "2017-18", OLD_PCS[:4])
    result = run(tmp_path, text, "--ruleset", "figure-skating-isu-2017-18")
    assert result.exit_code == 3
    assert "components missing for A: ['Interpretation of the Music']" in result.stdout


# --- parity: the published protocols through arena score ----------------------------------------


def sample_sheet(rows: list[dict[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """The sample as protocol sheets, one per edition: jump grades recomputed from the table, the
    elements the shipped table lacks with their printed panel GOE; a missing mark (0.0) empty."""
    season = {"Grand Prix Final 2017 Senior and Junior": "2017-18", "ISU GP 2016 Progressive Skate America": "2016-17"}
    out: dict[str, io.StringIO] = defaultdict(io.StringIO)
    rules = {s: load_ruleset(f"figure-skating-isu-{s}").skating for s in season.values()}
    official: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for r in rows:
        s = season[r["competition"]]
        key = f"{r['program']} {r['skater']}"
        buf = out[s]
        if not buf.tell():
            buf.write(HEADER)
        marks = [r[j] for j in JUDGES]
        ded = r["total_deductions"] if (s, key) not in seen else ""
        seen.add((s, key))
        official[key] = r["total_segment_score"]
        if r["section"] == "components":
            cells = ["" if m == "0.0" else m for m in marks]
            buf.write(",".join([key, s, r["aspect_desc"], "", r["factor"], "", *cells, ded]) + "\n")
        else:
            try:
                sov_row(rules[s], r["aspect_desc"])  # type: ignore[arg-type]
                goe = ""
            except ValueError:
                goe = r["goe_panel"]
            buf.write(",".join([key, s, r["aspect_desc"], r["base_value"], "", goe, *marks, ded]) + "\n")
    return official, {s: b.getvalue() for s, b in out.items()}


def test_parity_every_segment_of_the_published_protocols_through_arena_score(tmp_path, capsys):
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} is absent")
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    official, sheets = sample_sheet(rows)
    got: dict[str, str] = {}
    jumps = 0
    for season, text in sheets.items():
        jumps += sum(1 for r in csv.DictReader(io.StringIO(text)) if r["element"][0] in "1234" and not r["goe"])
        result = run(tmp_path, text, "--ruleset", f"figure-skating-isu-{season}", "--format", "json")
        assert result.exit_code == 0, result.output
        got.update({row["name"]: row["sides"]["athlete"]["total"] for row in json.loads(result.output)})
    assert got == official
    assert jumps == 67  # every jump of the sample, its panel GOE recomputed from the judges' grades
    with capsys.disabled():
        print(
            f"\n[parity] figure_skating_isu_protocol_sample.csv through arena score: {len(got)}/{len(official)} segments, {jumps} jump GOEs from grades",
            end="",
        )
