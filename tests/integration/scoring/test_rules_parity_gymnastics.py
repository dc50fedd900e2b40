from decimal import Decimal

from rules_samples import report, sample_rows

from scoring.rules import load_ruleset
from scoring.rules.panel import GivenPenalty, score_panel

TENTH = Decimal("0.1")


def ruleset_for(competition: str) -> str:
    # FIG events truncate the E score; the Pan American Championships 2023 rounded it.
    return "gymnastics-artistic-fig" if "FIG" in competition else "gymnastics-artistic-rounded"


def e_panel_for(e_score: Decimal) -> list[dict[str, Decimal]]:
    """E panels of 5 whose middle three deductions (tenths) average near 10 - e_score.

    The published rows carry the E score, not the judges' deductions; any panel whose trimmed
    mean is k/30 (k tenths over 3 judges) is a panel FIG judges could give.
    """
    centre = round((10 - e_score) * 30)
    panels = []
    for k in (centre - 1, centre, centre + 1):
        a, rest = divmod(k, 3)
        middle = [Decimal(a) * TENTH, Decimal(a + (rest > 0)) * TENTH, Decimal(a + (rest > 1)) * TENTH]
        low, high = max(Decimal(0), middle[0] - TENTH), middle[2] + TENTH
        panels.append(dict(zip(("E1", "E2", "E3", "E4", "E5"), [low, *middle, high], strict=False)))
    return panels


def test_artistic_d_plus_e_minus_penalty_reproduces_every_official_score(capsys):
    rows = sample_rows("gymnastics_artistic_DE_sample.csv")
    wrong = []
    for row in rows:
        rs = load_ruleset(ruleset_for(row["Competition"]))
        assert rs.panel is not None
        d, e = Decimal(row["D_Score"]), Decimal(row["E_Score"])
        penalties = [GivenPenalty("neutral", Decimal(row["Penalty"]))] if row["Penalty"] else []
        official = Decimal(row["Score"]).quantize(Decimal("0.001"))  # upstream float noise
        matches = []
        for panel in e_panel_for(e):
            result = score_panel(rs.panel, {"D": {"D1": d, "D2": d}, "E": panel}, {}, penalties)
            matches.append(result.components["E"] == e and result.total == official)
        if not any(matches):
            wrong.append((row["LastName"], row["Apparatus"], row["Competition"], d, e, row["Score"]))
    assert not wrong
    report(capsys, "gymnastics_artistic_DE_sample.csv (E rounding mode and D + E - P)", len(rows), len(rows))


def test_fig_truncation_and_rounding_differ_on_two_thirds():
    fig = load_ruleset("gymnastics-artistic-fig").panel
    rounded = load_ruleset("gymnastics-artistic-rounded").panel
    assert fig is not None and rounded is not None
    e = {"E": {"E1": Decimal("1.5"), "E2": Decimal("2.6"), "E3": Decimal("2.5"), "E4": Decimal("2.5"), "E5": Decimal("3.0")}}
    marks = {"D": {"D1": Decimal("5"), "D2": Decimal("5")}, **e}
    assert score_panel(fig, marks, {}).components["E"] == Decimal("7.466")
    assert score_panel(rounded, marks, {}).components["E"] == Decimal("7.467")
