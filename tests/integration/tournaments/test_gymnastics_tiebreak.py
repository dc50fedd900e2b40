"""An artistic gymnastics final of three, run through the real hub on SQLite and PostgreSQL: two D judges and five E
judges mark each routine, two gymnasts end on the same final score with different E scores, and the one with the
higher E score takes the higher place (FIG tie-break: E, then D, then shared), on the bracket and on the results."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from arena_builders import Arena
from tournament_builders import settle

from scoring.keypads import submit_input

SEATS = ("D1", "D2", "E1", "E2", "E3", "E4", "E5")
# name -> (D, the five E judges' deductions): D + (10 - the mean of the middle three deductions)
ROUTINES = {
    "Trần Thu Hà": ("5.3", ("2.0", "2.0", "2.0", "1.9", "2.1")),  # 5.3 + 8.000 = 13.300
    "Lê Minh Châu": ("5.4", ("2.1", "2.1", "2.1", "2.0", "2.2")),  # 5.4 + 7.900 = 13.300: a lower E, a higher D
    "Phạm Ngọc Anh": ("5.0", ("1.5", "1.5", "1.5", "1.5", "1.5")),  # 5.0 + 8.500 = 13.500
}


def setup_final(arena: Arena) -> dict[str, Any]:
    ok, post = arena.ok, arena.post
    today = arena.app.state.clock.today()
    comp = ok(
        post(
            "/api/competitions",
            {"name": "Giải Thể dục dụng cụ Thành phố", "venue": "Nhà thi đấu Quân khu 7", "starts_on": today.isoformat()},
        )
    )
    event = ok(
        post(
            "/api/events",
            {"competition_id": comp["id"], "name": "Thể dục dụng cụ nữ", "sport": "gymnastics", "ruleset_id": "gymnastics-artistic-fig"},
        )
    )
    fop = ok(post("/api/fops", {"competition_id": comp["id"], "name": "Thảm tự do"}))
    panel = ok(post("/api/panels", {"fop_id": fop["id"], "name": "Tổ trọng tài tự do", "seats": list(SEATS)}))
    team = ok(post("/api/teams", {"name": f"CLB TDDC {comp['id']}", "level": "city", "sport": "gymnastics"}, role="manager"))["id"]
    category = ok(
        post(
            "/api/tournaments/categories",
            {
                "event_id": event["id"],
                "name": "Tự do nữ - Trẻ",
                "code": "FX-F",
                "sex": "F",
                "min_age": 14,
                "max_age": 18,
                "draw_format": "judged",
                "draw_options": {"stages": [{"name": "Chung kết", "take": None}]},
                "contest_minutes": 3,
            },
            role="manager",
        )
    )
    for i, name in enumerate(ROUTINES):
        person = {
            "full_name": name,
            "kind": "athlete",
            "gender": "F",
            "birth_date": f"{today.year - 16}-0{1 + i}-15",
            "medical_until": (today + timedelta(days=200)).isoformat(),
            "team_id": team,
            "guardian_name": "Phụ huynh " + name.split()[-1],
            "guardian_phone": f"090412345{i}",
        }
        athlete = ok(post("/api/people", person, role="manager"))["id"]
        ok(post(f"/api/tournaments/categories/{category['id']}/entries", {"athlete_id": athlete}, role="manager"))
    return {"competition": comp["id"], "category": category["id"], "fop": fop["id"], "panel": panel["id"]}


def judge(arena: Arena, t: dict[str, Any], name: str, seq: int) -> None:
    d, deductions = ROUTINES[name]

    async def marks() -> None:
        for seat, value in zip(SEATS, (d, d, *deductions), strict=True):
            await submit_input(
                arena.app.state.hub,
                fop_id=t["fop"],
                panel_id=t["panel"],
                seat=seat,
                kind="mark",
                data={"seat": seat, "value": value},
                source_epoch=f"tablet-{seat}",
                seq=seq,
                contest_id=None,  # the field's current contest, as a tablet sends it
                actor=f"seat:{seat}",
            )

    arena.run(marks)


def test_equal_final_scores_are_placed_by_the_higher_e_score(arena):
    t = setup_final(arena)
    ok, post, cat = arena.ok, arena.post, t["category"]
    ok(post(f"/api/tournaments/categories/{cat}/status", {"status": "closed"}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cat}/commitment", {}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cat}/draw", {}, role="manager"))
    start = datetime.combine(arena.app.state.clock.today(), time(8, 0), tzinfo=arena.app.state.clock.zone)
    session = {"fop_id": t["fop"], "name": "Sáng", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat()}
    ok(post(f"/api/tournaments/competitions/{t['competition']}/sessions", session, role="manager"))
    assert ok(post(f"/api/tournaments/competitions/{t['competition']}/plan", {}, role="manager"))["placed"] == 3

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
