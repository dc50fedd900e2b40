from collections import defaultdict
from decimal import Decimal

from rules_samples import report, sample_rows

from scoring.rules import load_ruleset
from scoring.rules.skating import component, element_from_panel_goe, segment

JUDGES = [f"J{i}" for i in range(1, 10)]


def skating_rules():
    rs = load_ruleset("figure-skating-isu")
    assert rs.skating is not None
    return rs.skating


def present_marks(row: dict[str, str]) -> list[tuple[str, Decimal]]:
    # A protocol prints a missing judge's component mark as 0.0 (the scale starts at 0.25).
    return [(j, Decimal(row[j])) for j in JUDGES if row[j] and Decimal(row[j]) != 0]


def test_every_component_element_and_segment_total_matches_the_protocol(capsys):
    rows = sample_rows("figure_skating_isu_protocol_sample.csv")
    rules = skating_rules()
    by_skater = defaultdict(list)
    wrong, checked = [], 0
    for row in rows:
        by_skater[(row["competition"], row["program"], row["skater"])].append(row)
        official = Decimal(row["scores_of_panel"])
        if row["section"] == "components":
            value, _ = component(rules, row["aspect_desc"], present_marks(row))
        else:
            value = element_from_panel_goe(row["aspect_desc"], Decimal(row["base_value"]), Decimal(row["goe_panel"])).score
        checked += 1
        if value != official:
            wrong.append((row["skater"], row["aspect_desc"], value, official))
    for key, skater_rows in by_skater.items():
        elements = [
            element_from_panel_goe(r["aspect_desc"], Decimal(r["base_value"]), Decimal(r["goe_panel"]))
            for r in skater_rows
            if r["section"] == "elements"
        ]
        comps = [
            (r["aspect_desc"], component(rules, r["aspect_desc"], present_marks(r))[0], Decimal(r["factor"]))
            for r in skater_rows
            if r["section"] == "components"
        ]
        first = skater_rows[0]
        seg = segment(rules, elements, comps, Decimal(first["total_deductions"]))
        got = (seg.tes, seg.pcs, seg.total)
        want = tuple(Decimal(first[c]) for c in ("total_element_score", "total_component_score", "total_segment_score"))
        if got != want:
            wrong.append((key, got, want))
    assert not wrong
    assert checked == len(rows)
    report(capsys, "figure_skating_isu_protocol_sample.csv (components, element scores)", checked, len(rows))
    report(capsys, "figure_skating_isu_protocol_sample.csv segment TES/PCS/TSS per skater", len(by_skater), len(by_skater))


def test_missing_judge_shrinks_the_component_panel(capsys):
    rows = [r for r in sample_rows("figure_skating_isu_protocol_sample.csv") if r["section"] == "components"]
    with_missing = [r for r in rows if any(r[j] == "0.0" for j in JUDGES)]
    assert with_missing, "the sample holds a pairs short program with a missing judge"
    for row in with_missing:
        value, step = component(skating_rules(), row["aspect_desc"], present_marks(row))
        assert value == Decimal(row["scores_of_panel"])
        assert len(step.kept) == 6  # 8 judges present, highest and lowest deleted
