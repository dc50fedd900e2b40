"""Whole-event standings from real published results (``../shared/scoring-samples``, skipped when
absent): every dive scored by the rule engine from its seven judges' awards, summed over the
diver's dives by the judged draw with parts, placed by the draw and shown by the results standing,
give the official final rank and total of every diver of every complete event in the file; the
gymnastics apparatus finals give the official ranks from D + E - penalty, equal
scores ranked by the higher E score."""

from __future__ import annotations

import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration" / "scoring"))
from rules_samples import report, sample_rows  # noqa: E402

from results import standings as st  # noqa: E402
from scoring.rules import load_ruleset  # noqa: E402
from scoring.rules.panel import GivenPenalty, score_panel  # noqa: E402
from tournaments.draws import Entrant, Result, make_draw, resolve  # noqa: E402


def _dive(row: dict[str, str]) -> Decimal:
    rs = load_ruleset("diving-individual-7@2025")
    assert rs.panel is not None
    marks = {"E": {f"J{i}": Decimal(row[f"J{i}"]) for i in range(1, 8)}}
    penalties = [GivenPenalty("2pt-deduction")] if row["dive_points_official"].startswith("*") else []
    total = score_panel(rs.panel, marks, {"dd": Decimal(row["dd"])}, penalties).total
    assert total is not None
    return total


def _event(divers: dict[str, list[dict[str, str]]], points: dict[str, list[Decimal]]) -> tuple[list[tuple[int, str]], st.Standing]:
    """The draw's places and the standing of one judged final of ``len(dives)`` parts."""
    keys = {name: f"e{i}" for i, name in enumerate(sorted(divers), start=1)}
    parts = len(next(iter(divers.values())))
    draw = make_draw(
        "judged", [Entrant(k) for k in keys.values()], b"sample", {"stages": [{"name": "Chung kết", "take": None, "parts": parts}]}
    )
    by_key = {k: name for name, k in keys.items()}
    state = resolve(draw, {})
    results = {}
    matches = []
    for m in draw.matches:
        who = state.matches[m.key].red
        assert who is not None
        part = int(m.key.split("/")[1]) if "/" in m.key else 1
        value = points[by_key[who]][part - 1]
        results[m.key] = Result(red_points=value)
        matches.append({"key": m.key, "stage": m.stage, "round": m.round, "order": m.order, "performance": True,
                        "red": {"key": who, "name": by_key[who], "team": ""}, "score": {"red": str(value)}})  # fmt: skip
    final = resolve(draw, results)
    assert final.finished
    placed = [(p.place, by_key[p.entrant]) for p in final.placements]
    bracket = {"category": {"id": 1, "code": "X", "name": "X"}, "finished": True, "matches": matches,
               "placements": [{"place": p.place, "entry": int(p.entrant[1:])} for p in final.placements]}  # fmt: skip
    return placed, st.standing(bracket)


def test_diving_finals_and_semifinals_place_every_diver_as_the_official_results(capsys):
    rows = sample_rows("diving_individual_7judges_sample.csv")
    events: dict[tuple[str, str, str], dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        events[(r["source_file"], r["event"], r["round"])][r["name"]].append(r)
    complete = {k: v for k, v in events.items() if len(v) > 1 and all(len(d) == max(len(x) for x in v.values()) for d in v.values())}
    assert len(complete) >= 6
    checked = 0
    for key, divers in complete.items():
        points = {name: [_dive(r) for r in sorted(ds, key=lambda r: int(r["dive_no"]))] for name, ds in divers.items()}
        placed, standing = _event(divers, points)
        official = {name: int(ds[0]["final_rank"].lstrip("=")) for name, ds in divers.items()}
        assert {name: place for place, name in placed} == official, key
        last_total = {name: Decimal(max(ds, key=lambda r: int(r["dive_no"]))["total_official"]) for name, ds in divers.items()}
        assert {ln.name: Decimal(ln.score) for ln in standing.lines} == last_total, key
        assert [ln.medal for ln in standing.lines[:3]] == ["gold", "silver", "bronze"]
        checked += len(divers)
    report(capsys, f"diving whole-event standings ({len(complete)} events)", checked, checked)


def test_gymnastics_apparatus_finals_give_the_official_ranks_equal_scores_by_the_higher_e_score(capsys):
    from scoring.rules import tiebreak_values

    rs = load_ruleset("gymnastics-artistic-fig")
    rows = sample_rows("gymnastics_artistic_DE_sample.csv")
    finals: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        if r["Round"] == "final" and not r["Apparatus"].startswith("VT"):  # a vault final is the mean of two vaults
            finals[(r["Competition"], r["Apparatus"], r["Gender"])].append(r)
    checked = events = tied = 0
    for key, group in finals.items():
        routines = {
            f"e{i}": (
                Decimal(r["D_Score"]) + Decimal(r["E_Score"]) - Decimal(r["Penalty"] or 0),
                tiebreak_values(rs, {"D": r["D_Score"], "E": r["E_Score"]}),  # FIG: the higher E, then the higher D
            )
            for i, r in enumerate(group)
        }
        draw = make_draw("judged", [Entrant(k) for k in routines], b"sample", {"stages": [{"name": "Chung kết", "take": None}]})
        start = resolve(draw, {})
        results = {}
        for m in draw.matches:
            who = start.matches[m.key].red
            assert who is not None
            results[m.key] = Result(red_points=routines[who][0], tiebreak=routines[who][1])
        final = resolve(draw, results)
        assert final.finished
        official = {f"e{i}": int(r["Rank"]) for i, r in enumerate(group)}
        assert {p.entrant: p.place for p in final.placements} == official, key
        tied += len(group) - len({total for total, _ in routines.values()})
        checked += len(group)
        events += 1
    assert events >= 8 and tied >= 3
    report(capsys, f"gymnastics apparatus finals ({events}, {tied} equal scores broken by E)", checked, checked)
