"""Every apparatus final of the 2023 World Championships in ``../shared/scoring-samples`` (skipped when absent), the
tied ones included, placed as the official results from the published D, E and neutral deductions alone: each routine
is folded by the rule engine (``gymnastics-artistic-fig``), its result stored with its tie-break values as the bracket
stores it, the judged draw places the final and the results standing shows the places and the medals. Equal final
scores go to the higher E score (FIG tie-break: E, then D, then shared). The vault finals are left out: a vault final's
score is the mean of two vaults, which is not one routine's D + E - P."""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration" / "scoring"))
from rules_samples import report, sample_rows  # noqa: E402

from results import standings as st  # noqa: E402
from scoring.rules import LogEvent, load_ruleset, score_contest, tiebreak_values  # noqa: E402
from tournaments.draws import Entrant, Result, make_draw, resolve  # noqa: E402
from tournaments.progress import result_json, result_of  # noqa: E402

RULESET = "gymnastics-artistic-fig"
WORLDS = "2023 52nd FIG Artistic Gymnastics World Championships"
AT = datetime(2023, 10, 7, 15, 0, tzinfo=UTC)


def name_of(row: dict[str, str]) -> str:
    return f"{row['LastName']} {row['FirstName']}"


def routine(row: dict[str, str]) -> Result:
    """The routine as the hub scores it from the published panel scores, stored and read back as the bracket keeps it."""
    rs = load_ruleset(RULESET)
    data = [
        ("contest_created", {"ruleset": RULESET, "params": {}}),
        ("panel_score", {"component": "D", "value": row["D_Score"]}),
        ("panel_score", {"component": "E", "value": row["E_Score"]}),
        *([("penalty", {"side": "athlete", "code": "neutral", "value": row["Penalty"]})] if row["Penalty"] else []),
        ("contest_ended", {}),
    ]
    score = score_contest(rs, [LogEvent(seq, kind, d, AT) for seq, (kind, d) in enumerate(data, start=1)])
    side = score.sides["athlete"]
    assert side.total is not None and side.total == Decimal(row["Score"]), (name_of(row), side.total)
    stored = result_of(result_json(Result(red_points=side.total, tiebreak=tiebreak_values(rs, side.detail["components"]))))
    assert stored is not None
    return stored


def final_places(group: list[dict[str, str]]) -> tuple[dict[str, int], st.Standing]:
    keys = {name_of(r): f"e{i}" for i, r in enumerate(sorted(group, key=name_of), start=1)}
    by_key = {k: name for name, k in keys.items()}
    draw = make_draw("judged", [Entrant(k) for k in keys.values()], b"worlds-2023", {"stages": [{"name": "Chung kết", "take": None}]})
    start = resolve(draw, {})
    rows = {keys[name_of(r)]: r for r in group}
    results = {}
    matches = []
    for m in draw.matches:
        who = start.matches[m.key].red
        assert who is not None
        results[m.key] = routine(rows[who])
        matches.append({"key": m.key, "stage": m.stage, "round": m.round, "order": m.order, "performance": True,
                        "red": {"key": who, "name": by_key[who], "team": ""}, "score": {"red": str(results[m.key].red_points)}})  # fmt: skip
    state = resolve(draw, results)
    assert state.finished
    bracket = {"category": {"id": 1, "code": "X", "name": "X"}, "finished": True, "matches": matches,
               "placements": [{"place": p.place, "entry": int(p.entrant[1:])} for p in state.placements]}  # fmt: skip
    return {by_key[p.entrant]: p.place for p in state.placements}, st.standing(bracket)


def test_every_worlds_apparatus_final_is_placed_as_the_official_results_ties_broken_by_the_e_score(capsys):
    finals: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in sample_rows("gymnastics_artistic_DE_sample.csv"):
        if r["Competition"] == WORLDS and r["Round"] == "final" and not r["Apparatus"].startswith("VT"):
            finals[(r["Apparatus"], r["Gender"])].append(r)
    assert len(finals) == 8  # men's FX, PH, SR, PB, HB and women's UB, BB, FX
    tied = 0
    for key, group in finals.items():
        places, standing = final_places(group)
        assert places == {name_of(r): int(r["Rank"]) for r in group}, key
        assert [ln.place for ln in standing.lines] == sorted(int(r["Rank"]) for r in group), key
        assert [ln.medal for ln in standing.lines[:3]] == ["gold", "silver", "bronze"], key
        tied += len(group) - len({r["Score"] for r in group})
    assert tied == 3  # FX women: VISSER 13.300 (E 8.000) 6th, ZHOU 7th; UB: JONES 14.766 3rd, HUANG 4th; BILES 14.200 5th, VEERMAN 6th
    rows = sum(len(g) for g in finals.values())
    report(capsys, f"gymnastics apparatus finals, Worlds 2023 ({len(finals)}, {tied} ties broken by E)", rows, rows)
