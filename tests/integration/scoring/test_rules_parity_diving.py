from decimal import Decimal

from rules_samples import report, sample_rows

from scoring.rules import load_ruleset
from scoring.rules.panel import GivenPenalty, score_panel


def dive_points(ruleset_id: str, marks: dict[str, dict[str, str]], dd: str, penalty: str | None = None) -> Decimal:
    rs = load_ruleset(ruleset_id)
    assert rs.panel is not None
    exact = {c: {s: Decimal(v) for s, v in seats.items()} for c, seats in marks.items()}
    penalties = [GivenPenalty(penalty)] if penalty else []
    result = score_panel(rs.panel, exact, {"dd": Decimal(dd)}, penalties)
    assert result.total is not None
    return result.total


def test_individual_7_judges_reproduces_every_official_dive_and_running_total(capsys):
    rows = sample_rows("diving_individual_7judges_sample.csv")
    wrong, totals, checked_totals = [], {}, 0
    for row in rows:
        official = row["dive_points_official"]
        penalty = "2pt-deduction" if official.startswith("*") else None
        marks = {"E": {f"J{i}": row[f"J{i}"] for i in range(1, 8)}}
        points = dive_points("diving-individual-7@2025", marks, row["dd"], penalty)
        if points != Decimal(official.lstrip("*")):
            wrong.append((row["name"], row["dive_no"], points, official))
        key = (row["source_file"], row["event"], row["round"], row["name"])
        if row["dive_no"] == "1" or key in totals:
            totals[key] = totals.get(key, Decimal(0)) + points
            assert totals[key] == Decimal(row["total_official"]), (key, row["dive_no"])
            checked_totals += 1
    assert not wrong
    # Rows extracted alone (a diver's later dive without the earlier ones) have no total to rebuild.
    lone = sum(
        1
        for r in rows
        if r["dive_no"] != "1"
        and not any(
            o["dive_no"] == "1"
            and (o["source_file"], o["event"], o["round"], o["name"]) == (r["source_file"], r["event"], r["round"], r["name"])
            for o in rows
        )
    )
    assert checked_totals == len(rows) - lone
    report(capsys, "diving_individual_7judges_sample.csv dive points", len(rows), len(rows))
    report(
        capsys, f"diving_individual_7judges_sample.csv running totals ({lone} lone extracts have none)", checked_totals, len(rows) - lone
    )


def test_paris_2024_platform_final_reproduces_every_round_score(capsys):
    rows = sample_rows("diving_paris2024_men10m_final.csv")
    wrong = []
    for row in rows:
        marks = {"E": {f"J{i}": row[f"Judge{i}"] for i in range(1, 8)}}
        points = dive_points("diving-individual-7@2025", marks, row["Difficulty"])
        if points != Decimal(row["Round_Score"]):
            wrong.append((row["Diver_Name"], row["Round_Number"], points, row["Round_Score"]))
    assert not wrong
    report(capsys, "diving_paris2024_men10m_final.csv", len(rows), len(rows))


def test_synchro_9_and_11_judges_reproduce_every_official_dive(capsys):
    rows = sample_rows("diving_synchro_9_and_11_judges_sample.csv")
    wrong, sizes = [], set()
    for row in rows:
        size = row["panel_size"]
        sizes.add(size)
        e_seats = ("E1", "E2", "E3", "E4", "E5", "E6") if size == "11" else ("E1", "E2", "E3", "E4")
        marks = {"E": {s: row[s] for s in e_seats}, "S": {f"S{i}": row[f"S{i}"] for i in range(1, 6)}}
        official = row["dive_points_official"]
        penalty = "2pt-deduction" if official.startswith("*") else None
        points = dive_points(f"diving-synchro-{size}@2025", marks, row["dd"], penalty)
        if points != Decimal(official.lstrip("*")):
            wrong.append((row["team_nat"], row["event"], row["dive_index"], points, official))
    assert not wrong
    assert sizes == {"9", "11"}
    report(capsys, "diving_synchro_9_and_11_judges_sample.csv", len(rows), len(rows))
