"""An artistic gymnastics final of three, run through the real hub on SQLite and PostgreSQL: two D judges and five E
judges mark each routine, two gymnasts end on the same final score with different E scores, and the one with the
higher E score takes the higher place (FIG tie-break: E, then D, then shared), on the bracket and on the results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from arena_builders import Arena
from tournament_builders import judged_final, send_marks, settle

SEATS = ("D1", "D2", "E1", "E2", "E3", "E4", "E5")
# name -> (D, the five E judges' deductions): D + (10 - the mean of the middle three deductions)
ROUTINES = {
    "Trần Thu Hà": ("5.3", ("2.0", "2.0", "2.0", "1.9", "2.1")),  # 5.3 + 8.000 = 13.300
    "Lê Minh Châu": ("5.4", ("2.1", "2.1", "2.1", "2.0", "2.2")),  # 5.4 + 7.900 = 13.300: a lower E, a higher D
    "Phạm Ngọc Anh": ("5.0", ("1.5", "1.5", "1.5", "1.5", "1.5")),  # 5.0 + 8.500 = 13.500
}


def setup_final(arena: Arena) -> dict[str, Any]:
    return judged_final(
        arena,
        sport="gymnastics",
        ruleset_id="gymnastics-artistic-fig",
        seats=SEATS,
        names=ROUTINES,
        sex="F",
        event="Thể dục dụng cụ nữ",
        category="Tự do nữ - Trẻ",
        code="FX-F",
    )


def judge(arena: Arena, t: dict[str, Any], name: str, seq: int) -> None:
    d, deductions = ROUTINES[name]
    send_marks(arena, t["fop"], t["panel"], [(seat, "", v) for seat, v in zip(SEATS, (d, d, *deductions), strict=True)], seq)


def test_equal_final_scores_are_placed_by_the_higher_e_score(arena):
    t = setup_final(arena)
    ok, post, cat = arena.ok, arena.post, t["category"]
    for seq in range(1, 4):
        state = ok(arena.get(f"/api/tournaments/categories/{cat}/bracket", role=None))
        nxt = ok(post(f"/api/tournaments/fields/{t['fop']}/next", {}, role="referee"))["contest_id"]
        name = next(m for m in state["matches"] if m["contest_id"] == nxt)["red"]["name"]
        arena.command(nxt, "start_contest")
        judge(arena, t, name, seq)
        arena.command(nxt, "end_contest")
        settle(arena)
    state = ok(arena.get(f"/api/tournaments/categories/{cat}/bracket", role=None))
    assert state["finished"], state
    totals = {r["name"]: Decimal(r["total"]) for r in state["performances"]["Chung kết"]}
    assert totals == {"Phạm Ngọc Anh": Decimal("13.500"), "Trần Thu Hà": Decimal("13.300"), "Lê Minh Châu": Decimal("13.300")}
    expected = [(1, "Phạm Ngọc Anh"), (2, "Trần Thu Hà"), (3, "Lê Minh Châu")]
    assert [(p["place"], p["name"]) for p in state["placements"]] == expected
    lines = ok(arena.get(f"/api/results/categories/{cat}", role=None))["lines"]
    assert [(ln["place"], ln["name"], ln["medal"]) for ln in lines] == [
        (1, "Phạm Ngọc Anh", "gold"),
        (2, "Trần Thu Hà", "silver"),
        (3, "Lê Minh Châu", "bronze"),
    ]
