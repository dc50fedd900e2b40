"""A category of 13 drawn with repechage and run through the real hub to its final, on SQLite and
PostgreSQL: every contest is the field's next by the order (the console never picks one), winners
and repechage athletes move on by themselves, and the places are 1, 2, 3, 3."""

from __future__ import annotations

from collections import Counter

from arena_builders import end_by_decision
from tournament_builders import add_sessions, draw, register_all, settle, setup_tournament


def test_thirteen_athletes_from_the_draw_to_the_final(arena):
    t = setup_tournament(arena, n=13)
    register_all(arena, t)
    drawn = draw(arena, t)
    assert drawn["draw"]["status"] == "drawn" and len(drawn["draw"]["commitment"]) == 64
    byes = [m for m in drawn["matches"] if m["status"] == "bye"]
    assert len(byes) == 3  # 16 lines, 13 athletes

    verdict = arena.ok(arena.get(f"/api/tournaments/categories/{t.category_id}/verify", role=None))
    assert verdict["ok"], verdict

    add_sessions(arena, t)
    planned = arena.ok(arena.post(f"/api/tournaments/competitions/{t.competition_id}/plan", {}, role="manager"))
    assert planned["unplaced"] == [] and planned["placed"] == len(drawn["matches"]) - len(byes)

    held = 0
    for _ in range(60):
        progressed = False
        for fop_id in t.fops:
            nxt = arena.ok(arena.post(f"/api/tournaments/fields/{fop_id}/next", {}, role="referee"))["contest_id"]
            if nxt is None:
                continue
            current = arena.ok(arena.get(f"/api/contests/{nxt}", role="referee"))
            assert current["contest"]["sides"].keys() == {"red", "blue"}, current
            arena.command(nxt, "start_contest")
            end_by_decision(arena, nxt, winner="red", method="referee_decision")
            held += 1
            progressed = True
            settle(arena)
        state = arena.ok(arena.get(f"/api/tournaments/categories/{t.category_id}/bracket", role=None))
        if state.get("finished"):
            break
        assert progressed, "no field had a next contest while the category was not finished"
    assert state["finished"], state
    places = Counter(p["place"] for p in state["placements"])
    assert places[1] == 1 and places[2] == 1 and places[3] == 2
    assert held == planned["placed"] - sum(1 for m in state["matches"] if m["status"] == "bye" and m["stage"] == "repechage")
    assert state["category"]["status_vi"] == "đã kết thúc"
    # The places are worth ranking points (a city competition), published without login.
    ranking = arena.ok(arena.get("/api/rankings?sport=taekwondo&category=M-58", role=None))
    rows = ranking["standings"]
    assert len(rows) >= 4 and rows[0]["points"] > rows[3]["points"], ranking
